"""Hostile input never crashes, injects or loses data: the corpus in tests/hostile/.

Each class of the README there has its tests here. The names case runs every command and
every output format over one process whose every name is hostile, and checks the sink's
rule on what comes out.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

HOSTILE = ROOT / "tests" / "hostile"
NAMES = HOSTILE / "names.yaml"
AFTER = HOSTILE / "names-after.yaml"
#: What no terminal may receive raw: C0 and C1 controls (but the line break), DEL, bidi.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_terminal(text: str) -> None:
    assert not RAW_CONTROL.search(text), RAW_CONTROL.search(text)
    assert not re.search(r"(?m)^::", text), "a line GitHub would run as a workflow command"


def ran(*args: str, status: int = 0) -> str:
    done = run_cli(*args)
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    clean_terminal(done.stderr)
    return done.stdout


# --- text that reaches a terminal, a PR comment, a spreadsheet or XML -------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(NAMES)],
        ["check", str(NAMES), "--format", "sarif"],
        ["hotspots", str(NAMES)],
        ["hotspots", str(NAMES), "--format", "markdown"],
        ["actions", str(NAMES)],
        ["compare", str(NAMES), str(AFTER)],
        ["diff", str(NAMES), str(AFTER)],
        ["explain", "SKV101"],
    ],
    ids=lambda args: " ".join(a for a in args if not a.startswith("/")),
)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_terminal_output_holds_no_raw_control_and_no_workflow_command(args, lang):
    clean_terminal(ran(*args, "--lang", lang))


def findings_of_names() -> int:
    out = ran("check", str(NAMES), "--format", "json", "--fail-level", "info", status=1)
    found = len(json.loads(out)["findings"])
    assert found >= 5
    return found


def test_github_annotations_carry_names_as_data_only():
    out = ran("check", str(NAMES), "--format", "github", "--fail-level", "info", status=1)
    command = r"::(error|warning|notice) file=[^:]*,line=\d+,col=\d+,title=[^:]*::.*"
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == findings_of_names()
    for line in commands:
        assert re.fullmatch(command, line), line
        assert not RAW_CONTROL.search(line)


@pytest.mark.parametrize(
    "args",
    [
        ["hotspots", str(NAMES), "--format", "markdown"],
        ["actions", str(NAMES), "--format", "markdown"],
        ["compare", str(NAMES), str(AFTER), "--format", "markdown"],
        ["diff", str(NAMES), str(AFTER), "--format", "markdown"],
    ],
    ids=lambda args: args[0],
)
def test_markdown_adds_no_heading_comment_image_html_or_mention(args):
    out = ran(*args, "--lang", "sv")
    assert "<!--" not in out.replace("<!-- skavmap-diff -->", "")
    assert "<script" not in out and "<b>" not in out
    assert "![" not in out and "@everyone" not in out
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert not any("ratchet" in line for line in headings)
    # Every table row keeps its cells: a "|" in a name does not make a column.
    for table in re.findall(r"(?m)((?:^\|.*\|\n)+)", out):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table


@pytest.mark.parametrize(
    "args",
    [
        ["hotspots", str(NAMES), "--format", "csv"],
        ["actions", str(NAMES), "--format", "csv"],
    ],
    ids=lambda args: args[0],
)
def test_csv_cells_never_start_a_formula(args):
    out = ran(*args)
    for row in csv.reader(io.StringIO(out)):
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@"), cell


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(NAMES), "--format", "json"],
        ["hotspots", str(NAMES), "--format", "json"],
        ["actions", str(NAMES), "--format", "json"],
        ["compare", str(NAMES), str(AFTER), "--format", "json"],
        ["diff", str(NAMES), str(AFTER), "--format", "json"],
        ["check", str(NAMES), "--format", "sarif"],
    ],
    ids=lambda args: " ".join(args[::2]),
)
def test_json_is_always_valid_json(args):
    json.loads(ran(*args), parse_constant=pytest.fail)


def test_json_on_standard_output_keeps_every_control_character_as_written(tmp_path):
    # The terminal's safety net shows DEL, C1 controls, bidirectional overrides and line
    # separators as escapes; in a JSON document those must be JSON's own, read back as the
    # same characters.
    name = "A\x7fB\x85C\x9bD\u202eE\u2029F\ufeffG"
    path = tmp_path / "p.yaml"
    path.write_text(
        "process: P\nroles: {x: {name: X}, y: {name: Y}}\nsteps:\n"
        "  s: {kind: start, next: a}\n"
        f"  a: {{name: {json.dumps(name)}, role: x, work: 1h, wait: 2d, next: b}}\n"
        "  b: {role: y, work: 1h, wait: 3d, next: e}\n  e: {kind: end}\n",
        encoding="utf-8",
    )
    out = ran("hotspots", str(path), "--format", "json")
    assert not RAW_CONTROL.search(out)
    hotspots = json.loads(out)["processes"][0]["hotspots"]
    assert [name] in [h["step_names"] for h in hotspots]


def test_junit_is_valid_xml_with_the_names_kept():
    out = ran("check", str(NAMES), "--format", "junit", "--fail-level", "info", status=1)
    failures = ET.fromstring(out).findall(".//failure")
    assert len(failures) == findings_of_names()
    assert any("olagligt i XML" in f.get("message") for f in failures)


def test_the_diagram_and_the_report_are_well_formed_and_inert(tmp_path):
    svg = tmp_path / "karta.svg"
    ran("render", str(NAMES), "-o", str(svg))
    drawn = svg.read_text(encoding="utf-8")
    ET.fromstring(drawn.encode("utf-8"))
    assert "<script" not in drawn and "evil.example" not in re.findall(r'href="([^"]*)"', drawn)
    page = tmp_path / "rapport.html"
    ran("report", str(NAMES), "-o", str(page), "--lang", "sv")
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>&amp;</b>" not in html


#: Every shipped hostile file, and whether skavmap refuses it (exit 2) or draws it.
CORPUS = sorted(HOSTILE.glob("*.yaml"))
REFUSED = {"id-newline.yaml"}
#: What XML 1.0 forbids (raw or as a character reference) and no SVG attribute may hold.
NOT_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|&#(?:x0*[0-8bcef]|x0*1[0-9a-f]|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));",
    re.I,
)


def well_formed_svg(path: Path) -> ET.Element:
    drawn = path.read_text(encoding="utf-8")
    assert not NOT_XML.search(drawn), NOT_XML.search(drawn)
    root = ET.fromstring(drawn.encode("utf-8"))
    for element in root.iter():
        for value in [*element.attrib.values(), element.text or ""]:
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", value), (element.tag, value)
    return root


def tooltips(root: ET.Element) -> list[str]:
    return [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("}title")]


@pytest.mark.parametrize("source", CORPUS, ids=lambda p: p.name)
def test_every_hostile_file_drawn_after_its_actions_is_well_formed_svg(tmp_path, source):
    svg = tmp_path / "efter.svg"
    if source.name in REFUSED:
        ran("render", str(source), "--apply", "all", "-o", str(svg), status=2)
        assert not svg.exists()
        return
    ran("render", str(source), "--apply", "all", "-o", str(svg))
    shown = tooltips(well_formed_svg(svg))
    assert shown and all("→" in tip for tip in shown)


@pytest.mark.parametrize("base", CORPUS, ids=lambda p: p.name)
@pytest.mark.parametrize("source", CORPUS, ids=lambda p: p.name)
def test_every_hostile_file_drawn_against_any_base_is_well_formed_svg(tmp_path, source, base):
    svg = tmp_path / "jämfört.svg"
    args = ("render", str(source), "--diff-base", str(base), "-o", str(svg))
    if {source.name, base.name} & REFUSED:
        ran(*args, status=2)
        assert not svg.exists()
        return
    ran(*args)
    root = well_formed_svg(svg)
    if source == base:
        assert not tooltips(root)
    elif {source.name, base.name} == {"names.yaml", "names-after.yaml"}:
        assert tooltips(root)  # the changed step says what changed


def test_names_reach_the_svg_as_written_with_controls_visible(tmp_path):
    svg = tmp_path / "k.svg"
    ran("render", str(HOSTILE / "changes.yaml"), "--apply", "all", "-o", str(svg))
    root = well_formed_svg(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}g/{ns}title").text == "Byten \\x1b[31m&amp; &#27; \\N \\x07"
    titles = {e.text for e in root.iter(f"{ns}title")}
    assert "step:a&amp;\\b" in titles
    assert "lane-ek&amp;<o>" in {e.get("id") for e in root.iter()}
    (tip,) = tooltips(root)
    assert tip.startswith(
        'role: Reskontra \\x1b[31m \\x07 → Chef &amp; \\N \\x1b &#1; <b>"; '
        "system: Raindance \\x1b[5m \\u202e → Excel &lt;\\\\ \\u0085; "
    )
    assert tip.endswith(
        "forms: Blankett \\x1b]8;;https://evil.example\\x07, &#7; → Ny \\x1b[2J \\n, <script>"
    )


@pytest.mark.parametrize(
    "source", sorted(set(CORPUS) - {HOSTILE / n for n in REFUSED}), ids=lambda p: p.name
)
def test_the_reports_attributes_hold_no_control_character(tmp_path, source):
    from html.parser import HTMLParser

    page = tmp_path / "rapport.html"
    ran("report", str(source), "-o", str(page))
    found = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend((tag, k, v) for k, v in attrs if v is not None)

    Attributes().feed(page.read_text(encoding="utf-8"))
    assert any(k == "aria-label" and "\\x1b" in v for _, k, v in found)
    assert any(k == "xlink:title" for _, k, v in found)  # the map after the plan
    bad = [(tag, k, v) for tag, k, v in found if re.search("[\x00-\x1f\x7f-\x9f]", v)]
    assert not bad


def test_an_id_that_cannot_be_drawn_is_refused_where_it_is():
    done = run_cli("check", str(HOSTILE / "id-newline.yaml"))
    assert done.returncode == 2
    assert "id-newline.yaml:6:3: error: the step id 'a\\nb' holds a line break" in done.stdout


def test_a_backslash_in_an_id_is_drawn(tmp_path):
    ran("render", str(NAMES), "-o", str(tmp_path / "k.png"))
    assert (tmp_path / "k.png").read_bytes().startswith(b"\x89PNG")


# --- numbers ----------------------------------------------------------------------------------

BIG = "9" * 400


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (f"work: {BIG}h", "longer than 100000 hours"),
        (f"wait: 1-{BIG}d", "longer than 100000 hours"),
        ("wait: ٣d", "bad duration"),
        ("pain: [{text: x, votes: " + BIG + "}]", "'votes'"),
    ],
)
def test_huge_and_foreign_numbers_are_refused_at_their_place(tmp_path, fragment, expected):
    path = tmp_path / "p.yaml"
    path.write_text(
        "process: P\nroles: {x: {name: X}}\nsteps:\n  s: {kind: start, next: a}\n"
        f"  a: {{role: x, next: e, {fragment}}}\n  e: {{kind: end}}\n",
        encoding="utf-8",
    )
    done = run_cli("check", str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert re.search(rf"p\.yaml:5:\d+: error: .*{re.escape(expected)}", done.stdout), done.stdout


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (f"volume: {BIG}/month\n", "volume"),
        ("roles: {x: {name: X, capacity: 1e-320}}\n", "'capacity'"),
        ("roles: {x: {name: X, capacity: .inf}}\n", "'capacity'"),
    ],
)
def test_huge_and_tiny_process_numbers_are_refused(tmp_path, head, expected):
    path = tmp_path / "p.yaml"
    roles = "" if "roles:" in head else "roles: {x: {name: X}}\n"
    path.write_text(
        f"process: P\n{head}{roles}steps:\n  s: {{kind: start, next: a}}\n"
        "  a: {role: x, work: 1h, next: e}\n  e: {kind: end}\n",
        encoding="utf-8",
    )
    done = run_cli("check", str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert expected in done.stdout


def test_a_loop_that_can_never_be_left_is_said_at_its_decision(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        "process: P\nroles: {x: {name: X}}\nsteps:\n  s: {kind: start, next: a}\n"
        "  a: {role: x, work: 1h, next: d}\n"
        "  d:\n    kind: decision\n    next:\n      - {to: a, p: 1}\n      - {to: e, p: 0}\n"
        "  e: {kind: end}\n",
        encoding="utf-8",
    )
    done = run_cli("hotspots", str(path), "--format", "json")
    assert done.returncode == 2 and done.stdout == ""
    assert "p.yaml:8:5: error: cases that reach 'd' can never leave its loop" in done.stderr


# --- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("select = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ("max-handoffs = nan\n", "expected a number"),
        ("[per-file-ignores]\n" + '"' + "*" * 40 + 'z" = ["SKV1"]\n', None),
    ],
    ids=["deep", "nan", "glob"],
)
def test_configuration_values_are_typed_ranged_and_fast(tmp_path, text, expected):
    (tmp_path / "skavmap.toml").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "examples" / "minimal.yaml", tmp_path / ("a" * 30 + ".yaml"))
    done = run_cli("check", str(tmp_path))
    assert "Traceback" not in done.stderr
    if expected is None:
        assert done.returncode == 0
    else:
        assert done.returncode == 2 and expected in done.stderr


@pytest.mark.parametrize("table", ["[tool]\nskavmap = 5\n", "[[tool.skavmap]]\nmax-loops = 1\n"])
def test_a_tool_table_of_the_wrong_shape_is_an_error(tmp_path, table):
    (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
    shutil.copy(ROOT / "examples" / "minimal.yaml", tmp_path / "p.yaml")
    done = run_cli("check", str(tmp_path / "p.yaml"), "--config", str(tmp_path / "pyproject.toml"))
    assert done.returncode == 2 and "[tool.skavmap] must be one table" in done.stderr


# --- output paths ------------------------------------------------------------------------------


def test_an_input_is_never_an_output(tmp_path):
    source = tmp_path / "karta.yaml"
    shutil.copy(ROOT / "examples" / "loop.yaml", source)
    before = source.read_bytes()
    for args in (["-o", str(source), "--format", "svg"], ["-o", str(source)]):
        done = run_cli("render", str(source), *args)
        assert done.returncode == 2, args
        assert source.read_bytes() == before


def test_an_unknown_suffix_is_refused(tmp_path):
    done = run_cli("render", str(ROOT / "examples" / "loop.yaml"), "-o", str(tmp_path / "a.docx"))
    assert done.returncode == 2 and ".docx is not a format" in done.stderr
    assert not (tmp_path / "a.docx").exists()


@pytest.mark.skipif(os.name != "posix", reason="needs /dev/null")
def test_a_device_or_folder_is_never_replaced(tmp_path):
    done = run_cli("report", str(NAMES), "-o", "/dev/null", "--force")
    assert done.returncode == 2 and "not a regular file" in done.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    done = run_cli("schema", "-o", str(tmp_path))
    assert done.returncode == 2 and "is a folder" in done.stderr


def test_a_write_error_is_one_line(tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    done = run_cli("render", str(ROOT / "examples" / "loop.yaml"), "-o", str(blocker / "k.svg"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "cannot write" in done.stderr


# --- git revisions ----------------------------------------------------------------------------


@pytest.mark.git
@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")
def test_every_file_gets_its_own_base_whatever_its_name(tmp_path):
    from scratch_repo import commit, new_repo

    repo = new_repo(tmp_path / "kommun")
    folder = repo / "processes"
    folder.mkdir()
    names = ["a\nb.yaml", "c d.yaml", "z.yaml"]
    for name in names:
        shutil.copy(ROOT / "examples" / "loop.yaml", folder / name)
    commit(repo, "tre kartor")
    changed = folder / "c d.yaml"
    changed.write_text(changed.read_text().replace("wait: 2d", "wait: 9d"))
    done = run_cli("diff", "--base", "HEAD", "processes", "--format", "json", cwd=repo)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    changed_files = {p["file"] for p in report["processes"] if p["changed"]}
    assert changed_files == {"processes/c d.yaml"}
    assert len(report["processes"]) == 3


# --- sizes and streams ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_or_a_device_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "rör.yaml"
    os.mkfifo(pipe)
    for target in (pipe, Path("/dev/zero")):
        done = run_cli("check", str(target))
        assert done.returncode == 2 and "not a regular file" in done.stdout


# --- identity ---------------------------------------------------------------------------------


def test_ids_in_two_unicode_forms_are_one_id(tmp_path):
    composed, decomposed = "\u00e4rende", "a\u0308rende"
    path = tmp_path / "p.yaml"
    path.write_text(
        "process: P\nroles: {x: {name: X}}\nsteps:\n"
        f"  s: {{kind: start, next: {decomposed}}}\n"
        f"  {composed}: {{role: x, work: 1h, next: e}}\n  e: {{kind: end}}\n",
        encoding="utf-8",
    )
    done = run_cli("check", str(path))
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("target", ["/etc/hostname", "../../utanför.yaml"])
def test_a_sub_process_outside_its_folder_is_refused_unread(tmp_path, target):
    home = tmp_path / "a" / "b"
    home.mkdir(parents=True)
    path = home / "p.yaml"
    path.write_text(
        "process: P\nroles: {x: {name: X}}\nsteps:\n  s: {kind: start, next: u}\n"
        f"  u: {{kind: subprocess, role: x, process: {target}, next: e}}\n  e: {{kind: end}}\n",
        encoding="utf-8",
    )
    done = run_cli("check", str(path))
    assert done.returncode == 2
    assert "p.yaml:5:" in done.stdout and "not found" not in done.stdout


def test_a_usage_error_is_one_line_whatever_was_typed_into_it():
    done = run_cli("render", "processes/invoice.yaml", "--apply", "X\n::error::y\x1b[2J")
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith("error: --apply: ") and "X\\n::error::y\\x1b[2J" in line


@pytest.mark.parametrize("piece", [1, 3, 8, 1 << 20])
def test_a_document_written_in_pieces_is_printed_as_the_whole_would_be(monkeypatch, capsys, piece):
    # Chunks of whole lines: the safety net still sees where each line starts, however the
    # pieces fall.
    import skavmap.commands.common as common

    pieces = ["ok\n::err", "or::x\x07\n", "  ", "::warning::y\u202e\nlast", " ::z", "\n::"]
    terminal = common.Terminal("en")
    terminal.out("".join(pieces), end="")
    whole = capsys.readouterr().out
    monkeypatch.setattr(common, "PIECE", piece)
    terminal.write(iter(pieces))
    assert capsys.readouterr().out == whole
    clean_terminal(whole)


@pytest.mark.parametrize(
    "args",
    [["check", str(NAMES), "--format", "json"], ["hotspots", str(NAMES), "--format", "json"]],
    ids=lambda args: args[0],
)
def test_json_written_in_pieces_is_the_reporters_document(args):
    from skavmap.format.inputs import read as read_inputs
    from skavmap.outputs.escape import terminal_output
    from skavmap.outputs.vocabulary import Words

    inputs = read_inputs([NAMES])
    words = Words("en")
    if args[0] == "check":
        from skavmap.analysis.checking import check
        from skavmap.analysis.config import Config
        from skavmap.reporters.check_json import json_report

        files = [str(f) for f in inputs.files]
        document = json_report(check(files, inputs.processes, inputs.diagnostics, Config()), words)
    else:
        from skavmap.analysis.engine import analyse_all
        from skavmap.reporters.hotspots import json_report, rank

        analyses, _ = analyse_all(inputs.processes)
        document = json_report(analyses, rank(analyses), words)
    done = run_cli(*args, "--lang", "en")
    assert done.stdout == terminal_output(document)
