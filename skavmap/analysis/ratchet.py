"""The ratchet (SKV8xx): what a change to a process may not make worse.

Each ratchet rule is a rule whose name is the configuration key that turns it on; it runs
on the semantic diff of two versions (:mod:`skavmap.analysis.diff`) and yields a finding for
each way the change breaks it. Added and removed files have no baseline and are never
checked. ``skavmap diff`` exits 1 when any rule is broken.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import Rule, Setting, rule

if TYPE_CHECKING:
    from skavmap.analysis.diff import Breach, Handoff, ProcessDiff
    from skavmap.format.diagnostics import Diagnostic

EPSILON = 1e-9


@dataclass(frozen=True)
class Change:
    """How much a figure may grow between two versions: a share of the old value, or an
    amount (working hours for durations, resolved with the process's working day, or a
    plain number for counts)."""

    text: str
    share: float | None = None
    amount: Any = None  # DurationSpec for durations, float for counts

    def allowed(self, old: float, day_hours: float) -> float:
        """The largest increase allowed from ``old``."""
        if self.share is not None:
            return abs(old) * self.share
        if hasattr(self.amount, "hours"):
            return self.amount.hours(day_hours)[0]
        return float(self.amount)


def _grown(diff: ProcessDiff, figure: str, change: Change) -> Iterator[Finding]:
    """A finding when ``figure`` grew by more than ``change`` allows."""
    shown = diff.figure(figure)
    if shown.delta is None:
        return
    allowed = change.allowed(shown.old, diff.day_hours)
    if shown.delta > allowed + EPSILON:
        yield Finding(
            (),
            {
                "figure": figure,
                "old": shown.old,
                "new": shown.new,
                "allowed": allowed,
                "share": change.share,
            },
        )


def _setting(key: str, kind: str, default: Any = None) -> list[Setting]:
    return [Setting(key, kind, default)]


@rule(
    "SKV801",
    "ratchet",
    sv="Ledtiden ökar mer än tillåtet.",
    name="max-lead-time-increase",
    settings=_setting("max-lead-time-increase", "duration-change"),
)
def max_lead_time_increase(diff: ProcessDiff, change: Change) -> Iterator[Finding]:
    """The lead time grows by more than ``max-lead-time-increase`` allows.

    The limit is a share of the old lead time (``"10%"``) or a duration (``"1d"``). Fires
    once per changed file whose expected lead time per case grew by more.
    """
    yield from _grown(diff, "lead_time_hours", change)


@rule(
    "SKV802",
    "ratchet",
    sv="Arbetstiden ökar mer än tillåtet.",
    name="max-work-time-increase",
    settings=_setting("max-work-time-increase", "duration-change"),
)
def max_work_time_increase(diff: ProcessDiff, change: Change) -> Iterator[Finding]:
    """The work time grows by more than ``max-work-time-increase`` allows.

    The limit is a share of the old work time (``"10%"``) or a duration (``"15m"``).
    """
    yield from _grown(diff, "work_time_hours", change)


@rule(
    "SKV803",
    "ratchet",
    sv="Överlämningarna per ärende ökar mer än tillåtet.",
    name="max-handoffs-increase",
    settings=_setting("max-handoffs-increase", "number-change"),
)
def max_handoffs_increase(diff: ProcessDiff, change: Change) -> Iterator[Finding]:
    """The handoffs per case grow by more than ``max-handoffs-increase`` allows.

    The limit is a share of the old count (``"10%"``) or a number (``0.5``).
    """
    yield from _grown(diff, "handoffs", change)


@rule(
    "SKV804",
    "ratchet",
    sv="Överlämningarna mellan avdelningar ökar mer än tillåtet.",
    name="max-cross-department-handoffs-increase",
    settings=_setting("max-cross-department-handoffs-increase", "number-change"),
)
def max_cross_department_handoffs_increase(diff: ProcessDiff, change: Change) -> Iterator[Finding]:
    """The cross-department handoffs per case grow by more than the limit allows.

    ``max-cross-department-handoffs-increase`` is a share of the old count (``"10%"``) or
    a number (``0``: none more).
    """
    yield from _grown(diff, "cross_department_handoffs", change)


def _handoff(diff: ProcessDiff, handoff: Handoff, figure: str) -> Finding:
    shown = diff.figure(figure)
    steps = tuple(dict.fromkeys(s for edge in handoff.edges for s in edge))
    return Finding(
        steps,
        {
            "from_role": handoff.from_role,
            "to_role": handoff.to_role,
            "edges": handoff.edges,
            "figure": figure,
            "old": shown.old,
            "new": shown.new,
        },
    )


@rule(
    "SKV805",
    "ratchet",
    sv="Ändringen ger en ny överlämning.",
    name="allow-new-handoffs",
    settings=_setting("allow-new-handoffs", "flag", True),
)
def allow_new_handoffs(diff: ProcessDiff, allowed: bool) -> Iterator[Finding]:
    """A change adds a handoff, while ``allow-new-handoffs = false``.

    Fires for each pair of roles between which the new version hands work over in more
    places than the old one, naming the places.
    """
    if not allowed:
        for handoff in diff.handoffs_gained:
            yield _handoff(diff, handoff, "handoffs")


@rule(
    "SKV806",
    "ratchet",
    sv="Ändringen ger en ny överlämning mellan avdelningar.",
    name="allow-new-cross-department-handoffs",
    settings=_setting("allow-new-cross-department-handoffs", "flag", True),
)
def allow_new_cross_department_handoffs(diff: ProcessDiff, allowed: bool) -> Iterator[Finding]:
    """A change adds a handoff between departments, while
    ``allow-new-cross-department-handoffs = false``.

    Fires for each new cross-department handoff (each external party counts as a
    department of its own), naming the roles, their departments and the places.
    """
    if not allowed:
        for handoff in diff.handoffs_gained:
            if handoff.cross:
                yield _handoff(diff, handoff, "cross_department_handoffs")


@rule(
    "SKV807",
    "ratchet",
    sv="Ändringen ger en ny slinga.",
    name="allow-new-loops",
    settings=_setting("allow-new-loops", "flag", True),
)
def allow_new_loops(diff: ProcessDiff, allowed: bool) -> Iterator[Finding]:
    """A change adds a loop (rework cycle), while ``allow-new-loops = false``."""
    if not allowed:
        loops = diff.figure("loops")
        for loop in diff.loops_introduced:
            yield Finding(loop.steps, {"old": loops.old, "new": loops.new})


@rule(
    "SKV808",
    "ratchet",
    sv="Ändringen ger en ny skavpunkt av en förbjuden sort.",
    name="forbid-new-hotspots",
    settings=_setting("forbid-new-hotspots", "selectors", ()),
)
def forbid_new_hotspots(diff: ProcessDiff, selectors: tuple[str, ...]) -> Iterator[Finding]:
    """A change adds a hotspot of a code or family listed in ``forbid-new-hotspots``.

    The list holds codes (``"SKV101"``), code prefixes (``"SKV4"``) or analyser names, as
    ``select`` does. Fires for each new hotspot that one of them names.
    """
    from skavmap.analysis.selectors import best

    for hotspot in diff.hotspots_new:
        if selectors and best(selectors, hotspot.code, hotspot.name) is not None:
            yield Finding(hotspot.steps, {"hotspot": hotspot}, role=hotspot.role)


def apply(
    diff: ProcessDiff, active: Sequence[tuple[Rule, Any]]
) -> tuple[list[Breach], list[Diagnostic]]:
    """Every rule of ``active`` (ratchet rules with their configured values, see
    :meth:`skavmap.analysis.config.Config.ratchet`) that ``diff`` breaks, and a problem for
    each rule that failed. Added and removed files have no baseline."""
    from skavmap.analysis.diff import Breach
    from skavmap.analysis.engine import run_rule

    breaches: list[Breach] = []
    problems: list[Diagnostic] = []
    if diff.status in ("added", "removed"):
        return breaches, problems
    for unit, value in active:
        findings, problem = run_rule(unit, diff.analysis.process, diff, value)
        if problem is not None:
            problems.append(problem)
        setting = f"{unit.name} = {_written(value)}"
        breaches.extend(Breach(unit, setting, diff.file, finding) for finding in findings)
    return breaches, problems


def _written(value: Any) -> str:
    """A configured value as it would be written in TOML.

    >>> _written(False), _written(("SKV1", "rework-loop")), _written(Change("10%", 0.1))
    ('false', '["SKV1", "rework-loop"]', '10%')
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return value.text
