"""SKV301 bottleneck: the step that holds the largest share of lead time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context


@rule("SKV301", "bottleneck", sv="Flaskhals: steget med störst andel av ledtiden.")
def bottleneck(ctx: Context) -> Iterator[Finding]:
    """Bottleneck: the step that holds the largest share of lead time.

    A step's share is its expected visits per case × (wait + work) divided by the lead time
    (a sub-process counts its own lead time). Only the step with the largest share fires;
    on a tie, the first of them in the file.

    Inside a parallel block a step holds what the block's E[max] would lose without it, so
    a step off the critical path is never the bottleneck.

    Cost: the step without its ``wait`` (the specification's counterfactual). A long wait
    (SKV303) at the same step is the same friction and joins this hotspot.
    """
    if ctx.metrics.lead_time_hours <= 0:
        return
    step, figures = max(ctx.metrics.per_step.items(), key=lambda item: item[1].share)
    node = ctx.graph.nodes[step]
    yield Finding(
        (step,),
        {
            "share": figures.share,
            "visits": figures.visits,
            "hours": figures.hours,
            "wait_hours": node["wait"],
            "work_hours": node["work"],
        },
    )
