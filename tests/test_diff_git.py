"""``skavmap diff --base REF`` against real git repositories built in temporary folders."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT, run_cli
from scratch_repo import commit, git, new_repo, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")

INVOICE = """\
process: Leverantörsfaktura
id: faktura
departments: {ekonomi: Ekonomi, verksamhet: Verksamhet}
roles:
  reskontra: {name: Reskontraekonom, department: ekonomi}
  attestant: {name: Attestant, department: ekonomi}
steps:
  in: {kind: start, name: Faktura kommer, next: registrera}
  registrera: {name: Registrera fakturan, role: reskontra, work: 5m, wait: 4h, next: attest}
  attest: {name: Attestera, role: attestant, work: 5m, wait: 1d, next: betala}
  betala: {name: Betala, role: reskontra, work: 2m, wait: 1d, next: klar}
  klar: {kind: end, name: Betald}
"""
MINIMAL = (ROOT / "examples" / "minimal.yaml").read_text(encoding="utf-8")


def diff(repo, *args: str, cwd=None):
    return run_cli("diff", *args, cwd=cwd or repo)


def diff_json(repo, *args: str, cwd=None) -> tuple[int, dict]:
    result = diff(repo, *args, "--format", "json", cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


@pytest.fixture
def repo(tmp_path):
    repo = new_repo(tmp_path / "kommun")
    write(repo, "processes/faktura.yaml", INVOICE)
    write(repo, "processes/minimal.yaml", MINIMAL)
    write(repo, "README.md", "Processkartor\n")
    commit(repo, "Processerna som de är")
    return repo


def test_a_changed_wait_in_the_working_tree(repo):
    slower = INVOICE.replace("wait: 1d, next: betala", "wait: 3d, next: betala")
    write(repo, "processes/faktura.yaml", slower)
    code, report = diff_json(repo, "--base", "HEAD")
    assert code == 0
    (changed,) = [p for p in report["processes"] if p["changed"]]
    assert changed["status"] == "modified"
    assert changed["steps"]["changed"] == [
        {
            "id": "attest",
            "name": "Attestera",
            "changes": [{"field": "wait", "old": "1d", "new": "3d"}],
        }
    ]
    assert changed["figures"]["lead_time_hours"]["delta"] == pytest.approx(16.0)
    assert [p["status"] for p in report["processes"]] == ["modified", "modified"]


def test_committed_rename_deletion_and_an_untracked_new_file(repo):
    git(repo, "mv", "processes/faktura.yaml", "processes/leverantorsfaktura.yaml")
    git(repo, "rm", "-q", "processes/minimal.yaml")
    commit(repo, "Byt namn, ta bort")
    write(repo, "processes/ny.yaml", INVOICE.replace("id: faktura", "id: ny"))
    code, report = diff_json(repo, "--base", "HEAD~1")
    assert code == 0
    statuses = {
        (p["old_file"], p["new_file"]): (p["status"], p["changed"]) for p in report["processes"]
    }
    assert statuses == {
        ("HEAD~1:processes/faktura.yaml", "processes/leverantorsfaktura.yaml"): ("renamed", False),
        ("HEAD~1:processes/minimal.yaml", None): ("removed", True),
        (None, "processes/ny.yaml"): ("added", True),
    }
    # The format specification's keys describe the new version; a removed file's, the old.
    by_status = {p["status"]: p for p in report["processes"]}
    removed, added = by_status["removed"], by_status["added"]
    assert removed["file"] == "HEAD~1:processes/minimal.yaml"
    assert (removed["name"], removed["metrics"]["steps"], removed["hotspots"]) == (
        "Minsta möjliga process",
        2,
        [],
    )
    assert (added["file"], added["id"], added["metrics"]["steps"]) == ("processes/ny.yaml", "ny", 5)
    assert by_status["renamed"]["file"] == "processes/leverantorsfaktura.yaml"
    text = diff(repo, "--base", "HEAD~1", "--lang", "en").stdout
    assert (
        "processes/leverantorsfaktura.yaml: renamed from HEAD~1:processes/faktura.yaml, "
        "no change in meaning" in text
    )


def test_a_base_file_that_does_not_load_is_reported_at_the_revision(repo):
    broken = INVOICE.replace("klar: {kind: end, name: Betald}", "klar: {kind: end, nxt: in}")
    write(repo, "processes/faktura.yaml", broken)
    commit(repo, "Trasig")
    write(repo, "processes/faktura.yaml", INVOICE)
    result = diff(repo, "--base", "HEAD")
    assert result.returncode == 2
    assert "HEAD:processes/faktura.yaml:12:21: error: unknown field 'nxt'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_sub_process_outside_the_compared_folder_is_read_at_the_revision(repo):
    sub = (ROOT / "examples" / "subprocess-attest.yaml").read_text(encoding="utf-8")
    main = (ROOT / "examples" / "subprocess.yaml").read_text(encoding="utf-8")
    write(repo, "delar/att.yaml", sub)
    write(repo, "processes/huvud.yaml", main.replace("subprocess-attest.yaml", "../delar/att.yaml"))
    commit(repo, "Med delprocess")
    assert "wait: 3d\n" in sub
    write(repo, "delar/att.yaml", sub.replace("wait: 3d\n", "wait: 5d\n"))
    code, report = diff_json(repo, "--base", "HEAD", "processes")
    assert code == 0, report["errors"]
    (huvud,) = [p for p in report["processes"] if p["new_file"] == "processes/huvud.yaml"]
    assert huvud["changed"] and huvud["steps"]["changed"] == []
    # JSON keeps four significant digits.
    assert huvud["figures"]["lead_time_hours"]["delta"] == pytest.approx(16.0 / 0.9, rel=5e-4)


def test_paths_relative_to_a_sub_folder(repo):
    write(repo, "processes/faktura.yaml", INVOICE.replace("work: 2m", "work: 20m"))
    result = diff(repo, "--base", "HEAD", ".", cwd=repo / "processes")
    assert result.returncode == 0, result.stderr
    assert "faktura.yaml (Leverantörsfaktura)" in result.stdout


@pytest.mark.parametrize(
    ("where", "name"),
    [
        ("", "processes/faktura.yaml"),
        ("", "./processes/faktura.yaml"),
        ("processes", "faktura.yaml"),
        ("processes", "./faktura.yaml"),
        ("processes", "../processes/faktura.yaml"),
    ],
)
def test_one_file_with_base_as_well_as_a_folder(repo, where, name):
    write(repo, "processes/faktura.yaml", INVOICE.replace("work: 2m", "work: 20m"))
    code, report = diff_json(repo, "--base", "HEAD", name, cwd=repo / where)
    assert code == 0, report["errors"]
    assert [(p["status"], p["changed"]) for p in report["processes"]] == [("modified", True)]
    (process,) = report["processes"]
    assert process["old_file"] == "HEAD:processes/faktura.yaml"
    assert process["new_file"] == ("faktura.yaml" if where else "processes/faktura.yaml")


def test_git_problems_are_input_errors(repo, tmp_path):
    unknown = diff(repo, "--base", "finns-inte")
    assert unknown.returncode == 2 and "unknown revision 'finns-inte'" in unknown.stderr
    (tmp_path / "utanfor").mkdir()
    outside = diff(repo, "--base", "HEAD", cwd=tmp_path / "utanfor")
    assert outside.returncode == 2 and outside.stderr.startswith("error: git:")
    assert "Traceback" not in unknown.stderr + outside.stderr


def test_one_file_loads_as_it_was_at_a_revision(repo):
    from skavmap.format.inputs import read

    write(repo, "processes/faktura.yaml", INVOICE.replace("Attestera", "Godkänn"))
    commit(repo, "Nytt namn")
    found = read([repo / "processes" / "faktura.yaml"], revision="HEAD~1")
    assert found.errors == [] and found.processes[0].steps["attest"].name == "Attestera"
    missing = read([repo / "processes" / "ny.yaml"], revision="HEAD~1")
    assert missing.processes == []
    assert [str(e) for e in missing.errors] == [
        "HEAD~1:processes/ny.yaml:1:1: error: no such file at HEAD~1"
    ]


def test_what_git_cannot_answer_in_swedish(repo):
    gone = run_cli("diff", "--base", "nope", "--lang", "sv", cwd=repo)
    assert gone.returncode == 2 and "error: git: okänd git-version 'nope'" in gone.stderr
    missing = run_cli("diff", "--base", "HEAD", "finns-inte.yaml", "--lang", "sv", cwd=repo)
    assert "finns-inte.yaml:1:1: error: ingen sådan fil eller mapp, varken här eller i HEAD" in (
        missing.stderr
    )
    write(repo, "processes/ny.yaml", MINIMAL)
    new = run_cli("render", "processes/ny.yaml", "--diff-base", "HEAD", "-o", "ny.svg",
                  "--lang", "sv", cwd=repo)  # fmt: skip
    assert new.returncode == 2 and not (repo / "ny.svg").exists()
    assert "HEAD:processes/ny.yaml:1:1: error: ingen sådan fil i HEAD; inget att jämföra med" in (
        new.stderr
    )
    english = run_cli("diff", "--base", "nope", "--lang", "en", cwd=repo)
    assert "error: git: unknown revision 'nope'" in english.stderr
