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

    Score: ``100 × share × min(1, H / week)``, with H the step's hours per case (visits ×
    (wait + work)) and a week five working days of the process's calendar. A step that holds
    half of the lead time with a week or more scores 50; so that a small process, where one
    step of 45 minutes is all of the lead time, does not outrank real queues, the score
    shrinks with the time actually held (that step scores 100 × 1 × 0.75/40 ≈ 1.9).
    """
    if ctx.metrics.lead_time_hours <= 0:
        return
    step, figures = max(ctx.metrics.per_step.items(), key=lambda item: item[1].share)
    node = ctx.graph.nodes[step]
    week = 5 * ctx.process.calendar.day_hours
    yield Finding(
        (step,),
        {
            "share": figures.share,
            "visits": figures.visits,
            "hours": figures.hours,
            "wait_hours": node["wait"],
            "work_hours": node["work"],
        },
        100 * figures.share * min(1.0, figures.hours / week),
    )
