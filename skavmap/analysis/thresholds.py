"""Thresholds from the configuration that turn a process's figures into findings (SKV9xx).

Each threshold is a rule whose name is the configuration key that sets its limit; it runs
only when the configuration sets that key, and yields a finding when the process is over
(or, for flow efficiency, under) the limit. Breaches are errors unless the configuration's
``severity`` table says otherwise; :mod:`skavmap.analysis.checking` adds the file, line and
severity. The docstring of each rule is its documentation (``docs/ci.md``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import Setting, rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context


@dataclass(frozen=True)
class Limit:
    """A configured limit for one process: its value (working hours for durations, resolved
    with the process's working day) and the text as written."""

    value: float
    text: str


def _over(value: float, limit: Limit) -> bool:
    return value > limit.value + 1e-9


def _whole(key: str, kind: str, code: str, sv: str):
    """A threshold on one figure of the whole process, reported at the process (line 1)."""
    return rule(code, "threshold", sv=sv, name=key, settings=[Setting(key, kind)])


@_whole("max-lead-time", "duration", "SKV901", "Ledtiden är över gränsen.")
def max_lead_time(ctx: Context, limit: Limit) -> Iterator[Finding]:
    """Lead time over the configured limit ``max-lead-time``.

    Fires when the expected lead time per case (working time, as ``skavmap hotspots``
    reports it) is longer than ``max-lead-time``, a duration such as ``"10d"``; a working
    day is the process's ``calendar.day``. Reported at the process (line 1).
    """
    lead = ctx.metrics.lead_time_hours
    if _over(lead, limit):
        yield Finding((), {"value": lead, "limit": limit.text})


@_whole("max-work-time", "duration", "SKV902", "Arbetstiden är över gränsen.")
def max_work_time(ctx: Context, limit: Limit) -> Iterator[Finding]:
    """Work time over the configured limit ``max-work-time``.

    Fires when the expected hands-on work per case is longer than ``max-work-time``, a
    duration such as ``"4h"``. Reported at the process (line 1).
    """
    work = ctx.metrics.work_time_hours
    if _over(work, limit):
        yield Finding((), {"value": work, "limit": limit.text})


@_whole("min-flow-efficiency", "share", "SKV903", "Flödeseffektiviteten är under gränsen.")
def min_flow_efficiency(ctx: Context, limit: Limit) -> Iterator[Finding]:
    """Flow efficiency under the configured minimum ``min-flow-efficiency``.

    Fires when work time divided by lead time is below ``min-flow-efficiency``, written as
    a share (``0.05``) or a percentage (``"5%"``). Reported at the process (line 1).
    """
    efficiency = ctx.metrics.flow_efficiency
    if efficiency < limit.value - 1e-9:
        yield Finding((), {"value": efficiency, "limit": limit.text})


@_whole("max-handoffs", "number", "SKV904", "Fler överlämningar per ärende än gränsen.")
def max_handoffs(ctx: Context, limit: Limit) -> Iterator[Finding]:
    """More handoffs per case than the configured limit ``max-handoffs``.

    Fires when the expected number of handoffs per case (moves between roles, loops
    weighted by how often they run) is above ``max-handoffs``. Reported at the process
    (line 1).
    """
    count = ctx.metrics.handoffs
    if _over(count, limit):
        yield Finding((), {"value": count, "limit": limit.text})


@_whole(
    "max-cross-department-handoffs",
    "number",
    "SKV905",
    "Fler överlämningar mellan avdelningar per ärende än gränsen.",
)
def max_cross_department_handoffs(ctx: Context, limit: Limit) -> Iterator[Finding]:
    """More cross-department handoffs per case than the limit ``max-cross-department-handoffs``.

    Fires when the expected number of handoffs between departments per case (each external
    role a department of its own) is above the limit. Reported at the process (line 1).
    """
    count = ctx.metrics.cross_department_handoffs
    if _over(count, limit):
        yield Finding((), {"value": count, "limit": limit.text})


@_whole("max-loops", "count", "SKV906", "Fler slingor än gränsen.")
def max_loops(ctx: Context, limit: Limit) -> Iterator[Finding]:
    """More loops (rework cycles) than the configured limit ``max-loops``.

    Fires when the process has more loops (strongly connected groups of steps) than
    ``max-loops``; ``max-loops = 0`` forbids loops. Reported at the process (line 1).
    """
    loops = ctx.metrics.loops
    if _over(loops, limit):
        yield Finding((), {"value": loops, "limit": limit.text})


@rule(
    "SKV907",
    "threshold",
    sv="Ett steg väntar längre än gränsen.",
    name="max-wait",
    settings=[Setting("max-wait", "duration")],
)
def max_wait(ctx: Context, limit: Limit) -> Iterator[Finding]:
    """A step waits longer than the configured limit ``max-wait``.

    Fires for each step whose ``wait`` (per visit, as written in the file) is longer than
    ``max-wait``, a duration such as ``"2d"``. Reported at the step.
    """
    for step in ctx.process.steps.values():
        if _over(step.wait_hours, limit):
            yield Finding((step.id,), {"value": step.wait_hours, "limit": limit.text})
