"""``skavmap actions``: which hotspots an action addresses, the gaps of the plan, and every
output format against saved output.

The plan under test is tests/data/actions/ (two small processes whose actions try each rule).
Saved outputs live in tests/golden/actions/; after a deliberate change of output, rewrite them
with ``SKAVMAP_UPDATE_GOLDEN=1 uv run pytest tests/test_actions.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from conftest import ROOT, analyses_of, golden_checker, rich_text, shipped_copy

from skavmap.analysis import plan as plan_module
from skavmap.analysis.results import Hotspot
from skavmap.format.model import Action, Pos
from skavmap.outputs.vocabulary import Words
from skavmap.reporters import actions as reporter

GOLDEN = ROOT / "tests" / "golden" / "actions"
DATA = "tests/data/actions"


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # file paths in outputs are shown relative to the working folder


def analysed(lang: str):
    analyses, errors = analyses_of(ROOT / DATA)
    assert errors == []
    return analyses


def plan_of(lang: str, threshold: float = plan_module.HIGH_SCORE):
    analyses = analysed(lang)
    return plan_module.build_plan(analyses, threshold), analyses


matches_golden = golden_checker(GOLDEN)


def action(*addresses: str, status: str = "idé") -> Action:
    return Action("X1", "Gör något", addresses, None, None, status, None, Pos(1, 1))


WAIT = Hotspot("SKV303", "long-wait", "wait", ("attest",), 40.0)
PAIN = Hotspot("SKV601", "reported-pain", "pain", ("attest",), 80.0)
HANDOFF = Hotspot("SKV101", "cross-department-handoff", "handoff", ("kontera", "attest"), 30)


@pytest.mark.parametrize(
    ("addresses", "expected"),
    [
        (("attest",), {WAIT, PAIN, HANDOFF}),  # steps only: all friction at those steps
        (("kontera",), {HANDOFF}),  # any one step of a multi-step hotspot is enough
        (("SKV601",), {PAIN}),  # codes only: that kind everywhere in the process
        (("attest", "SKV303"), {WAIT}),  # both: the wait at that step, nothing else
        (("kontera", "SKV303"), set()),
        (("SKV303", "SKV601"), {WAIT, PAIN}),
        ((), set()),  # no addresses: addresses nothing
    ],
)
def test_addresses_steps_say_where_codes_say_what(addresses, expected):
    hit = {h for h in (WAIT, PAIN, HANDOFF) if plan_module.addresses(action(*addresses), h)}
    assert hit == expected


def test_plan_ties_actions_to_hotspots():
    plan, _ = plan_of("en")
    by_id = {p.action.id: p for p in plan.actions}
    assert list(by_id) == ["B1", "B2", "T1", "T2", "T3", "T4", "T5", "T6"]  # file order
    # The pain reported at bestall joined the wait there, and the handoff from bestall
    # joined the wait it is costed by, at bekrafta: both are covered with them.
    assert [(h.code, h.codes, h.places) for h in by_id["T1"].covers] == [
        ("SKV303", ("SKV303", "SKV101"), ("bekrafta", "bestall")),
        ("SKV303", ("SKV303", "SKV601"), ("bestall",)),
    ]
    assert [(h.code, h.steps) for h in by_id["T2"].covers] == [("SKV401", ("paminn",))]
    # [kontroll, SKV303] is the wait at kontroll, which is one friction with the
    # bottleneck there and the handoff into it.
    assert [(h.code, h.codes, h.steps) for h in by_id["T3"].covers] == [
        ("SKV301", ("SKV301", "SKV303", "SKV101"), ("kontroll",))
    ]
    assert {h.code for h in by_id["B2"].covers} == {"SKV201"}


def test_uncovered_are_high_hotspots_without_any_action():
    plan, _ = plan_of("en")
    assert plan.uncovered == ()  # every hotspot of 50 or more has an action
    lower, _ = plan_of("en", threshold=20)
    assert [(u.analysis.process.id, u.hotspot.code, u.hotspot.steps) for u in lower.uncovered] == [
        ("bygglov", "SKV303", ("beslut",)),
    ]
    assert all(u.hotspot.score >= 20 for u in lower.uncovered)


def test_unmatched_actions_but_never_finished_ones():
    plan, _ = plan_of("sv")
    unmatched = {p.action.id: reporter.unmatched_reason(p, Words("sv")) for p in plan.unmatched}
    # T4 names a code this process has no hotspot for; T6 names nothing. T5 names nothing
    # too but is done, which is the plan working, not a gap.
    assert unmatched == {
        "T4": "inget skaver just nu vid SKV701",
        "T6": "anger inga steg eller koder under 'addresses'",
    }


def test_groups_keep_the_format_order_and_sort_by_due_date():
    plan, _ = plan_of("sv")
    by_level = [
        (label, [p.action.id for p in members])
        for label, members in reporter.labelled_groups(plan, "level", Words("sv"))
    ]
    assert by_level == [
        ("Central", ["T5", "T1", "T4"]),
        ("Förvaltning", ["T2"]),
        ("Enhet", ["B2", "T3"]),
        ("Ingen nivå angiven", ["B1", "T6"]),
    ]
    by_status = [label for label, _ in reporter.labelled_groups(plan, "status", Words("en"))]
    assert by_status == ["Idea", "Planned", "In progress", "Done"]
    by_owner = [label for label, _ in reporter.labelled_groups(plan, "owner", Words("sv"))]
    assert by_owner == [
        "Ekonom",
        "Ekonomi",
        "Samhällsbyggnad",
        "Socialtjänsten",
        "Tolkförmedlingen",
        "Ingen ägare angiven",
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_text_report_golden(at_root, lang):
    plan, _ = plan_of(lang)
    text = rich_text(reporter.text_report(plan, "level", Words(lang)))
    matches_golden(f"plan.{lang}.txt", text)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_markdown_report_golden(at_root, lang):
    plan, _ = plan_of(lang)
    matches_golden(f"plan.{lang}.md", reporter.markdown_report(plan, "owner", Words(lang)))


def test_csv_report_golden(at_root):
    plan, _ = plan_of("sv")
    text = reporter.csv_report(plan, "status", Words("sv"))
    matches_golden("plan.status.csv", text)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 8
    assert {r["id"]: r["unmatched"] for r in rows}["T4"] == "yes"
    assert {r["id"]: r["due"] for r in rows}["T1"] == date(2027, 1, 31).isoformat()


def test_json_report_golden_and_shape(at_root):
    plan, _ = plan_of("en", threshold=20)
    text = reporter.json_report(plan, "level", Words("en"))
    matches_golden("plan.json", text)
    document = json.loads(text)
    assert document["threshold"] == 20.0
    assert [a["id"] for a in document["actions"]][:3] == ["T5", "T1", "T4"]
    assert document["uncovered"][0]["code"] == "SKV303"
    assert [u["id"] for u in document["unmatched"]] == ["T4", "T6"]


def test_command_prints_the_golden_text(cli):
    done = cli("actions", DATA, "--lang", "sv", env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == (GOLDEN / "plan.sv.txt").read_text(encoding="utf-8")


def test_command_formats_and_exit_codes(cli):
    done = cli("actions", DATA, "--format", "json", "--group", "owner", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["group_by"] == "owner"
    failing = cli("actions", DATA, "--fail-uncovered", "--threshold", "20", "--format", "csv")
    assert failing.returncode == 1
    passing = cli("actions", DATA, "--fail-uncovered", "--format", "csv")
    assert passing.returncode == 0, passing.stdout
    assert cli("actions", DATA, "--group", "colour").returncode == 2
    assert cli("actions", DATA, "--format", "xml").returncode == 2


def test_command_reports_a_broken_file_without_traceback(cli, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "process: X\nsteps:\n  a: {kind: start, next: b}\n  b: {kind: end}\n"
        "actions:\n  - {id: A1, text: Gör, addresses: [c]}\n",
        encoding="utf-8",
    )
    done = cli("actions", str(broken))
    assert done.returncode == 2
    assert "broken.yaml:6:" in done.stderr and "Traceback" not in done.stderr


def test_the_shipped_plans_leave_something_to_discuss(cli, tmp_path):
    work = shipped_copy(tmp_path, "processes")
    done = cli("actions", "processes", "--format", "json", "--lang", "sv", cwd=work)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert len(document["actions"]) >= 25
    assert {a["level"] for a in document["actions"]} == {"central", "förvaltning", "enhet"}
    assert {a["status"] for a in document["actions"]} == {"idé", "planerad", "pågår", "klar"}
    assert document["uncovered"] and all(u["score"] >= 50 for u in document["uncovered"])
    assert [u["id"] for u in document["unmatched"]] == ["A11"]


def test_the_command_defaults_are_the_documented_ones():
    import inspect

    from skavmap import cli

    threshold = inspect.signature(cli.actions).parameters["threshold"].default
    assert threshold == plan_module.HIGH_SCORE == 50
    assert inspect.signature(cli.report).parameters["threshold"].default == threshold
