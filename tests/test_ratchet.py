"""The ratchet: configuration rules that a change may not break, checked by ``skavmap diff``."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, run_cli
from scratch_repo import commit, new_repo, write

from skavmap.analysis.config import load_config
from skavmap.analysis.diff import compare
from skavmap.analysis.engine import analyse
from skavmap.analysis.ratchet import apply
from skavmap.format.loader import load
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.diff_text import breach_text

DATA = ROOT / "tests" / "data" / "diff"
BEFORE, AFTER = DATA / "before.yaml", DATA / "after.yaml"


@pytest.fixture(scope="module")
def forward():
    """before → after: lead time −20 %, work time +7.4 %, +1 handoff (cross-department),
    +1 loop, new night-time notification."""
    return compare(analyse(load(BEFORE)), analyse(load(AFTER)), "before.yaml", "after.yaml")


@pytest.fixture(scope="module")
def backward():
    """after → before: lead time +24 %."""
    return compare(analyse(load(AFTER)), analyse(load(BEFORE)), "after.yaml", "before.yaml")


def rules(tmp_path, text: str):
    path = tmp_path / "skavmap.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def apply_ratchet(diff, config, lang: str = "en") -> list[tuple[str, str]]:
    """(the rule as configured, the message) of each breach."""
    breaches, problems = apply(diff, config.ratchet())
    assert problems == []
    return [(b.setting, breach_text(b, diff.analysis.process, Words(lang))) for b in breaches]


def broken(diff, tmp_path, text: str) -> list[str]:
    return [setting for setting, _ in apply_ratchet(diff, rules(tmp_path, text))]


def test_nothing_is_enforced_by_default(forward, tmp_path):
    assert broken(forward, tmp_path, "") == []


@pytest.mark.parametrize(
    ("setting", "forward_breaks", "backward_breaks"),
    [
        ('max-lead-time-increase = "0%"', False, True),
        ('max-lead-time-increase = "30%"', False, False),
        ('max-lead-time-increase = "4h"', False, True),
        ('max-lead-time-increase = "1d"', False, False),
        ('max-work-time-increase = "5%"', True, False),
        ('max-work-time-increase = "10%"', False, False),
        ("max-handoffs-increase = 0.5", True, False),
        ("max-handoffs-increase = 1", False, False),
        ("max-cross-department-handoffs-increase = 0", True, False),
        ("allow-new-handoffs = false", True, False),
        ("allow-new-cross-department-handoffs = false", True, False),
        ("allow-new-loops = false", True, False),
        ('forbid-new-hotspots = ["SKV4"]', True, False),
    ],
)
def test_each_rule_breaks_only_when_the_change_goes_too_far(
    forward, backward, tmp_path, setting, forward_breaks, backward_breaks
):
    assert bool(broken(forward, tmp_path, setting)) == forward_breaks
    assert bool(broken(backward, tmp_path, setting)) == backward_breaks


def test_messages_name_the_rule_and_the_figures(forward, backward, tmp_path):
    ((rule, message),) = apply_ratchet(backward, rules(tmp_path, 'max-lead-time-increase = "10%"'))
    assert rule == "max-lead-time-increase = 10%"
    assert message == "lead time 3.5 d → 4.4 d (+6.9 h, +24%), more than the 10% allowed"
    ((_, message),) = apply_ratchet(
        forward, rules(tmp_path, "allow-new-cross-department-handoffs = false")
    )
    assert message == (
        "new cross-department handoff Verksamhet → Lön och HR: Chef → Lönehandläggare "
        "at besluta → registrera; cross-department handoffs per case 0 → 1"
    )
    ((_, message),) = apply_ratchet(forward, rules(tmp_path, "allow-new-loops = false"), "sv")
    assert message == "ny slinga registrera → kontroll → registrera; slingor 1 → 2"
    ((rule, message),) = apply_ratchet(forward, rules(tmp_path, 'forbid-new-hotspots = ["SKV4"]'))
    assert rule == 'forbid-new-hotspots = ["SKV4"]'
    assert message.startswith("new hotspot SKV401 night-notification at bekrafta: ")


def test_added_and_removed_files_have_no_baseline(tmp_path):
    added = compare(None, analyse(load(AFTER)), None, "after.yaml")
    strict = rules(tmp_path, 'allow-new-loops = false\nmax-lead-time-increase = "0%"\n')
    assert apply_ratchet(added, strict) == []


# --- the "done when", in a scratch repository ----------------------------------------

FAKTURA = """\
process: Leverantörsfaktura
departments: {ekonomi: Ekonomi, verksamhet: Verksamhet}
roles:
  reskontra: {name: Reskontraekonom, department: ekonomi}
  chef: {name: Budgetansvarig chef, department: verksamhet}
steps:
  in: {kind: start, name: Faktura kommer, next: registrera}
  registrera: {name: Registrera fakturan, role: reskontra, work: 5m, wait: 4h, next: betala}
  betala: {name: Betala, role: reskontra, work: 2m, wait: 1d, next: klar}
  klar: {kind: end, name: Betald}
"""
WITH_ATTEST = FAKTURA.replace("wait: 4h, next: betala}", "wait: 4h, next: attest}").replace(
    "  betala:",
    "  attest: {name: Beslutsattestera, role: chef, work: 5m, wait: 2d, next: betala}\n  betala:",
)


@pytest.mark.git
@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")
def test_a_commit_adding_a_cross_department_handoff_breaks_the_ratchet(tmp_path):
    repo = new_repo(tmp_path / "kommun")
    write(
        repo,
        "pyproject.toml",
        '[project]\nname = "kommun"\n\n'
        "[tool.skavmap]\nallow-new-cross-department-handoffs = false\n",
    )
    write(repo, "processes/faktura.yaml", FAKTURA)
    commit(repo, "Fakturaflödet")
    write(repo, "processes/faktura.yaml", WITH_ATTEST)
    commit(repo, "Beslutsattest av budgetansvarig chef")

    result = run_cli("diff", "--base", "HEAD~1", "--lang", "en", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert (
        "+ cross-department Ekonomi → Verksamhet: Reskontraekonom → Budgetansvarig chef "
        "(registrera → attest)" in out
    )
    assert "  lead time                           1.5 d → 3.5 d   ↑ +2 d (+133%)" in out
    assert "ratchet: 1 rule broken" in out
    assert (
        "processes/faktura.yaml: allow-new-cross-department-handoffs = false: new "
        "cross-department handoff Ekonomi → Verksamhet: Reskontraekonom → Budgetansvarig chef "
        "at registrera → attest; cross-department handoffs per case 0 → 2" in out
    )

    markdown = run_cli("diff", "--base", "HEAD~1", "--format", "markdown", cwd=repo)
    assert markdown.returncode == 1
    assert "**allow-new-cross-department-handoffs = false**" in markdown.stdout
