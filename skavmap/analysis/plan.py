"""The action plan across processes: which hotspots each action addresses, and the gaps.

Semantics (docs/workshop.md explains them to facilitators):

- An action **addresses** a hotspot of its own process when its step ids and its analyser
  codes both fit: steps say *where*, codes say *what*. An action that names only steps
  addresses every hotspot that involves one of those steps (its own or those of a finding
  joined to it, such as a handoff into a waiting step); one that names only codes
  addresses every hotspot with one of those codes; one that names both addresses the
  hotspots that involve one of the steps *and* carry one of the codes
  (``[beslutsattest, SKV303]``: the long wait at the decision attest, not the pain reported
  there). An action without addresses addresses nothing.
- A hotspot is **uncovered** when its score is at least the threshold (:data:`HIGH_SCORE`
  unless the command says otherwise) and no action of its process addresses it, whatever
  the action's status.
- An action is **unmatched** when it addresses no current hotspot and its status is not
  ``klar``: either it names nothing, or what it names has no hotspot (a step where nothing
  chafes, a code whose analyser found nothing in this process). A finished action whose
  hotspot has gone is the plan working, not a gap, so it is never flagged.

>>> from skavmap.format.model import Action, Pos
>>> from skavmap.analysis.results import Hotspot
>>> wait = Hotspot("SKV303", "long-wait", "wait", ("attest",), 40.0)
>>> pain = Hotspot("SKV601", "reported-pain", "pain", ("attest",), 80.0)
>>> action = Action("A1", "Ersättare vid frånvaro", ("attest", "SKV303"), None, None, "idé",
...                 None, Pos(1, 1))
>>> addresses(action, wait), addresses(action, pain)
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from skavmap.analysis.effect import Effect, plan_effects
from skavmap.analysis.results import Analysis, Hotspot
from skavmap.format.model import ACTION_LEVELS, ACTION_STATUSES, Action, Process

#: Hotspots scoring at least this are "high": the plan should say what happens to them.
HIGH_SCORE = 50.0
GROUPINGS = ("level", "owner", "status")
#: ``actions --by``: the plan's groups, or one list by the hours each action saves a year.
ORDERS = ("group", "effect")

_CODE = re.compile(r"SKV\d{3}")


def addresses(action: Action, hotspot: Hotspot) -> bool:
    """Whether ``action`` addresses ``hotspot`` (both of the same process)."""
    codes = {a for a in action.addresses if _CODE.fullmatch(a)}
    steps = {a for a in action.addresses if a not in codes}
    if not codes and not steps:
        return False
    # Where and what must fit one finding: [beslutsattest, SKV303] is the wait at
    # beslutsattest, not a wait elsewhere that a handoff from beslutsattest joined.
    return any(
        (not steps or not steps.isdisjoint(places)) and (not codes or code in codes)
        for code, places in hotspot.findings
    )


@dataclass(frozen=True)
class PlannedAction:
    """An action with the process it belongs to and the hotspots it addresses."""

    analysis: Analysis
    action: Action
    covers: tuple[Hotspot, ...]  # highest score first
    effect: Effect | None = None  # of its changes alone; None when it changes nothing

    @property
    def unmatched(self) -> bool:
        return not self.covers and self.action.status != "klar"


@dataclass(frozen=True)
class Uncovered:
    analysis: Analysis
    hotspot: Hotspot


@dataclass(frozen=True)
class Plan:
    analyses: tuple[Analysis, ...]  # every process looked at, with or without actions
    actions: tuple[PlannedAction, ...]  # processes in the order given, actions in file order
    uncovered: tuple[Uncovered, ...]  # highest score first
    threshold: float
    #: Each process whose actions change the model, with the effect of all those changes.
    effects: tuple[tuple[Analysis, Effect], ...] = ()

    @property
    def unmatched(self) -> tuple[PlannedAction, ...]:
        return tuple(a for a in self.actions if a.unmatched)


def build_plan(analyses: Sequence[Analysis], threshold: float = HIGH_SCORE) -> Plan:
    """Tie every action to the hotspots it addresses and find the high ones left uncovered.

    Uncovered hotspots are ranked by score; ties keep the order of the processes and each
    analysis's own order.
    """
    planned = []
    uncovered = []
    effects = []
    for index, analysis in enumerate(analyses):
        actions = analysis.process.actions
        found = plan_effects(analysis.process)
        if found.plan is not None:
            effects.append((analysis, found.plan))
        for action in actions:
            covers = tuple(h for h in analysis.hotspots if addresses(action, h))
            planned.append(PlannedAction(analysis, action, covers, found.actions.get(action.id)))
        for position, hotspot in enumerate(analysis.hotspots):
            if hotspot.score >= threshold and not any(addresses(a, hotspot) for a in actions):
                uncovered.append((-hotspot.score, index, position, Uncovered(analysis, hotspot)))
    uncovered.sort(key=lambda line: line[:3])
    gaps = tuple(line[3] for line in uncovered)
    return Plan(tuple(analyses), tuple(planned), gaps, threshold, tuple(effects))


def changing(plan: Plan, analysis: Analysis) -> list[str]:
    """The ids of ``analysis``'s actions that change the model, in file order: the actions
    whose changes its plan's effect makes."""
    return [p.action.id for p in plan.actions if p.analysis is analysis and p.effect is not None]


def by_effect(plan: Plan) -> list[PlannedAction]:
    """The plan's actions by the hours each saves a year (lead time plus work time per case
    × cases per year), most first; then those of processes without a volume, by hours per
    case; then the actions that change nothing, in file order."""
    order = {id(p): i for i, p in enumerate(plan.actions)}

    def rank(planned: PlannedAction) -> tuple:
        effect = planned.effect
        if effect is None:
            return (2, 0.0, order[id(planned)])
        yearly = effect.hours_saved_per_year
        if yearly is None:
            return (1, -effect.hours_saved, order[id(planned)])
        return (0, -yearly, order[id(planned)])

    return sorted(plan.actions, key=rank)


def owner_name(process: Process, owner: str | None) -> str | None:
    """The display name of an action's owner: a role's or a department's name."""
    if owner is None:
        return None
    if owner in process.roles:
        return process.roles[owner].name
    if owner in process.departments:
        return process.departments[owner].name
    return owner


def group_key(planned: PlannedAction, group: str) -> str | None:
    """The group ``planned`` falls in: its level, status or owner's name."""
    action = planned.action
    if group == "level":
        return action.level
    if group == "status":
        return action.status
    return owner_name(planned.analysis.process, action.owner)


def grouped(plan: Plan, group: str) -> list[tuple[str | None, list[PlannedAction]]]:
    """The plan's actions in groups, each group ordered by due date (undated last), then by
    process and file order. A group's key is the level, the status or the owner's name
    (``None``: no level, no owner).

    Levels and statuses come in the format's order (central → enhet, idé → klar); owners
    alphabetically. Actions without a level or owner come last.
    """
    order = {id(p): i for i, p in enumerate(plan.actions)}
    if group not in GROUPINGS:
        raise ValueError(f"unknown grouping {group!r}")

    def rank(planned: PlannedAction) -> tuple:
        action = planned.action
        if group == "level":
            return (ACTION_LEVELS.index(action.level) if action.level else len(ACTION_LEVELS),)
        if group == "status":
            return (ACTION_STATUSES.index(action.status),)
        name = owner_name(planned.analysis.process, action.owner)
        return (name is None, (name or "").casefold())

    groups: dict[str | None, list[PlannedAction]] = {}
    for planned in sorted(plan.actions, key=lambda p: (rank(p), _by_due(p), order[id(p)])):
        groups.setdefault(group_key(planned, group), []).append(planned)
    return list(groups.items())


def _by_due(planned: PlannedAction) -> tuple:
    due = planned.action.due
    return (due is None, due.isoformat() if due else "")
