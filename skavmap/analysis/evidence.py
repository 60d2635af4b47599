"""Evidence: the process measured from the systems' own event log, beside the model.

:func:`measure` reads a log (:mod:`skavmap.format.eventlog_sql`), maps its activities to
steps (an explicit mapping first, then a step's id, then its name; what maps to nothing is
listed), replays every distinct path on the model (:mod:`skavmap.analysis.replay`) and
measures, in working hours by the calendar rule:

- per step: visits per case, and the wait and work of each visit (median and mean). A
  visit's wait runs from the completion of the events that enabled it (as the replay
  finds them, so across parallel branches too) to its start; its work from its start to its
  completion. A log with only ``complete`` events has no starts: its waits include the work,
  and work is not measured.
- per decision: how often each branch was taken;
- per process: lead time (first to last event of a case, none for a case of one event;
  mean, p50, p90), handoffs (roles from the model, along the replayed path), rework (moves
  back along the model's loops);
- conformance: the share of cases whose path the model allows, the token-replay fitness, and
  the most common paths it does not allow.

Per-case figures count the cases that reached an end of the model; cases still running when
the log was exported (or that stopped outside the model) are counted and left out of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from skavmap.analysis.results import Analysis, Metrics
from skavmap.format.eventlog import ActivityMap, EventLogError, LogSpec

if TYPE_CHECKING:
    from skavmap.analysis.replay import Replay

#: A difference matters when it is at least this share of the model's value ...
RELATIVE = 0.25
#: ... and at least this much in its unit: working hours, a share, a count per case.
FLOOR = {"hours": 1.0, "share": 0.05, "count": 0.1}
#: Deviating paths listed.
DEVIATIONS = 10

#: The columns of measured lead time, each with the model's figure beside it (``None``:
#: the model has no such figure). One more model figure is one more function here.
LEAD_COLUMNS: tuple[tuple[str, float, Callable[[Metrics], float]], ...] = (
    ("mean", -1.0, lambda m: m.lead_time_hours),
    ("p50", 0.5, lambda m: m.lead_time_p50_hours),
    ("p90", 0.9, lambda m: m.lead_time_p90_hours),
)

Progress = Callable[[str, int, int], None]


def matters(measured: float | None, model: float | None, unit: str) -> bool:
    """Whether measured and model differ enough to mark: by :data:`RELATIVE` of the model's
    value and by :data:`FLOOR` in the unit.

    >>> matters(29.0, 24.0, "hours"), matters(32.0, 24.0, "hours"), matters(0.5, 0.0, "hours")
    (False, True, False)
    """
    if measured is None or model is None:
        return False
    difference = abs(measured - model)
    if difference < FLOOR[unit]:
        return False
    return model == 0 or difference >= RELATIVE * abs(model)


@dataclass(frozen=True)
class Figure:
    """A measured value beside the model's; ``n`` is how many observations it rests on."""

    measured: float | None
    model: float | None
    unit: str  # hours, share or count
    n: int = 0

    @property
    def differs(self) -> bool:
        return matters(self.measured, self.model, self.unit)


@dataclass(frozen=True)
class Spread:
    """Measured times of one kind (wait or work) of a step, per visit, in working hours."""

    median: float | None
    mean: float | None
    n: int
    model: float

    @property
    def figure(self) -> Figure:
        return Figure(self.mean, self.model, "hours", self.n)


@dataclass(frozen=True)
class StepEvidence:
    step: str
    events: int  # visits seen (complete events)
    visits: Figure  # per case
    wait: Spread
    work: Spread


@dataclass(frozen=True)
class BranchEvidence:
    to: str
    when: str | None
    taken: int
    share: Figure


@dataclass(frozen=True)
class DecisionEvidence:
    step: str
    passes: int
    branches: tuple[BranchEvidence, ...]


@dataclass(frozen=True)
class Activity:
    """An activity of the log, its events and cases, and the step it maps to (``how``:
    ``mapping``, ``id``, ``name``, ``ignored`` or ``unmapped``; ``hint``: a step it may be)."""

    name: str
    events: int
    cases: int
    step: str | None
    how: str
    hint: str | None = None


@dataclass(frozen=True)
class Deviation:
    """A path the model does not allow: its steps, how many cases took it, the position of
    the first step the model did not allow then (``None``: the path stops or leaves work
    behind), and its first case with the line where it starts."""

    steps: tuple[str, ...]
    cases: int
    at: int | None
    finished: bool
    example: str
    line: int | None


@dataclass(frozen=True)
class Conformance:
    cases: int
    fitting: int
    fitness: float
    variants: int
    deviations: tuple[Deviation, ...]

    @property
    def share(self) -> float:
        return self.fitting / self.cases if self.cases else 0.0


@dataclass(frozen=True)
class Note:
    """Something the reader should know about the log; words come from ``evidence.note.KEY``."""

    key: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Evidence:
    analysis: Analysis
    log: str
    kind: str
    events: int
    cases: int
    finished: int  # cases that reached an end of the model
    complete_only: bool
    activities: tuple[Activity, ...]
    steps: tuple[StepEvidence, ...]
    decisions: tuple[DecisionEvidence, ...]
    lead: tuple[tuple[str, Figure], ...]  # (column, figure) in LEAD_COLUMNS order
    handoffs: Figure
    cross_department_handoffs: Figure
    rework: Figure  # moves back along a loop, per case
    rework_cases: float | None  # share of cases with any
    person_changes: float | None  # changes of resource per case, when the log has resources
    conformance: Conformance
    notes: tuple[Note, ...]

    @property
    def unmapped(self) -> tuple[Activity, ...]:
        return tuple(a for a in self.activities if a.how == "unmapped")


def match_activities(
    activities: Sequence[tuple[str, int, int]], analysis: Analysis, mapping: ActivityMap | None
) -> list[Activity]:
    """Each activity of the log with the step it maps to, or why it maps to none."""
    from skavmap.format.diagnostics import suggest
    from skavmap.format.phrases import say

    process = analysis.process
    by_name: dict[str, list[str]] = {}
    for step in process.steps.values():
        by_name.setdefault(step.name, []).append(step.id)
    explicit = mapping.steps if mapping is not None else {}
    found = []
    for name, events, cases in activities:
        if name in explicit:
            step = explicit[name]
            found.append(Activity(name, events, cases, step, "mapping" if step else "ignored"))
        elif name in process.steps:
            found.append(Activity(name, events, cases, name, "id"))
        elif len(by_name.get(name, ())) == 1:
            found.append(Activity(name, events, cases, by_name[name][0], "name"))
        elif name in by_name:
            raise EventLogError(
                str(process.file),
                say("log.activity_several", name=name, steps=", ".join(by_name[name])),
            )
        else:
            near = suggest(name, by_name)
            hint = by_name[near.split("'")[1]][0] if near else None
            found.append(Activity(name, events, cases, None, "unmapped", hint))
    return found


def measure(
    analysis: Analysis,
    spec: LogSpec,
    mapping: ActivityMap | None = None,
    progress: Progress | None = None,
    deviations: int = DEVIATIONS,
) -> Evidence:
    """Measure ``analysis``'s process from the log ``spec``. Raises
    :class:`~skavmap.format.eventlog.EventLogError` for a log that cannot be used."""
    from skavmap.analysis.worktime import work_calendar
    from skavmap.format.eventlog_sql import EventStore

    tell = progress or (lambda stage, done, total: None)
    process = analysis.process
    tell("read", 0, 0)
    with EventStore(spec, work_calendar(process.calendar)) as store:
        facts = store.facts
        tell("map", 0, 0)
        activities = match_activities(store.activities(), analysis, mapping)
        steps = list(process.steps)
        number = {s: i for i, s in enumerate(steps)}
        step_of = {a.name: number[a.step] for a in activities if a.step is not None}
        unmatched = store.build_visits(step_of)
        variants = store.variants()
        # A step counts as recorded by its visits, not by its mapping: events left out (a
        # ``schedule``, a ``start`` never completed) must not make the replay expect it.
        recorded = {int(i) for _, path, _ in variants if path for i in path.split(",")}
        replays = _replay(analysis, variants, steps, recorded, tell)
        tell("measure", 0, 0)
        visits = store.visit_arrays()
        per_case = store.case_arrays()
        examples = {
            vid: store.variant_example(vid)
            for vid, _, _ in _deviating(variants, replays)[:deviations]
        }
        resources = store.has_resources()
    return _evidence(
        analysis, spec, facts, activities, mapping, steps, unmatched, variants, replays,
        visits, per_case, examples, resources, deviations, recorded,
    )  # fmt: skip


def _replay(analysis, variants, steps, visible, tell) -> list[Replay]:
    from skavmap.analysis.replay import Net

    net = Net(analysis.process, analysis.context.flow.blocks, {steps[i] for i in visible})
    replays = []
    total = len(variants)
    for done, (_, path, _) in enumerate(variants):
        if done % 200 == 0:
            tell("replay", done, total)
        replays.append(net.replay([steps[int(i)] for i in path.split(",")] if path else []))
    tell("replay", total, total)
    return replays


def _deviating(variants, replays) -> list[tuple[int, str, int]]:
    return [v for v, r in zip(variants, replays, strict=True) if not r.fits]


def _evidence(
    analysis, spec, facts, activities, mapping, steps, unmatched, variants, replays,
    visits, per_case, examples, resources, deviations, recorded,
) -> Evidence:  # fmt: skip
    import numpy as np

    process = analysis.process
    metrics = analysis.metrics
    counts = np.array([c for _, _, c in variants], dtype=np.int64)
    finished_mask = np.array([r.finished for r in replays], dtype=bool)
    finished = int(counts[finished_mask].sum())
    # Measured by the starts paired with a visit: a start left out (never completed, or of
    # an activity that maps to no step) measures no work.
    complete_only = not np.isfinite(visits["ws"]).any()
    paths = [[int(i) for i in p.split(",")] if p else [] for _, p, _ in variants]

    wait, work = _times(visits, paths, replays)
    step_numbers = visits["step"]
    seen_per_case = Counter()
    for path, count, done in zip(paths, counts.tolist(), finished_mask.tolist(), strict=True):
        if done:
            for i in path:
                seen_per_case[i] += count
    events_of = np.bincount(step_numbers, minlength=len(steps)) if len(step_numbers) else None
    in_log = {steps[i] for i in recorded}
    step_rows = []
    for i, step_id in enumerate(steps):
        step = process.steps[step_id]
        if step_id not in in_log and not _is_work(step):
            continue
        mask = step_numbers == i
        model_visits = metrics.per_step[step_id].visits
        measured_visits = seen_per_case[i] / finished if finished and step_id in in_log else None
        step_rows.append(
            StepEvidence(
                step_id,
                int(events_of[i]) if events_of is not None else 0,
                Figure(measured_visits, model_visits, "count", finished),
                _spread(wait[mask], step.wait_hours + (step.work_hours if complete_only else 0)),
                _spread(work[mask], step.work_hours),
            )
        )

    edges: Counter = Counter()
    for replay, count in zip(replays, counts.tolist(), strict=True):
        for edge, n in replay.edges.items():
            edges[edge] += n * count
    decisions = []
    for step in process.steps.values():
        if step.kind != "decision":
            continue
        passes = sum(edges[(step.id, b.to)] for b in step.next)
        branches = tuple(
            BranchEvidence(
                b.to,
                b.when,
                edges[(step.id, b.to)],
                Figure(edges[(step.id, b.to)] / passes if passes else None, b.p, "share", passes),
            )
            for b in step.next
        )
        decisions.append(DecisionEvidence(step.id, passes, branches))

    case_done = finished_mask[per_case["vid"]] if len(per_case["vid"]) else np.zeros(0, bool)
    leads = per_case["lead"][case_done]
    leads = leads[~np.isnan(leads)]
    lead = []
    for column, share, model in LEAD_COLUMNS:
        value = None
        if len(leads):
            value = float(leads.mean()) if share < 0 else float(np.quantile(leads, share))
        lead.append((column, Figure(value, model(metrics), "hours", len(leads))))

    def per_finished(values: Sequence[float]) -> float | None:
        if not finished:
            return None
        return float(sum(v * c for v, c, f in zip(values, counts, finished_mask, strict=True) if f)
                     / finished)  # fmt: skip

    rework_edges = metrics.rework_edges
    back = [sum(r.edges[e] for e in rework_edges) for r in replays]
    rework = Figure(
        per_finished(back),
        sum(metrics.edge_traversals.get(e, 0.0) for e in rework_edges),
        "count",
        finished,
    )
    rework_cases = per_finished([1.0 if b else 0.0 for b in back])
    handoffs = Figure(per_finished([r.handoffs for r in replays]), metrics.handoffs, "count",
                      finished)  # fmt: skip
    cross = Figure(
        per_finished([r.cross_department for r in replays]),
        metrics.cross_department_handoffs,
        "count",
        finished,
    )
    person = None
    if resources and case_done.any():
        person = float(per_case["changes"][case_done].mean())

    fitting = int(sum(c for c, r in zip(counts.tolist(), replays, strict=True) if r.fits))
    sums = [sum(getattr(r, k) * c for r, c in zip(replays, counts.tolist(), strict=True))
            for k in ("missing", "consumed", "remaining", "produced")]  # fmt: skip
    fitness = 0.5 * (1 - sums[0] / sums[1]) + 0.5 * (1 - sums[2] / sums[3]) if sums[1] else 0.0
    devs = tuple(
        Deviation(
            tuple(steps[i] for i in paths[vid]),
            int(count),
            replays[vid].deviation,
            replays[vid].finished,
            *examples[vid],
        )
        for vid, _, count in _deviating(variants, replays)[:deviations]
    )
    conformance = Conformance(facts.cases, fitting, fitness, len(variants), devs)
    notes = _notes(facts, complete_only, unmatched, facts.cases - finished, activities, mapping)
    return Evidence(
        analysis=analysis,
        log=spec.shown,
        kind=spec.kind,
        events=facts.events,
        cases=facts.cases,
        finished=finished,
        complete_only=complete_only,
        activities=tuple(activities),
        steps=tuple(step_rows),
        decisions=tuple(decisions),
        lead=tuple(lead),
        handoffs=handoffs,
        cross_department_handoffs=cross,
        rework=rework,
        rework_cases=rework_cases,
        person_changes=person,
        conformance=conformance,
        notes=notes,
    )


def _is_work(step) -> bool:
    """Whether a step is one a log could have events for (not a start, end or gateway)."""
    if step.kind in ("start", "end"):
        return False
    if step.kind in ("decision", "parallel"):
        return step.role is not None or step.work is not None or step.wait is not None
    return True


def _times(visits: dict, paths: list[list[int]], replays: list[Replay]):
    """Wait and work of every visit, in working hours (NaN where not measured).

    A visit waits from the latest completion among the events that enabled it (the replay's
    ``preds``; the event just before it when the replay found none) to its start, or to its
    completion when it has no start. Negative waits (a start before the enabling event was
    complete) count as no wait.
    """
    import numpy as np

    vid, pos, wc, ws = visits["vid"], visits["pos"], visits["wc"], visits["ws"]
    n = len(vid)
    work = wc - ws
    if n == 0:
        return np.zeros(0), work
    width = max([1] + [len(p) for r in replays for p in r.preds])
    offsets = np.zeros(len(paths) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(p) for p in paths])
    table = np.full((int(offsets[-1]) or 1, width), -1, dtype=np.int64)
    for v, replay in enumerate(replays):
        base = offsets[v]
        for i, preds in enumerate(replay.preds):
            chosen = preds or ((i - 1,) if i else ())
            table[base + i, : len(chosen)] = chosen
    index = np.arange(n)
    first = np.maximum.accumulate(np.where(pos == 0, index, 0))
    rows = table[offsets[vid] + pos]
    known = rows >= 0
    previous = np.where(known, first[:, None] + np.maximum(rows, 0), 0)
    enabled = np.where(known, wc[previous], -np.inf).max(axis=1)
    began = np.where(np.isnan(ws), wc, ws)
    wait = np.where(np.isfinite(enabled), np.maximum(began - enabled, 0.0), np.nan)
    return wait, work


def _spread(values, model: float) -> Spread:
    import numpy as np

    values = values[~np.isnan(values)]
    if not len(values):
        return Spread(None, None, 0, model)
    return Spread(float(np.median(values)), float(values.mean()), int(len(values)), model)


def _notes(facts, complete_only, unmatched, unfinished, activities, mapping) -> tuple[Note, ...]:
    notes = []
    if complete_only:
        notes.append(Note("complete_only", {}))
    if facts.local_is_utc:
        notes.append(Note("local_is_utc", {}))
    if facts.unsorted_cases:
        notes.append(Note("unsorted", {"n": facts.unsorted_cases}))
    if facts.one_event_cases:
        case, line = facts.first_one_event
        notes.append(Note("one_event", {"n": facts.one_event_cases, "case": case, "line": line}))
    if unfinished:
        notes.append(Note("unfinished", {"n": unfinished}))
    if unmatched:
        notes.append(Note("unmatched_starts", {"n": unmatched}))
    if facts.other_lifecycle:
        values = ", ".join(f"{value} ({n})" for value, n in facts.other_lifecycle)
        notes.append(Note("other_lifecycle", {"values": values}))
    unmapped = [a for a in activities if a.how == "unmapped"]
    if unmapped:
        notes.append(
            Note("unmapped", {"n": len(unmapped), "events": sum(a.events for a in unmapped)})
        )
    if mapping is not None:
        seen = {a.name for a in activities}
        unused = [name for name in mapping.steps if name not in seen]
        if unused:
            notes.append(Note("unused_mapping", {"file": mapping.file, "names": unused}))
    return tuple(notes)


def changes(ev: Evidence, min_observations: int = 5) -> list:
    """What ``--write`` changes in the process file: each step's measured mean ``wait`` and
    ``work`` and each decision's branch shares, where they rest on at least
    ``min_observations`` and read differently from what the file says. With only complete
    events the work is not measured: the file's work stays and the wait is the measured
    time less that work. Sub-process steps are left alone (their times are another file's).
    """
    from skavmap.format.update import Change, duration_text, percent_texts

    process = ev.analysis.process
    day = process.calendar.day_hours
    out = []

    def current(duration) -> str:
        return duration_text(duration.hours if duration is not None else 0.0, day)

    for row in ev.steps:
        step = process.steps[row.step]
        if row.events == 0 or step.kind in ("subprocess", "start"):
            continue
        if row.wait.n >= min_observations and row.wait.mean is not None:
            hours = row.wait.mean - (step.work_hours if ev.complete_only else 0.0)
            text = duration_text(max(hours, 0.0), day)
            if text != current(step.wait):
                out.append(Change(step.id, "wait", text))
        if not ev.complete_only and row.work.n >= min_observations and row.work.mean is not None:
            text = duration_text(row.work.mean, day)
            if text != current(step.work):
                out.append(Change(step.id, "work", text))
    for decision in ev.decisions:
        if decision.passes < min_observations:
            continue
        texts = percent_texts([b.taken for b in decision.branches])
        model = percent_texts([b.share.model or 0.0 for b in decision.branches])
        step = process.steps[decision.step]
        if texts != model or not all(b.p_given for b in step.next):
            out += [Change(decision.step, "p", text, b.to)
                    for b, text in zip(decision.branches, texts, strict=True)]  # fmt: skip
    return out
