"""What a hotspot costs: the process's figures with the friction, minus without it.

The format specification 1.1 ("What a hotspot costs") says what "without" means for each
kind: a wait (or bottleneck) without the step's ``wait``, a handoff without the receiving
step's ``wait``, a loop with every branch that closes it at ``p: 0`` (the decision's other
branches scaled up to sum 1), a manual re-entry without the step's ``work``. skavmap adds
one: an approval chain without the ``wait`` and ``work`` of all its approvals but the one that
holds the most time.
Pain, night-time notifications, form burden and overloaded roles have no counterfactual:
their impact is ``None``.

Every impact is exact, the same solver as the metrics, and cheap (docs/analysis.md, "How
impacts are computed"): a time taken away changes the lead time by visits × that time, or,
inside a parallel block, that block's E[max], worked out again for that block alone; a loop
cut changes the visits of the loop's own steps, and of the steps after it only when the
share of cases leaving by each way out changes. Anything more tangled (a loop that holds or
meets parallel work) is analysed again whole. So impacts stay close to linear in the size
of the process.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from skavmap.analysis.metrics import propagate
from skavmap.analysis.results import Impact, Metrics
from skavmap.format.changes import rescaled

if TYPE_CHECKING:
    from skavmap.analysis.digraph import DiGraph
    from skavmap.analysis.metrics import Flow, Outgoing
    from skavmap.format.model import Process

EPSILON = 1e-12


class Counterfactuals:
    """The impacts of taking friction away from one analysed process."""

    def __init__(self, process: Process, graph: DiGraph, flow: Flow, metrics: Metrics):
        self.process = process
        self.graph = graph
        self.flow = flow
        self.metrics = metrics
        self.visits = flow.visits
        # The role and work looked up for every step of every loop cut: through the graph's
        # views, a large process's lookups cost more than the cuts' sums.
        self.duration: dict[str, float] = {}
        self.role_of: dict[str, str | None] = {}
        self.work_of: dict[str, float] = {}
        for n, d in self.graph.nodes(data=True):
            self.duration[n] = d["wait"] + d["work"]
            self.role_of[n] = d["role"]
            self.work_of[n] = d["work"]
        self.times = self.flow.block_times(self.duration)
        self.blocked = set().union(*(b.region for b in self.flow.blocks))
        self.outer = {n: block.split for block in self.flow.outermost for n in block.region}
        self.per_year = metrics.cases_per_year
        roles = self.process.roles
        self.cost = {r: roles[r].cost_per_hour for r in roles if roles[r].cost_per_hour}
        self._loops: dict[tuple[str, ...], Impact | None] = {}
        self._times: dict[tuple[tuple[str, tuple[bool, bool]], ...], Impact] = {}
        self._waits: dict[str, Impact] = {}
        self._lead_only: dict[float, Impact] = {}
        self._rates: dict[str, float] = {}

    # --- the result ----------------------------------------------------------------------

    def _impact(
        self,
        lead: float,
        work_by_role: Mapping[str | None, float],
        handoffs: float,
        later: tuple[float, float] = (0.0, 0.0),
    ):
        """The impact; ``later`` is (work, its cost) saved after the friction, by steps of
        any role."""
        work = sum(work_by_role.values()) + later[0]
        cost = None
        if self.cost:
            cost = sum(hours * self.cost.get(role, 0.0) for role, hours in work_by_role.items())
            cost += later[1]
        return Impact(
            lead_time_hours=lead,
            work_time_hours=work,
            handoffs=handoffs,
            cases_per_year=self.per_year,
            work_cost=cost,
        )

    # --- times taken away ------------------------------------------------------------------

    def without_time(self, cuts: Mapping[str, tuple[bool, bool]]) -> Impact:
        """Steps without their ``wait`` and/or ``work`` (``cuts``: step → (wait, work)).

        Worked out once for each set of cuts (a step's wait alone: :meth:`without_wait`)."""
        key = tuple(cuts.items())
        if key not in self._times:
            self._times[key] = self._without_time(cuts)
        return self._times[key]

    def without_wait(self, step: str) -> Impact:
        """The step without its ``wait``: what its long wait, its being the bottleneck and
        every handoff into it cost. Kept by step: a large process asks this of a hundred
        thousand steps, some of them three times."""
        found = self._waits.get(step)
        if found is None:
            if step in self.blocked:
                found = self._without_time({step: (True, False)})
            else:
                # Outside parallel work the wait is simply gone from every visit. A large
                # process's steps lose a few thousand different numbers of hours: one
                # impact for each.
                lead = self.visits[step] * self.process.steps[step].wait_hours
                found = self._lead_only.get(lead)
                if found is None:
                    found = self._lead_only[lead] = self._impact(lead, {}, 0.0)
            self._waits[step] = found
        return found

    def _without_time(self, cuts: Mapping[str, tuple[bool, bool]]) -> Impact:
        after: dict[str, float] = {}
        lead = 0.0
        work: dict[str | None, float] = {}
        inside: set[str] = set()
        for sid, (cut_wait, cut_work) in cuts.items():
            step = self.process.steps[sid]
            wait = step.wait_hours if cut_wait else 0.0
            # A sub-process's work is the sub-process's: its step has none of its own.
            worked = step.work_hours if cut_work and step.kind != "subprocess" else 0.0
            after[sid] = self.duration[sid] - wait - worked
            if worked:
                work[step.role] = work.get(step.role, 0.0) + self.visits[sid] * worked
            if sid in self.blocked:
                inside.add(sid)
            else:
                lead += self.visits[sid] * (wait + worked)
        if inside:
            changed = self.flow.block_times(ChainMap(after, self.duration), self.times, inside)
            for split in sorted({self.outer[s] for s in inside}, key=self.flow.order.__getitem__):
                lost = self.times[split].expected - changed[split].expected
                lead += self.visits[split] * lost
        return self._impact(lead, work, 0.0)

    # --- a loop cut ------------------------------------------------------------------------

    @cached_property
    def closing(self) -> dict[tuple[str, str], tuple[str, str]]:
        from skavmap.analysis.graph import closing_branches

        return closing_branches(self.graph, self.process.start)

    @cached_property
    def closing_from(self) -> dict[str, list[tuple[str, tuple[str, str]]]]:
        """:attr:`closing` by the step its arrow leaves: (head, branch) pairs."""
        found: dict[str, list[tuple[str, tuple[str, str]]]] = {}
        for (tail, head), branch in self.closing.items():
            found.setdefault(tail, []).append((head, branch))
        return found

    def without_loop(self, group: Iterable[str]) -> Impact | None:
        """The loop ``group`` with every branch that closes it at ``p: 0``; ``None`` when
        a decision has nothing but closing branches (no way to cut the loop there)."""
        members = tuple(group)
        if members not in self._loops:
            self._loops[members] = self._without_loop(list(members))
        return self._loops[members]

    def loop_cut(self, members: Iterable[str]) -> dict[str, dict[str, float]] | None:
        """The branch shares of the decisions that close the loop ``members``, with the
        closing branches at 0 and the others scaled up; ``None`` when a decision has nothing
        but closing branches (no way to cut the loop there)."""
        inside = set(members)
        closing = {
            branch
            for tail in members
            for head, branch in self.closing_from.get(tail, ())
            if head in inside
        }
        if not closing:
            return None
        shares: dict[str, dict[str, float]] = {}
        for decision in {d for d, _ in closing}:
            cut = {t: 0.0 for d, t in closing if d == decision}
            try:
                shares[decision] = rescaled(self.process.steps[decision].next, cut)
            except ValueError:
                return None
        return shares

    def _without_loop(self, members: list[str]) -> Impact | None:
        shares = self.loop_cut(members)
        if shares is None:
            return None
        # A decision inside parallel work changes how long its block lasts: analysed whole.
        if any(d in self.blocked for d in shares):
            return self._again(shares)
        return self._local_loop(members, shares)

    def _weights_after(self, out: Outgoing, shares: Mapping[str, Mapping[str, float]]) -> ChainMap:
        """The arrows out of each step (:func:`~skavmap.analysis.metrics.outgoing`) with
        the decisions' new ``shares``: only the decisions' own rows are new."""
        return ChainMap(_rows_after(out, shares), out)

    @property
    def role_out(self) -> Outgoing:
        """The weights handoffs are counted by (:attr:`Flow.role_weights`), by step."""
        return self.flow.role_weights[1]

    def _local_loop(self, members: list[str], shares) -> Impact:
        """The loop cut worked out on the loop's own steps: their visits solved again, and
        what changes in the flow that leaves the loop carried on by :attr:`onward`."""
        inside = set(members)
        old = self.flow.out
        visits = self.visits
        # The loop's own arrows are all that the solve and the flow leaving the loop read:
        # looked up once each, not through the layers of a ChainMap.
        changed = _rows_after(old, shares)
        new = {m: changed[m] if m in changed else old.get(m, {}) for m in members}
        inflow = {m: 0.0 for m in members}
        if self.process.start in inside:
            inflow[self.process.start] += 1.0
        into = self.flow.into
        for v in members:
            for u, w in into.get(v, ()):
                if u not in inside:
                    inflow[v] += visits[u] * w
        solved = _chain_solved(members, new, inflow)
        if solved is None:
            solved = propagate(members, {}, inflow, out=new)
        delta = {m: float(solved[m]) - visits[m] for m in members}
        leaving: dict[str, float] = {}
        for u in sorted(members, key=self.flow.order.__getitem__):
            for v, w in new.get(u, {}).items():
                if v not in inside:
                    change = float(solved[u]) * w - visits[u] * old.get(u, {}).get(v, 0.0)
                    leaving[v] = leaving.get(v, 0.0) + change
        # Steps inside parallel work count towards the lead time through their block.
        lead = -sum(x * self.duration[n] for n, x in delta.items() if n not in self.blocked)
        lead -= sum(x * self.times[n].expected for n, x in delta.items() if n in self.times)
        work: dict[str | None, float] = {}
        for n, x in delta.items():
            role = self.role_of[n]
            work[role] = work.get(role, 0.0) - x * self.work_of[n]
        handoffs = self._handoffs_lost(delta, shares)
        later = [0.0, 0.0, 0.0, 0.0]
        for v, x in leaving.items():
            if abs(x) > EPSILON:
                for i, value in enumerate(self.onward[v]):
                    later[i] -= x * value
        return self._impact(lead + later[0], work, handoffs + later[3], (later[1], later[2]))

    @cached_property
    def onward(self) -> dict[str, list[float]]:
        """For each step: the lead time, work, work cost and handoffs a case still has ahead
        of it when it arrives there, from the visits after it (the adjoint of the visit
        equations, solved once for the whole process). A loop cut that changes how cases
        leave the loop changes everything after it by these, without solving it again."""
        backwards: dict[str, dict[str, float]] = {}
        for (u, v), w in self.flow.weights.items():
            backwards.setdefault(v, {})[u] = w
        own: dict[str, list[float]] = {}
        for n in self.flow.nodes:
            lead = 0.0
            if n not in self.blocked:
                lead = self.duration[n] + (self.times[n].expected if n in self.times else 0.0)
            work, role = self.work_of[n], self.role_of[n]
            handoffs = self.rate(n) if role is not None else 0.0
            own[n] = [lead, work, work * self.cost.get(role, 0.0), handoffs]
        ahead = propagate(list(reversed(self.flow.nodes)), {}, own, out=backwards)
        return {n: [float(x) for x in values] for n, values in ahead.items()}

    def _handoffs_lost(self, delta: Mapping[str, float], shares) -> float:
        """Handoffs per case with the friction, minus without, on the loop's steps: every
        step with a role hands over at its own rate (:meth:`_rate`) as often as it is
        visited."""
        role_of = self.role_of
        new = self._weights_after(self.role_out, shares)
        sources = {n for n, x in delta.items() if role_of[n] is not None and abs(x) > 0}
        for decision in shares:
            if role_of[decision] is not None:
                sources.add(decision)
            else:
                sources |= self._roled_before(decision)
        lost = 0.0
        out = self.role_out
        # In file order: a set's order changes from run to run, and with it the last digits.
        for s in sorted(sources, key=self.flow.order.__getitem__):
            visits, rate = self.visits[s], self.rate(s)
            after = visits + delta.get(s, 0.0)
            # Work that goes from a step straight to steps with a role meets no decision on
            # its way: its rate stays as the process has it.
            direct = s not in shares and all(role_of[t] is not None for t in out.get(s, ()))
            lost += visits * rate - after * (rate if direct else self._rate(s, new))
        return lost

    def _roled_before(self, step: str) -> set[str]:
        """The steps with a role whose work reaches ``step`` through steps without one."""
        found, seen, stack = set(), {step}, [step]
        while stack:
            for before in self.graph.predecessors(stack.pop()):
                if before in seen:
                    continue
                seen.add(before)
                if self.role_of[before] is not None:
                    found.add(before)
                else:
                    stack.append(before)
        return found

    def rate(self, step: str) -> float:
        """The :meth:`_rate` of a step with a role as the process is, worked out once: asked
        for every step ahead of a case (:attr:`onward`), and for each step of a loop that
        is cut (most processes have their loops cut and nothing ahead asked for)."""
        found = self._rates.get(step)
        if found is None:
            found = self._rates[step] = self._rate(step, self.role_out)
        return found

    def _rate(self, source: str, out: Outgoing) -> float:
        """Expected handoffs when work leaves ``source``: the chance that the next step with
        a role has another role (steps without one are passed through); ``out`` holds the
        weights handoffs are counted by (:attr:`role_out`)."""
        role_of = self.role_of
        role = role_of[source]
        rate = 0.0
        open_steps: dict[str, float] = {}
        for target, w in out.get(source, {}).items():
            if role_of[target] is None:
                open_steps[target] = open_steps.get(target, 0.0) + w
            elif role_of[target] != role:
                rate += w
        if not open_steps:
            return rate
        transparent, stack = set(open_steps), list(open_steps)
        while stack:
            for nxt in out.get(stack.pop(), {}):
                if role_of[nxt] is None and nxt not in transparent:
                    transparent.add(nxt)
                    stack.append(nxt)
        ordered = sorted(transparent, key=self.flow.order.__getitem__)
        passed = propagate(ordered, {}, open_steps, out=out)
        for t in ordered:
            for target, w in out.get(t, {}).items():
                if role_of[target] is not None and role_of[target] != role:
                    rate += float(passed[t]) * w
        return rate

    # --- the whole process again -------------------------------------------------------------

    def _again(self, shares: Mapping[str, Mapping[str, float]]) -> Impact:
        """The impact by analysing the changed process whole: for what the shortcuts do not
        cover."""
        from skavmap.analysis.metrics import compute_metrics, step_graph
        from skavmap.analysis.scenario import with_branch_shares

        changed = self.process
        for decision, by_target in shares.items():
            changed = with_branch_shares(changed, decision, by_target)
        metrics = compute_metrics(changed, step_graph(changed))
        before = self.metrics
        work = {
            role: before.per_role[role].work_per_case - metrics.per_role[role].work_per_case
            for role in self.process.roles
        }
        return self._impact(
            before.lead_time_hours - metrics.lead_time_hours,
            work,
            before.handoffs - metrics.handoffs,
        )


def _rows_after(
    out: Outgoing, shares: Mapping[str, Mapping[str, float]]
) -> dict[str, dict[str, float]]:
    """The rows of ``out`` that the decisions' new ``shares`` change, changed."""
    return {d: {**out.get(d, {}), **by_target} for d, by_target in shares.items()}


def _chain_solved(
    members: list[str], rows: Mapping[str, Mapping[str, float]], inflow: Mapping[str, float]
) -> dict[str, float] | None:
    """The visits of a cut loop's ``members`` when what is left of it is a chain, in one
    pass; ``None`` when it is not.

    A chain here: every arrow between members that still carries work (``rows``, by step)
    goes to a later member, no member has more than one such arrow into it, and none
    weighs more than 1 (the solver's elimination would pivot on it). The solver
    (:func:`~skavmap.analysis.metrics.propagate`), whether it eliminates or walks, then
    adds each member's one inflow in the same single step, so the visits are the same to
    the last digit; most loops are cut into chains, and their solve cost more than all the
    rest of the cut. Loops of more than
    :data:`~skavmap.analysis.metrics.PYTHON_LIMIT` steps are left to the solver: numpy's
    last digits are its own.
    """
    from skavmap.analysis.metrics import PYTHON_LIMIT

    if len(members) > PYTHON_LIMIT:
        return None
    position = {m: i for i, m in enumerate(members)}
    before: dict[str, tuple[str, float]] = {}
    for u in members:
        for v, weight in rows[u].items():
            if weight == 0.0 or v not in position:
                continue
            if position[v] <= position[u] or v in before or abs(weight) > 1.0:
                return None
            before[v] = (u, weight)
    solved: dict[str, float] = {}
    for v in members:
        if v in before:
            u, weight = before[v]
            solved[v] = inflow[v] + weight * solved[u]
        else:
            solved[v] = inflow[v]
    return solved
