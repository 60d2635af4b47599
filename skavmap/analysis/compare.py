"""Compare variants of one process, as different units run it.

Steps are matched in three passes (docs/workshop.md explains them to facilitators):

1. by **id**: a step with the same id in two variants is the same step;
2. by **name**: what is left is paired greedily, most similar names first, when the names'
   :class:`difflib.SequenceMatcher` ratio (case and spacing ignored) is at least
   :data:`NAME_SIMILARITY`; a start step only pairs with a start step and an end step with an
   end step;
3. the rest are steps **found in one variant only**, listed after the step before them in
   their file (and after the first variant's own steps at that place).

The first variant is the reference: differences and deltas are "other minus first". Hotspots
are the same in two variants when they have the same code and their steps overlap by at
least half (Jaccard index of the matched rows), or, for a role-level finding, the role has
the same name; a hotspot scoring :data:`MIN_SCORE` or more that has no such twin in another
variant is reported as present in one but not the other.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from skavmap.analysis.engine import Analysis, Hotspot
from skavmap.format.diagnostics import display_path
from skavmap.outputs.vocabulary import format_hours, format_number, format_percent
from skavmap.outputs.kinds import kind_label
from skavmap.format.model import Process, Step

#: Names at least this similar (difflib ratio, 0..1) are the same step.
NAME_SIMILARITY = 0.6
#: Hotspots below this score are left out of "present in one variant only".
MIN_SCORE = 25.0
#: How many steps to list as explaining most of the lead-time difference.
TOP_CONTRIBUTIONS = 5
FORMATS = ("text", "markdown", "json")

FIELDS = ("name", "kind", "role", "systems", "work", "wait", "at", "manual", "forms")


def process_labels(processes: Sequence[Process]) -> list[str]:
    """A display name per process that tells variants apart.

    A process that shares its id or name with another one gets its unit added, or its file
    where the unit does not tell them apart either.

    >>> from pathlib import Path
    >>> from types import SimpleNamespace as P
    >>> a = P(id="invoice", name="Faktura", unit="Mjölby", file=Path("a.yaml"))
    >>> b = P(id="invoice", name="Faktura", unit="Motala", file=Path("b.yaml"))
    >>> c = P(id="hr", name="Rekrytering", unit="Mjölby", file=Path("c.yaml"))
    >>> process_labels([a, b, c])
    ['Faktura (Mjölby)', 'Faktura (Motala)', 'Rekrytering']
    """
    labels = []
    for process in processes:
        twins = [
            other
            for other in processes
            if other is not process and (other.id == process.id or other.name == process.name)
        ]
        if not twins:
            labels.append(process.name)
        elif process.unit and all(other.unit != process.unit for other in twins):
            labels.append(f"{process.name} ({process.unit})")
        else:
            labels.append(f"{process.name} ({display_path(process.file)})")
    return labels


def variant_labels(processes: Sequence[Process]) -> list[str]:
    """The column heading of each variant: its unit, or its file when units do not differ."""
    units = [p.unit for p in processes]
    if all(units) and len(set(units)) == len(units):
        return [str(u) for u in units]
    return [display_path(p.file) for p in processes]


def name_similarity(a: str, b: str) -> float:
    """difflib's ratio of two step names, ignoring case and spacing.

    >>> round(name_similarity("Kontera fakturan", "Kontera  fakturan centralt"), 2)
    0.78
    """
    return difflib.SequenceMatcher(None, _normal(a), _normal(b)).ratio()


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Row:
    """One step as it appears across the variants (``None`` where a variant lacks it)."""

    ids: tuple[str | None, ...]
    matched_by: tuple[str | None, ...]  # per variant: "first", "id", "name" or None
    similarity: float | None  # the lowest name ratio used to match this row, if any


@dataclass(frozen=True)
class Difference:
    field: str  # one of FIELDS
    values: tuple[str | None, ...]  # display values per variant, None where absent


@dataclass(frozen=True)
class HotspotPresence:
    """A hotspot that some variants have and others do not."""

    code: str
    name: str
    kind: str
    found: tuple[Hotspot | None, ...]  # per variant


@dataclass(frozen=True)
class Comparison:
    analyses: tuple[Analysis, ...]
    labels: tuple[str, ...]
    rows: tuple[Row, ...]
    hotspots: tuple[HotspotPresence, ...]
    lang: str
    min_score: float

    def step(self, row: Row, k: int) -> Step | None:
        sid = row.ids[k]
        return None if sid is None else self.analyses[k].process.steps[sid]

    def hours(self, row: Row, k: int) -> float:
        """Expected hours per case at this step in variant ``k`` (0 where it is absent)."""
        sid = row.ids[k]
        return 0.0 if sid is None else self.analyses[k].metrics.per_step[sid].hours

    def name(self, row: Row) -> str:
        """The row's name: the first variant's that has the step."""
        return next(s.name for k in range(len(self.analyses)) if (s := self.step(row, k)))

    def differences(self, row: Row) -> tuple[Difference, ...]:
        """What differs between the variants that have this step."""
        present = [k for k in range(len(self.analyses)) if row.ids[k] is not None]
        if len(present) < 2:
            return ()
        found = []
        for field in FIELDS:
            keys = {k: self._key(field, k, row) for k in present}
            if len(set(keys.values())) > 1:
                values = tuple(
                    self.show(field, k, row) if k in keys else None
                    for k in range(len(self.analyses))
                )
                found.append(Difference(field, values))
        return tuple(found)

    def _key(self, field: str, k: int, row: Row) -> Any:
        step = self.step(row, k)
        process = self.analyses[k].process
        if field == "name":
            return _normal(step.name)
        if field == "role":
            # By the role's name: a department that is only named differently is no difference.
            role = process.roles[step.role] if step.role else None
            return (role.name.casefold(), role.external) if role else None
        if field == "systems":
            return frozenset(process.systems[s].name for s in step.systems)
        if field == "work":
            return round(step.work_hours, 6)
        if field == "wait":
            return round(step.wait_hours, 6)
        if field == "at":
            return step.at.minutes if step.at else None
        if field == "forms":
            return frozenset(step.forms)
        return getattr(step, field)

    def show(self, field: str, k: int, row: Row) -> str:
        step = self.step(row, k)
        process = self.analyses[k].process
        words = WORDS[self.lang]
        if field == "role":
            if step.role is None:
                return "–"
            role = process.roles[step.role]
            if role.external:
                return f"{role.name} ({words['external']})"
            if role.department is None:
                return role.name
            return f"{role.name} ({process.departments[role.department].name})"
        if field == "systems":
            return ", ".join(process.systems[s].name for s in step.systems) or "–"
        if field in ("work", "wait"):
            hours = step.work_hours if field == "work" else step.wait_hours
            return format_hours(hours, process.calendar.day_hours, self.lang)
        if field == "at":
            return step.at.text if step.at else "–"
        if field == "manual":
            return words["yes"] if step.manual else words["no"]
        if field == "forms":
            return ", ".join(step.forms) or "–"
        if field == "kind":
            return step.kind
        return step.name

    def only_in(self, k: int) -> tuple[Row, ...]:
        """The rows of steps that only variant ``k`` has."""
        return tuple(
            row
            for row in self.rows
            if row.ids[k] is not None and all(i is None for j, i in enumerate(row.ids) if j != k)
        )

    def missing_in(self, k: int) -> tuple[Row, ...]:
        """Rows that some other variant has but variant ``k`` lacks (shared by more than one)."""
        return tuple(
            row
            for row in self.rows
            if row.ids[k] is None and sum(i is not None for i in row.ids) > 1
        )

    def contributions(self, k: int, top: int = TOP_CONTRIBUTIONS) -> list[tuple[Row, float]]:
        """The rows whose hours per case differ most between variant ``k`` and the first,
        largest difference first (ties in row order)."""
        deltas = [(row, self.hours(row, k) - self.hours(row, 0)) for row in self.rows]
        ranked = sorted(
            (d for d in enumerate(deltas) if abs(d[1][1]) >= 0.005),
            key=lambda d: (-abs(d[1][1]), d[0]),
        )
        return [d[1] for d in ranked[:top]]


def align(processes: Sequence[Process], threshold: float = NAME_SIMILARITY) -> list[Row]:
    """Match the steps of every variant to the first's (see the module documentation)."""
    n = len(processes)
    # Mutable while building: per row, the step id of each variant and how it was matched.
    rows: list[list[str | None]] = []
    how: list[list[str | None]] = []
    ratio: list[float | None] = []
    for k, process in enumerate(processes):
        order = list(process.steps)
        assigned: dict[str, int] = {}
        if k == 0:
            for sid in order:
                rows.append([sid] + [None] * (n - 1))
                how.append(["first"] + [None] * (n - 1))
                ratio.append(None)
            continue
        for sid in order:
            for r, ids in enumerate(rows):
                if ids[k] is None and sid in ids[:k]:
                    ids[k] = sid
                    how[r][k] = "id"
                    assigned[sid] = r
                    break
        candidates = []
        for position, sid in enumerate(order):
            if sid in assigned:
                continue
            step = process.steps[sid]
            for r, ids in enumerate(rows):
                if ids[k] is not None:
                    continue
                others = [processes[j].steps[i] for j, i in enumerate(ids[:k]) if i is not None]
                if not all(_kinds_fit(step, other) for other in others):
                    continue
                best = max(name_similarity(step.name, other.name) for other in others)
                if best >= threshold:
                    candidates.append((-best, r, position, sid))
        for negative, r, _, sid in sorted(candidates):
            if sid in assigned or rows[r][k] is not None:
                continue
            rows[r][k] = sid
            how[r][k] = "name"
            ratio[r] = -negative if ratio[r] is None else min(ratio[r], -negative)
            assigned[sid] = r
        for position, sid in enumerate(order):
            if sid in assigned:
                continue
            # After the row of the nearest earlier step of this file, and after the steps
            # there that this variant lacks: the first variant's own steps come first.
            before = [assigned[s] for s in order[:position] if s in assigned]
            at = 0
            if before:
                at = before[-1] + 1
                while at < len(rows) and rows[at][k] is None:
                    at += 1
            rows.insert(at, [None] * n)
            how.insert(at, [None] * n)
            ratio.insert(at, None)
            rows[at][k] = sid
            how[at][k] = "first"
            assigned = {s: (r + 1 if r >= at else r) for s, r in assigned.items()}
            assigned[sid] = at
    return [Row(tuple(ids), tuple(h), q) for ids, h, q in zip(rows, how, ratio, strict=True)]


def _kinds_fit(a: Step, b: Step) -> bool:
    ends = ("start", "end")
    return a.kind == b.kind if a.kind in ends or b.kind in ends else True


def compare(
    analyses: Sequence[Analysis],
    lang: str = "en",
    threshold: float = NAME_SIMILARITY,
    min_score: float = MIN_SCORE,
) -> Comparison:
    """Compare two or more analysed variants of a process; the first is the reference."""
    processes = [a.process for a in analyses]
    rows = align(processes, threshold)
    return Comparison(
        tuple(analyses),
        tuple(variant_labels(processes)),
        tuple(rows),
        tuple(_hotspot_presence(analyses, rows, min_score)),
        lang,
        min_score,
    )


def _hotspot_presence(
    analyses: Sequence[Analysis], rows: Sequence[Row], min_score: float
) -> list[HotspotPresence]:
    """Hotspots (scoring ``min_score`` or more somewhere) that not every variant has, in order
    of their highest score, then variant and position."""
    row_of = [
        {sid: r for r, row in enumerate(rows) if (sid := row.ids[k]) is not None}
        for k in range(len(analyses))
    ]

    def same(a: Hotspot, ka: int, b: Hotspot, kb: int) -> bool:
        if a.code != b.code:
            return False
        if a.role is not None or b.role is not None:
            if a.role is None or b.role is None:
                return False
            names = (
                analyses[ka].process.roles[a.role].name,
                analyses[kb].process.roles[b.role].name,
            )
            return names[0] == names[1]
        left = {row_of[ka][s] for s in a.steps}
        right = {row_of[kb][s] for s in b.steps}
        return len(left & right) / len(left | right) >= 0.5

    groups: list[list[Hotspot | None]] = []
    sort_keys = []
    claimed = [set() for _ in analyses]
    for k, analysis in enumerate(analyses):
        for position, hotspot in enumerate(analysis.hotspots):
            if id(hotspot) in claimed[k]:
                continue
            found: list[Hotspot | None] = [None] * len(analyses)
            found[k] = hotspot
            for j in range(len(analyses)):
                if j == k:
                    continue
                twin = next(
                    (
                        other
                        for other in analyses[j].hotspots
                        if id(other) not in claimed[j] and same(hotspot, k, other, j)
                    ),
                    None,
                )
                if twin is not None:
                    found[j] = twin
                    claimed[j].add(id(twin))
            claimed[k].add(id(hotspot))
            top = max(h.score for h in found if h is not None)
            if any(h is None for h in found) and top >= min_score:
                groups.append(found)
                sort_keys.append((-top, k, position))
    ordered = sorted(zip(sort_keys, groups, strict=True), key=lambda pair: pair[0])
    result = []
    for _, found in ordered:
        first = next(h for h in found if h is not None)
        result.append(HotspotPresence(first.code, first.name, first.kind, tuple(found)))
    return result


WORDS = {
    "sv": {
        "title": "{name}: {labels}",
        "versus": " jämfört med ",
        "different_ids": (
            "Obs: filerna har olika process-id ({ids}); de är kanske inte samma process."
        ),
        "matching": (
            "Steg matchade på id: {id}, på namn: {name} (likhet ≥ {threshold}); "
            "steg som bara finns i en variant: {only}."
        ),
        "figures": "Nyckeltal per ärende",
        "measure": "Mått",
        "difference": "Skillnad",
        "steps": "Steg",
        "lead_time": "Ledtid",
        "work_time": "Arbetstid",
        "flow_efficiency": "Flödeseffektivitet",
        "handoffs": "Överlämningar",
        "cross_department_handoffs": "Överlämningar mellan avdelningar",
        "loops": "Slingor",
        "departments_touched": "Avdelningar",
        "points": "procentenheter",
        "explain": "Steg som förklarar mest av skillnaden i ledtid ({label} jämfört med {first})",
        "step": "Steg",
        "hours_per_case": "Tid per ärende",
        "only": "Steg som bara finns i {label}",
        "none_only": "Inga steg finns bara i en variant.",
        "differ": "Samma steg, olika utförande",
        "what": "Vad",
        "nothing_differs": "De matchade stegen utförs likadant.",
        "hotspots": "Skavpunkter som bara finns i en del av varianterna (poäng ≥ {score})",
        "none_hotspots": "Inga skavpunkter med poäng ≥ {score} skiljer varianterna åt.",
        "score": "Poäng",
        "kind": "Typ",
        "where": "Var",
        "why": "Varför",
        "missing": "saknas",
        "only_here": "bara i",
        "external": "extern",
        "yes": "ja",
        "no": "nej",
        "fields": {
            "name": "namn",
            "kind": "typ",
            "role": "roll",
            "systems": "system",
            "work": "arbete",
            "wait": "väntan",
            "at": "klockslag",
            "manual": "manuell inmatning",
            "forms": "blanketter",
        },
    },
    "en": {
        "title": "{name}: {labels}",
        "versus": " compared with ",
        "different_ids": "Note: the files have different process ids ({ids}); "
        "they may not be the same process.",
        "matching": (
            "Steps matched by id: {id}, by name: {name} (similarity ≥ {threshold}); "
            "steps found in one variant only: {only}."
        ),
        "figures": "Figures per case",
        "measure": "Measure",
        "difference": "Difference",
        "steps": "Steps",
        "lead_time": "Lead time",
        "work_time": "Work time",
        "flow_efficiency": "Flow efficiency",
        "handoffs": "Handoffs",
        "cross_department_handoffs": "Cross-department handoffs",
        "loops": "Loops",
        "departments_touched": "Departments",
        "points": "percentage points",
        "explain": "Steps that explain most of the lead-time difference ({label} against {first})",
        "step": "Step",
        "hours_per_case": "Time per case",
        "only": "Steps found only in {label}",
        "none_only": "No step is found in one variant only.",
        "differ": "Same step, done differently",
        "what": "What",
        "nothing_differs": "The matched steps are done the same way.",
        "hotspots": "Hotspots that only some variants have (score ≥ {score})",
        "none_hotspots": "No hotspot scoring {score} or more sets the variants apart.",
        "score": "Score",
        "kind": "Kind",
        "where": "Where",
        "why": "Why",
        "missing": "absent",
        "only_here": "only in",
        "external": "external",
        "yes": "yes",
        "no": "no",
        "fields": {
            "name": "name",
            "kind": "kind",
            "role": "role",
            "systems": "systems",
            "work": "work",
            "wait": "wait",
            "at": "clock time",
            "manual": "typed in by hand",
            "forms": "forms",
        },
    },
}

#: The figures compared, in order, with how to show each.
MEASURES = (
    ("steps", "count"),
    ("lead_time_hours", "hours"),
    ("work_time_hours", "hours"),
    ("flow_efficiency", "percent"),
    ("handoffs", "number"),
    ("cross_department_handoffs", "number"),
    ("loops", "count"),
    ("departments_touched", "count"),
)


def _measure_label(key: str, lang: str) -> str:
    return WORDS[lang][key.removesuffix("_hours")]


def _show_value(value: float, kind: str, comparison: Comparison, k: int) -> str:
    lang = comparison.lang
    if kind == "hours":
        day = comparison.analyses[k].process.calendar.day_hours
        return format_hours(value, day, lang)
    if kind == "percent":
        return format_percent(value, lang)
    if kind == "count":
        return str(int(value))
    return format_number(value, lang)


def _show_delta(delta: float, kind: str, comparison: Comparison, k: int) -> str:
    """A signed difference: ``+2,1 d``, ``−0,4``, ``+0,3 procentenheter``; ``±0`` for none."""
    lang = comparison.lang
    if kind == "percent":
        text = format_number(abs(delta) * 100, lang)
        suffix = f" {WORDS[lang]['points']}"
    else:
        text = _show_value(abs(delta), kind, comparison, k)
        suffix = ""
    if text in ("0", "0 min"):
        return "±0"
    return f"{'+' if delta > 0 else '−'}{text}{suffix}"


def figures(comparison: Comparison) -> list[tuple[str, list[str], str | None]]:
    """Per measure: its label, the value of each variant, and (two variants) the difference."""
    lines = []
    for key, kind in MEASURES:
        values = [getattr(a.metrics, key) for a in comparison.analyses]
        shown = [_show_value(v, kind, comparison, k) for k, v in enumerate(values)]
        delta = None
        if len(values) == 2:
            delta = _show_delta(values[1] - values[0], kind, comparison, 1)
        lines.append((_measure_label(key, comparison.lang), shown, delta))
    return lines


def title(comparison: Comparison) -> str:
    words = WORDS[comparison.lang]
    name = comparison.analyses[0].process.name
    return words["title"].format(name=name, labels=words["versus"].join(comparison.labels))


def notes(comparison: Comparison) -> list[str]:
    """The lines under the title: how steps were matched, and a warning on different ids."""
    words = WORDS[comparison.lang]
    lang = comparison.lang
    by_id = sum(1 for row in comparison.rows if "id" in row.matched_by)
    by_name = sum(1 for row in comparison.rows if "name" in row.matched_by)
    only = sum(1 for row in comparison.rows if sum(i is not None for i in row.ids) == 1)
    lines = [
        words["matching"].format(
            id=by_id, name=by_name, only=only, threshold=format_number(NAME_SIMILARITY, lang)
        )
    ]
    ids = sorted({a.process.id for a in comparison.analyses})
    if len(ids) > 1:
        lines.append(words["different_ids"].format(ids=", ".join(ids)))
    return lines


def contribution_lines(comparison: Comparison, k: int) -> list[tuple[str, list[str], str]]:
    """The steps explaining most of variant ``k``'s lead-time difference: name, hours per
    case in the first variant and in ``k``, and the signed difference."""
    lines = []
    for row, delta in comparison.contributions(k):
        values = [_hours_or_missing(comparison, row, j) for j in (0, k)]
        lines.append((comparison.name(row), values, _show_delta(delta, "hours", comparison, k)))
    return lines


def _hours_or_missing(comparison: Comparison, row: Row, k: int) -> str:
    if row.ids[k] is None:
        return WORDS[comparison.lang]["missing"]
    return _show_value(comparison.hours(row, k), "hours", comparison, k)


def only_lines(comparison: Comparison, k: int) -> list[tuple[str, str, str]]:
    """Steps only variant ``k`` has: name, role, time per case."""
    lines = []
    for row in comparison.only_in(k):
        role = comparison.show("role", k, row)
        lines.append((comparison.name(row), role, _hours_or_missing(comparison, row, k)))
    return lines


def difference_lines(comparison: Comparison) -> list[tuple[str, str, list[str]]]:
    """Matched steps that differ: step name (only on a step's first line), what differs, and
    the value in each variant."""
    words = WORDS[comparison.lang]
    lines = []
    for row in comparison.rows:
        for n, difference in enumerate(comparison.differences(row)):
            values = [v if v is not None else words["missing"] for v in difference.values]
            name = comparison.name(row) if n == 0 else ""
            lines.append((name, words["fields"][difference.field], values))
    return lines


def hotspot_lines(comparison: Comparison) -> list[tuple[str, str, str, list[str], str]]:
    """Hotspots not every variant has: code, kind, where, the score per variant (or
    "absent"), and the message of the variant where it scores highest."""
    words = WORDS[comparison.lang]
    lines = []
    for presence in comparison.hotspots:
        best_k = max(
            (k for k, h in enumerate(presence.found) if h is not None),
            key=lambda k: (presence.found[k].score, -k),
        )
        best = presence.found[best_k]
        scores = [
            format_number(h.score, comparison.lang) if h is not None else words["missing"]
            for h in presence.found
        ]
        where = _hotspot_where(comparison.analyses[best_k].process, best)
        lines.append((presence.code, presence.kind, where, scores, best.message))
    return lines


def _hotspot_where(process: Process, hotspot: Hotspot) -> str:
    if hotspot.role is not None:
        return process.roles[hotspot.role].name
    return " → ".join(process.steps[s].name for s in hotspot.steps)


def text_report(comparison: Comparison) -> list:
    """Rich renderables: the figures side by side, what explains the difference, the steps
    only one variant has, the steps done differently and the hotspots that differ."""
    from rich.table import Table
    from rich.text import Text

    words = WORDS[comparison.lang]
    labels = comparison.labels
    parts: list = [Text(title(comparison), style="bold")]
    parts += [Text(line, style="dim") for line in notes(comparison)]

    def table(heading: str, style: str = "bold") -> Table:
        return Table(title=heading, title_justify="left", title_style=style)

    figure_table = table(words["figures"])
    figure_table.add_column(words["measure"])
    for label in labels:
        figure_table.add_column(label, justify="right")
    if len(labels) == 2:
        figure_table.add_column(words["difference"], justify="right")
    for name, values, delta in figures(comparison):
        figure_table.add_row(name, *values, *([delta] if delta is not None else []))
    parts += [Text(""), figure_table]

    for k in range(1, len(labels)):
        lines = contribution_lines(comparison, k)
        if not lines:
            continue
        explain = table(words["explain"].format(label=labels[k], first=labels[0]))
        explain.add_column(words["step"], ratio=1)
        explain.add_column(labels[0], justify="right", no_wrap=True)
        explain.add_column(labels[k], justify="right", no_wrap=True)
        explain.add_column(words["difference"], justify="right", no_wrap=True)
        for name, values, delta in lines:
            explain.add_row(name, *values, delta)
        parts += [Text(""), explain]

    any_only = False
    for k, label in enumerate(labels):
        lines = only_lines(comparison, k)
        if not lines:
            continue
        any_only = True
        only = table(words["only"].format(label=label))
        only.add_column(words["step"], ratio=2)
        only.add_column(words["fields"]["role"].capitalize(), ratio=1)
        only.add_column(words["hours_per_case"], justify="right", no_wrap=True)
        for line in lines:
            only.add_row(*line)
        parts += [Text(""), only]
    if not any_only:
        parts += [Text(""), Text(words["none_only"])]

    lines = difference_lines(comparison)
    parts.append(Text(""))
    if lines:
        differ = table(words["differ"])
        differ.add_column(words["step"], ratio=2)
        differ.add_column(words["what"], no_wrap=True)
        for label in labels:
            differ.add_column(label, ratio=2)
        for name, what, values in lines:
            differ.add_row(name, what, *values)
        parts.append(differ)
    else:
        parts.append(Text(words["nothing_differs"]))

    score = format_number(comparison.min_score, comparison.lang)
    hotspots = hotspot_lines(comparison)
    parts.append(Text(""))
    if hotspots:
        spots = table(words["hotspots"].format(score=score))
        spots.add_column(words["kind"], no_wrap=True)
        spots.add_column(words["where"], ratio=2)
        for label in labels:
            spots.add_column(label, justify="right")
        spots.add_column(words["why"], ratio=3)
        for code, kind, where, scores, message in hotspots:
            spots.add_row(f"{code}\n{kind_label(kind, comparison.lang)}", where, *scores, message)
        parts.append(spots)
    else:
        parts.append(Text(words["none_hotspots"].format(score=score)))
    return parts


def markdown_report(comparison: Comparison) -> str:
    """The comparison as Markdown, for workshop notes and wikis."""
    words = WORDS[comparison.lang]
    labels = list(comparison.labels)
    out = [f"# {title(comparison)}", ""]
    out += [f"{line}" for line in notes(comparison)] + [""]

    def head(*cells: str, right: int = 0) -> None:
        out.append("| " + " | ".join(_md(c) for c in cells) + " |")
        left = len(cells) - right
        out.append("| " + " | ".join(["---"] * left + ["---:"] * right) + " |")

    def row(*cells: str) -> None:
        out.append("| " + " | ".join(_md(c) for c in cells) + " |")

    two = len(labels) == 2
    out += [f"## {words['figures']}", ""]
    head(
        words["measure"], *labels, *([words["difference"]] if two else []), right=len(labels) + two
    )
    for name, values, delta in figures(comparison):
        row(name, *values, *([delta] if delta is not None else []))
    out.append("")
    for k in range(1, len(labels)):
        lines = contribution_lines(comparison, k)
        if lines:
            out += [f"## {words['explain'].format(label=labels[k], first=labels[0])}", ""]
            head(words["step"], labels[0], labels[k], words["difference"], right=3)
            for name, values, delta in lines:
                row(name, *values, delta)
            out.append("")
    any_only = False
    for k, label in enumerate(labels):
        lines = only_lines(comparison, k)
        if lines:
            any_only = True
            out += [f"## {words['only'].format(label=label)}", ""]
            head(
                words["step"],
                words["fields"]["role"].capitalize(),
                words["hours_per_case"],
                right=1,
            )
            for line in lines:
                row(*line)
            out.append("")
    if not any_only:
        out += [words["none_only"], ""]
    out += [f"## {words['differ']}", ""]
    lines = difference_lines(comparison)
    if lines:
        head(words["step"], words["what"], *labels)
        for name, what, values in lines:
            row(name, what, *values)
    else:
        out.append(words["nothing_differs"])
    score = format_number(comparison.min_score, comparison.lang)
    out += ["", f"## {words['hotspots'].format(score=score)}", ""]
    hotspots = hotspot_lines(comparison)
    if hotspots:
        head(words["kind"], words["where"], *labels, words["why"])
        for code, kind, where, scores, message in hotspots:
            row(f"{code} {kind_label(kind, comparison.lang)}", where, *scores, message)
    else:
        out.append(words["none_hotspots"].format(score=score))
    return "\n".join(out) + "\n"


def json_report(comparison: Comparison) -> str:
    """The comparison as one JSON object: the format specification's ``processes`` (one per
    variant, in the order given, with all its hotspots), then the comparison itself; numbers
    in working hours, the first variant the reference of every difference."""
    from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry, metrics_json

    def hotspot(h: Hotspot | None) -> dict | None:
        if h is None:
            return None
        return {"steps": list(h.steps), "role": h.role, "score": h.score, "message": h.message}

    steps = []
    for row in comparison.rows:
        steps.append(
            {
                "ids": list(row.ids),
                "names": [
                    s.name if (s := comparison.step(row, k)) else None
                    for k in range(len(comparison.analyses))
                ],
                "matched_by": list(row.matched_by),
                "similarity": None if row.similarity is None else round(row.similarity, 3),
                "hours_per_case": [
                    None if row.ids[k] is None else round(comparison.hours(row, k), 3)
                    for k in range(len(comparison.analyses))
                ],
                "differences": {d.field: list(d.values) for d in comparison.differences(row)},
            }
        )
    document = {
        "skavmap": FORMAT_VERSION,
        "processes": [contract_entry(a) for a in comparison.analyses],
        "name_similarity": NAME_SIMILARITY,
        "min_score": comparison.min_score,
        "variants": [
            {
                "label": label,
                "id": a.process.id,
                "name": a.process.name,
                "unit": a.process.unit,
                "file": display_path(a.process.file),
                "metrics": metrics_json(a.metrics),
            }
            for label, a in zip(comparison.labels, comparison.analyses, strict=True)
        ],
        "steps": steps,
        "hotspots": [
            {
                "code": p.code,
                "name": p.name,
                "kind": p.kind,
                "variants": [hotspot(h) for h in p.found],
            }
            for p in comparison.hotspots
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
