"""What the analysis makes: per-case figures, hotspots and the analysis of a process.

Plain data, never changed once made. Hotspots carry ids and numbers, never words: the
outputs turn them into text in the reader's language (:mod:`skavmap.outputs.messages`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from skavmap.format.diagnostics import Diagnostic
from skavmap.format.model import Process

#: A finding's figures: the ids and numbers its message and score are made from.
Figures = Mapping[str, object]


# Slotted and not frozen, hashed by its fields as a frozen one is: a large process makes one
# for each of its 100,000 steps, three times as fast so (see Finding below).
@dataclass(slots=True, unsafe_hash=True)
class StepFigures:
    """Per-case figures of one step."""

    visits: float  # expected visits per case
    #: The hours of lead time per case the step holds: visits × (wait + work) outside
    #: parallel blocks (a sub-process: its lead time); inside one, what the block's E[max]
    #: would lose without the step.
    hours: float
    share: float  # hours / process lead time (0..1)


@dataclass(frozen=True, slots=True)
class RoleFigures:
    """Per-case figures of one role."""

    work_per_case: float  # expected working hours per case
    utilisation: float | None  # None without volume/capacity


@dataclass(frozen=True)
class Metrics:
    """Expected per-case figures of a process (see docs/analysis.md for every definition).

    ``loop_groups``: each loop (a strongly connected group of steps with more than one step,
    or one step that leads to itself) as its step ids in file order; the groups are ordered
    by their first step in file order.

    ``rework_edges``: the edges ``(u, v)`` that a depth-first walk from the start step, taking
    each step's ``next`` entries in the order written, finds pointing back to a step on the
    walk's current path (``v`` is ``u`` itself or an ancestor of ``u``). Every loop holds at
    least one; in a plain rework loop it is the branch that goes back. Draw them as rework.

    ``cross_department_edges``: the graph edges ``(u, v)`` where a cross-department handoff
    lands. ``v`` is always a step with a role; ``u`` is either a step with a role of another
    department, or a step without a role through which, with positive probability, work
    arrives whose last role before was of another department than ``v``'s role. In a path
    ``A (role x) → gateway → B (role y)`` the marked edge is ``(gateway, B)``: the edge that
    enters the next step with a role. External roles, and roles without a department, count
    as departments of their own.

    ``edge_traversals``: expected traversals per case of each edge of the step graph.
    """

    steps: int
    lead_time_hours: float
    work_time_hours: float
    flow_efficiency: float
    handoffs: float
    cross_department_handoffs: float
    loops: int
    departments_touched: int
    per_step: Mapping[str, StepFigures]
    per_role: Mapping[str, RoleFigures]
    loop_groups: tuple[tuple[str, ...], ...]
    rework_edges: frozenset[tuple[str, str]]
    cross_department_edges: frozenset[tuple[str, str]]
    edge_traversals: Mapping[tuple[str, str], float]
    #: Works out the lead time's distribution when a quantile is first asked for (it needs
    #: numpy, which most commands on small files never load): (p50, p90) in hours.
    quantiles: Callable[[], tuple[float, float]] = field(
        default=lambda: (0.0, 0.0), compare=False, repr=False
    )
    cases_per_year: float | None = None  # from volume, with the specification's periods
    work_hours_per_year: float | None = None
    lead_time_hours_per_year: float | None = None

    @cached_property
    def _quantiles(self) -> tuple[float, float]:
        return self.quantiles()

    @property
    def lead_time_p50_hours(self) -> float:
        """Half of the cases are done within this many working hours."""
        return self._quantiles[0]

    @property
    def lead_time_p90_hours(self) -> float:
        """Nine cases in ten are done within this many working hours."""
        return self._quantiles[1]


# A large process makes a hundred thousand or more findings, related findings and hotspots:
# slotted and not frozen, for a frozen dataclass sets each field through
# object.__setattr__, five times as slow to make. Hashed by their fields all the same, as
# frozen ones are (hotspots are kept in sets).
@dataclass(slots=True, unsafe_hash=True)
class Finding:
    """What a rule found: the steps (or the role) it is about and its figures; an analyser
    also gives a score by its documented formula."""

    steps: tuple[str, ...] = ()
    figures: Figures = field(default_factory=dict, compare=False)
    score: float | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Impact:
    """What a friction costs (format specification 1.1): the process's figures with it
    minus without it, per case (positive: what it costs), and per year where the process
    gives its volume. ``work_cost`` is per case, in the process's currency, where roles give
    their ``cost_per_hour``."""

    lead_time_hours: float
    work_time_hours: float
    handoffs: float
    cases_per_year: float | None = None
    work_cost: float | None = None

    @property
    def hours(self) -> float:
        """The hours that rank a hotspot: lead time plus work time per case (an hour of
        someone's work counts twice: the case waits it out, and a person spends it)."""
        return self.lead_time_hours + self.work_time_hours

    def _yearly(self, value: float | None) -> float | None:
        return None if value is None or self.cases_per_year is None else value * self.cases_per_year

    @property
    def work_hours_per_year(self) -> float | None:
        return self._yearly(self.work_time_hours)

    @property
    def lead_time_hours_per_year(self) -> float | None:
        return self._yearly(self.lead_time_hours)

    @property
    def work_cost_per_year(self) -> float | None:
        return self._yearly(self.work_cost)


@dataclass(slots=True, unsafe_hash=True)
class Related:
    """A finding that joined a hotspot: the same friction found by another rule (a step's
    long wait and its bottleneck), or pain reported on the hotspot's step."""

    code: str
    name: str
    kind: str
    figures: Figures = field(default_factory=dict, compare=False)
    steps: tuple[str, ...] = ()  # its own: a handoff's two steps


@dataclass(slots=True, unsafe_hash=True)
class Hotspot:
    """One place where a process chafes: what the rules found there, what it costs
    (``impact``, ``None`` where nothing can be counted), and its score 0..100."""

    code: str  # "SKV201"
    name: str  # the analyser's kebab-case name, e.g. "rework-loop"
    kind: str  # handoff, loop, bottleneck, wait, night-notification, system-switch, pain, ...
    steps: tuple[str, ...]
    score: float  # 0..100, comparable across processes
    figures: Figures = field(default_factory=dict, compare=False)
    role: str | None = None  # for role-level findings (utilisation)
    impact: Impact | None = field(default=None, compare=False)
    related: tuple[Related, ...] = field(default=(), compare=False)
    votes: int = 0  # of the pain reported at the hotspot

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of every rule that found this friction: its own, then those joined."""
        return (self.code, *(r.code for r in self.related))

    @property
    def kinds(self) -> tuple[str, ...]:
        """Its kind, then the kinds of the findings joined to it."""
        return (self.kind, *(r.kind for r in self.related))

    @property
    def findings(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each rule's finding in this friction as (code, its steps): its own, then those
        joined to it."""
        return ((self.code, self.steps), *((r.code, r.steps or self.steps) for r in self.related))

    @property
    def places(self) -> tuple[str, ...]:
        """Every step this friction involves: its own, then those of the findings joined."""
        return tuple(dict.fromkeys((*self.steps, *(s for r in self.related for s in r.steps))))


@dataclass(frozen=True)
class Analysis:
    """A process, its figures and its hotspots (highest score first, deterministic ties).

    ``problems``: what went wrong while analysing, e.g. a rule that crashed; the hotspots of
    the other rules are still there.
    """

    process: Process
    metrics: Metrics
    hotspots: tuple[Hotspot, ...]
    problems: tuple[Diagnostic, ...] = ()
    #: The :class:`~skavmap.analysis.context.Context` the figures were computed in (graph
    #: and flow), for rules that run later.
    context: Any = field(default=None, compare=False, repr=False)
