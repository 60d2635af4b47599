"""Thresholds from the configuration that turn a process's figures into findings (SKV9xx).

Each threshold is a small function over an :class:`~skavmap.analysis.engine.Analysis` and the limit
the configuration sets; it yields a :class:`Breach` when the process is over (or, for flow
efficiency, under) the limit. A threshold that the configuration does not set never runs.
Breaches are errors unless the configuration's ``severity`` table says otherwise; the engine
in :mod:`skavmap.analysis.checking` adds the file, line and severity.

Codes are permanent and never reused; the hundreds digit 9 is the family "thresholds set in
the configuration". The docstring of each check is its documentation (``docs/ci.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from skavmap.analysis.engine import Analysis
from skavmap.outputs.vocabulary import format_hours, format_number, format_percent


@dataclass(frozen=True)
class Limit:
    """A configured limit: its value (working hours for durations) and the text as written."""

    value: float
    text: str


@dataclass(frozen=True)
class Breach:
    """A figure over its limit; ``steps`` empty means the process as a whole."""

    steps: tuple[str, ...]
    message: str


#: A duration limit resolves per process, since a working day is ``calendar.day`` long.
Resolve = Callable[[float], Limit]


@dataclass(frozen=True)
class Threshold:
    code: str
    name: str
    key: str  # the configuration key that sets it
    kind: str
    title: Mapping[str, str]
    doc: str
    duration: bool  # the limit is a duration, resolved with the process's working day
    check: Callable[[Analysis, Limit, str], Iterator[Breach]]


THRESHOLDS: list[Threshold] = []


def threshold(code: str, key: str, sv: str, duration: bool = False):
    """Register the decorated check; its name is the function name in kebab-case."""

    def register(check: Callable[[Analysis, Limit, str], Iterator[Breach]]):
        doc = (check.__doc__ or "").strip()
        lines = doc.splitlines()
        body = "\n".join(line[4:] if line.startswith("    ") else line for line in lines)
        name = check.__name__.replace("_", "-")
        title = {"en": lines[0], "sv": sv}
        THRESHOLDS.append(Threshold(code, name, key, "threshold", title, body, duration, check))
        return check

    return register


def _hours(analysis: Analysis, hours: float, lang: str) -> str:
    return format_hours(hours, analysis.process.calendar.day_hours, lang)


def _over(value: float, limit: Limit) -> bool:
    return value > limit.value + 1e-9


PHRASES = {
    "lead": {
        "en": "lead time {value} per case is over max-lead-time = {limit}",
        "sv": "ledtiden {value} per ärende är över max-lead-time = {limit}",
    },
    "work": {
        "en": "work time {value} per case is over max-work-time = {limit}",
        "sv": "arbetstiden {value} per ärende är över max-work-time = {limit}",
    },
    "efficiency": {
        "en": "flow efficiency {value} is under min-flow-efficiency = {limit}",
        "sv": "flödeseffektiviteten {value} är under min-flow-efficiency = {limit}",
    },
    "handoffs": {
        "en": "{value} handoffs per case, over max-handoffs = {limit}",
        "sv": "{value} överlämningar per ärende, över max-handoffs = {limit}",
    },
    "cross": {
        "en": "{value} cross-department handoffs per case, over "
        "max-cross-department-handoffs = {limit}",
        "sv": "{value} överlämningar mellan avdelningar per ärende, över "
        "max-cross-department-handoffs = {limit}",
    },
    "loops": {
        "en": "{value} loops, over max-loops = {limit}",
        "sv": "{value} slingor, över max-loops = {limit}",
    },
    "wait": {
        "en": "waits {value} before '{name}', over max-wait = {limit}",
        "sv": "väntar {value} före '{name}', över max-wait = {limit}",
    },
}


@threshold("SKV901", "max-lead-time", sv="Ledtiden är över gränsen.", duration=True)
def lead_time_limit(analysis: Analysis, limit: Limit, lang: str) -> Iterator[Breach]:
    """Lead time over the configured limit ``max-lead-time``.

    Fires when the expected lead time per case (working time, as ``skavmap hotspots``
    reports it) is longer than ``max-lead-time``, a duration such as ``"10d"``; a working
    day is the process's ``calendar.day``. Reported at the process (line 1).
    """
    lead = analysis.metrics.lead_time_hours
    if _over(lead, limit):
        text = PHRASES["lead"][lang].format(value=_hours(analysis, lead, lang), limit=limit.text)
        yield Breach((), text)


@threshold("SKV902", "max-work-time", sv="Arbetstiden är över gränsen.", duration=True)
def work_time_limit(analysis: Analysis, limit: Limit, lang: str) -> Iterator[Breach]:
    """Work time over the configured limit ``max-work-time``.

    Fires when the expected hands-on work per case is longer than ``max-work-time``, a
    duration such as ``"4h"``. Reported at the process (line 1).
    """
    work = analysis.metrics.work_time_hours
    if _over(work, limit):
        text = PHRASES["work"][lang].format(value=_hours(analysis, work, lang), limit=limit.text)
        yield Breach((), text)


@threshold("SKV903", "min-flow-efficiency", sv="Flödeseffektiviteten är under gränsen.")
def flow_efficiency_limit(analysis: Analysis, limit: Limit, lang: str) -> Iterator[Breach]:
    """Flow efficiency under the configured minimum ``min-flow-efficiency``.

    Fires when work time divided by lead time is below ``min-flow-efficiency``, written as
    a share (``0.05``) or a percentage (``"5%"``). Reported at the process (line 1).
    """
    efficiency = analysis.metrics.flow_efficiency
    if efficiency < limit.value - 1e-9:
        value = format_percent(efficiency, lang)
        yield Breach((), PHRASES["efficiency"][lang].format(value=value, limit=limit.text))


@threshold("SKV904", "max-handoffs", sv="Fler överlämningar per ärende än gränsen.")
def handoff_limit(analysis: Analysis, limit: Limit, lang: str) -> Iterator[Breach]:
    """More handoffs per case than the configured limit ``max-handoffs``.

    Fires when the expected number of handoffs per case (moves between roles, loops
    weighted by how often they run) is above ``max-handoffs``. Reported at the process
    (line 1).
    """
    count = analysis.metrics.handoffs
    if _over(count, limit):
        value = format_number(count, lang)
        yield Breach((), PHRASES["handoffs"][lang].format(value=value, limit=limit.text))


@threshold(
    "SKV905",
    "max-cross-department-handoffs",
    sv="Fler överlämningar mellan avdelningar per ärende än gränsen.",
)
def cross_department_handoff_limit(analysis: Analysis, limit: Limit, lang: str) -> Iterator[Breach]:
    """More cross-department handoffs per case than the limit ``max-cross-department-handoffs``.

    Fires when the expected number of handoffs between departments per case (each external
    role a department of its own) is above the limit. Reported at the process (line 1).
    """
    count = analysis.metrics.cross_department_handoffs
    if _over(count, limit):
        value = format_number(count, lang)
        yield Breach((), PHRASES["cross"][lang].format(value=value, limit=limit.text))


@threshold("SKV906", "max-loops", sv="Fler slingor än gränsen.")
def loop_limit(analysis: Analysis, limit: Limit, lang: str) -> Iterator[Breach]:
    """More loops (rework cycles) than the configured limit ``max-loops``.

    Fires when the process has more loops (strongly connected groups of steps) than
    ``max-loops``; ``max-loops = 0`` forbids loops. Reported at the process (line 1).
    """
    loops = analysis.metrics.loops
    if _over(loops, limit):
        yield Breach((), PHRASES["loops"][lang].format(value=loops, limit=limit.text))


@threshold("SKV907", "max-wait", sv="Ett steg väntar längre än gränsen.", duration=True)
def wait_limit(analysis: Analysis, limit: Limit, lang: str) -> Iterator[Breach]:
    """A step waits longer than the configured limit ``max-wait``.

    Fires for each step whose ``wait`` (per visit, as written in the file) is longer than
    ``max-wait``, a duration such as ``"2d"``. Reported at the step.
    """
    for step in analysis.process.steps.values():
        if _over(step.wait_hours, limit):
            value = _hours(analysis, step.wait_hours, lang)
            text = PHRASES["wait"][lang].format(value=value, name=step.name, limit=limit.text)
            yield Breach((step.id,), text)
