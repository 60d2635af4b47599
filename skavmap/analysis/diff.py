"""What a change to a process means: the semantic diff of two versions.

:func:`compare` takes the analyses of an old and a new version and says what changed in
meaning, not in text: steps added, removed or renamed; each step's kind, role, systems, times
and connections; handoffs gained or lost (as role pairs, with the edges where they happen);
loops introduced or removed; the per-case figures old and new; hotspots new and resolved.

A step counts as renamed when it keeps its id under a new name, or when a removed step and an
added step have very similar names (:data:`RENAME_SIMILARITY`) and the same neighbours.

:mod:`skavmap.analysis.ratchet` checks a diff against the ratchet rules of the
configuration.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from skavmap.analysis.results import Analysis, Finding, Hotspot
from skavmap.analysis.rules import Rule
from skavmap.format.diagnostics import Diagnostic
from skavmap.format.model import Duration, Process

#: Names at least this similar (difflib ratio, case-folded) may be the same step renamed.
RENAME_SIMILARITY = 0.75
EPSILON = 1e-9

#: The figures compared, in the order shown, and how each is written.
FIGURES = (
    ("lead_time_hours", "hours"),
    ("work_time_hours", "hours"),
    ("flow_efficiency", "share"),
    ("handoffs", "count"),
    ("cross_department_handoffs", "count"),
    ("loops", "count"),
    ("steps", "count"),
)


@dataclass(frozen=True)
class Figure:
    key: str
    unit: str  # hours, share or count
    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old

    @property
    def changed(self) -> bool:
        return self.delta is not None and abs(self.delta) > EPSILON


@dataclass(frozen=True)
class StepRef:
    id: str
    name: str
    role: str | None  # the role's name


@dataclass(frozen=True)
class StepRename:
    old_id: str
    new_id: str
    old_name: str
    new_name: str


@dataclass(frozen=True)
class FieldChange:
    """One field of a step, old and new: text, a duration (work, wait) or ``None`` where the
    version has none."""

    field: str  # kind, role, system, work, wait, at, manual, forms, next
    old: str | Duration | None
    new: str | Duration | None


@dataclass(frozen=True)
class StepChange:
    id: str
    name: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Handoff:
    """Handoffs from one role to another that a change added (or removed).

    ``count`` is how many more (fewer) places in the flow hand over between these roles;
    ``edges`` are those places as (from step, to step), the steps between them without a role.
    """

    from_role: str
    to_role: str
    from_name: str
    to_name: str
    from_unit: str  # department names
    to_unit: str
    cross: bool  # a cross-department handoff gained (lost)
    external: bool
    count: int
    edges: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Loop:
    steps: tuple[str, ...]
    names: tuple[str, ...]


@dataclass
class ProcessDiff:
    """The meaning of one change to one process file.

    ``status`` is the file's: ``added``, ``removed``, ``renamed`` or ``modified``.
    ``analysis`` is the new version's, or the old one's for a removed file: the version that
    ``file`` names.
    """

    status: str
    old_file: str | None
    new_file: str | None
    id: str
    name: str
    day_hours: float
    figures: tuple[Figure, ...]
    analysis: Analysis = field(repr=False, compare=False)
    before: Analysis | None = field(default=None, repr=False, compare=False)
    steps_added: list[StepRef] = field(default_factory=list)
    steps_removed: list[StepRef] = field(default_factory=list)
    steps_renamed: list[StepRename] = field(default_factory=list)
    steps_changed: list[StepChange] = field(default_factory=list)
    handoffs_gained: list[Handoff] = field(default_factory=list)
    handoffs_lost: list[Handoff] = field(default_factory=list)
    loops_introduced: list[Loop] = field(default_factory=list)
    loops_removed: list[Loop] = field(default_factory=list)
    hotspots_new: list[Hotspot] = field(default_factory=list)  # of ``analysis``
    hotspots_resolved: list[Hotspot] = field(default_factory=list)  # of ``before``

    @property
    def file(self) -> str:
        return self.new_file or self.old_file or ""

    @property
    def changed(self) -> bool:
        """Whether anything changed in meaning (a renamed file alone does not count)."""
        return self.status in ("added", "removed") or any(
            (
                any(f.changed for f in self.figures),
                self.steps_added,
                self.steps_removed,
                self.steps_renamed,
                self.steps_changed,
                self.handoffs_gained,
                self.handoffs_lost,
                self.loops_introduced,
                self.loops_removed,
                self.hotspots_new,
                self.hotspots_resolved,
            )
        )

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


@dataclass(frozen=True)
class Breach:
    """A ratchet rule a change breaks: the rule, its setting as configured, and what broke it."""

    rule: Rule
    setting: str  # e.g. "max-lead-time-increase = 10%"
    file: str
    finding: Finding


@dataclass
class DiffResult:
    """Every compared file; ``errors`` for files that did not load (exit 2)."""

    base: str | None
    diffs: list[ProcessDiff] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 2 if self.errors else 1 if self.breaches else 0


# --- steps -----------------------------------------------------------------------------------


def _neighbours(process: Process, step: str) -> tuple[set[str], set[str]]:
    before = {s.id for s in process.steps.values() if step in s.targets}
    return before, set(process.steps[step].targets)


def match_steps(old: Process, new: Process) -> dict[str, str]:
    """Old step id → new step id for every step that survives, renamed or not.

    >>> from skavmap.format.loader import load
    >>> process = load("examples/loop.yaml")
    >>> match_steps(process, process) == {s: s for s in process.steps}
    True
    """
    mapping = {s: s for s in old.steps if s in new.steps}
    removed = [s for s in old.steps if s not in new.steps]
    added = [s for s in new.steps if s not in old.steps]
    candidates = []
    for i, gone in enumerate(removed):
        for j, came in enumerate(added):
            ratio = SequenceMatcher(
                None, old.steps[gone].name.casefold(), new.steps[came].name.casefold()
            ).ratio()
            if ratio >= RENAME_SIMILARITY and _same_connections(old, new, mapping, gone, came):
                candidates.append((-ratio, i, j, gone, came))
    taken: set[str] = set()
    for _, _, _, gone, came in sorted(candidates):
        if gone not in mapping and came not in taken:
            mapping[gone] = came
            taken.add(came)
    return mapping


def _same_connections(
    old: Process, new: Process, mapping: Mapping[str, str], gone: str, came: str
) -> bool:
    def mapped(ids: set[str]) -> set[str]:
        return {came if s == gone else mapping.get(s, f"\0{s}") for s in ids}

    old_before, old_after = _neighbours(old, gone)
    new_before, new_after = _neighbours(new, came)
    return mapped(old_before) == new_before and mapped(old_after) == new_after


def _role_name(process: Process, role: str | None) -> str | None:
    return process.roles[role].name if role is not None else None


def _step_ref(process: Process, step: str) -> StepRef:
    s = process.steps[step]
    return StepRef(step, s.name, process.roles[s.role].name if s.role else None)


def step_changes(old: Process, new: Process, old_id: str, new_id: str, mapping) -> StepChange:
    """What changed in one step besides its name and id."""
    a, b = old.steps[old_id], new.steps[new_id]
    found: list[FieldChange] = []
    if a.kind != b.kind:
        found.append(FieldChange("kind", a.kind, b.kind))
    if a.role != b.role:
        found.append(FieldChange("role", _role_name(old, a.role), _role_name(new, b.role)))
    if set(a.systems) != set(b.systems):
        names_a = ", ".join(old.systems[s].name for s in a.systems) or None
        names_b = ", ".join(new.systems[s].name for s in b.systems) or None
        found.append(FieldChange("system", names_a, names_b))
    for label, before, after in (("work", a.work, b.work), ("wait", a.wait, b.wait)):
        hours_a = before.hours if before else 0.0
        hours_b = after.hours if after else 0.0
        if abs(hours_a - hours_b) > EPSILON or (before is None) != (after is None):
            found.append(FieldChange(label, before, after))
    at_a, at_b = (a.at.text if a.at else None), (b.at.text if b.at else None)
    if (a.at and a.at.minutes) != (b.at and b.at.minutes) or (a.at is None) != (b.at is None):
        found.append(FieldChange("at", at_a, at_b))
    if a.manual != b.manual:
        found.append(FieldChange("manual", str(a.manual).lower(), str(b.manual).lower()))
    if set(a.forms) != set(b.forms):
        found.append(FieldChange("forms", ", ".join(a.forms) or None, ", ".join(b.forms) or None))
    targets_a = [mapping.get(t, t) for t in a.targets]
    if set(targets_a) != set(b.targets):
        found.append(
            FieldChange("next", ", ".join(targets_a) or None, ", ".join(b.targets) or None)
        )
    elif b.kind == "decision":
        shares_a = tuple((mapping.get(x.to, x.to), x.p) for x in a.next)
        shares_b = tuple((x.to, x.p) for x in b.next)
        if any(abs(p - dict(shares_a)[t]) > EPSILON for t, p in shares_b):
            found.append(FieldChange("p", shares_a, shares_b))
    return StepChange(new_id, b.name, tuple(found))


# --- handoffs and loops ----------------------------------------------------------------------


def handoff_edges(process: Process) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Every place where work moves from one role to another, by (from role, to role).

    A place is (the step with the first role, the next step with a role); steps without a
    role between them are transparent, as in the specification's handoff count.

    >>> from skavmap.format.loader import load
    >>> handoff_edges(load("examples/loop.yaml"))  # doctest: +ELLIPSIS
    {...}
    """
    found: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for step in process.steps.values():
        if step.role is None:
            continue
        for target in _next_with_role(process, step.id):
            role = process.steps[target].role
            if role != step.role:
                found[(step.role, role)].append((step.id, target))
    return dict(found)


def _next_with_role(process: Process, start: str) -> list[str]:
    found: list[str] = []
    seen = {start}
    stack = list(reversed(process.steps[start].targets))
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if process.steps[current].role is not None:
            found.append(current)
        else:
            stack.extend(reversed(process.steps[current].targets))
    return found


def _is_cross(process: Process, pair: tuple[str, str]) -> bool:
    return process.roles[pair[0]].unit != process.roles[pair[1]].unit


def _handoff_changes(
    old: Process, new: Process, mapping: Mapping[str, str]
) -> tuple[list[Handoff], list[Handoff]]:
    before, after = handoff_edges(old), handoff_edges(new)
    moved = {
        pair: [(mapping.get(u, f"\0{u}"), mapping.get(v, f"\0{v}")) for u, v in edges]
        for pair, edges in before.items()
    }
    back = {new_id: old_id for old_id, new_id in mapping.items()}
    gained, lost = [], []
    for pair in sorted(set(before) | set(after)):
        old_edges, new_edges = moved.get(pair, []), after.get(pair, [])
        old_cross = len(old_edges) if pair in before and _is_cross(old, pair) else 0
        new_cross = len(new_edges) if pair in after and _is_cross(new, pair) else 0
        if len(new_edges) > len(old_edges) or new_cross > old_cross:
            fresh = [e for e in new_edges if e not in old_edges] or new_edges
            count = max(len(new_edges) - len(old_edges), new_cross - old_cross)
            gained.append(_handoff(new, pair, new_cross > old_cross, count, fresh))
        if len(old_edges) > len(new_edges) or old_cross > new_cross:
            kept = {(back.get(u, u), back.get(v, v)) for u, v in new_edges}
            gone = [e for e in before[pair] if e not in kept] or before[pair]
            count = max(len(old_edges) - len(new_edges), old_cross - new_cross)
            lost.append(_handoff(old, pair, old_cross > new_cross, count, gone))
    return _in_file_order(new, gained), _in_file_order(old, lost)


def _in_file_order(process: Process, handoffs: list[Handoff]) -> list[Handoff]:
    order = {s: i for i, s in enumerate(process.steps)}
    return sorted(handoffs, key=lambda h: [(order[u], order[v]) for u, v in h.edges])


def _handoff(process, pair, cross, count, edges) -> Handoff:
    a, b = process.roles[pair[0]], process.roles[pair[1]]
    order = {s: i for i, s in enumerate(process.steps)}
    return Handoff(
        a.id,
        b.id,
        a.name,
        b.name,
        process.department_name(a.unit),
        process.department_name(b.unit),
        cross,
        a.external or b.external,
        count,
        tuple(sorted(edges, key=lambda e: (order.get(e[0], -1), order.get(e[1], -1)))),
    )


def _loop_changes(old: Analysis, new: Analysis, mapping) -> tuple[list[Loop], list[Loop]]:
    old_groups = [{mapping.get(s, f"\0{s}") for s in group} for group in old.metrics.loop_groups]
    new_groups = [set(group) for group in new.metrics.loop_groups]
    introduced = [
        _loop(new.process, group)
        for group, members in zip(new.metrics.loop_groups, new_groups, strict=True)
        if not any(members & earlier for earlier in old_groups)
    ]
    removed = [
        _loop(old.process, group)
        for group, members in zip(old.metrics.loop_groups, old_groups, strict=True)
        if not any(members & later for later in new_groups)
    ]
    return introduced, removed


def _loop(process: Process, group: Sequence[str]) -> Loop:
    return Loop(tuple(group), tuple(process.steps[s].name for s in group))


# --- hotspots --------------------------------------------------------------------------------


def _hotspot_changes(old: Analysis, new: Analysis, mapping):
    """Hotspots only in the new version, and only in the old one.

    The same hotspot is the same code about the same role (role-level findings), about
    overlapping steps (loops, whose steps change as the loop does), or about the same steps.
    """

    def same(before: Hotspot, after: Hotspot) -> bool:
        if before.code != after.code or before.role != after.role:
            return False
        if before.role is not None:
            return True
        moved = tuple(mapping.get(s, f"\0{s}") for s in before.steps)
        if before.kind == "loop":
            return bool(set(moved) & set(after.steps))
        return moved == after.steps

    unmatched_old = list(old.hotspots)
    fresh = []
    for hotspot in new.hotspots:
        partner = next((h for h in unmatched_old if same(h, hotspot)), None)
        if partner is None:
            fresh.append(hotspot)
        else:
            unmatched_old.remove(partner)
    return fresh, unmatched_old


# --- one process -----------------------------------------------------------------------------


def _figures(old: Analysis | None, new: Analysis | None) -> tuple[Figure, ...]:
    def value(analysis: Analysis | None, key: str) -> float | None:
        return float(getattr(analysis.metrics, key)) if analysis is not None else None

    return tuple(Figure(key, unit, value(old, key), value(new, key)) for key, unit in FIGURES)


def compare(
    old: Analysis | None,
    new: Analysis | None,
    old_file: str | None = None,
    new_file: str | None = None,
    status: str | None = None,
) -> ProcessDiff:
    """The semantic diff of two analysed versions of a process (either may be missing)."""
    shown = new if new is not None else old
    assert shown is not None, "compare needs at least one version"
    process = shown.process
    if status is None:
        status = "added" if old is None else "removed" if new is None else "modified"
    diff = ProcessDiff(
        status,
        old_file,
        new_file,
        process.id,
        process.name,
        process.calendar.day_hours,
        _figures(old, new),
        shown,
        old if new is not None else None,
    )
    if old is None or new is None:
        return diff
    a, b = old.process, new.process
    mapping = match_steps(a, b)
    matched = set(mapping.values())
    diff.steps_removed = [_step_ref(a, s) for s in a.steps if s not in mapping]
    diff.steps_added = [_step_ref(b, s) for s in b.steps if s not in matched]
    for old_id, new_id in mapping.items():
        old_name, new_name = a.steps[old_id].name, b.steps[new_id].name
        if old_id != new_id or old_name != new_name:
            diff.steps_renamed.append(StepRename(old_id, new_id, old_name, new_name))
        change = step_changes(a, b, old_id, new_id, mapping)
        if change.changes:
            diff.steps_changed.append(change)
    order = {s: i for i, s in enumerate(b.steps)}
    diff.steps_renamed.sort(key=lambda r: order[r.new_id])
    diff.steps_changed.sort(key=lambda c: order[c.id])
    diff.handoffs_gained, diff.handoffs_lost = _handoff_changes(a, b, mapping)
    diff.loops_introduced, diff.loops_removed = _loop_changes(old, new, mapping)
    diff.hotspots_new, diff.hotspots_resolved = _hotspot_changes(old, new, mapping)
    return diff
