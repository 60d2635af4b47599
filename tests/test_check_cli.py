"""``skavmap check``, ``schema`` and ``new`` from the command line."""

from __future__ import annotations

import json

from conftest import ROOT, run_cli, shipped

BROKEN = "process: X\nsteps:\n  s: {kind: start, next: e}\n  e: {kind: end, nxt: s}\n"
WARNED = (
    "process: X\nroles: {a: A}\nsteps:\n  s: {kind: start, next: t}\n"
    "  t: {role: a, next: e}\n  e: {kind: end}\n"
)


def test_shipped_processes_and_examples_are_clean():
    files = shipped("processes", "examples")
    result = run_cli("check", *(str(p) for p in files), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    # One line: all is well; the info findings are behind --verbose.
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"All OK: {len(files)} files, {len(files)} processes checked (")
    assert line.endswith(" info hidden, see --verbose)")


def test_verbose_prints_the_info_findings_and_counts_them():
    files = [str(p) for p in shipped("processes")]
    short = run_cli("check", *files, "--lang", "sv")
    verbose = run_cli("check", *files, "--lang", "sv", "--verbose")
    assert short.returncode == verbose.returncode == 0
    info = [line for line in verbose.stdout.splitlines() if ": info: " in line]
    assert len(info) > 50 and ": info: " not in short.stdout
    n = len(info)
    assert (
        short.stdout
        == f"Allt OK: 3 filer och 3 processer har kontrollerats ({n} info dolda, se --verbose)\n"
    )
    assert (
        verbose.stdout.splitlines()[-1]
        == f"Allt OK: 3 filer och 3 processer har kontrollerats, {n} info"
    )


def test_info_findings_are_shown_when_they_fail_the_run():
    done = run_cli("check", "examples/loop.yaml", "--fail-level", "info")
    assert done.returncode == 1
    assert ": info: " in done.stdout and "All OK" not in done.stdout
    assert done.stdout.splitlines()[-1].startswith("1 file checked: 0 errors, 0 warnings, ")


def test_only_the_text_format_hides_info_findings():
    for fmt in ("json", "sarif", "junit", "github"):
        short = run_cli("check", "examples/loop.yaml", "--format", fmt)
        verbose = run_cli("check", "examples/loop.yaml", "--format", fmt, "--verbose")
        assert short.returncode == verbose.returncode == 0
        assert short.stdout == verbose.stdout, fmt
    sarif = json.loads(run_cli("check", "examples/loop.yaml", "--format", "sarif").stdout)
    assert any(r["level"] == "note" for r in sarif["runs"][0]["results"])


def test_warnings_keep_the_counting_summary(tmp_path):
    path = tmp_path / "varning.yaml"
    path.write_text(WARNED, encoding="utf-8")
    done = run_cli("check", str(path))
    assert done.stdout.splitlines()[-1] == "1 file checked: 0 errors, 2 warnings"


def test_errors_exit_2_without_traceback(tmp_path):
    (tmp_path / "trasig.yaml").write_text(BROKEN, encoding="utf-8")
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path / 'trasig.yaml'}:4:18: error: unknown field 'nxt'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "1 file checked: 1 error, 0 warnings" in result.stdout


def test_warnings_fail_only_with_strict(tmp_path):
    path = tmp_path / "varning.yaml"
    path.write_text(WARNED, encoding="utf-8")
    relaxed = run_cli("check", str(path))
    strict = run_cli("check", "--strict", str(path))
    assert relaxed.returncode == 0 and strict.returncode == 1
    assert f"{path}:5:3: warning: task 't' has neither 'work' nor 'wait'" in relaxed.stdout


def test_quiet_prints_errors_only(tmp_path):
    (tmp_path / "a.yaml").write_text(WARNED, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(BROKEN, encoding="utf-8")
    result = run_cli("check", "--quiet", str(tmp_path))
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'b.yaml'}:4:18: error: unknown field 'nxt' in step 'e'; did you mean 'next'?"
    ]


def test_missing_path_is_an_input_error(tmp_path):
    result = run_cli("check", str(tmp_path / "finns-inte.yaml"))
    assert result.returncode == 2
    assert "finns-inte.yaml:1:1: error: no such file or folder" in result.stdout


def test_folders_skip_yaml_that_is_not_a_process(tmp_path):
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "workflow.yml").write_text("on: push\njobs: {}\n")
    (tmp_path / "p.yaml").write_text(WARNED.replace("next: e}", "work: 5m, next: e}"))
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 0
    assert "1 file checked" in result.stdout


def test_swedish_text_round_trips(tmp_path):
    path = tmp_path / "lön.yaml"
    path.write_text(
        "process: Löneutbetalning å ä ö\nroles: {lönehandläggare: Lönehandläggare}\n"
        "steps:\n  start: {kind: start, next: kontroll}\n"
        "  kontroll: {role: lönehandläggare, work: 5m, next: klar, name: Kontrollera lön}\n"
        "  klar: {kind: end, name: Färdig}\n",
        encoding="utf-8",
    )
    from skavmap.format.loader import load

    process = load(path)
    assert process.name == "Löneutbetalning å ä ö"
    assert process.id == "lön"
    assert process.steps["kontroll"].role == "lönehandläggare"


def test_schema_command_matches_committed_schema():
    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "ProcessDoc"
    committed = (ROOT / "skavmap.schema.json").read_text(encoding="utf-8")
    assert committed == result.stdout, "run: uv run skavmap schema -o skavmap.schema.json"


def test_new_writes_a_starter_that_passes_check(tmp_path):
    result = run_cli("new", "bygglov", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "bygglov.yaml").read_text(encoding="utf-8")
    assert 'process: "Bygglov"' in text
    checked = run_cli("check", "--strict", "bygglov.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout


def test_new_speaks_the_language_asked_for_and_keeps_the_format_values(tmp_path):
    swedish = run_cli("new", "sv.yaml", cwd=tmp_path)
    english = run_cli("new", "en.yaml", "--lang", "en", cwd=tmp_path)
    assert swedish.returncode == english.returncode == 0
    sv = (tmp_path / "sv.yaml").read_text(encoding="utf-8")
    en = (tmp_path / "en.yaml").read_text(encoding="utf-8")
    # The value is the format's in both; the comment is in the language.
    assert "volume: 100/month                # ärenden per månad" in sv
    assert "volume: 100/month                # cases per month" in en
    assert "# the name shown in diagrams and reports" in en and "Ärendet" not in en
    assert 'process: "En"' in en
    checked = run_cli("check", "--strict", "sv.yaml", "en.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout


def test_new_never_overwrites(tmp_path):
    (tmp_path / "finns.yaml").write_text("mitt arbete\n")
    result = run_cli("new", "finns.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert (tmp_path / "finns.yaml").read_text() == "mitt arbete\n"


def test_new_links_schema_found_above(tmp_path):
    (tmp_path / "skavmap.schema.json").write_text("{}")
    (tmp_path / "processes").mkdir()
    run_cli("new", "processes/bygglov", cwd=tmp_path)
    first = (tmp_path / "processes" / "bygglov.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../skavmap.schema.json"


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys\n"
        "from skavmap.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'networkx', 'pygraphviz', 'pydantic', 'numpy', 'scipy', 'yaml'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_unknown_language_is_a_usage_error():
    result = run_cli("hotspots", "--lang", "de")
    assert result.returncode == 2
    assert "Invalid value for '--lang': 'de' is not one of sv, en" in result.stderr


_ENDING = """\
import atexit, sys
from skavmap.cli import main
atexit.register(print, "ended the slow way", file=sys.stderr)
sys.argv = ["skavmap", *sys.argv[1:]]
main()
"""


def test_a_run_that_kept_its_analysis_ends_at_once_with_all_its_output_and_status():
    import subprocess
    import sys

    def ended(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", _ENDING, *args], capture_output=True,
                              text=True, cwd=ROOT)  # fmt: skip

    for args, status in [
        (("hotspots", "--format", "json", "examples/loop.yaml"), 0),
        (("check", "examples/loop.yaml", "--fail-level", "info"), 1),
    ]:
        done, expected = ended(*args), run_cli(*args)
        assert (done.returncode, done.stdout) == (status, expected.stdout), args
        assert "ended the slow way" not in done.stderr, args
    # A command that kept nothing (and a usage error) ends as Python ends.
    assert "ended the slow way" in ended("hotspots", "--list").stderr
    assert "ended the slow way" in ended("check", "--format", "nothing").stderr
