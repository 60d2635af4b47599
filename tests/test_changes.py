"""Actions that change the model (format 1.1): validation with line and column, the changed
process, its effect worked by hand, and the commands that show it (actions, whatif, render
--apply, diff --apply)."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from skavmap.analysis.effect import effect, figures, plan_effects
from skavmap.commands.whatif import parse_change
from skavmap.format.changes import applied, planned
from skavmap.format.diagnostics import LoadError
from skavmap.format.loader import load

HEAD = """\
process: P
volume: 100/month
departments: {a: A, b: B}
roles:
  x: {name: X, department: a, cost_per_hour: 600}
  y: {name: Y, department: b, cost_per_hour: 400}
systems: {s1: S1, s2: S2}
steps:
  s: {kind: start, next: a}
  a: {role: x, work: 1h, wait: 2d, next: k}
  k:
    kind: decision
    next: [{to: b, when: ja, p: 0.8}, {to: a, when: nej}]
  b: {role: y, work: 30m, wait: 1d, next: c}
  c: {role: x, system: s1, work: 12m, manual: true, next: n}
  n: {kind: notify, at: "23:00", next: e}
  e: {kind: end}
actions:
"""


def write(tmp_path: Path, actions: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + textwrap.indent(textwrap.dedent(actions), "  "), encoding="utf-8")
    return path


def errors(tmp_path: Path, actions: str) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load(write(tmp_path, actions))
    return [str(d).split(":", 1)[1] for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            "{step: aa, wait: 1d}",
            "there is no step 'aa' to change; did you mean 'a'?",
        ),
        (
            "{step: a, wiat: 1d}",
            "unknown field 'wiat' in change 1 of action 'A1'; did you mean 'wait'?",
        ),
        (
            "{step: k, branch: c, p: 5%}",
            "'c' is not a branch of decision 'k' (its branches go to b, a)",
        ),
        (
            "{step: a, branch: b, p: 5%}",
            "'a' is a task, not a decision: only a decision's branches have a share p to change",
        ),
        (
            "{step: k, remove: true}",
            "'k' cannot be removed: it is a decision with "
            "2 ways on; only a step with one 'next' can be bypassed (change a branch's p to leave "
            "a way out instead)",
        ),
        ("{step: a, role: z}", "unknown role 'z'"),
        (
            "{role: x, wait: 1d}",
            "'wait' is a step's; add 'step: STEP_ID' to change "
            "a step (a role change sets capacity or cost_per_hour)",
        ),
        (
            "{step: a, capacity: 3}",
            "'capacity' belongs to a role, not to step 'a'; "
            "make it a change of its own: {role: ROLE_ID, capacity: ...}",
        ),
        (
            "{step: k, branch: b}",
            "'branch' and 'p' go together: {step: k, branch: "
            "NEXT_STEP, p: 5%} sets that branch's share",
        ),
        (
            "{step: k, branch: b, p: 0}",
            "after the changes of action 'A1' the process is no longer valid: cases that reach "
            "'k' can never leave its loop: the way out (b) has p 0 and every other branch leads "
            "back; give the way out a share of the cases (line 13)",
        ),
        (
            "{step: n, at: '25:00'}",
            'bad clock time \'25:00\'; write HH:MM, e.g. "02:00" or "16:30"',
        ),
    ],
)
def test_every_change_is_checked_where_it_is_written(tmp_path, changes, expected):
    found = errors(tmp_path, f"- id: A1\n  text: Gör något\n  changes:\n    - {changes}\n")
    # One error, on the change's own line (a field's error at that field's column).
    [(where, message)] = [f.split(": error: ", 1) for f in found]
    line, column = map(int, where.split(":"))
    assert message == expected
    assert line == HEAD.count("\n") + 4 and column >= 7


def test_the_changes_together_must_leave_a_valid_process_too(tmp_path):
    # Each alone is fine; together no case leaves the loop any more.
    found = errors(
        tmp_path,
        """
        - id: A1
          text: Ett
          changes: [{step: k, branch: a, p: 50%}]
        - id: A2
          text: Två
          changes: [{step: k, branch: b, p: 0}]
        """,
    )
    assert len(found) == 1 and "of action 'A2'" in found[0]


def test_a_change_to_a_step_another_action_removed_names_the_change_that_did(tmp_path):
    found = errors(
        tmp_path,
        """
        - id: A1
          text: Ta bort steg c
          changes: [{step: c, remove: true}]
        - id: A2
          text: Snabbare c
          changes: [{step: c, work: 5m}]
        """,
    )
    removed_at = HEAD.count("\n") + 4
    assert found == [
        f"{removed_at + 3}:15: error: step 'c' is no longer there: the change at line "
        f"{removed_at} removed it"
    ]


def test_a_typed_change_to_a_step_a_typed_change_removed_names_that_change(cli):
    done = cli("whatif", "processes/invoice.yaml", "--change", "remove inlasning",
               "--change", "inlasning.wait=1d", "--lang", "sv")  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        "--change 'inlasning.wait=1d': error: steget 'inlasning' finns inte längre: "
        "--change nummer 1 tog bort det\n"
    )


def test_a_removed_step_is_bypassed_and_a_branch_share_rescales_the_others(tmp_path):
    process = load(
        write(
            tmp_path,
            """
            - id: A1
              text: Ta bort b och färre omtag
              changes:
                - {step: b, remove: true}
                - {step: k, branch: a, p: 5%}
                - {role: y, capacity: 2}
            """,
        )
    )
    after = planned(process)
    assert "b" not in after.steps
    assert [(br.to, br.p) for br in after.steps["k"].next] == [("c", 0.95), ("a", 0.05)]
    assert after.roles["y"].capacity == 2 and process.roles["y"].capacity is None
    assert process.steps["b"].next[0].to == "c"  # today's process is untouched


def test_two_branches_that_meet_after_a_removal_are_one(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(
        "process: Q\ndepartments: {a: A}\nroles: {x: {name: X, department: a}}\nsteps:\n"
        "  s: {kind: start, next: k}\n"
        "  k: {kind: decision, next: [{to: m, when: ja, p: 0.3}, {to: e, when: nej}]}\n"
        "  m: {role: x, work: 1h, next: e}\n  e: {kind: end}\n"
        "actions:\n  - {id: A1, text: T, changes: [{step: m, remove: true}]}\n",
        encoding="utf-8",
    )
    after = planned(load(path))
    [branch] = after.steps["k"].next
    assert (branch.to, branch.p, branch.when) == ("e", pytest.approx(1.0), "ja / nej")


def test_work_cost_is_known_only_when_every_own_role_that_works_has_a_price(tmp_path):
    process = load(write(tmp_path, "- {id: A1, text: T, changes: [{step: a, wait: 1d}]}\n"))
    assert figures(process).values["work_cost"] == pytest.approx(600 * (1.25 + 0.2) + 400 * 0.5)
    unpriced = {r: dataclasses.replace(role, cost_per_hour=None) for r, role in
                process.roles.items() if r == "y"}  # fmt: skip
    without = dataclasses.replace(process, roles={**process.roles, **unpriced})
    # Moving a's work to y would otherwise save x's 600 an hour on paper.
    assert figures(without).values["work_cost"] is None


def test_the_effect_is_every_figure_before_and_after_worked_by_hand(tmp_path):
    process = load(
        write(
            tmp_path,
            """
            - id: A1
              text: Kortare väntan och färre omtag
              changes:
                - {step: a, wait: 1d}
                - {step: k, branch: a, p: 5%}
            - id: A2
              text: Automatisk överföring och påminnelse på dagtid
              changes:
                - {step: c, manual: false, work: 6m}
                - {step: n, at: "08:00"}
            """,
        )
    )
    found = plan_effects(process)
    one = found.actions["A1"]
    # a runs 1/0.8 = 1.25 times at 17 h; after, 1/0.95 times at 9 h. b and c stay.
    assert one.change("lead_time_hours") == pytest.approx(9 / 0.95 - 17 * 1.25)
    assert one.change("work_time_hours") == pytest.approx(1 / 0.95 - 1.25)
    # x costs 600 an hour: a's work at x's rate.
    assert one.change("work_cost") == pytest.approx(600 * (1 / 0.95 - 1.25))
    # 100 cases a month: 1,200 a year.
    assert one.per_year("lead_time_hours") == pytest.approx(1200 * (9 / 0.95 - 17 * 1.25))
    two = found.actions["A2"]
    assert two.change("lead_time_hours") == pytest.approx(-0.1)
    assert two.change("manual_steps") == -1.0 and two.change("night_notifications") == -1.0
    assert two.hours_saved == pytest.approx(0.2)  # 6 minutes of lead time and of work
    both = found.plan
    assert both.change("lead_time_hours") == pytest.approx(
        one.change("lead_time_hours") + two.change("lead_time_hours")
    )
    assert both.before == figures(process)
    assert both.after == figures(applied(process, [c for a in process.actions for c in a.changes]))


def test_a_capacity_change_moves_utilisation_and_nothing_else(tmp_path):
    process = load(write(tmp_path, "- {id: A1, text: T, changes: [{role: x, capacity: 2}]}\n"))
    moved = effect(process, process.actions[0].changes)
    assert moved.utilisation == {"x": (None, pytest.approx(100 / 21 / 8 * (1.25 + 0.2) / 2))}
    assert all(moved.change(name) == 0 for name in ("lead_time_hours", "work_time_hours"))


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("attest.wait=1d", {"step": "attest", "wait": "1d"}),
        ("remove skanna", {"step": "skanna", "remove": True}),
        ("ta bort skanna", {"step": "skanna", "remove": True}),
        ("attest->kontera=5%", {"step": "attest", "branch": "kontera", "p": "5%"}),
        ("reskontra.capacity=3", {"role": "reskontra", "capacity": "3"}),
        ("x.system=s1, s2", {"step": "x", "system": ["s1", "s2"]}),
        ("paminn.at=08:00", {"step": "paminn", "at": "08:00"}),
    ],
)
def test_whatif_reads_changes_as_a_file_writes_them(text, change):
    assert parse_change(text) == change


def test_whatif_takes_any_id_as_the_file_writes_the_change(cli, tmp_path):
    """An id holding ``=`` and ``->`` cannot be written as ``STEP.FIELD=VALUE``; the
    change's own YAML mapping can name it, and is checked as the file's changes are."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "process: P\nroles: {x: {name: X}}\nsteps:\n  s: {kind: start, next: 'a=b->c'}\n"
        "  'a=b->c': {role: x, work: 1h, wait: 2d, next: k}\n"
        "  k: {kind: decision, next: [{to: e, when: ja, p: 0.8}, {to: 'a=b->c', when: nej}]}\n"
        "  e: {kind: end}\n",
        encoding="utf-8",
    )
    assert parse_change("{step: 'a=b->c', wait: 1d}") == {"step": "a=b->c", "wait": "1d"}
    done = cli("whatif", str(path), "-c", "{step: 'a=b->c', wait: 1d}", "--format", "json")
    assert done.returncode == 0, done.stderr
    lead = json.loads(done.stdout)["effect"]["figures"]["lead_time_hours"]
    # The step waits 2 days (16 working hours) on each of its 1.25 visits; now 1 day.
    assert lead["change"] == pytest.approx(-8 * 1.25)
    for wrong in ("{step: 'a=b->c', wiat: 1d}", "{step: [unclosed", "[a, b]"):
        refused = cli("whatif", str(path), "-c", wrong)
        assert refused.returncode == 2 and refused.stdout == "", wrong
        assert f"--change {wrong!r}: error:" in refused.stderr


def test_whatif_prints_the_effect_and_names_the_change_that_is_wrong(cli):
    done = cli(
        "whatif",
        "processes/invoice.yaml",
        "-c",
        "beslutsattest.wait=1d",
        "-c",
        "paminn.at=08:00",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["changes"] == ["beslutsattest.wait=1d", "paminn.at=08:00"]
    lead = document["effect"]["figures"]["lead_time_hours"]
    assert lead["change"] < 0 and document["effect"]["figures"]["night_notifications"]["after"] == 0
    wrong = cli(
        "whatif", "processes/invoice.yaml", "-c", "beslutsattest.wiat=1d", "-c", "remove kanal"
    )
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert (
        "--change 'beslutsattest.wiat=1d': error: unknown field 'wiat'; did you mean "
        "'wait'?" in wrong.stderr
    )
    nonsense = cli("whatif", "processes/invoice.yaml", "-c", "snabbare nu")
    assert nonsense.returncode == 2 and "write STEP.FIELD=VALUE" in nonsense.stderr
    assert "Traceback" not in wrong.stderr + nonsense.stderr


def test_actions_rank_by_effect_and_carry_it_in_json(cli):
    done = cli("actions", "processes/invoice.yaml", "--by", "effect", "--format", "json")
    document = json.loads(done.stdout)
    saved = [a["effect"]["hours_saved_per_year"] for a in document["actions"] if a["effect"]]
    assert saved == sorted(saved, reverse=True) and len(saved) >= 5
    assert [a["effect"] for a in document["actions"][len(saved) :]] == [None] * (
        len(document["actions"]) - len(saved)
    )
    # The text and the Markdown show what they rank by: the hours saved a year.
    table = cli("actions", "processes/invoice.yaml", "--by", "effect", "--format", "markdown")
    rows = [line.split(" | ") for line in table.stdout.splitlines() if line.startswith("| A")]
    shown = [row[-2] for row in rows[: len(saved)]]
    assert shown == [f"−{round(h):,} h" if h else "±0" for h in saved]
    [process] = document["processes"]
    plan = process["plan_effect"]["figures"]["lead_time_hours"]
    assert plan["after"] < plan["before"] and plan["change"] == pytest.approx(
        plan["after"] - plan["before"], abs=0.01
    )


def test_render_apply_draws_the_planned_process_marked_against_today(cli, tmp_path):
    out = tmp_path / "efter.dot"
    done = cli(
        "render", "processes/recruitment.yaml", "--apply", "R7,R3", "-o", str(out), "--lang", "sv"
    )
    assert done.returncode == 0, done.stderr
    dot = out.read_text(encoding="utf-8")
    assert "i dag (kartan visar processen efter R3, R7)" in dot
    assert "borttaget" in dot and "ändrat: väntan" in dot
    missing = cli("render", "processes/recruitment.yaml", "--apply", "R99")
    assert missing.returncode == 2 and "has no action R99" in missing.stderr


def test_diff_apply_compares_the_file_with_its_planned_state(cli):
    done = cli("diff", "processes/invoice.yaml", "--apply", "A5", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "compared with today (the new is the process after A5)" in done.stdout
    assert "wait 3 d → 2 d" in done.stdout and "branch shares" in done.stdout


def test_the_shipped_plans_say_what_they_would_save():
    for name in ("invoice.yaml", "recruitment.yaml", "motala/invoice.yaml"):
        found = plan_effects(load(ROOT / "processes" / name))
        assert found.plan is not None and found.plan.hours_saved > 1.0, name


def test_the_worked_example_of_the_workshop_docs():
    # docs/workshop.md: A3 halves the wait at mottagning, visited 1/(1 - 0.1) times.
    process = load(ROOT / "processes" / "invoice.yaml")
    found = plan_effects(process).actions["A3"]
    assert found.change("lead_time_hours") == pytest.approx(-8 / 0.9)
    assert found.per_year("lead_time_hours") == pytest.approx(-21_600 * 8 / 0.9)
    assert round(found.per_year("lead_time_hours")) == -192_000
    docs = (ROOT / "docs" / "workshop.md").read_text(encoding="utf-8")
    assert "192,000 hours of lead time a year" in docs and "`−192 000 h` saved a year" in docs
    shown = run_cli(
        "actions",
        "processes/invoice.yaml",
        "--by",
        "effect",
        "--lang",
        "sv",
        "--format",
        "markdown",
    ).stdout
    [row] = [line for line in shown.splitlines() if line.startswith("| A3 |")]
    assert row.split(" | ")[-4:-1] == ["−1,1 d", "±0", "−192\xa0000 h"]


def test_ids_typed_decomposed_on_the_command_line_are_the_file_s_ids(cli):
    # "Ä" typed as A and a combining diaeresis, as some terminals and file names send it.
    decomposed = "A\u0308"
    assert parse_change(f"{decomposed}rende.wait=1d") == {"step": "\u00c4rende", "wait": "1d"}
    from skavmap.format.changes import actions_named

    process = load(ROOT / "processes" / "invoice.yaml")
    renamed = [dataclasses.replace(a, id=f"\u00c4{a.id}") for a in process.actions[:2]]
    assert actions_named(renamed, [f"{decomposed}{process.actions[1].id}"]) == [renamed[1]]
