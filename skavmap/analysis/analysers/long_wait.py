"""SKV303 long-wait: a step where cases wait far longer than anyone works on them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context

#: A wait counts from one working hour per visit and four times the work.
MIN_WAIT_HOURS = 1.0
RATIO = 4.0


@rule("SKV303", "wait", sv="Lång väntan: ärenden väntar mycket längre än någon arbetar.")
def long_wait(ctx: Context) -> Iterator[Finding]:
    """Long wait: a step where cases wait far longer than anyone works on them.

    Fires where a step's ``wait`` per visit is at least one working hour and at least four
    times its ``work``: an hour is an hour, whatever the process's working day, and the
    message gives the wait in the process's own working days, and the share of the lead
    time it holds (inside a parallel block, only what the block would lose without it).

    Cost: the step without its ``wait`` (the specification's counterfactual): ``W``, the
    expected waiting hours per case at the step (visits × wait), or, inside a parallel
    block, what the block's E[max] loses. Where the step is also the bottleneck (SKV301),
    the two are one hotspot.
    """
    lead = ctx.metrics.lead_time_hours
    if lead <= 0:
        return
    without_wait = ctx.counterfactuals.without_wait
    # The steps, their attributes in the graph and their figures side by side, all in file
    # order: a large process's hundred thousand lookups by name cost more than the rule.
    for step, (_, work), figures in zip(
        ctx.process.steps.values(),
        ctx.graph.nodes(data="work"),
        ctx.metrics.per_step.values(),
        strict=True,
    ):
        wait = step.wait_hours
        if wait < MIN_WAIT_HOURS or wait < RATIO * work:
            continue
        visits = figures.visits
        per_case = visits * wait
        # The share the wait holds of the lead time: inside a parallel block only what the
        # block's E[max] would lose without it, as the bottleneck counts it.
        held = without_wait(step.id).lead_time_hours
        share = held / lead
        yield Finding(
            (step.id,),
            {"wait_hours": wait, "visits": visits, "hours": per_case, "share": share},
        )
