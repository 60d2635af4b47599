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
the same name; a hotspot that has no such twin in another variant is reported as present
in one but not the other when it cannot be counted (its presence is the difference) or
scores :data:`MIN_SCORE` or more.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from skavmap.analysis.results import Analysis, Hotspot
from skavmap.format.diagnostics import display_path
from skavmap.format.model import Process, Step

#: Names at least this similar (difflib ratio, 0..1) are the same step.
NAME_SIMILARITY = 0.6
#: Counted hotspots below this score are left out of "present in one variant only": 5 is
#: a friction of about two hours per case.
MIN_SCORE = 5.0
#: How many steps to list as explaining most of the lead-time difference.
TOP_CONTRIBUTIONS = 5

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
    present: tuple[bool, ...]  # per variant: whether it has the step


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
                has = tuple(k in keys for k in range(len(self.analyses)))
                found.append(Difference(field, has))
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
        min_score,
    )


def _hotspot_presence(
    analyses: Sequence[Analysis], rows: Sequence[Row], min_score: float
) -> list[HotspotPresence]:
    """Hotspots that not every variant has, in order of their highest score, then variant and
    position: those that cannot be counted (a night-time reminder, a form burden: their
    presence is the difference), and counted ones scoring ``min_score`` or more somewhere."""
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
            present = [h for h in found if h is not None]
            top = max(h.score for h in present)
            flag = any(h.impact is None for h in present)
            if any(h is None for h in found) and (flag or top >= min_score):
                groups.append(found)
                sort_keys.append((-top, k, position))
    ordered = sorted(zip(sort_keys, groups, strict=True), key=lambda pair: pair[0])
    result = []
    for _, found in ordered:
        first = next(h for h in found if h is not None)
        result.append(HotspotPresence(first.code, first.name, first.kind, tuple(found)))
    return result
