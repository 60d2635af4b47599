"""How long a case takes, as a distribution: E[max] of parallel blocks, and the quantiles of
the lead time.

A step's time is fixed (a range counts as its mean, as in every other figure); what varies
from case to case is the way a case takes (a decision's branches) and how often it goes
round a loop. A parallel block lasts until its last branch is done, so it counts the
expected maximum of its branches' times, E[max] (the format specification 1.1), which is
larger than the largest expected branch time whenever a branch's time varies.

Method, exact up to a grid of time (docs/analysis.md, "Lead time of parallel work"):

- time is cut into ``G`` ticks; a step moves the arrival time of the cases that enter it by
  its duration, split between the two ticks around it in the proportions that keep the mean
  exact;
- the work is done on the z-transform (a shift by ``d`` ticks is a multiplication by
  ``z^-d``), evaluated at ``G`` points around a circle of radius ``ρ < 1``: a step outside
  loops costs one multiplication of two vectors, a loop of ``k`` steps one ``k × k`` solve
  per point (batched), and one inverse FFT gives the distribution back; the radius makes
  what lies beyond the grid vanish (``ρ^G = 10^-8``) instead of wrapping around;
- the grid spans 12 times the expected time (more than 10: by Markov's inequality the 90th
  percentile always lies inside it), and the tail beyond it is bounded exactly with the
  expected times, which the visit counts give without a grid.

With ``G = 16384`` ticks for a block, the E[max] of a block is within 0.5 % (the Monte Carlo
test checks it); the lead-time distribution of a whole process uses 2048 ticks, so its
quantiles are within about one tick, 0.6 % of the lead time.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: Ticks of the grid of one parallel block, and of a whole process's lead time.
BLOCK_TICKS = 16384
PROCESS_TICKS = 2048
#: How far the grid reaches, in multiples of the expected time.
REACH = 12.0
#: What is left of the mass that lies one whole grid beyond the end.
DAMPING = 1e-8
#: Loops up to this many steps are solved in the frequency domain; larger ones tick by tick.
DENSE_LOOP = 48


@dataclass(frozen=True)
class Grid:
    """``size`` ticks of ``tick`` hours each, and the circle the transform is taken on."""

    tick: float
    size: int

    @property
    def horizon(self) -> float:
        return self.tick * self.size

    def points(self) -> np.ndarray:
        """``ρ e^{-2πij/G}``: a shift by one tick, at every point of the transform."""
        return DAMPING ** (1.0 / self.size) * _roots(self.size)[1]

    def shift(self, hours: float, points: np.ndarray) -> np.ndarray:
        """The transform of a delay of ``hours``: mass split between the ticks around it
        so that the mean is exact."""
        ticks = hours / self.tick
        low = int(ticks)
        part = ticks - low
        # points**low, read from a table of the roots of unity: exact, and without a
        # complex power per point.
        index, roots = _roots(self.size)
        radius = DAMPING ** (1.0 / self.size)
        spectrum = radius**low * roots[(index * low) % self.size]
        if part > 1e-12:
            spectrum = spectrum * ((1.0 - part) + part * points)
        return spectrum

    def transform(self, mass: np.ndarray) -> np.ndarray:
        import numpy as np

        radius = DAMPING ** (1.0 / self.size)
        return np.fft.fft(mass * radius ** np.arange(self.size))

    def masses(self, spectrum: np.ndarray) -> np.ndarray:
        """The mass on each tick (non-negative; rounding noise cut away)."""
        import numpy as np

        radius = DAMPING ** (1.0 / self.size)
        mass = np.fft.ifft(spectrum).real / radius ** np.arange(self.size)
        return np.clip(mass, 0.0, None)


@cache
def _roots(size: int) -> tuple[np.ndarray, np.ndarray]:
    """``0 … size-1`` and ``e^{-2πik/size}`` for each: the angles a shift is made of."""
    import numpy as np

    index = np.arange(size, dtype=np.int64)
    return index, np.exp(-2j * np.pi * index / size)


def grid_for(expected_hours: float, ticks: int) -> Grid:
    """A grid reaching :data:`REACH` times ``expected_hours``."""
    return Grid(max(expected_hours, 1e-9) * REACH / ticks, ticks)


def arrivals(
    nodes: Sequence[str],
    ways: Mapping[str, Mapping[str, float]],
    sources: Mapping[str, np.ndarray],
    delays: Mapping[str, np.ndarray],
    grid: Grid,
    wanted: Collection[str] | None = None,
) -> dict[str, np.ndarray]:
    """The transform of the arrival times at each of ``nodes`` (or only at those
    ``wanted``): ``A = S + Wᵀ (D ∘ A)``.

    ``ways`` holds for each of ``nodes`` the positive weights of its arrows to others of
    ``nodes`` (:func:`ways_among`); ``sources`` are arrivals from outside, ``delays`` the
    transform of each node's time. Solved one strongly connected component at a time, in
    topological order; a step's arrivals are kept only until they have moved on, so the
    memory needed stays that of the steps being worked on. Of more than
    :data:`CHAIN_LIMIT` nodes, only the steps where ways meet or part are taken one at a
    time: the flow passes each chain between them on the arrow it makes (:func:`_arrows`).
    """
    import numpy as np

    from skavmap.analysis.graph import components_in_order

    if wanted is not None and len(nodes) > CHAIN_LIMIT:
        kept, arrows = _arrows(nodes, ways, delays, {*sources, *wanted})
        heads: Mapping[str, Collection[str]] = {
            u: dict.fromkeys(target for target, *_ in row) for u, row in arrows.items()
        }
        position = {n: i for i, n in enumerate(nodes)}
    else:
        kept, heads, position = nodes, ways, {}
        arrows = {u: [(v, (), w, ()) for v, w in after.items()] for u, after in ways.items()}
    zero = np.zeros(grid.size, dtype=complex)
    inflow: dict[str, np.ndarray] = {}
    result: dict[str, np.ndarray] = {}
    done: set[str] = set()
    # Adding nothing and multiplying by one are left out: the same numbers, less work.
    for members in components_in_order(kept, heads):
        incoming = []
        for n in members:
            arriving, source = inflow.pop(n, None), sources.get(n)
            if arriving is None or source is None:
                incoming.append(source if arriving is None else arriving)
            else:
                incoming.append(arriving + source)
        if len(members) == 1 and members[0] not in heads[members[0]]:
            solved = [zero if incoming[0] is None else incoming[0]]
        else:
            within = set(members)
            needed = [
                n
                for n in members
                if (wanted is None or n in wanted) or any(t not in within for t in heads[n])
            ]
            solved = _loop_with_chains(
                position, ways, arrows, members, incoming, needed, delays, grid
            )
        done.update(members)
        for node, value in zip(members, solved, strict=True):
            if value is None:
                continue  # it only leads back into its own loop
            if wanted is None or node in wanted:
                result[node] = value
            if not arrows[node]:
                continue
            leaving = value * delays[node]
            for target, chain, weight, _ in arrows[node]:
                if target not in done:
                    # Step by step as the chain's steps would pass it on, in the same order.
                    moved = leaving
                    for into, delay in chain:
                        moved = (moved if into == 1.0 else into * moved) * delay
                    moved = moved if weight == 1.0 else weight * moved
                    before = inflow.get(target)
                    inflow[target] = moved if before is None else before + moved
    return result


def ways_among(
    nodes: Sequence[str], weights: Mapping[tuple[str, str], float]
) -> dict[str, dict[str, float]]:
    """The positive ``weights`` of the arrows between ``nodes``, by the step each leaves, as
    :func:`arrivals` takes them.

    >>> ways_among(["a", "b"], {("a", "b"): 0.5, ("a", "c"): 0.5, ("b", "a"): 0.0})
    {'a': {'b': 0.5}, 'b': {}}
    """
    inside = set(nodes)
    ways: dict[str, dict[str, float]] = {n: {} for n in nodes}
    for (u, v), w in weights.items():
        if u in inside and v in inside and w > 0:
            ways[u][v] = w
    return ways


#: Above this many nodes, :func:`arrivals` passes the flow along chains without taking their
#: steps one at a time. Graphs this large have their components in scipy's order
#: (:data:`skavmap.analysis.graph.COMPILED_LIMIT`), so the order in which flows that meet
#: are added is no file's order either way.
CHAIN_LIMIT = 20_000


def _arrows(
    nodes: Sequence[str],
    local: Mapping[str, Mapping[str, float]],
    delays: Mapping[str, np.ndarray],
    keep: Collection[str],
) -> tuple[list[str], dict[str, list]]:
    """The steps where ways meet or part (and those in ``keep``), and the arrows between
    them: for each, its ``(target, chain, weight, passed)``, where ``passed`` are the steps
    on the chain in between, each with one way in and one way out, and ``chain`` their
    ``(weight into the step, its delay)`` in the order the flow takes."""
    entering = Counter(itertools.chain.from_iterable(local.values()))
    on_chain = {
        n
        for n, after in local.items()
        if entering[n] == 1 and len(after) == 1 and n not in after and n not in keep
    }
    kept = [n for n in nodes if n not in on_chain]
    arrows: dict[str, list] = {}
    for u in kept:
        row = []
        for v, weight in local[u].items():
            chain, passed = [], []
            while v in on_chain:
                chain.append((weight, delays[v]))
                passed.append(v)
                ((v, weight),) = local[v].items()
            row.append((v, tuple(chain), weight, tuple(passed)))
        arrows[u] = row
    return kept, arrows


def _loop_with_chains(
    position, local, arrows, members, incoming, needed, delays, grid: Grid
) -> list:
    """:func:`_loop` for a component of the steps :func:`_arrows` kept: the steps on the
    chains inside it (nothing arrives at them from outside) are put back in their places."""
    within = set(members)
    passed = [n for u in members for v, *_, on in arrows[u] if v in within for n in on]
    if not passed:
        return _loop(local, members, incoming, needed, delays, grid)
    every = sorted([*members, *passed], key=position.__getitem__)
    arriving = dict(zip(members, incoming, strict=True))
    solved = _loop(local, every, [arriving.get(n) for n in every], needed, delays, grid)
    value = dict(zip(every, solved, strict=True))
    return [value[n] for n in members]


def _loop(local, members, incoming, needed, delays, grid: Grid) -> list:
    """Arrivals in one loop: ``(I − Wᵀ D) A = inflow`` at every point of the transform,
    for the ``needed`` members (``None`` for the others). ``incoming`` is ``None`` for a
    step nothing arrives at from outside the loop.

    A step with a single way in (most of a loop: its chain of steps) is eliminated first:
    its arrivals are its inflow plus its one predecessor's, so it folds into the edges
    around it, and only the few steps where ways meet are left to solve together.
    """
    into: dict[str, dict[str, np.ndarray]] = {n: {} for n in members}
    out: dict[str, dict[str, np.ndarray]] = {n: {} for n in members}
    for u in members:
        for v, weight in local[u].items():
            if v in into:
                into[v][u] = out[u][v] = delays[u] if weight == 1.0 else weight * delays[u]
    inflow = dict(zip(members, incoming, strict=True))
    folded = []
    # Adding nothing is left out (what it would change is the sign of a zero).
    for x in members:
        if len(into[x]) != 1 or x in into[x]:
            continue
        ((u, through),) = into.pop(x).items()
        arriving = inflow.pop(x)
        folded.append((x, u, through, arriving))
        del out[u][x]
        for v, onward in out.pop(x).items():
            del into[v][x]
            if arriving is not None:
                moved = onward * arriving
                inflow[v] = moved if inflow[v] is None else inflow[v] + moved
            moved = onward * through
            before = out[u].get(v)
            into[v][u] = out[u][v] = moved if before is None else before + moved
    left = list(into)
    if len(left) > DENSE_LOOP:
        return _loop_by_ticks(local, members, incoming, delays, grid)
    result = _solved(left, into, inflow, grid)
    asked = set(needed)
    for x, u, _, _ in folded:
        if x in asked:
            asked.add(u)  # folded after x, so worked out before it below
    for x, u, through, arriving in reversed(folded):
        if x in asked:
            moved = through * result[u]
            result[x] = moved if arriving is None else arriving + moved
    return [result.get(n) for n in members]


def _solved(left: list[str], into: Mapping, inflow: Mapping, grid: Grid) -> dict:
    """The arrivals at the steps of a loop that are left after folding its chains."""
    import numpy as np

    if len(left) == 1:
        # A plain rework loop folds down to one step that leads back to itself.
        (only,) = left
        if inflow[only] is None:
            return {only: np.zeros(grid.size, dtype=complex)}
        return {only: inflow[only] / (1.0 - into[only].get(only, 0.0))}
    position = {n: i for i, n in enumerate(left)}
    system = np.zeros((grid.size, len(left), len(left)), dtype=complex)
    index = np.arange(len(left))
    system[:, index, index] = 1.0
    for v, sources in into.items():
        for u, coefficient in sources.items():
            system[:, position[v], position[u]] -= coefficient
    zero = np.zeros(grid.size, dtype=complex)
    rhs = np.stack([zero if inflow[n] is None else inflow[n] for n in left], axis=1)[:, :, None]
    solved = np.linalg.solve(system, rhs)[:, :, 0]
    return {n: solved[:, position[n]] for n in left}


def _loop_by_ticks(local, members, incoming, delays, grid: Grid) -> list:
    """A large loop, tick by tick in time: each step's delay is read back from its
    transform, and the steps that take no time are solved within the tick."""
    import numpy as np

    size = len(members)
    position = {n: i for i, n in enumerate(members)}
    spread = [grid.masses(delays[n]) for n in members]
    lags = [np.nonzero(s > 1e-15)[0] for s in spread]
    nothing = np.zeros(grid.size)
    arrived = np.stack([nothing if x is None else grid.masses(x) for x in incoming])
    weights = np.zeros((size, size))
    for u in members:
        for v, weight in local[u].items():
            if v in position:
                weights[position[v], position[u]] = weight
    instant = np.array([s[0] for s in spread])
    same_tick = np.linalg.inv(np.identity(size) - weights * instant[None, :])
    later = [
        [(lag, s[lag]) for lag in lag_list if lag > 0]
        for s, lag_list in zip(spread, lags, strict=True)
    ]
    leaving = np.zeros((size, grid.size))
    for t in range(grid.size):
        current = same_tick @ (arrived[:, t] + weights @ leaving[:, t])
        arrived[:, t] = current
        for i, pairs in enumerate(later):
            for lag, share in pairs:
                if t + lag < grid.size:
                    leaving[i, t + lag] += share * current[i]
    return [grid.transform(arrived[i]) for i in range(size)]


def branch_masses(
    region: Sequence[str],
    weights: Mapping[tuple[str, str], float],
    entry: str,
    exit_node: str,
    delays: Mapping[str, np.ndarray],
    grid: Grid,
) -> np.ndarray:
    """The distribution of the time from entering ``entry`` until reaching ``exit_node``
    (the join), on ``grid``; what the grid cannot hold is missing from the total."""
    import numpy as np

    if entry == exit_node:
        mass = np.zeros(grid.size)
        mass[0] = 1.0
        return mass
    nodes = [n for n in region] + [exit_node]
    one = np.ones(grid.size, dtype=complex)
    spectra = arrivals(
        nodes,
        ways_among(nodes, weights),
        {entry: one},
        {**delays, exit_node: one},
        grid,
        wanted={exit_node},
    )
    return grid.masses(spectra[exit_node])


def expected_max(branches: Sequence[np.ndarray], means: Sequence[float], grid: Grid) -> tuple:
    """E[max] of independent branch times given by their masses on ``grid`` and their
    exact means, and the bound on what the grid leaves out (hours)."""
    import numpy as np

    times = np.arange(grid.size) * grid.tick
    cdf = np.ones(grid.size)
    tails = 0.0
    for mass, mean in zip(branches, means, strict=True):
        cdf = cdf * np.minimum(np.cumsum(mass), 1.0)
        beyond = max(0.0, 1.0 - float(mass.sum()))
        inside = float((np.minimum(times, grid.horizon) * mass).sum())
        tails += max(0.0, mean - inside - grid.horizon * beyond)
    highest = np.diff(cdf, prepend=0.0)
    expected = float((times * highest).sum()) + grid.horizon * max(0.0, 1.0 - float(cdf[-1]))
    return expected + tails, tails


def regrid(mass: np.ndarray, source: Grid, target: Grid, tail_mean: float | None) -> np.ndarray:
    """Masses on ``source`` moved onto ``target`` keeping every mean exact; the mass
    beyond ``source`` is placed at ``tail_mean`` (its conditional mean) when given."""
    import numpy as np

    out = np.zeros(target.size)
    position = np.arange(source.size) * (source.tick / target.tick)
    low = np.floor(position).astype(int)
    part = position - low
    keep = low < target.size - 1
    np.add.at(out, low[keep], mass[keep] * (1 - part[keep]))
    np.add.at(out, low[keep] + 1, mass[keep] * part[keep])
    left = max(0.0, 1.0 - float(mass.sum()) - float(out.sum()) + float(mass[keep].sum()))
    if tail_mean is not None and left > 0:
        at = min(tail_mean / target.tick, target.size - 1.0)
        low_t = int(at)
        if low_t < target.size - 1:
            out[low_t] += left * (1 - (at - low_t))
            out[low_t + 1] += left * (at - low_t)
    return out


def quantile(mass: np.ndarray, grid: Grid, share: float) -> float:
    """The time by which ``share`` of the cases are done (hours, to within one tick)."""
    import numpy as np

    index = int(np.searchsorted(np.cumsum(mass), share - 1e-12))
    return min(index, grid.size) * grid.tick


def max_masses(branches: Sequence[np.ndarray]) -> np.ndarray:
    """The distribution of the largest of independent branch times on one grid."""
    import numpy as np

    cdf = np.ones(len(branches[0]))
    for mass in branches:
        cdf = cdf * np.minimum(np.cumsum(mass), 1.0)
    return np.diff(cdf, prepend=0.0)
