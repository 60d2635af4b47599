"""What the analysis makes: per-case figures, hotspots and the analysis of a process.

Plain immutable data. Hotspots carry ids and numbers, never words: the outputs turn them
into text in the reader's language (:mod:`skavmap.outputs.messages`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from skavmap.format.diagnostics import Diagnostic
from skavmap.format.model import Process

#: A finding's figures: the ids and numbers its message and score are made from.
Figures = Mapping[str, object]


@dataclass(frozen=True)
class StepFigures:
    """Per-case figures of one step."""

    visits: float  # expected visits per case
    hours: float  # visits × (wait + work) in working hours (subprocess: its lead time)
    share: float  # hours / process lead time (0..1)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Finding:
    """What a rule found: the steps (or the role) it is about and its figures; an analyser
    also gives a score by its documented formula."""

    steps: tuple[str, ...] = ()
    figures: Figures = field(default_factory=dict, compare=False)
    score: float | None = None
    role: str | None = None


@dataclass(frozen=True)
class Hotspot:
    """One finding: where a process chafes, how much (score 0..100), and the figures of why."""

    code: str  # "SKV201"
    name: str  # the analyser's kebab-case name, e.g. "rework-loop"
    kind: str  # handoff, loop, bottleneck, wait, night-notification, system-switch, pain, ...
    steps: tuple[str, ...]
    score: float  # 0..100, comparable across processes
    figures: Figures = field(default_factory=dict, compare=False)
    role: str | None = None  # for role-level findings (utilisation)


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
