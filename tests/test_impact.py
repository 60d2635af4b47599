"""What a hotspot costs: each kind's counterfactual, worked by hand, and the shortcuts that
keep impacts fast checked against analysing the changed process whole."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, analysed, shipped
from hypothesis import given, settings
from hypothesis import strategies as st

from skavmap.analysis.engine import analyse
from skavmap.analysis.impact import _chain_solved
from skavmap.analysis.metrics import compute_metrics, propagate, step_graph
from skavmap.analysis.scenario import without_time
from skavmap.format.loader import load

HEAD = """\
process: P
volume: 100/month
departments: {a: A, b: B}
roles:
  x: {name: X, department: a, cost_per_hour: 500}
  y: {name: Y, department: b}
"""


def write(tmp_path: Path, steps: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + "steps:\n" + textwrap.indent(textwrap.dedent(steps), "  "))
    return path


def hotspot(analysis, code: str, steps: tuple[str, ...]):
    return next(h for h in analysis.hotspots if h.code == code and h.steps == steps)


def test_each_kind_costs_what_its_counterfactual_takes_away(tmp_path):
    # A rework loop back from a decision (p 0.25), a manual re-entry, a long wait that is
    # also the bottleneck, and a handoff into it.
    analysis = analyse(
        load(
            write(
                tmp_path,
                """
                s: {kind: start, next: reg}
                reg: {role: x, work: 30m, wait: 1h, next: kontr}
                kontr:
                  kind: decision
                  role: x
                  work: 10m
                  next: [{to: reg, when: fel, p: 0.25}, {to: attest}]
                attest: {role: y, work: 15m, wait: 3d, next: bokf}
                bokf: {role: x, work: 20m, manual: true, next: e}
                e: {kind: end}
                """,
            )
        )
    )
    visits = 1 / 0.75  # reg and kontr run 4/3 times per case
    loop = hotspot(analysis, "SKV201", ("reg", "kontr")).impact
    # Without the loop they run once: 1/3 visit less of 1.5 h (reg) and 10 min (kontr).
    assert loop.lead_time_hours == pytest.approx((visits - 1) * (1.5 + 1 / 6))
    assert loop.work_time_hours == pytest.approx((visits - 1) * (0.5 + 1 / 6))
    assert loop.work_cost == pytest.approx(500 * (visits - 1) * (0.5 + 1 / 6))
    wait = hotspot(analysis, "SKV301", ("attest",))
    # One friction, told once: the wait, and the handoff into the step costed by it.
    assert [(r.code, r.steps) for r in wait.related] == [
        ("SKV303", ("attest",)),
        ("SKV101", ("kontr", "attest")),
    ]
    assert wait.impact.lead_time_hours == pytest.approx(24.0)
    assert wait.impact.work_time_hours == 0.0
    # 100 cases a month: 1,200 a year (the specification's periods).
    assert wait.impact.cases_per_year == pytest.approx(1200)
    assert wait.impact.lead_time_hours_per_year == pytest.approx(24 * 1200)
    manual = hotspot(analysis, "SKV501", ("bokf",)).impact
    assert (manual.lead_time_hours, manual.work_time_hours) == pytest.approx((1 / 3, 1 / 3))
    # The ranking follows the hours: the 3-day wait first.
    assert analysis.hotspots[0].code == "SKV301"


def test_pain_joins_the_hotspot_of_its_step(tmp_path):
    analysis = analyse(
        load(
            write(
                tmp_path,
                """
                s: {kind: start, next: a}
                a: {role: x, work: 1h, wait: 2d, next: b, pain: [{text: Tar tid, votes: 6}]}
                b: {role: x, work: 1h, next: e, pain: [{text: Krångligt, votes: 9}]}
                e: {kind: end}
                """,
            )
        )
    )
    joined = hotspot(analysis, "SKV301", ("a",))
    assert joined.votes == 6 and "SKV601" in [r.code for r in joined.related]
    alone = hotspot(analysis, "SKV601", ("b",))
    assert alone.impact is None and alone.votes == 9 and alone.score <= 10


def loops_of(path: Path):
    analysis = analysed(path)
    counter = analysis.context.counterfactuals
    for group in analysis.metrics.loop_groups:
        yield analysis, counter, group


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.stem)
def test_loop_shortcuts_agree_with_analysing_the_changed_process(path):
    for _, counter, group in loops_of(path):
        shares = counter.loop_cut(group)
        fast, whole = counter.without_loop(group), counter._again(shares)
        assert fast.lead_time_hours == pytest.approx(whole.lead_time_hours, rel=1e-9, abs=1e-9)
        assert fast.work_time_hours == pytest.approx(whole.work_time_hours, rel=1e-9, abs=1e-9)
        assert fast.handoffs == pytest.approx(whole.handoffs, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.stem)
def test_time_shortcuts_agree_with_analysing_the_changed_process(path):
    analysis = analysed(path)
    counter = analysis.context.counterfactuals
    before = analysis.metrics
    timed = [s for s in analysis.process.steps.values() if s.wait or s.work]
    # Every step of a small process; of a larger one, a spread of eight (each re-analysis
    # of a process with parallel work works out every block's E[max] again).
    for step in timed[:: max(1, -(-len(timed) // 8))]:
        sid = step.id
        changed = without_time(analysis.process, {sid: (True, True)})
        after = compute_metrics(changed, step_graph(changed))
        fast = counter.without_time({sid: (True, True)})
        lost = before.lead_time_hours - after.lead_time_hours
        assert fast.lead_time_hours == pytest.approx(lost, rel=1e-6, abs=1e-6), sid
        worked = before.work_time_hours - after.work_time_hours
        assert fast.work_time_hours == pytest.approx(worked, rel=1e-9, abs=1e-9), sid


#: docs/analysis.md, "One worked example per kind": file, hotspot, and the figures the page
#: works out by hand (lead time and work per case, work hours and cost per year).
WORKED = [
    ("long-wait", "SKV301", ("attest",), 24.0, 0.0, 0.0, None),
    ("bottleneck", "SKV301", ("utred",), 8.0, 0.0, None, None),
    ("cross-department-handoff", "SKV101", ("belopp", "granska"), 0.15, 0.0, None, None),
    ("rework-loop", "SKV201", ("registrera", "granska"), 0.125, 0.125, None, None),
    ("system-switch", "SKV501", ("registrera",), 1 / 6, 1 / 6, 800.0, 360_000.0),
    (
        "approval-chain",
        "SKV701",
        ("chefsattest", "forvaltning", "budget"),
        1 / 6,
        1 / 6,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    "name, code, steps, lead, work, per_year, cost", WORKED, ids=lambda v: str(v)
)
def test_the_worked_examples_of_the_docs(name, code, steps, lead, work, per_year, cost):
    analysis = analyse(load(ROOT / "examples" / "analysers" / f"{name}.yaml"))
    impact = hotspot(analysis, code, steps).impact
    assert impact.lead_time_hours == pytest.approx(lead)
    assert impact.work_time_hours == pytest.approx(work)
    assert impact.work_hours_per_year == pytest.approx(per_year)
    assert impact.work_cost_per_year == pytest.approx(cost)
    docs = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    assert f"`examples/analysers/{name}.yaml`" in docs.split("### One worked example per kind")[1]


#: Loops around parallel work, a loop that re-enters a branch, and a loop with two ways out
#: whose shares change (what comes after it, parallel work too, moves with them).
TANGLED = """\
  s: {kind: start, next: a}
  a: {role: x, work: 1h, next: p}
  p: {kind: parallel, next: [b, c]}
  b: {role: x, work: 2h, wait: 1d, next: j}
  c: {role: y, work: 1h, next: j}
  j: {role: y, work: 30m, next: d}
  d:
    kind: decision
    role: x
    next: [{to: a, p: 0.2}, {to: e, p: 0.5}, {to: f}]
  e: {role: y, wait: 4h, next: q}
  f: {kind: decision, next: [{to: c, p: 0.1}, {to: q}]}
  q: {kind: parallel, next: [g, h]}
  g: {role: x, work: 1h, next: k}
  h: {role: y, wait: 2d, next: k}
  k: {kind: end}
"""


@pytest.mark.parametrize(
    "shape",
    [dict(loop_every=15, parallel_every=25), dict(loop_every=7, parallel_every=11)],
    ids=["loops-and-blocks", "dense"],
)
def test_loops_around_parallel_work_are_cut_locally_and_exactly(tmp_path, shape):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    generated = tmp_path / "generated.yaml"
    generated.write_text(generate(300, roles=12, departments=4, **shape), encoding="utf-8")
    tangled = write(tmp_path, TANGLED)
    tried = 0
    for path in (generated, tangled):
        for _, counter, group in loops_of(path):
            shares = counter.loop_cut(group)
            if shares is None:
                continue
            blocked = {n for b in counter.flow.blocks for n in b.region | {b.split}}
            tried += bool(blocked & set(group))
            fast, whole = counter.without_loop(group), counter._again(shares)
            for field in ("lead_time_hours", "work_time_hours", "handoffs", "work_cost"):
                got, want = getattr(fast, field), getattr(whole, field)
                assert (got is None) == (want is None), (path.name, group, field)
                if want is not None:
                    assert got == pytest.approx(want, rel=1e-9, abs=1e-9), (path, group, field)
    assert tried >= 3  # the cases the shortcuts used to leave to a whole analysis


@st.composite
def cut_loops(draw):
    """A cut loop's steps with the arrows left among them: often a chain (each step on to
    the next, the arrow back at 0), else anything, weights above 1 included."""
    size = draw(st.integers(1, 12))
    members = [f"n{i}" for i in range(size)]
    weight = st.sampled_from([0.0, 0.15, 0.85, 1.0, 1.5]) | st.floats(0.0, 1.0)
    rows: dict[str, dict[str, float]] = {m: {} for m in members}
    if draw(st.booleans()):
        for u, v in zip(members, members[1:], strict=False):
            rows[u][v] = draw(weight)
        rows[members[-1]][members[0]] = 0.0
        rows[members[-1]]["out"] = 1.0
    else:
        for _ in range(draw(st.integers(0, 2 * size))):
            u, v = draw(st.sampled_from(members)), draw(st.sampled_from([*members, "out"]))
            rows[u][v] = draw(weight)
    inflow = {m: draw(st.sampled_from([0.0, 1.0]) | st.floats(0.0, 5.0)) for m in members}
    return members, rows, inflow


@settings(max_examples=120, deadline=None)
@given(cut_loops())
def test_a_loop_cut_into_a_chain_is_solved_to_the_last_digit_as_the_solver_does(loop):
    members, rows, inflow = loop
    chained = _chain_solved(members, rows, inflow)
    if chained is None:
        return
    solved = propagate(members, {}, inflow, out=rows)
    assert {m: float(solved[m]) for m in members} == chained


def test_a_plain_loop_cut_is_a_chain():
    rows = {"a": {"b": 1.0}, "b": {"c": 1.0}, "c": {"a": 0.0, "out": 1.0}}
    assert _chain_solved(["a", "b", "c"], rows, {"a": 1.0, "b": 0.0, "c": 0.0}) == {
        "a": 1.0,
        "b": 1.0,
        "c": 1.0,
    }
