"""Exact per-case figures of a process, from its step graph (see docs/analysis.md).

Expected visits come from an absorbing Markov chain over the decision probabilities: with
``W`` the matrix of branch weights (a decision's ``p``, 1 for every other move, 1 for each
branch of a parallel split), the visits ``v`` solve ``(I - Wᵀ) v = e_start``. The system is
solved one strongly connected component at a time (:func:`propagate`), so the cost grows
about linearly with the number of steps. Loops of up to 30 steps, the ones process maps have,
are solved in plain Python; numpy is only imported for larger loops, and scipy's sparse LU
only for loops of hundreds of steps.

A parallel split runs all of its branches; they meet again at the split's join, its
immediate post-dominator. Each branch is visited as often as the split; the join once per
split visit. Lead time counts, per split visit, the branch with the longest expected time.
"""

from __future__ import annotations

import math
from collections import ChainMap
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat
from operator import methodcaller
from types import MappingProxyType
from typing import TYPE_CHECKING

from skavmap.analysis import timing
from skavmap.analysis.digraph import DiGraph
from skavmap.analysis.graph import (
    COMPILED_LIMIT,
    back_edges,
    build_graph,
    components_in_order,
    file_order,
    loop_groups,
    numbered_arrows,
)
from skavmap.analysis.results import Metrics, RoleFigures, StepFigures
from skavmap.format.model import Process

if TYPE_CHECKING:
    import numpy as np

#: Flows below this are rounding noise, not a way the work can go.
EPSILON = 1e-12


@dataclass(frozen=True)
class BlockTime:
    """How long a parallel block lasts: ``expected`` hours (E[max] of its branches), and,
    when that time varies, its distribution as ``masses`` on ``grid``."""

    expected: float
    grid: timing.Grid | None = None
    masses: np.ndarray | None = None

    @property
    def fixed(self) -> bool:
        return self.masses is None

    def on(self, grid: timing.Grid) -> np.ndarray:
        """The distribution moved onto ``grid`` (a fixed time as one point), mean exact."""
        import numpy as np

        if self.masses is None or self.grid is None:
            masses = np.zeros(grid.size)
            at = min(self.expected / grid.tick, grid.size - 1.0)
            low = int(at)
            masses[low] += 1 - (at - low)
            if low + 1 < grid.size:
                masses[low + 1] += at - low
            return masses
        inside = float((np.arange(self.grid.size) * self.grid.tick * self.masses).sum())
        left = 1.0 - float(self.masses.sum())
        tail = (self.expected - inside) / left if left > 1e-12 else None
        return timing.regrid(self.masses, self.grid, grid, tail)


@dataclass(frozen=True)
class Block:
    """A parallel split, its join and the steps between them (the split's region)."""

    split: str
    join: str
    region: frozenset[str]
    branches: tuple[str, ...]


def parallel_blocks(graph: DiGraph) -> tuple[Block, ...]:
    """Every parallel split with its join (immediate post-dominator) and region, smallest
    region first, so that inner blocks come before the blocks around them.

    >>> g = DiGraph([("s", "p"), ("p", "a"), ("p", "b"), ("a", "j"), ("b", "j"), ("j", "e")])
    >>> g.nodes["p"]["kind"] = "parallel"
    >>> [(b.split, b.join, sorted(b.region)) for b in parallel_blocks(g)]
    [('p', 'j', ['a', 'b'])]
    """
    splits = [n for n, kind in graph.nodes(data="kind") if kind == "parallel"]
    if not splits:
        return ()
    from skavmap.format.dominators import dominator_tree

    # The steps numbered in file order, the end of every way out numbered after them, and
    # the arrows turned round between the numbers: immediate dominators are unique, so
    # this is what numbering the steps as they are found from the end would give, without
    # the walk that finds them.
    steps = list(graph)
    order = file_order(graph)
    exit_index = len(steps)
    reverse: list[list[int]] = [[] for _ in range(exit_index + 1)]
    if exit_index > COMPILED_LIMIT:
        # The arrows of a graph this large are numbered for scipy's loops anyway.
        import numpy as np

        heads, counts = numbered_arrows(graph)
        tails = np.repeat(np.arange(exit_index), counts).tolist()
        for tail, head in zip(tails, heads.tolist(), strict=True):
            reverse[head].append(tail)
        reverse[exit_index] = np.flatnonzero(counts == 0).tolist()
    else:
        for i, after in enumerate(graph.succ.values()):
            for successor in after:
                reverse[order[successor]].append(i)
            if not after:
                reverse[exit_index].append(i)
    post_dominators = dominator_tree(reverse, exit_index)
    blocks = []
    for split in splits:
        meets = post_dominators[order[split]]
        if meets < 0 or meets == exit_index:
            continue  # the loader rejects branches that never meet
        join = steps[meets]
        region: set[str] = set()
        stack = [n for n in graph.successors(split) if n not in (join, split)]
        region.update(stack)
        while stack:
            for successor in graph.successors(stack.pop()):
                if successor not in region and successor not in (join, split):
                    region.add(successor)
                    stack.append(successor)
        blocks.append(Block(split, join, frozenset(region), tuple(graph.successors(split))))
    return tuple(sorted(blocks, key=lambda b: (len(b.region), order[b.split])))


#: Loops up to this many steps are solved in plain Python: importing numpy costs more start-up
#: time than such a solve ever takes.
PYTHON_LIMIT = 30
#: Loops up to this many steps are solved densely with numpy; larger ones with a sparse LU.
DENSE_LIMIT = 300
#: Systems of more steps than this are solved at once, with scipy's sparse LU, instead of one
#: component at a time: the walk costs about 8 µs a step in Python, the LU well under one,
#: and importing scipy a quarter of a second, which a large process's few whole-process
#: solves pay back from about this size.
WHOLE_LIMIT = 20_000

Weights = Mapping[tuple[str, str], float]
#: The same weights by step: the steps each one leads to, with their weights, in the order
#: of the weights (:func:`outgoing`).
Outgoing = Mapping[str, Mapping[str, float]]
#: One flow (a number) or several flows at once (a sequence of numbers, one per flow).
Value = float | Sequence[float]


def outgoing(weights: Weights) -> dict[str, dict[str, float]]:
    """``weights`` by the step each arrow leaves, so that the arrows out of a few steps are
    found without going through all of them.

    >>> outgoing({("a", "b"): 1.0, ("b", "a"): 0.5, ("b", "c"): 0.5})
    {'a': {'b': 1.0}, 'b': {'a': 0.5, 'c': 0.5}}
    """
    out: dict[str, dict[str, float]] = {}
    for (u, v), w in weights.items():
        out.setdefault(u, {})[v] = w
    return out


class Singular(ValueError):
    """A loop whose equations have no single solution: work that never leaves it."""


def propagate(
    nodes: Sequence[str],
    weights: Weights,
    source: Mapping[str, Value],
    out: Outgoing | None = None,
) -> dict:
    """Expected flow through ``nodes``: the ``x`` that solves ``x = source + Wᵀ x``.

    ``W`` holds the ``weights`` of the edges between ``nodes`` (others are ignored: flow that
    leaves ``nodes`` is gone); ``out``, when given, is ``outgoing(weights)``, so that a few
    steps of a large process are solved without going through all of its arrows. The source
    values are numbers, or sequences of numbers of one length (several flows at once,
    returned as lists). The graph is split into its strongly connected components and
    solved one component at a time in topological order: a step outside loops costs one
    addition, a loop of ``k`` steps one ``k × k`` solve. More than :data:`WHOLE_LIMIT` steps
    are solved as one sparse system (:func:`_solve_whole`). Exact, and close to linear for
    process maps. Raises :class:`Singular` for a loop nothing leaves.

    >>> x = propagate(["a", "b", "c"], {("a", "b"): 1.0, ("b", "a"): 0.5, ("b", "c"): 0.5},
    ...               {"a": 1.0})
    >>> [round(float(x[n]), 9) for n in "abc"]
    [2.0, 2.0, 1.0]
    >>> propagate(["a", "b"], {("a", "b"): 0.5}, {"a": [1.0, 2.0]})["b"]
    [0.5, 1.0]
    """
    if out is None:
        out = outgoing(weights)
    first = next(iter(source.values()), 0.0)
    vector = not isinstance(first, (int, float))
    if len(nodes) > WHOLE_LIMIT:
        return _solve_whole(nodes, out, source, len(first) if vector else None)
    inside = set(nodes)
    local = {u: {v: w for v, w in out.get(u, {}).items() if v in inside} for u in nodes}
    if vector:
        zero: Value = [0.0] * len(first)

        def add_scaled(total, weight, value):
            return [t + weight * v for t, v in zip(total, value, strict=True)]
    else:
        zero = 0.0

        def add_scaled(total, weight, value):
            return total + weight * value

    inflow: dict[str, Value] = {n: source.get(n, zero) for n in nodes}
    result: dict[str, Value] = {}
    for members in components_in_order(nodes, local):
        if len(members) == 1 and members[0] not in local[members[0]]:
            result[members[0]] = inflow[members[0]]
        else:
            solved = _solve_loop(local, members, inflow, vector)
            for node, value in zip(members, solved, strict=True):
                result[node] = value
        for u in members:
            value = result[u]
            for v, weight in local[u].items():
                if v not in result:
                    inflow[v] = add_scaled(inflow[v], weight, value)
    return result


def _solve_whole(
    nodes: Sequence[str], out: Outgoing, source: Mapping[str, Value], width: int | None
) -> dict:
    """Solve ``(I - Wᵀ) x = source`` for all of ``nodes`` at once with a sparse LU; ``width``
    is the number of flows, or ``None`` for one flow given as numbers. The values come in
    the order of ``nodes``."""
    import numpy as np
    from scipy import sparse
    from scipy.sparse.linalg import splu

    position = {n: i for i, n in enumerate(nodes)}
    size = len(nodes)
    # The arrows numbered by numpy's loops, not one by one: a whole solve is of a large
    # process, with one arrow or more for each of its steps.
    after = [out.get(u, {}) for u in nodes]
    rows = np.fromiter(map(position.get, chain.from_iterable(after), repeat(-1)), dtype=np.intp)
    cols = np.repeat(np.arange(size), np.fromiter(map(len, after), dtype=np.intp, count=size))
    values = np.fromiter(chain.from_iterable(map(methodcaller("values"), after)), dtype=float)
    inside = rows >= 0  # flow that leaves ``nodes`` is gone
    if not inside.all():
        rows, cols, values = rows[inside], cols[inside], values[inside]
    moves = sparse.csc_matrix((values, (rows, cols)), shape=(size, size))
    rhs = np.zeros(size if width is None else (size, width))
    for n, value in source.items():
        if n in position:
            rhs[position[n]] = value
    try:
        solved = splu((sparse.identity(size, format="csc") - moves).tocsc()).solve(rhs)
    except RuntimeError as error:  # scipy's LU: exactly singular
        raise Singular(str(error)) from error
    return dict(zip(nodes, solved.tolist(), strict=True))


def _solve_loop(
    local: Outgoing, members: list[str], inflow: Mapping[str, Value], vector: bool
) -> list:
    """Solve ``(I - W_CCᵀ) x_C = inflow_C`` for one strongly connected component; ``vector``
    tells whether the values are sequences (several flows) or numbers."""
    position = {n: i for i, n in enumerate(members)}
    entries = [
        (position[v], position[u], weight)
        for u in members
        for v, weight in local[u].items()
        if v in position
    ]
    size = len(members)
    if size <= PYTHON_LIMIT:
        columns = [list(inflow[n]) if vector else [inflow[n]] for n in members]
        solved = _eliminate(size, entries, columns)
        return solved if vector else [row[0] for row in solved]
    # Imported here: numpy and scipy cost start-up time that small loops never need.
    import numpy as np

    rhs = np.array([inflow[n] for n in members], dtype=float)
    try:
        if size <= DENSE_LIMIT:
            system = np.identity(size)
            for row, col, weight in entries:
                system[row, col] -= weight
            solved = np.linalg.solve(system, rhs)
        else:
            from scipy import sparse
            from scipy.sparse.linalg import splu

            rows, cols, values = zip(*entries, strict=True)
            matrix = sparse.csc_matrix((values, (rows, cols)), shape=(size, size))
            solved = splu((sparse.identity(size, format="csc") - matrix).tocsc()).solve(rhs)
    except (np.linalg.LinAlgError, RuntimeError) as error:  # RuntimeError: scipy's LU
        raise Singular(str(error)) from error
    return solved.tolist()


def _eliminate(
    size: int, entries: Sequence[tuple[int, int, float]], rhs: list[list[float]]
) -> list[list[float]]:
    """Solve ``(I - M) x = rhs`` by Gaussian elimination with partial pivoting, where ``M``
    has the ``(row, col, weight)`` ``entries``. ``rhs`` (used up) and the solution have one
    row per step and one column per flow.

    >>> _eliminate(2, [(0, 1, 0.5), (1, 0, 1.0)], [[1.0], [0.0]])
    [[2.0], [2.0]]
    """
    matrix = [[0.0] * size for _ in range(size)]
    for i in range(size):
        matrix[i][i] = 1.0
    for row, col, weight in entries:
        matrix[row][col] -= weight
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(matrix[r][col]))
        if matrix[pivot][col] == 0.0:
            raise Singular("the equations of a loop have no single solution")
        matrix[col], matrix[pivot] = matrix[pivot], matrix[col]
        rhs[col], rhs[pivot] = rhs[pivot], rhs[col]
        top, top_rhs = matrix[col], rhs[col]
        # Loops are sparse: most rows have nothing to eliminate, most columns nothing to add.
        filled = [c for c in range(col + 1, size) if top[c]]
        for r in range(col + 1, size):
            row = matrix[r]
            if row[col]:
                factor = row[col] / top[col]
                for c in filled:
                    row[c] -= factor * top[c]
                rhs[r] = [x - factor * y for x, y in zip(rhs[r], top_rhs, strict=True)]
    solved: list[list[float]] = [[]] * size
    for r in reversed(range(size)):
        row, total = matrix[r], rhs[r]
        for c in range(r + 1, size):
            if row[c]:
                total = [t - row[c] * x for t, x in zip(total, solved[c], strict=True)]
        solved[r] = [t / row[r] for t in total]
    return solved


class Flow:
    """The solved chain of a step graph: expected visits and how work flows along edges."""

    def __init__(self, graph: DiGraph, start: str):
        self.graph = graph
        self.start = start
        self.nodes = list(graph)
        self.order = file_order(graph)
        self.blocks = parallel_blocks(graph)
        self.weights = self.flow_weights()
        uncountable = ValueError(
            "the process cannot be counted: a parallel block sends its branches back "
            "more often than it finishes"
        )
        try:
            solved = propagate(self.nodes, self.weights, {start: 1.0}, self.out)
        except Singular as singular:
            raise uncountable from singular
        values = [float(solved[n]) for n in self.nodes]
        if not all(math.isfinite(x) and x > -1e-9 for x in values):
            raise uncountable
        self.visits = dict(zip(self.nodes, [max(x, 0.0) for x in values], strict=True))
        visits = self.visits
        self.traversals = {edge: visits[edge[0]] * p for edge, p in self.arrows.items()}

    @cached_property
    def arrows(self) -> dict[tuple[str, str], float]:
        """Each arrow's ``p`` as the step graph has it: the weights every other set of
        weights starts from (the visits', and those by role and by system)."""
        return {
            (u, v): data.get("p")
            for u, after in self.graph.succ.items()
            for v, data in after.items()
        }

    @cached_property
    def arrows_out(self) -> dict[str, dict[str, float]]:
        """:attr:`arrows` by the step each leaves (:func:`outgoing`); shared, so never
        changed: weights made from them copy the rows they change."""
        return outgoing(self.arrows)

    def flow_weights(self) -> dict[tuple[str, str], float]:
        """Branch weights for counting visits: each join is entered once per split visit.

        The moves from a block's region into its join are replaced by one move from the split
        to the join; the branches still run (each split edge weighs 1).
        """
        weights = dict(self.arrows)
        # Blocks may share a join (a BPMN join gateway that several splits meet at): an inner
        # block's arrows into it are its split's by then, and the outer block takes those.
        into: dict[str, list[str]] = {}
        for block in self.blocks:
            tails = into.get(block.join)
            if tails is None:
                tails = list(self.graph.predecessors(block.join))
            kept = []
            for u in tails:
                if u in block.region:
                    del weights[(u, block.join)]
                else:
                    kept.append(u)
            weights[(block.split, block.join)] = 1.0
            into[block.join] = [*kept, block.split] if block.split not in kept else kept
        return weights

    @cached_property
    def out(self) -> dict[str, dict[str, float]]:
        """:attr:`weights` by the step each arrow leaves (:func:`outgoing`)."""
        return outgoing(self.weights)

    def settle(self) -> None:
        """Let go of the figures only the rules ask for (see
        :meth:`skavmap.analysis.context.Context.settle`)."""
        for name in (
            "role_arrivals",
            "role_weights",
            "roles",
            "into",
            "out",
            "arrows",
            "arrows_out",
        ):
            self.__dict__.pop(name, None)

    @cached_property
    def holding(self) -> dict[str, list[Block]]:
        """For each step inside parallel work, the blocks whose region holds it, inner
        first (in the order of :attr:`blocks`)."""
        holding: dict[str, list[Block]] = {}
        for block in self.blocks:
            for n in block.region:
                holding.setdefault(n, []).append(block)
        return holding

    @cached_property
    def outermost(self) -> list[Block]:
        """The blocks that lie in no other block's region."""
        return [b for b in self.blocks if b.split not in self.holding]

    @cached_property
    def inner(self) -> dict[str, list[Block]]:
        """For each split, the blocks whose split lies in its region, inner first."""
        inner: dict[str, list[Block]] = {b.split: [] for b in self.blocks}
        for block in self.blocks:
            for around in self.holding.get(block.split, ()):
                inner[around.split].append(block)
        return inner

    @cached_property
    def into(self) -> dict[str, list[tuple[str, float]]]:
        """:attr:`weights` by the step each arrow enters: (step it leaves, weight) pairs."""
        into: dict[str, list[tuple[str, float]]] = {}
        for (u, v), w in self.weights.items():
            into.setdefault(v, []).append((u, w))
        return into

    @cached_property
    def rank(self) -> dict[str, int]:
        """Each split's place in :attr:`blocks`."""
        return {b.split: i for i, b in enumerate(self.blocks)}

    @cached_property
    def regions(self) -> dict[str, list[str]]:
        """For each split, the steps of its block's region in file order."""
        return {b.split: sorted(b.region, key=self.order.__getitem__) for b in self.blocks}

    def branch_visits(self, block: Block, target: str) -> dict[str, float]:
        """Expected visits of the region's steps for one run of the branch that starts at
        ``target``, ending at the join (or where the branch leaves the block)."""
        if target == block.join or target not in block.region:
            return {}
        region = self.regions[block.split]
        visits = propagate(region, self.weights, {target: 1.0}, self.out)
        return {n: float(x) for n, x in visits.items()}

    def lead_time(self, duration: Mapping[str, float]) -> float:
        """Expected lead time: ``visits × duration`` outside parallel blocks, and for each
        block, per split visit, the expected time until its last branch is done
        (:meth:`block_times`)."""
        times = self.block_times(duration)
        return sum(
            self.visits[n] * (duration[n] + (times[n].expected if n in times else 0.0))
            for n in self.outside
        )

    def lead_time_masses(
        self, duration: Mapping[str, float], times: Mapping[str, BlockTime], lead: float
    ) -> tuple[timing.Grid, np.ndarray]:
        """The distribution of a case's lead time: ``lead`` (its mean) sets the grid; each
        outermost parallel block is one step from its split to its join."""
        import numpy as np

        outer = self.outermost
        nodes = self.outside
        ticks = timing.PROCESS_TICKS if len(nodes) <= 10_000 else timing.PROCESS_TICKS // 2
        grid = timing.grid_for(lead, ticks)
        points = grid.points()
        # One transform per number of hours: most steps take one of a few times.
        shifts: dict[float, np.ndarray] = {}
        delays = {}
        for n in nodes:
            hours = duration[n]
            delay = shifts.get(hours)
            if delay is None:
                delay = shifts[hours] = grid.shift(hours, points)
            delays[n] = delay
        for block in outer:
            delays[block.split] = delays[block.split] * grid.transform(times[block.split].on(grid))
        done = ("done",)  # no step id is a tuple
        delays[done] = shifts[0.0] if 0.0 in shifts else grid.shift(0.0, points)
        one = np.ones(grid.size, dtype=complex)
        spectra = timing.arrivals(
            [*nodes, done],
            self._ways_out(nodes, outer, done),
            {self.start: one},
            delays,
            grid,
            wanted={done},
        )
        return grid, grid.masses(spectra[done])

    @cached_property
    def outside(self) -> list[str]:
        """The steps that lie in no parallel block's region, in file order."""
        covered = set().union(*(block.region for block in self.blocks))
        return [n for n in self.nodes if n not in covered]

    def block_times(
        self,
        duration: Mapping[str, float],
        previous: Mapping[str, BlockTime] | None = None,
        changed: set[str] = frozenset(),
    ) -> Mapping[str, BlockTime]:
        """For each parallel split: how long its block lasts, E[max] of its branches, and
        the distribution of that time (inner blocks first, each a step of the one around
        it). With ``previous``, only the blocks holding a ``changed`` step are worked out
        again, the others are read from ``previous``."""
        if previous is None:
            done: dict[str, BlockTime] = {}
            for block in self.blocks:
                done[block.split] = self._block_time(block, duration, done)
            return done
        again = {b.split: b for n in changed for b in self.holding.get(n, ())}
        redone: dict[str, BlockTime] = {}
        known = ChainMap(redone, previous)
        for split in sorted(again, key=self.rank.__getitem__):
            redone[split] = self._block_time(again[split], duration, known)
        return known

    def held(
        self, duration: Mapping[str, float], times: Mapping[str, BlockTime]
    ) -> dict[str, float]:
        """The hours of lead time per case each step holds: what the lead time would lose
        if the step took no time. Outside parallel blocks that is visits × duration; inside
        one, it is what the block's E[max] would lose, so a step off the critical path holds
        (next to) nothing."""
        visits = self.visits
        held = {n: visits[n] * duration[n] for n in self.outside}
        outer = {n: block.split for block in self.outermost for n in block.region}
        for n, split in outer.items():
            if duration[n] <= 0:
                held[n] = 0.0
                continue
            without = ChainMap({n: 0.0}, duration)
            after = self.block_times(without, times, {n})
            saved = times[split].expected - after[split].expected
            held[n] = visits[split] * max(0.0, saved)
        return held

    def _ways_out(
        self, nodes: Sequence[str], inner: Sequence[Block], done: tuple
    ) -> dict[Hashable, dict[Hashable, float]]:
        """:meth:`_contracted`'s weights by the step each arrow leaves, as
        :func:`timing.arrivals` takes them, and an arrow of weight 1 from each step that
        leads nowhere to ``done``. Made straight from the graph in one pass: a large
        process's arrows are not made into pairs first."""
        splits = {b.split: b.join for b in inner}
        inside = set(nodes)
        succ = self.graph.succ
        ways: dict[Hashable, dict[Hashable, float]] = {}
        for u in nodes:
            after = succ[u]
            join = splits.get(u)
            if join is not None:
                ways[u] = {join: 1.0}
            elif not after:
                ways[u] = {done: 1.0}
            else:
                row = ways[u] = {}
                for v, data in after.items():
                    p = data.get("p")
                    if p > 0 and v in inside:
                        row[v] = p
        ways[done] = {}
        return ways

    def _contracted(self, nodes: Sequence[str], inner: Sequence[Block]) -> dict:
        """The branch weights among ``nodes``, each inner block a single step from its
        split straight to its join."""
        splits = {b.split: b.join for b in inner}
        succ = self.graph.succ
        weights = {
            (u, v): data.get("p") for u in nodes if u not in splits for v, data in succ[u].items()
        }
        weights.update({(split, join): 1.0 for split, join in splits.items()})
        return weights

    @cached_property
    def _shapes(self) -> dict[tuple[str, tuple[Block, ...]], tuple]:
        """:meth:`_block_shape` of each block, by the blocks inside it already timed: a
        step's counterfactuals time its block again, and its shape stays the same."""
        return {}

    def _block_shape(self, block: Block, nested: Sequence[Block]) -> tuple:
        """What a block's time is worked out on, whatever the steps take: its region's steps
        but those of the ``nested`` blocks, the blocks right inside it, its branch weights,
        the visits of each branch's run (``None`` for a branch straight to the join), and
        whether a decision makes the time vary."""
        hidden = set().union(*(b.region for b in nested))
        region = [n for n in self.regions[block.split] if n not in hidden]
        # The blocks right inside this one, each a step of its region; a block inside one of
        # them is part of that one's time.
        inner = [b for b in nested if b.split not in hidden]
        weights = self._contracted(region, inner)
        inside = set(region)
        runs = [
            None
            if target == block.join or target not in inside
            else propagate(region, weights, {target: 1.0})
            for target in block.branches
        ]
        kinds = self.graph.nodes
        decides = any(kinds[n]["kind"] == "decision" for n in region)
        return region, inner, weights, runs, decides

    def _block_time(
        self, block: Block, duration: Mapping[str, float], done: Mapping[str, BlockTime]
    ) -> BlockTime:
        nested = tuple(b for b in self.inner[block.split] if b.split in done)
        key = (block.split, nested)
        if key not in self._shapes:
            self._shapes[key] = self._block_shape(block, nested)
        region, inner, weights, runs, decides = self._shapes[key]
        cost = {n: duration[n] + (done[n].expected if n in done else 0.0) for n in region}
        means = [
            0.0 if visits is None else sum(float(x) * cost[n] for n, x in visits.items())
            for visits in runs
        ]
        varies = decides or any(not done[b.split].fixed for b in inner)
        if not varies:
            return BlockTime(max(means, default=0.0))
        grid = timing.grid_for(sum(means), timing.BLOCK_TICKS)
        points = grid.points()
        delays = {n: grid.shift(duration[n], points) for n in region}
        for b in inner:
            delays[b.split] = delays[b.split] * grid.transform(done[b.split].on(grid))
        branches = [
            timing.branch_masses(region, weights, target, block.join, delays, grid)
            for target in block.branches
        ]
        expected, _ = timing.expected_max(branches, means, grid)
        return BlockTime(expected, grid, timing.max_masses(branches))

    def label_weights(
        self, labelled: Callable[[str], bool]
    ) -> tuple[dict[tuple[str, str], float], Outgoing]:
        """Branch weights for following where work comes from, one arrow at a time, and the
        same weights by step (:func:`outgoing`).

        Every branch of a parallel block that reaches a labelled step arrives at the join on
        its own arrow. Work that passes through a block without meeting a labelled step
        arrives once, not once per branch: with ``q_b`` the probability that branch ``b``
        passes through, the split-to-join weight is corrected by
        ``(1 - Π(1 - q_b)) - Σ q_b`` (branches are independent), so the join receives the
        pass-through work with the probability that at least one branch passes it on.
        """
        weights = dict(self.arrows)
        out = dict(self.arrows_out)
        added: dict[str, set[str]] = {}  # join → splits given an arrow to it here
        for block in self.blocks:
            into_join = set(self.graph.pred[block.join]) | added.get(block.join, set())
            passes = [
                self._pass_through(block, t, labelled, weights, into_join, out)
                for t in block.branches
            ]
            correction = 1 - math.prod(1 - q for q in passes) - sum(passes)
            if abs(correction) > EPSILON:
                key = (block.split, block.join)
                weights[key] = weights.get(key, 0.0) + correction
                out[block.split] = {**out.get(block.split, {}), block.join: weights[key]}
                added.setdefault(block.join, set()).add(block.split)
        return weights, out

    def _pass_through(
        self,
        block: Block,
        target: str,
        labelled: Callable[[str], bool],
        weights: Weights,
        into_join: set[str],
        out: Outgoing,
    ) -> float:
        """Probability that the branch starting at ``target`` reaches the join through
        unlabelled steps only."""
        if target == block.join:
            return 1.0
        if target not in block.region or labelled(target):
            return 0.0
        open_steps = [n for n in self.regions[block.split] if not labelled(n)]
        reached = propagate(open_steps, weights, {target: 1.0}, out)
        # Summed in the solver's order: a set's order changes from run to run, and with it
        # the last digits.
        return sum(
            float(x) * weights[(u, block.join)] for u, x in reached.items() if u in into_join
        )

    @cached_property
    def roles(self) -> dict[str, str | None]:
        """Each step's role, ``None`` for a step without one."""
        return {n: data["role"] for n, data in self.graph.nodes(data=True)}

    @cached_property
    def role_weights(self) -> tuple[dict[tuple[str, str], float], Outgoing]:
        """:meth:`label_weights` with the roles as labels: the weights handoffs are counted
        by, and the same by step."""
        roles = self.roles
        return self.label_weights(lambda n: roles[n] is not None)

    @cached_property
    def role_arrivals(self) -> dict[tuple[str, str], dict[Hashable, float]]:
        """:meth:`arrivals` by role: where handoffs land and from which roles."""
        return self.arrivals(self.roles, self.role_weights)

    def arrivals(
        self,
        labels: Mapping[str, Hashable | None],
        weights: tuple[Weights, Outgoing] | None = None,
    ) -> dict[tuple[str, str], dict[Hashable, float]]:
        """For each edge into a labelled step: the expected arrivals per case along that edge,
        by the label of the last labelled step before it. Unlabelled steps are transparent.
        ``labels`` gives every step's label (``None`` for none); ``weights`` are the
        :meth:`label_weights` of these labels, when already known.

        Used with the role as label for handoffs and with the systems for system switches.
        """
        visits = self.visits
        weights, out = weights or self.label_weights(lambda n: labels[n] is not None)
        kinds = sorted({x for x in labels.values() if x is not None}, key=repr)
        k_index = {label: i for i, label in enumerate(kinds)}
        transparent = [n for n in self.nodes if labels[n] is None]
        sources = {n: [0.0] * len(kinds) for n in transparent}
        result: dict[tuple[str, str], dict[Hashable, float]] = {}
        # One pass over the arrows of a large process: an arrow from a transparent step has
        # its place in the result kept until the mix of labels through those steps is known.
        later = []
        for edge, w in weights.items():
            u, v = edge
            label = labels[u]
            if labels[v] is None:
                if label is not None:
                    sources[v][k_index[label]] += visits[u] * w
            elif label is not None:
                flow = visits[u] * w
                result[edge] = {label: flow} if abs(flow) > EPSILON else {}
            else:
                result[edge] = {}
                later.append((edge, w))
        mix = propagate(transparent, weights, sources, out)
        for edge, w in later:
            row = (x * w for x in mix[edge[0]])
            result[edge] = {
                kind: amount
                for kind, amount in zip(kinds, row, strict=True)
                if abs(amount) > EPSILON
            }
        return result


def compute_metrics(process: Process, graph: DiGraph, flow: Flow | None = None) -> Metrics:
    """Every figure of :class:`~skavmap.analysis.results.Metrics` for ``process``."""
    if flow is None:
        flow = Flow(graph, process.start)
    # Each step's attributes once, in one pass for every figure summed over the steps (from
    # 0 and in file order, as sum() would): looked up through the graph's views, a large
    # process's million lookups cost a second.
    visits = flow.visits
    duration: dict[str, float] = {}
    work = 0
    units = set()
    role_work = dict.fromkeys(process.roles, 0.0)
    for n, data in graph.nodes(data=True):
        worked, role, unit = data["work"], data["role"], data["unit"]
        duration[n] = data["wait"] + worked
        share = visits[n]
        work += share * worked
        if unit and share > EPSILON:
            units.add(unit)
        # A sub-process's work belongs to its own roles.
        if role is not None and data["kind"] != "subprocess":
            role_work[role] += share * worked
    times = flow.block_times(duration)
    lead = sum(
        visits[n] * (duration[n] + (times[n].expected if n in times else 0.0)) for n in flow.outside
    )
    held = flow.held(duration, times)

    def quantiles() -> tuple[float, float]:
        grid, masses = flow.lead_time_masses(duration, times, lead)
        return timing.quantile(masses, grid, 0.5), timing.quantile(masses, grid, 0.9)

    handoffs = cross = 0.0
    cross_edges = set()
    succ = graph.succ
    roles = flow.roles
    unit_of = {role_id: role.unit for role_id, role in process.roles.items()}
    for edge, by_role in flow.role_arrivals.items():
        role = roles[edge[1]]  # arrivals are counted only at steps with a role
        unit = unit_of[role]
        if len(by_role) == 1:
            # Nearly every arrow brings the work of one role: added as below, without a loop.
            ((other, amount),) = by_role.items()
            if other != role:
                handoffs += amount
            if unit_of[other] != unit:
                cross += amount
                if amount > EPSILON and edge[1] in succ[edge[0]]:
                    cross_edges.add(edge)
            continue
        # Added up as sum() would, from 0 in the order given, without a generator per arrow.
        handed = crossing = 0
        for other, amount in by_role.items():
            if other != role:
                handed += amount
            if unit_of[other] != unit:
                crossing += amount
        handoffs += handed
        cross += crossing
        if crossing > EPSILON and edge[1] in succ[edge[0]]:
            cross_edges.add(edge)

    # _ratio's test of the lead time made once, not for each of a large process's steps.
    if lead > EPSILON:
        per_step = {n: StepFigures(visits[n], held[n], held[n] / lead) for n in graph}
    else:
        per_step = {n: StepFigures(visits[n], held[n], 0.0) for n in graph}
    per_year = (
        process.volume.per_hour * process.calendar.day_hours * 252 if process.volume else None
    )
    loops = loop_groups(graph)
    return Metrics(
        steps=len(process.steps),
        lead_time_hours=lead,
        work_time_hours=work,
        flow_efficiency=_ratio(work, lead),
        handoffs=handoffs,
        cross_department_handoffs=cross,
        loops=len(loops),
        departments_touched=len(units),
        per_step=MappingProxyType(per_step),
        per_role=MappingProxyType(role_figures(process, role_work)),
        loop_groups=loops,
        rework_edges=back_edges(graph, process.start),
        cross_department_edges=frozenset(cross_edges),
        edge_traversals=MappingProxyType(dict(flow.traversals)),
        quantiles=quantiles,
        cases_per_year=per_year,
        work_hours_per_year=work * per_year if per_year is not None else None,
        lead_time_hours_per_year=lead * per_year if per_year is not None else None,
    )


def role_figures(process: Process, work: Mapping[str, float]) -> dict[str, RoleFigures]:
    """Each role's expected ``work`` per case, and its utilisation where the process gives a
    ``volume`` and the role a ``capacity``."""
    figures = {}
    for role_id, role in process.roles.items():
        utilisation = None
        if process.volume is not None and role.capacity:
            utilisation = process.volume.per_hour * work[role_id] / role.capacity
        figures[role_id] = RoleFigures(work[role_id], utilisation)
    return figures


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole > EPSILON else 0.0


def step_graph(process: Process) -> DiGraph:
    """The step graph of ``process``, its sub-processes rolled up (each analysed once)."""
    done: dict[int, tuple[float, float]] = {}

    def rollup(sub: Process) -> tuple[float, float]:
        # Keyed by identity: the loader shares one Process object per sub-process file.
        if id(sub) not in done:
            metrics = compute_metrics(sub, build_graph(sub, rollup))
            done[id(sub)] = (metrics.lead_time_hours, metrics.work_time_hours)
        return done[id(sub)]

    return build_graph(process, rollup)
