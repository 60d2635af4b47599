"""Lead time as a distribution: E[max] of parallel blocks, and p50/p90 of the lead time.

Hand-checked cases first, then a Monte Carlo walk over random processes with parallel
blocks whose branches hold decisions, loops and inner blocks.
"""

from __future__ import annotations

import random
import textwrap
from bisect import bisect
from itertools import accumulate
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skavmap.analysis import timing
from skavmap.analysis.engine import analyse
from skavmap.format.loader import load

HEAD = """\
process: P
departments: {d: D}
roles: {x: {name: X, department: d}, y: {name: Y, department: d}}
"""


def write(tmp_path: Path, steps: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + "steps:\n" + textwrap.indent(textwrap.dedent(steps), "  "))
    return path


def test_a_branch_that_varies_makes_the_block_last_longer(tmp_path):
    # Branch a takes 2 h, repeated with p 0.5: 2, 4, 6 … h with probability 1/2, 1/4, …
    # Branch b takes 4 h. E[max(a, 4)] = 3/4 · 4 + Σ_{k≥3} 2k/2^k = 3 + 2 = 5 h, where the
    # larger expected branch time (b's 4 h) says 4.
    path = write(
        tmp_path,
        """
        s: {kind: start, next: p}
        p: {kind: parallel, next: [a, b]}
        a: {role: x, work: 2h, next: da}
        da:
          kind: decision
          next: [{to: a, p: 0.5}, {to: j}]
        b: {role: y, work: 3h, wait: 1h, next: j}
        j: {role: x, work: 30m, next: e}
        e: {kind: end}
        """,
    )
    metrics = analyse(load(path)).metrics
    assert metrics.lead_time_hours == pytest.approx(5.5, rel=5e-3)
    # The lead time is 4.5 h for 3 cases in 4, then 6.5, 8.5 … h.
    tick = 5.5 * timing.REACH / timing.PROCESS_TICKS
    assert metrics.lead_time_p50_hours == pytest.approx(4.5, abs=2 * tick)
    assert metrics.lead_time_p90_hours == pytest.approx(8.5, abs=2 * tick)


def test_without_parallel_work_the_quantiles_follow_the_loop(tmp_path):
    # 1 h, then rework of 1 h with p 0.5: lead time 1 + k hours with probability 2^-(k+1).
    path = write(
        tmp_path,
        """
        s: {kind: start, next: a}
        a: {role: x, work: 1h, next: d}
        d:
          kind: decision
          next: [{to: a, p: 0.5}, {to: e}]
        e: {kind: end}
        """,
    )
    metrics = analyse(load(path)).metrics
    assert metrics.lead_time_hours == pytest.approx(2.0)
    tick = 2.0 * timing.REACH / timing.PROCESS_TICKS
    assert metrics.lead_time_p50_hours == pytest.approx(1.0, abs=2 * tick)
    # P(T ≤ 4) = 15/16 ≥ 0.9 > P(T ≤ 3) = 7/8.
    assert metrics.lead_time_p90_hours == pytest.approx(4.0, abs=2 * tick)


def test_a_step_off_the_critical_path_holds_nothing(tmp_path):
    path = write(
        tmp_path,
        """
        s: {kind: start, next: p}
        p: {kind: parallel, next: [a, b]}
        a: {role: x, wait: 5d, next: j}
        b: {role: y, wait: 1d, next: j}
        j: {role: x, work: 1h, next: e}
        e: {kind: end}
        """,
    )
    per_step = analyse(load(path)).metrics.per_step
    assert per_step["a"].hours == pytest.approx(32.0)  # 5 d − the 1 d b would still take
    assert per_step["b"].hours == pytest.approx(0.0)


# --- Monte Carlo ------------------------------------------------------------------------------


def random_block_process(rng: random.Random) -> str:
    """A process with a parallel block of 2 or 3 branches; branches hold a decision, a
    loop or an inner block of their own."""
    steps = ["s: {kind: start, next: p}"]
    branches = []
    for b in range(rng.choice([2, 3])):
        first = f"b{b}a"
        branches.append(first)
        hours = rng.choice([1, 2, 3, 5, 8])
        shape = rng.choice(["plain", "loop", "decision", "inner"])
        if shape == "plain":
            steps.append(f"{first}: {{role: x, work: {hours}h, next: j}}")
        elif shape == "loop":
            back = rng.choice([0.2, 0.4, 0.6])
            steps += [
                f"{first}: {{role: x, work: {hours}h, next: b{b}d}}",
                f"b{b}d: {{kind: decision, next: [{{to: {first}, p: {back}}}, {{to: j}}]}}",
            ]
        elif shape == "decision":
            steps += [
                f"{first}: {{kind: decision, next: [{{to: b{b}x, p: 0.3}}, {{to: b{b}y}}]}}",
                f"b{b}x: {{role: y, work: {hours * 3}h, next: j}}",
                f"b{b}y: {{role: y, work: {hours}h, next: j}}",
            ]
        else:
            steps += [
                f"{first}: {{kind: parallel, next: [b{b}x, b{b}y]}}",
                f"b{b}x: {{role: y, work: {hours}h, next: b{b}q}}",
                f"b{b}q: {{kind: decision, next: [{{to: b{b}x, p: 0.5}}, {{to: b{b}j}}]}}",
                f"b{b}y: {{role: x, work: {hours + 1}h, next: b{b}j}}",
                f"b{b}j: {{role: x, work: 30m, next: j}}",
            ]
    steps.insert(1, f"p: {{kind: parallel, next: [{', '.join(branches)}]}}")
    steps += ["j: {role: x, work: 1h, next: e}", "e: {kind: end}"]
    return HEAD + "steps:\n" + "".join(f"  {line}\n" for line in steps)


def simulate(process, rng: random.Random, cases: int) -> list[float]:
    """The lead time of ``cases`` simulated cases (every step's time its mean)."""
    from skavmap.analysis.metrics import parallel_blocks, step_graph

    graph = step_graph(process)
    joins = {b.split: b.join for b in parallel_blocks(graph)}
    time = {n: d["wait"] + d["work"] for n, d in graph.nodes(data=True)}
    # Plain lists, not the graph's views: the walk takes a branch a million times.
    onward = {
        n: (
            list(graph.successors(n)),
            list(accumulate(d["p"] for d in graph.succ[n].values())),
        )
        for n in graph
    }

    def run(node: str, stop: str | None) -> tuple[float, str | None]:
        total = 0.0
        while node != stop and onward[node][0]:
            total += time[node]
            targets, bounds = onward[node]
            if node in joins:
                total += max(run(t, joins[node])[0] for t in targets)
                node = joins[node]
                continue
            node = targets[min(bisect(bounds, rng.random() * bounds[-1]), len(targets) - 1)]
        if node != stop:
            total += time[node]  # the end step
        return total, node

    return [run(process.start, None)[0] for _ in range(cases)]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_lead_time_and_its_quantiles_agree_with_a_monte_carlo_walk(tmp_path, seed):
    rng = random.Random(seed)
    path = tmp_path / "p.yaml"
    path.write_text(random_block_process(rng))
    process = load(path)
    metrics = analyse(process).metrics
    times = sorted(simulate(process, rng, 40_000))
    mean = sum(times) / len(times)
    # 40,000 cases: the simulated mean is within about 0.6 % (3 standard errors).
    assert metrics.lead_time_hours == pytest.approx(mean, rel=0.01)
    for share, figure in ((0.5, metrics.lead_time_p50_hours), (0.9, metrics.lead_time_p90_hours)):
        low, high = times[int(share * len(times)) - 400], times[int(share * len(times)) + 400]
        tick = metrics.lead_time_hours * timing.REACH / timing.PROCESS_TICKS
        assert low - 2 * tick <= figure <= high + 2 * tick, (share, figure, low, high)


# --- Chains passed whole --------------------------------------------------------------------


@st.composite
def chained_system(draw):
    """Steps in a row with arrows added between them (back, forward, to themselves), each
    passing on at most 95 % of what it gets, so that every loop lets work out; their delays
    on a small grid; where the work starts; and the steps whose arrivals are asked for."""
    size = draw(st.integers(2, 16))
    nodes = [f"n{i}" for i in range(size)]
    step = st.integers(0, size - 1)
    extra = draw(st.lists(st.tuples(step, step), max_size=size))
    arrows = list(dict.fromkeys([(i, i + 1) for i in range(size - 1)] + extra))
    share = {a: draw(st.floats(0.05, 1.0)) for a in arrows}
    out = {u: sum(w for (a, _), w in share.items() if a == u) for u in range(size)}
    weights = {(nodes[u], nodes[v]): w * min(1.0, 0.95 / out[u]) for (u, v), w in share.items()}
    grid = timing.Grid(1.0, 64)
    points = grid.points()
    hours = st.sampled_from([0.0, 0.5, 1.0, 2.25, 3.0])
    delays = {n: grid.shift(draw(hours), points) for n in nodes}
    starts = draw(st.sets(st.sampled_from(nodes), min_size=1, max_size=2)) | {nodes[0]}
    sources = {n: np.ones(grid.size, dtype=complex) for n in sorted(starts)}
    wanted = draw(st.sets(st.sampled_from(nodes), min_size=1, max_size=3))
    return nodes, timing.ways_among(nodes, weights), sources, delays, grid, wanted


@settings(max_examples=100, deadline=None)
@given(chained_system())
def test_passing_chains_whole_gives_the_arrivals_step_by_step(system):
    nodes, ways, sources, delays, grid, wanted = system
    by_step = timing.arrivals(nodes, ways, sources, delays, grid, wanted)
    with mock.patch.object(timing, "CHAIN_LIMIT", 0):
        whole = timing.arrivals(nodes, ways, sources, delays, grid, wanted)
    assert set(whole) == set(by_step) == wanted
    for node in wanted:
        # Flows that meet may be added in another order: equal up to rounding.
        assert np.allclose(whole[node], by_step[node], rtol=1e-12, atol=1e-15), node
