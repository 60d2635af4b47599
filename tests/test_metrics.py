"""Metrics against hand computation (to 1e-6), and expected visits against a Monte Carlo walk."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from conftest import ROOT, SHIPPED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skavmap.analysis import metrics as metrics_module
from skavmap.analysis.context import Context
from skavmap.analysis.digraph import DiGraph
from skavmap.analysis.engine import analyse
from skavmap.analysis.metrics import (
    DENSE_LIMIT,
    PYTHON_LIMIT,
    Flow,
    Singular,
    compute_metrics,
    parallel_blocks,
    propagate,
    step_graph,
)
from skavmap.format.diagnostics import LoadError
from skavmap.format.loader import load

HEAD = """\
process: Test
departments: {d1: Avdelning 1, d2: Avdelning 2, d3: Avdelning 3}
roles:
  x: {name: X, department: d1, capacity: 2}
  y: {name: Y, department: d2}
  y1: {name: Y1, department: d1}
  z: {name: Z, department: d3}
  ext: {name: Extern, external: true}
  ext2: {name: Extern 2, external: true}
"""


def metrics_of(tmp_path: Path, steps: str, head: str = HEAD, name: str = "p.yaml"):
    path = tmp_path / name
    path.write_text(head + "steps:\n" + textwrap.indent(textwrap.dedent(steps), "  "))
    process = load(path)
    return compute_metrics(process, step_graph(process))


def approx(value: float):
    return pytest.approx(value, abs=1e-6)


def test_linear(tmp_path):
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 30m, wait: 2h, next: b}
        b: {role: y1, work: 1h, wait: 1d, next: e}
        e: {kind: end}
        """,
    )
    assert m.steps == 4
    assert m.lead_time_hours == approx(2.5 + 9)
    assert m.work_time_hours == approx(1.5)
    assert m.flow_efficiency == approx(1.5 / 11.5)
    assert (m.handoffs, m.cross_department_handoffs) == (approx(1), approx(0))
    assert m.loops == 0 and m.loop_groups == () and m.rework_edges == frozenset()
    assert m.departments_touched == 1
    assert {s: f.visits for s, f in m.per_step.items()} == {"s": 1, "a": 1, "b": 1, "e": 1}
    assert m.per_step["b"].hours == approx(9)
    assert m.per_step["b"].share == approx(9 / 11.5)
    assert m.cross_department_edges == frozenset()
    assert dict(m.edge_traversals) == {("s", "a"): 1, ("a", "b"): 1, ("b", "e"): 1}


def test_loop_with_probability(tmp_path):
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 1h, next: d}
        d:
          kind: decision
          role: x
          work: 30m
          next: [{to: e, when: ja}, {to: a, when: nej, p: 25%}]
        e: {kind: end}
        """,
    )
    assert m.per_step["a"].visits == approx(4 / 3)
    assert m.per_step["d"].visits == approx(4 / 3)
    assert m.lead_time_hours == approx(4 / 3 * 1.5)
    assert m.edge_traversals[("d", "a")] == approx(1 / 3)
    assert m.edge_traversals[("d", "e")] == approx(1)
    assert m.loops == 1 and m.loop_groups == (("a", "d"),)
    assert m.rework_edges == frozenset({("d", "a")})
    assert m.handoffs == approx(0)


def test_nested_loops(tmp_path):
    # Inner loop b-c taken back half the time, outer loop back to a a fifth of the time:
    # Va = 1 + 0.2 Vd, Vb = Va + 0.5 Vc, Vc = Vb, Vd = 0.5 Vc  =>  Va = Vd = 1.25, Vb = Vc = 2.5.
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 1h, next: b}
        b: {role: x, work: 1h, next: c}
        c:
          kind: decision
          role: x
          work: 1h
          next: [{to: b, when: igen, p: 0.5}, {to: d, when: klar}]
        d:
          kind: decision
          role: x
          work: 1h
          next: [{to: a, when: om, p: 0.2}, {to: e, when: klar}]
        e: {kind: end}
        """,
    )
    visits = {s: f.visits for s, f in m.per_step.items()}
    assert visits == {
        "s": approx(1),
        "a": approx(1.25),
        "b": approx(2.5),
        "c": approx(2.5),
        "d": approx(1.25),
        "e": approx(1),
    }
    assert m.work_time_hours == approx(7.5)
    assert m.loops == 1 and m.loop_groups == (("a", "b", "c", "d"),)
    assert m.rework_edges == frozenset({("c", "b"), ("d", "a")})


def test_roleless_decision_between_two_roles(tmp_path):
    # x hands to y through the gateway 30 % of the time; y hands back to x; x to x is none.
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 1h, next: g}
        g:
          kind: decision
          next: [{to: b, when: stor, p: 0.3}, {to: c, when: liten}]
        b: {role: y, work: 1h, next: c}
        c: {role: x, work: 1h, next: e}
        e: {kind: end}
        """,
    )
    assert m.handoffs == approx(0.6)
    assert m.cross_department_handoffs == approx(0.6)
    assert m.cross_department_edges == frozenset({("g", "b"), ("b", "c")})
    assert m.departments_touched == 2


def test_external_roles_are_departments_of_their_own(tmp_path):
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, role: ext, next: a}
        a: {role: x, work: 1h, next: b}
        b: {role: y1, work: 1h, next: c}
        c: {role: ext2, wait: 1d, next: d}
        d: {role: ext, wait: 1d, next: e}
        e: {kind: end}
        """,
    )
    # ext→x crosses, x→y1 stays in d1, y1→ext2 crosses, ext2→ext crosses (two parties).
    assert m.handoffs == approx(4)
    assert m.cross_department_handoffs == approx(3)
    assert m.cross_department_edges == frozenset({("s", "a"), ("b", "c"), ("c", "d")})
    assert m.departments_touched == 3


def test_parallel_split_counts_the_longest_branch(tmp_path):
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 1h, next: p}
        p: {kind: parallel, next: [b, c]}
        b: {role: y, work: 1h, wait: 1d, next: j}
        c: {role: z, work: 2h, next: j}
        j: {role: x, work: 30m, next: e}
        e: {kind: end}
        """,
    )
    assert all(f.visits == approx(1) for f in m.per_step.values())
    assert m.lead_time_hours == approx(1 + 9 + 0.5)
    assert m.work_time_hours == approx(1 + 1 + 2 + 0.5)
    # x→y and x→z through the split, y→x and z→x at the join: four arrows between lanes.
    assert m.handoffs == approx(4)
    assert m.cross_department_handoffs == approx(4)
    assert m.cross_department_edges == frozenset({("p", "b"), ("p", "c"), ("b", "j"), ("c", "j")})


def test_parallel_branch_with_a_loop(tmp_path):
    # Branch b repeats half the time: 2 runs of 9 h = 18 h beats branch c's 2 h.
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 1h, next: p}
        p: {kind: parallel, next: [b, c]}
        b: {role: y, work: 1h, wait: 1d, next: bd}
        bd:
          kind: decision
          next: [{to: b, when: igen, p: 0.5}, {to: j, when: klar}]
        c: {role: z, work: 2h, next: j}
        j: {role: x, work: 30m, next: e}
        e: {kind: end}
        """,
    )
    assert m.per_step["b"].visits == approx(2)
    assert m.per_step["j"].visits == approx(1)
    assert m.lead_time_hours == pytest.approx(1 + 18 + 0.5, rel=1e-5)  # E[max] on a grid
    assert m.work_time_hours == approx(1 + 2 + 2 + 0.5)


def test_parallel_blocks_nested_and_inside_a_loop(tmp_path):
    # Outer block: branch b (8 h) against branch q: an inner block (3 h or 5 h: 5 h) then
    # k (4 h), 9 h in all. The whole block is redone a quarter of the time: 4/3 visits.
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: p}
        p: {kind: parallel, next: [b, q]}
        b: {role: y, work: 8h, next: j}
        q: {kind: parallel, next: [c, d]}
        c: {role: z, work: 3h, next: k}
        d: {role: z, work: 5h, next: k}
        k: {role: z, work: 4h, next: j}
        j: {role: x, work: 1h, next: r}
        r:
          kind: decision
          next: [{to: p, when: om, p: 0.25}, {to: e, when: klar}]
        e: {kind: end}
        """,
    )
    assert m.per_step["c"].visits == approx(4 / 3)
    assert m.per_step["j"].visits == approx(4 / 3)
    assert m.lead_time_hours == approx(4 / 3 * (9 + 1))
    assert m.work_time_hours == approx(4 / 3 * (8 + 3 + 5 + 4 + 1))


@pytest.mark.parametrize("shared", [False, True])
def test_three_blocks_one_inside_the_other_with_a_branch_that_varies(tmp_path, shared):
    # p3: max(c 25 h, xx 33 h with p 0.3) = 27.4 h; p2: max(b 17 h, p3 and its join) and
    # p1: max(a 9 h, p2 and its join): the varying branch is the longest throughout. With
    # one join for all three, only that join adds its hour.
    j1, j2, j3 = ("j", "j", "j") if shared else ("j1", "j2", "j3")
    joins = (
        ["j: {role: x, work: 1h, next: e}"]
        if shared
        else ["j3: {role: x, work: 1h, next: j2}", "j2: {role: x, work: 1h, next: j1}",
              "j1: {role: x, work: 1h, next: e}"]
    )  # fmt: skip
    steps = [
        "s: {kind: start, next: p1}",
        "p1: {kind: parallel, next: [a, p2]}",
        f"a: {{role: x, work: 1h, wait: 1d, next: {j1}}}",
        "p2: {kind: parallel, next: [b, p3]}",
        f"b: {{role: x, work: 1h, wait: 2d, next: {j2}}}",
        "p3: {kind: parallel, next: [c, dd]}",
        f"c: {{role: x, work: 1h, wait: 3d, next: {j3}}}",
        f"dd: {{kind: decision, next: [{{to: xx, p: 0.3}}, {{to: {j3}, p: 0.7}}]}}",
        f"xx: {{role: x, work: 1h, wait: 4d, next: {j3}}}",
        *joins,
        "e: {kind: end}",
    ]
    m = metrics_of(tmp_path, "\n".join(steps) + "\n")
    # (E[max] is worked out on a grid of time: within 0.5 %, docs/analysis.md.)
    assert m.lead_time_hours == pytest.approx(27.4 + (1 if shared else 3), rel=5e-3)


def test_a_way_into_a_block_from_beside_it_is_refused_at_its_arrow(tmp_path):
    # As BPMN may have it: p1 starts a, q and b; q starts a again. a would run twice while
    # q waits for its own branches only: no lead time describes that.
    with pytest.raises(LoadError) as refused:
        metrics_of(
            tmp_path,
            """
            s: {kind: start, next: p1}
            p1: {kind: parallel, next: [a, q, b]}
            q: {kind: parallel, next: [a, e]}
            a: {role: x, work: 2h, next: b}
            b: {role: y, work: 1h, next: e}
            e: {kind: end}
            """,
        )
    assert [str(d).split(": ", 1)[1] for d in refused.value.diagnostics] == [
        "error: 'p1' leads into 'a', a branch of parallel 'q', from outside the block; ways "
        "from outside meet the branches at the join 'e'",
        "error: 'p1' leads into 'b', a branch of parallel 'q', from outside the block; ways "
        "from outside meet the branches at the join 'e'",
    ]


def test_a_block_inside_another_may_end_at_the_outer_join(tmp_path):
    # One join gateway for both splits, as BPMN tools draw it: the inner block lasts
    # max(b, c) = 9 h, the outer max(a, 9 h) = 9 h, then j.
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: p1}
        p1: {kind: parallel, next: [a, p2]}
        a: {role: x, work: 2h, next: j}
        p2: {kind: parallel, next: [b, c]}
        b: {role: y, work: 1h, wait: 1d, next: j}
        c: {role: z, work: 3h, next: j}
        j: {role: x, work: 30m, next: e}
        e: {kind: end}
        """,
    )
    assert m.lead_time_hours == approx(9.5)
    assert m.work_time_hours == approx(2 + 1 + 3 + 0.5)
    assert m.per_step["j"].visits == approx(1)


def test_parallel_branches_without_roles_hand_over_once(tmp_path):
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 1h, next: p}
        p: {kind: parallel, next: [n1, n2]}
        n1: {kind: notify, next: j}
        n2: {kind: notify, next: j}
        j: {role: y, work: 1h, next: e}
        e: {kind: end}
        """,
    )
    assert m.handoffs == approx(1)


def test_parallel_mixed_branches(tmp_path):
    # x→y on branch 2; x passes through branch 1 to z; y→z at the join: three arrows.
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 1h, next: p}
        p: {kind: parallel, next: [n1, b]}
        n1: {kind: notify, next: j}
        b: {role: y, work: 1h, next: j}
        j: {role: z, work: 1h, next: e}
        e: {kind: end}
        """,
    )
    assert m.handoffs == approx(3)


def test_utilisation_from_volume_and_capacity(tmp_path):
    # 1680 cases a month = 1680 / (21 × 8) = 10 per working hour. X works
    # 1.25 × (15 + 6) min = 0.4375 h per case; with capacity 2: 10 × 0.4375 / 2 = 2.1875.
    head = HEAD.replace("process: Test", "process: Test\nvolume: 1680/month")
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 15m, next: d}
        d:
          kind: decision
          role: x
          work: 6m
          next: [{to: b, when: ja}, {to: a, when: nej, p: 0.2}]
        b: {role: y, work: 1h, next: e}
        e: {kind: end}
        """,
        head=head,
    )
    assert m.per_role["x"].work_per_case == approx(0.4375)
    assert m.per_role["x"].utilisation == approx(2.1875)
    assert m.per_role["y"].work_per_case == approx(1)
    assert m.per_role["y"].utilisation is None  # no capacity
    assert m.per_role["z"].work_per_case == 0


def test_no_utilisation_without_volume(tmp_path):
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 15m, next: e}
        e: {kind: end}
        """,
    )
    assert m.per_role["x"].utilisation is None


def test_subprocess_rolls_up_lead_and_work_time(tmp_path):
    (tmp_path / "sub.yaml").write_text(
        HEAD
        + "steps:\n  s: {kind: start, next: a}\n"
        + "  a: {role: x, work: 1h, wait: 3h, next: d}\n"
        + "  d: {kind: decision, next: [{to: a, p: 0.5, when: om}, {to: e, when: klar}]}\n"
        + "  e: {kind: end}\n"
    )
    m = metrics_of(
        tmp_path,
        """
        s: {kind: start, next: sp}
        sp: {kind: subprocess, role: y, wait: 2h, process: sub.yaml, next: e}
        e: {kind: end}
        """,
    )
    # The sub-process: 2 visits of 4 h = 8 h lead, 2 h work; plus the step's own 2 h wait.
    assert m.lead_time_hours == approx(10)
    assert m.work_time_hours == approx(2)
    assert m.per_step["sp"].hours == approx(10)
    assert m.per_role["y"].work_per_case == 0  # the sub-process's work is its own roles'


def test_large_loops_use_the_sparse_solve():
    size = DENSE_LIMIT + 50
    nodes = [f"n{i}" for i in range(size)]
    weights = {(nodes[i], nodes[i + 1]): 1.0 for i in range(size - 1)}
    weights[(nodes[-1], nodes[0])] = 0.5  # the rest leaves: a loop of all steps
    x = propagate(nodes, weights, {"n0": 1.0})
    assert all(x[n] == approx(2) for n in nodes)


def test_vector_flows():
    x = propagate(["a", "b"], {("a", "b"): 0.5}, {"a": np.array([1.0, 2.0])})
    assert list(x["b"]) == [0.5, 1.0]


def numpy_only():
    """Every loop solved by numpy, as before small loops were solved in plain Python."""
    return mock.patch.object(metrics_module, "PYTHON_LIMIT", 0)


@st.composite
def random_system(draw):
    """Steps with weighted moves among them (each step passes on at most 95 % of what it
    gets, so the loops always let work out) and one or several flows starting at random."""
    size = draw(st.integers(1, PYTHON_LIMIT))
    nodes = [f"n{i}" for i in range(size)]
    moves = draw(
        st.dictionaries(
            st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)),
            st.floats(0.01, 1.0),
            max_size=3 * size,
        )
    )
    out = {n: sum(w for (u, _), w in moves.items() if u == n) for n in nodes}
    weights = {(u, v): w * min(1.0, 0.95 / out[u]) for (u, v), w in moves.items()}
    width = draw(st.sampled_from([None, 1, 3]))
    amount = st.floats(0.0, 5.0)
    flow = amount if width is None else st.lists(amount, min_size=width, max_size=width)
    source = draw(st.dictionaries(st.sampled_from(nodes), flow, min_size=1))
    return nodes, weights, source


@settings(max_examples=100, deadline=None)
@given(random_system())
def test_small_loops_in_plain_python_agree_with_numpy(system):
    nodes, weights, source = system
    plain = propagate(nodes, weights, source)
    with numpy_only():
        dense = propagate(nodes, weights, source)
    for node in nodes:
        assert np.allclose(plain[node], dense[node], rtol=1e-9, atol=1e-12), node


def test_analysing_the_shipped_processes_does_not_import_numpy():
    # Their loops are small: solved in plain Python, without numpy's start-up time. (The
    # E[max] of parallel work is worked out on numpy's FFT: those files are left out.)
    serial = [p for p in SHIPPED if "kind: parallel" not in Path(p).read_text(encoding="utf-8")]
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from skavmap.analysis.engine import analyse_all\n"
        "from skavmap.format.inputs import read\n"
        f"analyses, errors = analyse_all(read([Path(p) for p in {serial!r}]).processes)\n"
        "print(len(analyses), 'numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    count, numpy_loaded = done.stdout.split()
    assert int(count) > 10 and numpy_loaded == "False", done.stderr


def solved_whole():
    """Every system solved at once with the sparse LU, as only large processes are."""
    return mock.patch.object(metrics_module, "WHOLE_LIMIT", 0)


@settings(max_examples=100, deadline=None)
@given(random_system())
def test_solving_the_whole_system_at_once_agrees_with_the_walk(system):
    nodes, weights, source = system
    # All of the steps, and all but the last: flow to a step left out is gone.
    for chosen in (nodes, nodes[:-1]):
        walked = propagate(chosen, weights, source)
        with solved_whole():
            whole = propagate(chosen, weights, source)
        assert list(whole) == chosen
        for node in chosen:
            assert np.allclose(whole[node], walked[node], rtol=1e-9, atol=1e-12), node


@pytest.mark.parametrize(
    "name", ["processes/invoice.yaml", "processes/recruitment.yaml", "examples/parallel.yaml"]
)
def test_a_process_analysed_with_whole_solves_has_the_same_figures(name):
    process = load(ROOT / name)
    usual = analyse(process)
    with solved_whole():
        whole = analyse(process)
    assert whole.metrics.lead_time_hours == pytest.approx(usual.metrics.lead_time_hours)
    assert whole.metrics.handoffs == pytest.approx(usual.metrics.handoffs)
    for step, figures in usual.metrics.per_step.items():
        assert whole.metrics.per_step[step].visits == pytest.approx(figures.visits)
    assert [(h.code, h.steps) for h in whole.hotspots] == [
        (h.code, h.steps) for h in usual.hotspots
    ]
    for ours, theirs in zip(whole.hotspots, usual.hotspots, strict=True):
        assert ours.score == pytest.approx(theirs.score, abs=0.1)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=30),
    st.sets(st.integers(0, 11), max_size=4),
)
def test_a_large_graph_s_parallel_blocks_are_found_as_a_small_one_s(arrows, splits):
    # A large graph's arrows are turned round from their numbers (as scipy's loops read
    # them), a small one's one by one.
    graph = DiGraph()
    graph.add_nodes_from(f"n{i}" for i in range(12))
    graph.add_edges_from((f"n{u}", f"n{v}") for u, v in arrows)
    for i in range(12):
        graph.nodes[f"n{i}"]["kind"] = "parallel" if i in splits else "task"
    usual = parallel_blocks(graph)
    with mock.patch.object(metrics_module, "COMPILED_LIMIT", 0):
        assert parallel_blocks(graph) == usual


def test_a_loop_nothing_leaves_is_singular_in_every_way():
    loop = {("a", "b"): 1.0, ("b", "a"): 1.0}
    with pytest.raises(Singular):
        propagate(["a", "b"], loop, {"a": 1.0})
    with numpy_only(), pytest.raises(Singular):
        propagate(["a", "b"], loop, {"a": 1.0})
    with solved_whole(), pytest.raises(Singular):
        propagate(["a", "b"], loop, {"a": 1.0})


# --- random processes against a Monte Carlo walk --------------------------------------------

ROLES = ("x", "y", "y1", "z", "ext", None)


@st.composite
def random_process(draw):
    """A valid process: a chain of tasks and decisions; each decision may jump anywhere."""
    count = draw(st.integers(2, 10))
    ids = [f"s{i}" for i in range(1, count + 1)]
    lines = ["s0: {kind: start, next: s1}"]
    for i, step in enumerate(ids):
        following = ids[i + 1] if i + 1 < count else "end"
        decision = draw(st.booleans())
        role = draw(st.sampled_from(ROLES if decision else ROLES[:-1]))
        role_text = f", role: {role}" if role else ""
        if not decision:
            lines.append(f"{step}: {{work: 10m{role_text}, next: {following}}}")
            continue
        jumps = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
        jumps = [j for j in jumps if j != following]
        if not jumps:
            lines.append(f"{step}: {{kind: wait, wait: 1h{role_text}, next: {following}}}")
            continue
        ps = [draw(st.integers(2, 30)) / 100 for _ in jumps]
        branches = ", ".join(
            [f"{{to: {following}, when: fram}}"]
            + [
                f"{{to: {j}, when: hopp{k}, p: {p}}}"
                for k, (j, p) in enumerate(zip(jumps, ps, strict=True))
            ]
        )
        lines.append(f"{step}: {{kind: decision{role_text}, next: [{branches}]}}")
    lines.append("end: {kind: end}")
    return HEAD + "steps:\n" + "".join(f"  {line}\n" for line in lines)


def monte_carlo(process, walks: int, seed: int):
    """Visits and handoffs per case from ``walks`` simulated cases."""
    steps = list(process.steps)
    index = {s: i for i, s in enumerate(steps)}
    width = max(len(s.next) for s in process.steps.values())
    targets = np.zeros((len(steps), width), dtype=int)
    cumulative = np.ones((len(steps), width))
    role_ids = {r: i for i, r in enumerate(process.roles)}
    role = np.array([role_ids.get(process.steps[s].role, -1) for s in steps])
    unit_ids = {u: i for i, u in enumerate(sorted({r.unit for r in process.roles.values()}))}
    unit_of_role = np.array([unit_ids[r.unit] for r in process.roles.values()])
    for s in steps:
        branches = process.steps[s].next
        if not branches:
            continue
        for k in range(width):
            branch = branches[min(k, len(branches) - 1)]
            targets[index[s], k] = index[branch.to]
        cumulative[index[s], : len(branches)] = np.cumsum([b.p for b in branches])
    is_end = np.array([process.steps[s].kind == "end" for s in steps])
    rng = np.random.default_rng(seed)
    position = np.full(walks, index[process.start])
    last = np.full(walks, -1)
    visits = np.zeros(len(steps))
    handoffs = cross = 0
    while position.size:
        visits += np.bincount(position, minlength=len(steps))
        here = role[position]
        has = here >= 0
        moved = has & (last >= 0) & (last != here)
        handoffs += int(moved.sum())
        cross += int((moved & (unit_of_role[np.maximum(last, 0)] != unit_of_role[here])).sum())
        last = np.where(has, here, last)
        alive = ~is_end[position]
        position, last = position[alive], last[alive]
        draws = rng.random(position.size)
        choice = (draws[:, None] >= cumulative[position]).sum(axis=1)
        position = targets[position, np.minimum(choice, width - 1)]
    return dict(zip(steps, visits / walks, strict=True)), handoffs / walks, cross / walks


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_process())
def test_expected_visits_agree_with_a_monte_carlo_walk(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.yaml"
        path.write_text(text)
        process = load(path)
    metrics = analyse(process).metrics
    visits, handoffs, cross = monte_carlo(process, walks=100_000, seed=7)
    # Within 2 % (of one visit, for steps that are visited less than once per case).
    for step, figures in metrics.per_step.items():
        assert abs(visits[step] - figures.visits) <= 0.02 * max(figures.visits, 1), step
    assert abs(handoffs - metrics.handoffs) <= 0.02 * max(metrics.handoffs, 1)
    assert abs(cross - metrics.cross_department_handoffs) <= 0.02 * max(
        metrics.cross_department_handoffs, 1
    )


@st.composite
def random_process_with_systems(draw):
    """:func:`random_process` with systems on some of its tasks."""
    systems = st.sampled_from(["", ", system: a", ", system: b", ", system: [a, b]"])
    lines = draw(random_process()).splitlines(keepends=True)
    text = "".join(line.replace("{work: 10m", "{work: 10m" + draw(systems)) for line in lines)
    return text.replace("steps:\n", "systems: {a: A, b: B}\nsteps:\n")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_process_with_systems())
def test_metrics_without_numpy_agree_with_numpy(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.yaml"
        path.write_text(text)
        process = load(path)
    plain = figures(process)
    with numpy_only():
        dense = figures(process)
    assert plain.keys() == dense.keys()
    for key, value in plain.items():
        assert value == pytest.approx(dense[key], rel=1e-9, abs=1e-12), key


def figures(process) -> dict:
    """Every figure of the analysis, and the arrivals by role and by system, by name."""
    graph = step_graph(process)
    flow = Flow(graph, process.start)
    m = compute_metrics(process, graph, flow)
    found = {
        "lead": m.lead_time_hours,
        "work": m.work_time_hours,
        "handoffs": m.handoffs,
        "cross": m.cross_department_handoffs,
    }
    found.update({("visits", s): f.visits for s, f in m.per_step.items()})
    found.update({("edge", e): t for e, t in m.edge_traversals.items()})
    found.update({("role", r): f.work_per_case for r, f in m.per_role.items()})
    context = Context(process, graph, m, flow)
    for name, arrivals in (("by role", flow.role_arrivals), ("by system", context.system_arrivals)):
        for edge, by_label in arrivals.items():
            found.update({(name, edge, label): x for label, x in by_label.items()})
    return found


def test_flow_rejects_nothing_on_plain_chains(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + "steps:\n  s: {kind: start, next: e}\n  e: {kind: end}\n")
    process = load(path)
    flow = Flow(step_graph(process), process.start)
    assert flow.visits == {"s": 1.0, "e": 1.0}
