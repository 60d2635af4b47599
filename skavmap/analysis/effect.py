"""What an action would change: every figure of the process before and after its ``changes:``.

The effect of an action is the model's honest answer (format 1.1, "Actions that change the
model"): the process with the action's changes made is analysed with the same solver as any
process, and every figure is compared with today's. Nothing else moves: a shorter wait does
not shorten other waits, and a role with more people is less loaded but its steps wait as
long as the file says (queueing is not modelled). The effect of the plan makes every action's
changes, in file order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from skavmap.format.model import Action, Change, Process

#: The figures an effect compares, per case (``loops`` is a count in the process).
FIGURES = (
    "lead_time_hours",
    "lead_time_p90_hours",
    "work_time_hours",
    "handoffs",
    "cross_department_handoffs",
    "loops",
    "night_notifications",
    "manual_steps",
    "work_cost",
)
#: Utilisation moves smaller than this (a tenth of a percentage point) are no change.
UTILISATION_STEP = 0.001
#: The figures that are per case and add up over cases, and so also per year where the
#: process gives its volume (a count of loops does not; neither does a percentile).
PER_CASE = tuple(f for f in FIGURES if f not in ("loops", "lead_time_p90_hours"))


@dataclass(frozen=True)
class Figures:
    """The figures of one state of a process (``work_cost`` ``None`` without any role's
    ``cost_per_hour``), and the utilisation of each role that has a capacity."""

    values: Mapping[str, float | None]
    utilisation: Mapping[str, float] = field(default_factory=dict)
    cases_per_year: float | None = None
    #: How finely the lead time's percentiles are known (one tick of their grid, hours).
    resolution: float = 0.0


@dataclass(frozen=True)
class Effect:
    """A process's figures before and after some changes; ``cases_per_year`` where the
    process gives its volume."""

    before: Figures
    after: Figures
    cases_per_year: float | None

    def change(self, name: str) -> float | None:
        """After minus before (negative: the changes save it)."""
        old, new = self.before.values[name], self.after.values[name]
        if old is None or new is None:
            return None
        if name == "lead_time_p90_hours" and abs(new - old) <= (
            self.before.resolution + self.after.resolution
        ):
            return 0.0  # within the grid the percentile is read from: no change to report
        return new - old

    def per_year(self, name: str) -> float | None:
        change = self.change(name)
        if change is None or self.cases_per_year is None or name not in PER_CASE:
            return None
        return change * self.cases_per_year

    @property
    def hours_saved(self) -> float:
        """Lead time plus work time saved per case: the hours a hotspot's impact counts."""
        return -((self.change("lead_time_hours") or 0.0) + (self.change("work_time_hours") or 0.0))

    @property
    def hours_saved_per_year(self) -> float | None:
        return None if self.cases_per_year is None else self.hours_saved * self.cases_per_year

    @property
    def utilisation(self) -> dict[str, tuple[float | None, float | None]]:
        """Roles whose utilisation the changes move: role → (before, after)."""
        roles = sorted(set(self.before.utilisation) | set(self.after.utilisation))
        moved = {r: (self.before.utilisation.get(r), self.after.utilisation.get(r)) for r in roles}
        return {
            r: (old, new)
            for r, (old, new) in moved.items()
            if old is None or new is None or abs(new - old) >= UTILISATION_STEP
        }


def figures(process: Process) -> Figures:
    """Every figure an effect compares, for ``process`` as it stands."""
    from skavmap.analysis.metrics import compute_metrics, step_graph

    metrics = compute_metrics(process, step_graph(process))
    per_step = metrics.per_step
    calendar = process.calendar
    night = sum(
        per_step[s.id].visits
        for s in process.steps.values()
        if s.at is not None and not calendar.is_working_time(s.at)
    )
    manual = sum(per_step[s.id].visits for s in process.steps.values() if s.manual)
    costs = {r.id: r.cost_per_hour for r in process.roles.values() if r.cost_per_hour}
    working = [
        s
        for s in process.steps.values()
        if s.role is not None and s.kind != "subprocess" and s.work_hours > 0
    ]
    # The cost is known only when every own role that works has a price: work moved to a
    # role without one would otherwise read as money saved.
    priced = all(s.role in costs or process.roles[s.role].external for s in working)
    cost = None
    if costs and priced:
        cost = sum(per_step[s.id].visits * s.work_hours * costs.get(s.role, 0.0) for s in working)
    values = {
        "lead_time_hours": metrics.lead_time_hours,
        "lead_time_p90_hours": metrics.lead_time_p90_hours,
        "work_time_hours": metrics.work_time_hours,
        "handoffs": metrics.handoffs,
        "cross_department_handoffs": metrics.cross_department_handoffs,
        "loops": float(metrics.loops),
        "night_notifications": night,
        "manual_steps": manual,
        "work_cost": cost,
    }
    utilisation = {
        role: figure.utilisation
        for role, figure in metrics.per_role.items()
        if figure.utilisation is not None
    }
    from skavmap.analysis import timing

    resolution = timing.REACH * metrics.lead_time_hours / timing.PROCESS_TICKS
    return Figures(
        MappingProxyType(values),
        MappingProxyType(utilisation),
        metrics.cases_per_year,
        resolution,
    )


def effect(process: Process, changes: Iterable[Change], today: Figures | None = None) -> Effect:
    """What ``changes`` would do to ``process``: its figures before and after them.

    >>> from skavmap.format.loader import load
    >>> from pathlib import Path
    >>> p = load(Path("examples/analysers/long-wait.yaml"))
    >>> from skavmap.format.model import Change, Pos, Duration
    >>> day = Change("attest", None, {"wait": Duration("1d", 8.0, 8.0, 8.0)}, False, None,
    ...              None, Pos(1, 1))
    >>> e = effect(p, [day])
    >>> round(e.change("lead_time_hours"), 6), round(e.per_year("lead_time_hours"), 3)
    (-16.0, -28800.0)
    """
    from skavmap.format.changes import applied

    before = today if today is not None else figures(process)
    after = figures(applied(process, changes))
    return Effect(before, after, before.cases_per_year)


@dataclass(frozen=True)
class PlanEffects:
    """The effect of each action that changes the model, alone, and of them all."""

    actions: Mapping[str, Effect]  # action id → its effect alone
    plan: Effect | None  # every action with changes, in file order; None without any


def plan_effects(process: Process, actions: Sequence[Action] | None = None) -> PlanEffects:
    """The effects of ``process``'s actions (default: all of them) that change the model."""
    chosen = [a for a in (process.actions if actions is None else actions) if a.changes]
    if not chosen:
        return PlanEffects(MappingProxyType({}), None)
    today = figures(process)
    alone = {a.id: effect(process, a.changes, today) for a in chosen}
    together = effect(process, [c for a in chosen for c in a.changes], today)
    return PlanEffects(MappingProxyType(alone), together)


@dataclass(frozen=True)
class WhatIf:
    """Changes tried out without editing the file (``skavmap whatif``): today's analysis,
    the changes as written on the command line, and their effect."""

    analysis: Any
    changes: tuple[str, ...]
    effect: Effect

    @property
    def process(self) -> Process:
        return self.analysis.process
