"""What a change to a process means: the semantic diff of two versions, and the ratchet.

:func:`compare` takes the analyses of an old and a new version and says what changed in
meaning, not in text: steps added, removed or renamed; each step's kind, role, systems, times
and connections; handoffs gained or lost (as role pairs, with the edges where they happen);
loops introduced or removed; the per-case figures old and new; hotspots new and resolved.

A step counts as renamed when it keeps its id under a new name, or when a removed step and an
added step have very similar names (:data:`RENAME_SIMILARITY`) and the same neighbours.

:func:`apply_ratchet` checks a diff against the ``Ratchet`` rules of the configuration and
names each rule that the change breaks, with the figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from skavmap.analysis.engine import Analysis, Hotspot
from skavmap.analysis.config import Ratchet, best
from skavmap.format.diagnostics import Diagnostic
from skavmap.outputs.vocabulary import format_hours, format_number, format_percent
from skavmap.format.model import Pos, Process

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
    field: str  # kind, role, system, work, wait, at, manual, forms, next
    old: str
    new: str


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


@dataclass(frozen=True)
class HotspotRef:
    code: str
    name: str
    kind: str
    steps: tuple[str, ...]
    score: float
    message: str
    role: str | None = None


@dataclass(frozen=True)
class RatchetBreach:
    rule: str  # as written in the configuration, e.g. "max-lead-time-increase = 10%"
    file: str
    message: str


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
    steps_added: list[StepRef] = field(default_factory=list)
    steps_removed: list[StepRef] = field(default_factory=list)
    steps_renamed: list[StepRename] = field(default_factory=list)
    steps_changed: list[StepChange] = field(default_factory=list)
    handoffs_gained: list[Handoff] = field(default_factory=list)
    handoffs_lost: list[Handoff] = field(default_factory=list)
    loops_introduced: list[Loop] = field(default_factory=list)
    loops_removed: list[Loop] = field(default_factory=list)
    hotspots_new: list[HotspotRef] = field(default_factory=list)
    hotspots_resolved: list[HotspotRef] = field(default_factory=list)

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


@dataclass
class DiffResult:
    """Every compared file; ``errors`` for files that did not load (exit 2)."""

    base: str | None
    diffs: list[ProcessDiff] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    breaches: list[RatchetBreach] = field(default_factory=list)

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


def _role_name(process: Process, role: str | None) -> str:
    return process.roles[role].name if role is not None else "–"


def _step_ref(process: Process, step: str) -> StepRef:
    s = process.steps[step]
    return StepRef(step, s.name, process.roles[s.role].name if s.role else None)


def _duration_text(duration) -> str:
    return duration.text if duration is not None else "–"


def step_changes(old: Process, new: Process, old_id: str, new_id: str, mapping) -> StepChange:
    """What changed in one step besides its name and id."""
    a, b = old.steps[old_id], new.steps[new_id]
    found: list[FieldChange] = []
    if a.kind != b.kind:
        found.append(FieldChange("kind", a.kind, b.kind))
    if a.role != b.role:
        found.append(FieldChange("role", _role_name(old, a.role), _role_name(new, b.role)))
    if set(a.systems) != set(b.systems):
        names_a = ", ".join(old.systems[s].name for s in a.systems) or "–"
        names_b = ", ".join(new.systems[s].name for s in b.systems) or "–"
        found.append(FieldChange("system", names_a, names_b))
    for label, before, after in (("work", a.work, b.work), ("wait", a.wait, b.wait)):
        hours_a = before.hours if before else 0.0
        hours_b = after.hours if after else 0.0
        if abs(hours_a - hours_b) > EPSILON or (before is None) != (after is None):
            found.append(FieldChange(label, _duration_text(before), _duration_text(after)))
    at_a, at_b = (a.at.text if a.at else "–"), (b.at.text if b.at else "–")
    if (a.at and a.at.minutes) != (b.at and b.at.minutes) or (a.at is None) != (b.at is None):
        found.append(FieldChange("at", at_a, at_b))
    if a.manual != b.manual:
        found.append(FieldChange("manual", str(a.manual).lower(), str(b.manual).lower()))
    if set(a.forms) != set(b.forms):
        found.append(FieldChange("forms", ", ".join(a.forms) or "–", ", ".join(b.forms) or "–"))
    targets_a = [mapping.get(t, t) for t in a.targets]
    if set(targets_a) != set(b.targets):
        found.append(FieldChange("next", ", ".join(targets_a) or "–", ", ".join(b.targets) or "–"))
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


def _hotspot_ref(hotspot: Hotspot) -> HotspotRef:
    return HotspotRef(
        hotspot.code,
        hotspot.name,
        hotspot.kind,
        hotspot.steps,
        hotspot.score,
        hotspot.message,
        hotspot.role,
    )


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
            fresh.append(_hotspot_ref(hotspot))
        else:
            unmatched_old.remove(partner)
    return fresh, [_hotspot_ref(h) for h in unmatched_old]


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


# --- the ratchet -----------------------------------------------------------------------------

PHRASES = {
    "en": {
        "lead_time_hours": "lead time",
        "work_time_hours": "work time",
        "handoffs": "handoffs per case",
        "cross_department_handoffs": "cross-department handoffs per case",
        "loops": "loops",
        "increase": "{figure} {old} → {new} ({delta}), more than the {allowed} allowed",
        "new_cross": "new cross-department handoff {units}: {roles} at {edges}; "
        "{figure} {old} → {new}",
        "new_handoff": "new handoff {roles} at {edges}; {figure} {old} → {new}",
        "new_loop": "new loop {steps}; loops {old} → {new}",
        "new_hotspot": "new hotspot {code} {name} at {steps}: {message}",
    },
    "sv": {
        "lead_time_hours": "ledtid",
        "work_time_hours": "arbetstid",
        "handoffs": "överlämningar per ärende",
        "cross_department_handoffs": "överlämningar mellan avdelningar per ärende",
        "loops": "slingor",
        "increase": "{figure} {old} → {new} ({delta}), mer än de tillåtna {allowed}",
        "new_cross": "ny överlämning mellan avdelningar {units}: {roles} vid {edges}; "
        "{figure} {old} → {new}",
        "new_handoff": "ny överlämning {roles} vid {edges}; {figure} {old} → {new}",
        "new_loop": "ny slinga {steps}; slingor {old} → {new}",
        "new_hotspot": "ny skavpunkt {code} {name} vid {steps}: {message}",
    },
}


def format_value(value: float, unit: str, day_hours: float, lang: str) -> str:
    """A figure as people read it: ``13,8 d``, ``1.8%``, ``6.8``."""
    if unit == "hours":
        return format_hours(value, day_hours, lang)
    if unit == "share":
        return format_percent(value, lang)
    return format_number(value, lang)


def format_delta(figure: Figure, day_hours: float, lang: str, arrow: bool = True) -> str:
    """The change with its direction: ``↑ +4 h (+3.6%)``, ``↓ −0.5``, ``=``; without the
    arrow ``+4 h, +3.6%``.

    >>> format_delta(Figure("lead_time_hours", "hours", 100.0, 104.0), 8, "en")
    '↑ +4 h (+4%)'
    >>> format_delta(Figure("lead_time_hours", "hours", 100.0, 104.0), 8, "en", arrow=False)
    '+4 h, +4%'
    >>> format_delta(Figure("flow_efficiency", "share", 0.02, 0.015), 8, "sv")
    '↓ −0,5 procentenheter'
    """
    delta = figure.delta
    if delta is None or not figure.changed:
        return "=" if arrow else "±0"
    direction, sign = ("↑ ", "+") if delta > 0 else ("↓ ", "−")
    if not arrow:
        direction = ""
    if figure.unit == "share":
        points = format_number(abs(delta) * 100, lang)
        return f"{direction}{sign}{points} {'procentenheter' if lang == 'sv' else 'pp'}"
    text = f"{direction}{sign}{format_value(abs(delta), figure.unit, day_hours, lang)}"
    if figure.unit == "hours" and figure.old:
        share = f"{sign}{format_percent(abs(delta) / figure.old, lang)}"
        text += f" ({share})" if arrow else f", {share}"
    return text


def _percent(share: float, lang: str) -> str:
    """A share as the percentage it was written as, in the language's style.

    >>> _percent(0.1, "sv"), _percent(0.125, "en")
    ('10 %', '12.5%')
    """
    text = format_number(share * 100, lang, 2)
    return f"{text} %" if lang == "sv" else f"{text}%"


def edges_text(edges: Sequence[tuple[str, str]]) -> str:
    """``kontera → attest, attest → betala``."""
    return ", ".join(f"{u} → {v}" for u, v in edges)


def apply_ratchet(diff: ProcessDiff, rules: Ratchet, lang: str = "en") -> list[RatchetBreach]:
    """Every ratchet rule that ``diff`` breaks. Added and removed files have no baseline."""
    if diff.status in ("added", "removed"):
        return []
    words = PHRASES[lang]
    breaches: list[RatchetBreach] = []
    day = diff.day_hours

    def show(key: str, value: float) -> str:
        unit = next(u for k, u in FIGURES if k == key)
        return format_value(value, unit, day, lang)

    for key, attribute in (
        ("lead_time_hours", "max_lead_time_increase"),
        ("work_time_hours", "max_work_time_increase"),
        ("handoffs", "max_handoffs_increase"),
        ("cross_department_handoffs", "max_cross_department_handoffs_increase"),
    ):
        change = getattr(rules, attribute)
        figure = diff.figure(key)
        if change is None or figure.delta is None:
            continue
        allowed = change.allowed(figure.old, day)
        if figure.delta > allowed + EPSILON:
            message = words["increase"].format(
                figure=words[key],
                old=show(key, figure.old),
                new=show(key, figure.new),
                delta=format_delta(figure, day, lang, arrow=False),
                allowed=f"+{show(key, allowed)}"
                if change.share is None
                else _percent(change.share, lang),
            )
            rule = f"{attribute.replace('_', '-')} = {change.text}"
            breaches.append(RatchetBreach(rule, diff.file, message))

    def handoff_breach(rule: str, handoff: Handoff, template: str, key: str) -> None:
        figure = diff.figure(key)
        message = words[template].format(
            units=f"{handoff.from_unit} → {handoff.to_unit}",
            roles=f"{handoff.from_name} → {handoff.to_name}",
            edges=edges_text(handoff.edges),
            figure=words[key],
            old=show(key, figure.old),
            new=show(key, figure.new),
        )
        breaches.append(RatchetBreach(rule, diff.file, message))

    if not rules.allow_new_cross_department_handoffs:
        for handoff in diff.handoffs_gained:
            if handoff.cross:
                rule = "allow-new-cross-department-handoffs = false"
                handoff_breach(rule, handoff, "new_cross", "cross_department_handoffs")
    if not rules.allow_new_handoffs:
        for handoff in diff.handoffs_gained:
            handoff_breach("allow-new-handoffs = false", handoff, "new_handoff", "handoffs")
    if not rules.allow_new_loops:
        loops = diff.figure("loops")
        for loop in diff.loops_introduced:
            message = words["new_loop"].format(
                steps=" → ".join((*loop.steps, loop.steps[0])),
                old=show("loops", loops.old),
                new=show("loops", loops.new),
            )
            breaches.append(RatchetBreach("allow-new-loops = false", diff.file, message))
    if rules.forbid_new_hotspots:
        rule = f"forbid-new-hotspots = [{', '.join(map(repr, rules.forbid_new_hotspots))}]"
        rule = rule.replace("'", '"')
        for hotspot in diff.hotspots_new:
            if best(rules.forbid_new_hotspots, hotspot.code, hotspot.name) is not None:
                message = words["new_hotspot"].format(
                    code=hotspot.code,
                    name=hotspot.name,
                    steps=", ".join(hotspot.steps) or hotspot.role or "–",
                    message=hotspot.message,
                )
                breaches.append(RatchetBreach(rule, diff.file, message))
    return breaches


# --- files and revisions ---------------------------------------------------------------------


def _load(path: Path):
    from skavmap.format.loader import Loader

    process, diagnostics = Loader().load_file(path)
    errors = [d for d in diagnostics if d.severity == "error"]
    return process, errors


def diff_files(old: Path, new: Path, lang: str = "en") -> DiffResult:
    """Compare two process files."""
    from skavmap.analysis.engine import analyse

    result = DiffResult(base=None)
    old_process, old_errors = _load(old)
    new_process, new_errors = _load(new)
    result.errors = old_errors + new_errors
    if old_process is None or new_process is None:
        return result
    result.diffs.append(
        compare(analyse(old_process, lang), analyse(new_process, lang), str(old), str(new))
    )
    return result


class Revision:
    """The YAML files of a git revision, written into a scratch folder so that the loader reads
    them (and the sub-process files they run) as it reads any file.

    A context manager; the processes it loaded stay usable after it closes. Problems are named
    ``REF:path``, e.g. ``main:processes/faktura.yaml:12:21: error: ...``.
    """

    def __init__(self, root: Path, ref: str):
        from skavmap.format import gitrefs

        self.root = root
        self.ref = ref
        self.commit = gitrefs.resolve(root, ref)

    def __enter__(self) -> Revision:
        import tempfile

        from skavmap.format import gitrefs
        from skavmap.format.loader import Loader

        self._scratch = tempfile.TemporaryDirectory(prefix="skavmap-base-")
        self.folder = Path(self._scratch.name)
        names = gitrefs.files_at(self.root, self.commit)
        gitrefs.export(self.root, self.commit, self.folder, [n for n in names if _is_yaml(n)])
        self._loader = Loader()
        return self

    def __exit__(self, *exc) -> None:
        self._scratch.cleanup()

    def has(self, name: str) -> bool:
        return (self.folder / name).is_file()

    def load(self, name: str) -> tuple[Process | None, list[Diagnostic]]:
        """The process at the repository path ``name`` (``None`` with errors), and its errors."""
        process, diagnostics = self._loader.load_file(self.folder / name)
        prefix = str(self.folder) + "/"
        errors = [
            Diagnostic(
                f"{self.ref}:{d.file[len(prefix) :]}" if d.file.startswith(prefix) else d.file,
                d.pos,
                d.severity,
                d.message,
                d.code,
            )
            for d in diagnostics
            if d.severity == "error"
        ]
        return process, errors


def load_at_revision(ref: str, path: Path) -> tuple[Process | None, list[Diagnostic]]:
    """One process file as it is at git revision ``ref``, e.g. to draw the old version.

    Raises :class:`~skavmap.format.gitrefs.GitError` when git cannot answer.
    """
    from skavmap.format import gitrefs

    root = gitrefs.toplevel(path)
    name = gitrefs.repo_path(root, path)
    with Revision(root, ref) as revision:
        if not revision.has(name):
            missing = Diagnostic(f"{ref}:{name}", Pos(1, 1), "error", f"no such file at {ref}")
            return None, [missing]
        return revision.load(name)


def diff_revision(ref: str, paths: Sequence[Path], lang: str = "en") -> DiffResult:
    """Compare every process file under ``paths`` as it is at git revision ``ref`` with the
    working tree: changed, added, removed and renamed files.

    Raises :class:`~skavmap.format.gitrefs.GitError` when git cannot answer (no repository, unknown
    revision, a path outside the repository).
    """
    from skavmap.format import gitrefs
    from skavmap.analysis.engine import analyse
    from skavmap.format.diagnostics import display_path
    from skavmap.format.files import find_process_files, looks_like_process
    from skavmap.format.loader import Loader

    root = gitrefs.toplevel(Path(paths[0]) if paths else Path.cwd())
    specs = [gitrefs.repo_path(root, Path(p)) for p in paths]
    result = DiffResult(base=ref)
    with Revision(root, ref) as revision:
        wanted = set(gitrefs.files_at(root, revision.commit, specs))
        base_files = sorted(
            name
            for name in wanted
            if _is_yaml(name) and (name in specs or looks_like_process(revision.folder / name))
        )
        present = [root / s for s in specs if (root / s).exists()]
        current, _ = find_process_files(present)
        current_files = sorted(gitrefs.repo_path(root, p) for p in current)
        for spec in specs:
            if not (root / spec).exists() and not any(
                n == spec or n.startswith(spec.rstrip("/") + "/") for n in wanted
            ):
                message = f"no such file or folder, here or at {ref}"
                result.errors.append(Diagnostic(spec, Pos(1, 1), "error", message))
        renamed = {
            c.old: c.new
            for c in gitrefs.changes(root, revision.commit, specs)
            if c.status == "R" and c.old in base_files and c.new in current_files
        }
        pairs: list[tuple[str | None, str | None, str]] = []
        for name in base_files:
            if name in renamed:
                pairs.append((name, renamed[name], "renamed"))
            elif name in current_files:
                pairs.append((name, name, "modified"))
            else:
                pairs.append((name, None, "removed"))
        taken = {new for _, new, _ in pairs}
        pairs += [(None, name, "added") for name in current_files if name not in taken]
        pairs.sort(key=lambda pair: pair[1] or pair[0] or "")

        loader = Loader()
        for old_name, new_name, status in pairs:
            old_analysis = new_analysis = None
            old_label = f"{ref}:{old_name}" if old_name else None
            new_label = display_path(root / new_name) if new_name else None
            failed = False
            if old_name is not None:
                process, errors = revision.load(old_name)
                result.errors += errors
                failed |= process is None
                old_analysis = analyse(process, lang) if process is not None else None
            if new_name is not None:
                process, diagnostics = loader.load_file(Path(new_label))
                result.errors += [d for d in diagnostics if d.severity == "error"]
                failed |= process is None
                new_analysis = analyse(process, lang) if process is not None else None
            if not failed:
                result.diffs.append(
                    compare(old_analysis, new_analysis, old_label, new_label, status)
                )
    result.errors = list(dict.fromkeys(result.errors))
    return result


def _is_yaml(name: str) -> bool:
    return name.lower().endswith((".yaml", ".yml"))
