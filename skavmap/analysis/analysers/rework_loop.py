"""SKV201 rework-loop: steps that are done again because cases go back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context


@rule("SKV201", "loop", sv="Omarbete: steg som görs om när ärenden går tillbaka.")
def rework_loop(ctx: Context) -> Iterator[Finding]:
    """Rework loop: steps that are done again because cases go back.

    Fires once per loop (a strongly connected group of steps). Its extra hours are what the
    loop costs: the lead time the process loses when every branch that closes the loop is
    at ``p: 0``, the decision's other branches scaled up to sum 1 (the specification's
    counterfactual). Where no branch can be cut that way, they are the hours beyond the
    first pass: with ``r`` the expected traversals per case of the loop's rework edges,
    ``e`` the expected entries into the loop from outside (the start counts as one when it
    lies in the loop) and ``H`` the expected hours per case in the loop's steps, every pass
    starts with an entry or a rework traversal, so ``X = H × r / (e + r)``.

    Cost: the same counterfactual: the lead time, work and handoffs of the extra passes.
    """
    metrics = ctx.metrics
    traversals = metrics.edge_traversals
    rework_edges = metrics.rework_edges
    # The arrows into each step as the graph keeps them, not through a call for each step
    # of every loop; only a step that a rework arrow leads to has one to look for.
    before = ctx.graph.pred
    rework_heads = {v for _, v in rework_edges}
    for group in metrics.loop_groups:
        rework = sum(
            traversals[(u, v)]
            for v in group
            if v in rework_heads
            for u in before[v]
            if (u, v) in rework_edges
        )
        impact = ctx.counterfactuals.without_loop(group)
        if impact is not None:
            extra = impact.lead_time_hours
        else:
            members = set(group)
            into = [(u, v) for v in group for u in before[v]]
            entries = sum(traversals[(u, v)] for u, v in into if u not in members)
            if ctx.process.start in members:
                entries += 1.0
            hours = sum(metrics.per_step[n].hours for n in group)
            passes = entries + rework
            extra = hours * rework / passes if passes > 0 else 0.0
        share = extra / metrics.lead_time_hours if metrics.lead_time_hours > 0 else 0.0
        yield Finding(group, {"rework": rework, "extra_hours": extra, "share": share})
