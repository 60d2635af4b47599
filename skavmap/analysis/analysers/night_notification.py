"""SKV401 night-notification: a notification or scheduled step outside working hours."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context

DAY = 24 * 60


@rule("SKV401", "night-notification", sv="Nattutskick: avisering utanför arbetstid.")
def night_notification(ctx: Context) -> Iterator[Finding]:
    """Night-time notification: a notification or scheduled step outside working hours.

    Fires on every step with ``at`` (a ``notify`` step or any scheduled step) whose time
    lies outside ``calendar.hours`` (default 07:00-18:00; the end minute is outside).
    ``h`` is the distance in hours from ``at`` to the nearest working hour.

    No counterfactual (the reminder goes out in the day instead: no hours change). Weight:
    ``(40 + 8 × h) × v``, with ``v`` the expected visits per case (at most 1): 80 at 02:00
    in every case.
    """
    calendar = ctx.process.calendar
    for step, data in ctx.graph.nodes(data=True):
        at = data["at"]
        if at is None or calendar.is_working_time(at):
            continue
        before_start = (calendar.start.minutes - at.minutes) % DAY
        after_end = (at.minutes - calendar.end.minutes) % DAY
        hours = min(before_start, after_end) / 60
        visits = ctx.visits(step)
        figures = {"visits": visits, "hours_outside": hours}
        yield Finding((step,), figures, (40 + 8 * hours) * min(1.0, visits))
