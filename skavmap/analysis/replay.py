"""Token replay: does the model allow a case's path, and which way did the case go?

The process becomes a workflow net (a Petri net with one source and one sink place). Each
step is one transition, visible when the log has events for it and silent when not; a
decision's branches are silent transitions after it, so that the choice is made by what
happens next; a parallel split puts a token on every branch and a silent join waits for a
token from each branch before the join step. A case's path (its steps in time order) is
replayed on the net (Rozinat and van der Aalst's token replay): silent transitions fire where
they enable the next step; a step that is still not enabled fires anyway and the tokens it
lacked are counted as *missing*; tokens left when the case ends are *remaining*. The case
fits the model when nothing is missing and nothing remains.

The replay also tells what the log alone cannot: which branch each decision took (silent
routes included), which earlier events enabled each event (so that its wait is measured from
them, right across parallel branches), and the handoffs along the way, counted as the format
counts them (roles from the model, steps without a role transparent).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skavmap.analysis.metrics import Block
    from skavmap.format.model import Process

#: Markings searched for silent moves before a step fires with missing tokens.
SEARCH_LIMIT = 2000

Token = tuple[frozenset, tuple]  # (events that enabled it, roles it carries)
_NONE: frozenset = frozenset()


@dataclass(frozen=True)
class Transition:
    step: str | None  # the step it performs; None for a route or a join
    consume: tuple[int, ...]
    produce: tuple[int, ...]
    edges: tuple[tuple[str, str], ...]  # the model's arrows it moves work along
    role: str | None
    visible: bool


@dataclass
class Replay:
    """One path replayed. ``preds[i]``: the positions of the events whose completion enabled
    event ``i`` (empty for the first event and for one that was not enabled)."""

    missing: int = 0
    consumed: int = 0
    remaining: int = 0
    produced: int = 0
    finished: bool = False  # the case reached an end of the model
    deviation: int | None = None  # position of the first event the model did not allow
    preds: list[tuple[int, ...]] = field(default_factory=list)
    edges: Counter = field(default_factory=Counter)
    handoffs: int = 0
    cross_department: int = 0

    @property
    def fits(self) -> bool:
        return self.missing == 0 and self.remaining == 0


class Net:
    """The workflow net of ``process``; ``visible`` are the steps the log has events for.

    ``blocks`` are the parallel blocks (split, join, region), innermost first, as
    :func:`skavmap.analysis.metrics.parallel_blocks` finds them.
    """

    def __init__(self, process: Process, blocks: Sequence[Block], visible: set[str]):
        self.process = process
        self.places = 0
        self.transitions: list[Transition] = []
        self.step_transition: dict[str, int] = {}
        self.units = {r.id: r.unit for r in process.roles.values()}
        self._search: dict[tuple, tuple[int, ...] | None] = {}
        place_in = {s: self._place() for s in process.steps}
        self.source = place_in[process.start]
        self.sink = self._place()
        # Each arrow into a join from inside its block lands on the place of its branch.
        dest: dict[tuple[str, str], int] = {}
        joins: list[tuple[Block, list[int]]] = []
        for block in blocks:
            reach = [self._branch(block, target) for target in block.branches]
            places = [self._place() for _ in block.branches]
            joins.append((block, places))
            for u in [block.split, *block.region]:
                if (u, block.join) in dest or block.join not in process.steps[u].targets:
                    continue
                if u == block.split:
                    k = block.branches.index(block.join)
                else:
                    k = next(i for i, r in enumerate(reach) if u in r)
                dest[(u, block.join)] = places[k]
        for block, places in joins:
            # A join shared with a block around this one feeds that block's branch place.
            outer = next(
                (
                    (b, p)
                    for b, p in joins
                    if b is not block and b.join == block.join and block.split in b.region
                ),
                None,
            )
            target = place_in[block.join]
            if outer is not None:
                target = (
                    dest.get((block.split, block.join))
                    or outer[1][
                        next(
                            i
                            for i, t in enumerate(outer[0].branches)
                            if block.split in self._branch(outer[0], t)
                        )
                    ]
                )
            self._add(None, tuple(places), (target,), (), None, False)
        for step in process.steps.values():
            visible_step = step.id in visible
            role = step.role
            inside = (place_in[step.id],)
            if step.kind == "end":
                t = self._add(step.id, inside, (self.sink,), (), role, visible_step)
            elif step.kind == "decision":
                out = self._place()
                t = self._add(step.id, inside, (out,), (), role, visible_step)
                for branch in step.next:
                    edge = (step.id, branch.to)
                    self._add(None, (out,), (dest.get(edge, place_in[branch.to]),), (edge,),
                              None, False)  # fmt: skip
            else:
                edges = tuple((step.id, b.to) for b in step.next)
                produce = tuple(dest.get(e, place_in[e[1]]) for e in edges)
                t = self._add(step.id, inside, produce, edges, role, visible_step)
            self.step_transition[step.id] = t
        self.silent = [i for i, t in enumerate(self.transitions) if not t.visible]

    def _place(self) -> int:
        self.places += 1
        return self.places - 1

    def _add(self, step, consume, produce, edges, role, visible) -> int:
        self.transitions.append(Transition(step, consume, produce, edges, role, visible))
        return len(self.transitions) - 1

    def _branch(self, block: Block, target: str) -> set[str]:
        """The steps of ``block``'s region that the branch starting at ``target`` reaches."""
        seen: set[str] = set()
        stack = [target] if target in block.region else []
        while stack:
            step = stack.pop()
            if step in seen:
                continue
            seen.add(step)
            stack.extend(t for t in self.process.steps[step].targets if t in block.region)
        return seen

    # --- searching silent moves ----------------------------------------------------------

    def _enabled(self, counts: Sequence[int], t: int) -> bool:
        need = Counter(self.transitions[t].consume)
        return all(counts[p] >= n for p, n in need.items())

    def _fire_counts(self, counts: tuple[int, ...], t: int) -> tuple[int, ...]:
        changed = list(counts)
        for p in self.transitions[t].consume:
            changed[p] -= 1
        for p in self.transitions[t].produce:
            changed[p] += 1
        return tuple(changed)

    def silent_path(self, counts: tuple[int, ...], goal: int | None) -> tuple[int, ...] | None:
        """The shortest run of silent transitions after which transition ``goal`` is enabled
        (``None``: after which the case has ended, with nothing left if possible)."""
        key = (counts, goal)
        if key in self._search:
            return self._search[key]
        from collections import deque

        found: tuple[int, ...] | None = None
        fallback: tuple[int, ...] | None = None
        queue = deque([(counts, ())])
        seen = {counts}
        while queue and len(seen) < SEARCH_LIMIT:
            state, path = queue.popleft()
            if goal is not None and self._enabled(state, goal):
                found = path
                break
            if goal is None and state[self.sink]:
                if sum(state) == state[self.sink]:
                    found = path
                    break
                if fallback is None:
                    fallback = path
            for t in self.silent:
                if self._enabled(state, t):
                    after = self._fire_counts(state, t)
                    if after not in seen:
                        seen.add(after)
                        queue.append((after, (*path, t)))
        result = found if found is not None else fallback
        self._search[key] = result
        return result

    # --- replay --------------------------------------------------------------------------

    def replay(self, path: Sequence[str]) -> Replay:
        """Replay a case's steps (in time order) from the source place to the sink."""
        tokens: list[list[Token]] = [[] for _ in range(self.places)]
        tokens[self.source].append((_NONE, ()))
        result = Replay(produced=1, preds=[() for _ in path])
        for pos, step in enumerate(path):
            t = self.step_transition[step]
            counts = tuple(len(q) for q in tokens)
            if not self._enabled(counts, t):
                for silent in self.silent_path(counts, t) or ():
                    self._fire(tokens, silent, None, result)
            result.preds[pos] = self._fire(tokens, t, pos, result)
        counts = tuple(len(q) for q in tokens)
        for silent in self.silent_path(counts, None) or ():
            self._fire(tokens, silent, None, result)
        if tokens[self.sink]:
            tokens[self.sink].pop()
            result.finished = True
        else:
            result.missing += 1
        result.consumed += 1
        result.remaining = sum(len(q) for q in tokens)
        return result

    def _fire(self, tokens: list[list[Token]], t: int, pos: int | None, result: Replay):
        """Fire transition ``t`` (for the event at ``pos``, or silently); returns the
        positions of the events that enabled it."""
        transition = self.transitions[t]
        taken: list[Token] = []
        for place in transition.consume:
            result.consumed += 1
            if tokens[place]:
                taken.append(tokens[place].pop(0))
            else:
                result.missing += 1
                if pos is not None and result.deviation is None:
                    result.deviation = pos
        enabled_by = frozenset().union(*(prov for prov, _ in taken)) if taken else _NONE
        roles = tuple(role for _, carried in taken for role in carried)
        if transition.role is not None:
            role = transition.role
            result.handoffs += sum(1 for r in roles if r != role)
            unit = self.units[role]
            result.cross_department += sum(1 for r in roles if self.units[r] != unit)
            roles = (role,)
        made = frozenset((pos,)) if pos is not None else enabled_by
        for place in transition.produce:
            result.produced += 1
            tokens[place].append((made, roles))
        for edge in transition.edges:
            result.edges[edge] += 1
        return tuple(sorted(enabled_by))
