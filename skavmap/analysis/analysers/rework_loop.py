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

    Fires once per loop (a strongly connected group of steps). With ``r`` the expected
    traversals per case of the loop's rework edges (the edges that go back), ``e`` the
    expected entries into the loop from outside (the start counts as one entry when it lies
    in the loop) and ``H`` the expected hours per case spent in the loop's steps, every pass
    through the loop starts with an entry or a rework traversal, so the extra hours are
    ``X = H × r / (e + r)``: for a plain loop exactly the hours beyond the first pass.

    Score: ``min(100, 50 × r + 100 × X / lead time)``. A loop taken back 15 % of the time,
    whose extra passes add 10 % to the lead time, scores about 19; one that sends every case
    back once and adds 40 % scores 90.
    """
    metrics = ctx.metrics
    traversals = metrics.edge_traversals
    for group in metrics.loop_groups:
        members = set(group)
        into = [(u, v) for v in group for u in ctx.graph.predecessors(v)]
        rework = sum(traversals[e] for e in into if e in metrics.rework_edges)
        entries = sum(traversals[(u, v)] for u, v in into if u not in members)
        if ctx.process.start in members:
            entries += 1.0
        hours = sum(metrics.per_step[n].hours for n in group)
        passes = entries + rework
        extra = hours * rework / passes if passes > 0 else 0.0
        share = extra / metrics.lead_time_hours if metrics.lead_time_hours > 0 else 0.0
        yield Finding(
            group,
            {"rework": rework, "extra_hours": extra, "share": share},
            50 * rework + 100 * share,
        )
