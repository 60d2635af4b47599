"""`skavmap render NEW --diff-base OLD_OR_REF`: the new version drawn with what changed marked.

Read from the DOT text (new steps and arrows green, removed ones grey and dashed in their old
lane or a lane of their own, changed steps tagged, legend and title), then end to end through
the command against a process file and against real git repositories.
"""

from __future__ import annotations

import doctest
import shutil
import struct
import xml.etree.ElementTree as ET
from functools import cache

import pygraphviz
import pytest
from conftest import ROOT, run_cli
from scratch_repo import commit, git, new_repo, write
from test_render_dot import bands, lane_count, links, node, steps, words
from test_render_layout import check_geometry

import skavmap.render.changes
from skavmap.analysis.engine import analyse
from skavmap.format.loader import load
from skavmap.render import Options, diagram_dot, style
from skavmap.render.changes import Base, changes
from skavmap.render.dot import measure
from skavmap.render.layout import layout
from skavmap.render.look import dress
from skavmap.render.scene import build_scene

INVOICE = ROOT / "processes" / "invoice.yaml"
BEFORE = ROOT / "examples" / "diff" / "invoice-before.yaml"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")


@cache
def diff_text(lang: str = "sv", **options) -> str:
    base = Base(load(BEFORE), "förra året")
    return diagram_dot(load(INVOICE), Options(lang=lang, **options), base)


def graph(lang: str = "sv", **options) -> pygraphviz.AGraph:
    return pygraphviz.AGraph(string=diff_text(lang, **options))


def edges(graph: pygraphviz.AGraph) -> dict[tuple[str, str], dict]:
    return {(str(e[0])[5:], str(e[1])[5:]): dict(e.attr) for e in graph.edges()}


def lane_titles(graph: pygraphviz.AGraph) -> list[str]:
    return [words(node(graph, f"lane:{i}")["label"]) for i in range(lane_count(graph))]


def lane_of(graph: pygraphviz.AGraph, step: str) -> int:
    """The index of the lane band that holds ``step``'s centre."""
    y = float(node(graph, f"step:{step}")["pos"].split(",")[1])
    for index, (_, low, _, high) in enumerate(bands(graph)):
        if low <= y <= high:
            return index
    raise AssertionError(f"{step} lies in no lane")


def test_doctests(monkeypatch):
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testmod(skavmap.render.changes)
    assert tried > 0 and failures == 0


def test_changes_name_what_is_new_gone_and_different():
    found = changes(load(BEFORE), load(INVOICE))
    assert found.added == ("bemanningsfraga", "bemanningskoll")
    assert found.removed == ("diariefor", "mejla")
    assert {sid: [c.field for c in cs] for sid, cs in found.changed.items()} == {
        "postgang": ["name", "wait"],
        "kontera": ["wait"],
        "attestko": ["name", "p"],
        "arkivera": ["role"],
    }
    assert ("kontera", "bemanningsfraga") in found.added_links
    assert ("postgang", "skanna") in found.added_links
    assert ("kontera", "attestko") not in found.added_links  # kept from the old version
    assert [(r.tail, r.head) for r in found.removed_links] == [
        ("postgang", "diariefor"),
        ("diariefor", "skanna"),
        ("registrera", "mejla"),
        ("mejla", "mottagning"),
        ("kontera", "attestko"),
    ]


def test_a_renamed_step_is_drawn_as_its_new_self(tmp_path):
    old = (ROOT / "examples" / "loop.yaml").read_text(encoding="utf-8")
    renamed = old.replace("granska:", "granskning:").replace("next: granska", "next: granskning")
    renamed = renamed.replace("to: granska", "to: granskning")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(renamed, encoding="utf-8")
    found = changes(load(tmp_path / "old.yaml"), load(tmp_path / "new.yaml"))
    assert found.drawn_as["granska"] == "granskning"
    assert found.empty


def shown(g: pygraphviz.AGraph, step: str) -> str:
    """The words in and under a step (a decision has its figures and tags under it)."""
    caption = f"caption:{step}"
    below = node(g, caption)["label"] if g.has_node(caption) else ""
    return words(node(g, f"step:{step}")["label"] + " " + below)


def test_added_steps_have_a_green_outline_and_a_tag():
    g = graph()
    drawn = steps(g)
    for sid in ("bemanningsfraga", "bemanningskoll"):
        assert drawn[sid]["color"] == style.ADDED
        assert float(drawn[sid]["penwidth"]) >= 2.6
        assert drawn[sid]["class"].split() == ["step", drawn[sid]["class"].split()[1], "added"]
        assert "nytt" in shown(g, sid)
    assert drawn["registrera"]["color"] == style.STEP_LINE
    assert "added" not in drawn["registrera"]["class"]


def test_added_arrows_are_green():
    drawn = edges(graph())
    for pair in [("kontera", "bemanningsfraga"), ("bemanningskoll", "attestko")]:
        assert drawn[pair]["color"] == style.ADDED
        assert drawn[pair]["class"] == "flow added"
    assert drawn[("postgang", "skanna")]["color"] == style.ADDED
    assert drawn[("skanna", "verifiera")]["color"] != style.ADDED
    assert "added" not in drawn[("skanna", "verifiera")]["class"]


def test_removed_steps_are_ghosts_in_their_old_lane_or_the_removed_lane():
    g = graph()
    drawn = steps(g)
    for sid in ("mejla", "diariefor"):
        ghost = drawn[sid]
        assert ghost["class"] == "step task removed"
        assert "dashed" in ghost["style"]
        assert ghost["color"] == style.REMOVED_LINE and ghost["fontcolor"] == style.REMOVED_TEXT
        assert ghost["fillcolor"] == style.REMOVED_FILL
        assert "borttaget" in words(ghost["label"])
    titles = lane_titles(g)
    # The Ekonomi lane is still there; the old Kansliet lane is not.
    assert titles[lane_of(g, "mejla")].startswith("Ekonomi")
    assert titles[-1] == "Borttaget" and lane_of(g, "diariefor") == len(titles) - 1
    assert not any("Kansliet" in t for t in titles)


def test_removed_arrows_are_ghosts_between_their_drawn_ends():
    text = diff_text()
    drawn = edges(graph())
    for pair in [("registrera", "mejla"), ("mejla", "mottagning"), ("kontera", "attestko")]:
        assert pair in links(text)
        assert drawn[pair]["class"] == "flow removed"
        assert drawn[pair]["style"] == "dashed" and drawn[pair]["color"] == style.REMOVED_LINE


def test_changed_steps_say_what_changed():
    g = graph()
    drawn = steps(g)
    assert "ändrat: väntan" in words(drawn["kontera"]["label"])
    assert drawn["kontera"]["tooltip"] == "väntan: 2 d → 1 d"
    assert "ändrat: roll" in words(drawn["arkivera"]["label"])
    assert drawn["arkivera"]["tooltip"] == "roll: Reskontraekonom → Ekonomiassistent"
    assert "ändrat: namn" in shown(g, "attestko")
    assert "ändrat" not in words(drawn["attestko"]["label"])  # a decision's tag goes under it
    assert drawn["attestko"]["class"] == "step decision changed"


def test_title_says_what_it_is_compared_with_and_how_the_figures_moved():
    title = words(node(graph(), "title")["label"])
    assert "Jämfört med förra året: 2 nya steg, 2 borttagna, 4 ändrade" in title
    assert "6 nya pilar, 5 borttagna pilar" in title
    assert "ledtid ↓ −1,4 d" in title and "överlämningar mellan avdelningar ↑" in title
    english = words(node(graph("en"), "title")["label"])
    assert "Compared with förra året: 2 steps added, 2 removed, 4 changed" in english
    assert "lead time ↓ −1.4 d" in english


def test_the_legend_explains_every_diff_mark_in_both_languages():
    swedish = words(node(graph(), "legend")["label"])
    for text in ("Nytt steg", "Ny pil", "Borttaget steg, som det var", "Borttagen pil"):
        assert text in swedish
    assert "Ändrat steg: vad som ändrats" in swedish and "Andel av ledtiden" in swedish
    english = diff_text("en")
    for text in ("Added step", "Added arrow", "Removed step, as it was", "Removed arrow"):
        assert text in english
    assert "Changed step: what changed" in english and ">Removed<" in english
    for word in ("nytt", "borttaget", "ändrat", "Borttaget", "Jämfört"):
        assert word not in english, word


def test_plain_keeps_the_diff_marks_and_their_legend():
    g = graph(plain=True)
    legend = words(node(g, "legend")["label"])
    assert "Nytt steg" in legend and "Andel av ledtiden" not in legend
    assert "Hotspot" not in legend and not g.has_node("hotspots")
    assert steps(g)["bemanningskoll"]["color"] == style.ADDED
    title = words(node(g, "title")["label"])
    assert "Jämfört med förra året" in title and "ledtid" not in title


def test_nothing_changed_marks_nothing():
    process = load(INVOICE)
    text = diagram_dot(process, Options(lang="en"), Base(load(INVOICE), "main"))
    assert "Compared with main: no steps or arrows changed" in text
    assert style.ADDED not in text and style.REMOVED_LINE not in text
    assert "Added step" not in text


def test_the_diff_is_deterministic():
    base = Base(load(BEFORE), "förra året")
    first = diagram_dot(load(INVOICE), Options(lang="sv"), base)
    assert diagram_dot(load(INVOICE), Options(lang="sv"), Base(load(BEFORE), "förra året")) == (
        first
    )


@pytest.mark.parametrize(
    "options",
    [{}, {"plain": True}, {"lanes": "role"}, {"wrap": 8}, {"highlight": "handoffs"}],
    ids=["annotated", "plain", "role", "wrapped", "highlight"],
)
def test_the_diff_lays_out_cleanly(options):
    new, old = load(INVOICE), load(BEFORE)
    opts = Options(lang="sv", **options)
    annotated = not opts.plain
    scene = build_scene(
        new,
        analyse(new) if annotated else None,
        opts,
        Base(old, "före"),
        analyse(old) if annotated else None,
    )
    check_geometry(scene, layout(scene, measure(dress(scene))))


def test_a_removed_loop_does_not_bend_the_flow(tmp_path):
    """An arrow that went back in the old version is laid out as a loop, not as a step
    forward: the removed steps stay after the step they were sent back to."""
    old = (ROOT / "examples" / "loop.yaml").read_text(encoding="utf-8")
    start = old.index("  begar:")
    new = old[:start] + old[old.index("  beslut:") :]
    new = new.replace("{to: begar, when: nej", "{to: klar, when: nej")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    base = Base(load(tmp_path / "old.yaml"), "före")
    scene = build_scene(load(tmp_path / "new.yaml"), None, Options(plain=True), base)
    assert [b.id for b in scene.blocks if b.mark == "removed"] == ["begar", "komplettera"]
    assert ("komplettera", "granska") in scene.back_links
    geometry = layout(scene, measure(dress(scene)))
    check_geometry(scene, geometry)
    assert geometry.ranks["granska"] < geometry.ranks["begar"] < geometry.ranks["komplettera"]


# --- the command --------------------------------------------------------------------------


def test_cli_compares_with_a_file(tmp_path):
    out = tmp_path / "diff.dot"
    result = run_cli(
        "render", str(INVOICE), "--diff-base", str(BEFORE), "-o", str(out), "--lang", "en"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    text = out.read_text(encoding="utf-8")
    assert "Compared with examples/diff/invoice-before.yaml: 2 steps added" in text
    assert 'class="step task removed"' in text


def test_cli_draws_a_png_of_the_diff(tmp_path):
    out = tmp_path / "diff.png"
    result = run_cli("render", str(INVOICE), "--diff-base", str(BEFORE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 2000 and height > 1000


def test_cli_rejects_a_broken_base_file_and_writes_nothing(tmp_path):
    broken = tmp_path / "gammal.yaml"
    broken.write_text("process: X\nsteps:\n  s: {kind: start, next: e}\n  e: {kind: end, nxt: s}\n")
    out = tmp_path / "diff.svg"
    result = run_cli("render", str(INVOICE), "--diff-base", str(broken), "-o", str(out))
    assert result.returncode == 2
    assert f"{broken}:4:18: error: unknown field 'nxt'" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_cli_a_file_base_takes_one_file(tmp_path):
    loop = ROOT / "examples" / "loop.yaml"
    result = run_cli(
        "render", str(INVOICE), str(loop), "--diff-base", str(BEFORE), "-o", str(tmp_path)
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: --diff-base {BEFORE} is a file")
    assert list(tmp_path.iterdir()) == []


# --- against git revisions ----------------------------------------------------------------

PROCESS = """\
process: Leverantörsfaktura
id: faktura
departments: {ekonomi: Ekonomi, verksamhet: Verksamhet}
roles:
  reskontra: {name: Reskontraekonom, department: ekonomi}
  assistent: {name: Ekonomiassistent, department: ekonomi}
  chef: {name: Budgetansvarig chef, department: verksamhet}
steps:
  in: {kind: start, name: Faktura kommer, next: registrera}
  registrera: {name: Registrera fakturan, role: reskontra, work: 5m, wait: 4h, next: kontroll}
  kontroll: {name: Kontrollera fakturan, role: assistent, work: 5m, wait: 1d, next: betala}
  betala: {name: Betala, role: reskontra, work: 2m, wait: 1d, next: klar}
  klar: {kind: end, name: Betald}
"""
# A new step hands the invoice over to another department; the check is gone.
CHANGED = PROCESS.replace(
    "next: kontroll}\n  kontroll: {name: Kontrollera fakturan, role: assistent, work: 5m, "
    "wait: 1d, next: betala}",
    "next: attest}\n  attest: {name: Attestera, role: chef, work: 5m, wait: 2d, next: betala}",
).replace("  assistent: {name: Ekonomiassistent, department: ekonomi}\n", "")


@pytest.fixture
def repo(tmp_path):
    repo = new_repo(tmp_path / "kommun")
    write(repo, "processes/faktura.yaml", PROCESS)
    commit(repo, "Fakturaflödet")
    write(repo, "processes/faktura.yaml", CHANGED)
    commit(repo, "Attest i stället för kontroll")
    return repo


def render_in(repo, *args):
    return run_cli("render", *args, cwd=repo)


@needs_git
def test_cli_compares_with_a_git_revision(repo):
    result = render_in(
        repo, "processes/faktura.yaml", "--diff-base", "HEAD~1", "--format", "dot", "--lang", "sv"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "faktura.dot\n" and result.stderr == ""
    g = pygraphviz.AGraph(string=(repo / "faktura.dot").read_text(encoding="utf-8"))
    drawn, arrows = steps(g), edges(g)
    assert drawn["attest"]["color"] == style.ADDED and "added" in drawn["attest"]["class"]
    assert drawn["kontroll"]["class"] == "step task removed"
    assert arrows[("registrera", "attest")]["color"] == style.ADDED
    assert arrows[("registrera", "kontroll")]["class"] == "flow removed"
    commit_id = git(repo, "rev-parse", "--short=7", "HEAD~1").strip()
    title = words(node(g, "title")["label"])
    assert f"Jämfört med HEAD~1 ({commit_id}): 1 nytt steg, 1 borttaget" in title
    assert "överlämningar mellan avdelningar ↑ +2" in title
    # The removed step's lane (Ekonomi) is still there: no removed lane.
    assert "Borttaget" not in lane_titles(g)


@needs_git
@pytest.mark.parametrize(
    ("where", "name"),
    [
        ("", "./processes/faktura.yaml"),
        ("processes", "faktura.yaml"),
        ("processes", "./faktura.yaml"),
    ],
)
def test_cli_compares_one_file_named_from_anywhere_with_a_git_revision(repo, where, name):
    result = run_cli(
        "render", name, "--diff-base", "HEAD~1", "--format", "dot", "-o", "ut.dot", cwd=repo / where
    )
    assert result.returncode == 0, result.stderr
    assert 'class="step task removed"' in (repo / where / "ut.dot").read_text(encoding="utf-8")


@needs_git
def test_cli_draws_an_svg_of_a_git_diff(repo):
    result = render_in(
        repo, "processes/faktura.yaml", "--diff-base", "HEAD~1", "-o", "d.svg", "--lang", "en"
    )
    assert result.returncode == 0, result.stderr
    data = (repo / "d.svg").read_bytes()
    root = ET.fromstring(data)
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Attestera" in text and "Kontrollera fakturan" in text
    assert "new" in text and "removed" in text and "Compared with HEAD~1" in text
    assert b'class="node step task removed"' in data


@needs_git
def test_cli_follows_a_rename(repo):
    git(repo, "mv", "processes/faktura.yaml", "processes/leverantorsfaktura.yaml")
    commit(repo, "Nytt filnamn")
    result = render_in(
        repo, "processes/leverantorsfaktura.yaml", "--diff-base", "HEAD~2", "--format", "dot"
    )
    assert result.returncode == 0, result.stderr
    text = (repo / "leverantorsfaktura.dot").read_text(encoding="utf-8")
    assert 'class="step task removed"' in text and 'class="step task added"' in text


@needs_git
def test_cli_rejects_an_unknown_revision_and_writes_nothing(repo):
    result = render_in(repo, "processes/faktura.yaml", "--diff-base", "finns-inte")
    assert result.returncode == 2
    assert result.stderr == (
        "error: --diff-base finns-inte is neither a file nor a git revision here: "
        "unknown revision 'finns-inte'\n"
    )
    assert not (repo / "faktura.svg").exists()


@needs_git
def test_cli_rejects_a_base_that_does_not_load(repo):
    write(repo, "processes/faktura.yaml", PROCESS.replace("next: betala}", "next: betal}"))
    commit(repo, "Trasig")
    write(repo, "processes/faktura.yaml", CHANGED)
    result = render_in(repo, "processes/faktura.yaml", "--diff-base", "HEAD")
    assert result.returncode == 2
    assert result.stderr.startswith("HEAD:processes/faktura.yaml:11:")
    assert ": error: unknown step 'betal'" in result.stderr
    assert not (repo / "faktura.svg").exists()


@needs_git
def test_cli_rejects_a_file_that_is_new_since_the_revision(repo):
    write(repo, "processes/ny.yaml", PROCESS)
    result = render_in(repo, "processes/ny.yaml", "--diff-base", "HEAD")
    assert result.returncode == 2
    assert result.stderr == (
        "HEAD:processes/ny.yaml:1:1: error: no such file at HEAD; nothing to compare with\n"
    )


@needs_git
def test_cli_compares_several_files_with_one_revision(repo):
    write(repo, "processes/kopia.yaml", CHANGED.replace("id: faktura", "id: kopia"))
    commit(repo, "Kopia")
    write(repo, "processes/kopia.yaml", PROCESS.replace("id: faktura", "id: kopia"))
    result = render_in(
        repo, "processes/", "--diff-base", "HEAD", "-o", "ut", "--format", "dot", "--lang", "en"
    )
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == ["ut/faktura.dot", "ut/kopia.dot"]
    unchanged = (repo / "ut" / "faktura.dot").read_text(encoding="utf-8")
    commit_id = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert f"Compared with HEAD ({commit_id}): no steps or arrows changed" in unchanged
    back = (repo / "ut" / "kopia.dot").read_text(encoding="utf-8")
    assert 'class="step task removed"' in back and 'class="step task added"' in back
