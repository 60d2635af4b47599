"""``skavmap evidence`` as text, Markdown and JSON: the measured process beside the model.

:func:`sections` lays every table out once, as plain cells (text, and whether the cell
differs from the model enough to mark); the terminal, Markdown and the HTML report
(:mod:`skavmap.report.page`) only draw them, each escaping for its own medium.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from skavmap.analysis.evidence import Evidence, Figure, Spread
from skavmap.outputs.escape import rich
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry, process_name

#: Steps of a deviating path shown before the rest is elided.
PATH_STEPS = 12
#: The mark beside a figure that differs from the model's.
MARK = "◆"


@dataclass(frozen=True)
class Cell:
    text: str
    marked: bool = False
    number: bool = False
    model: bool = False  # the model's value beside the measured one in the cell before


@dataclass(frozen=True)
class Section:
    title: str
    head: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    intro: str | None = None


# --- the tables, in words ----------------------------------------------------------------------


def _hours(value: float | None, ev: Evidence, words: Words) -> str:
    if value is None:
        return "–"
    return words.hours(value, ev.analysis.process.calendar.day_hours)


def _value(value: float | None, unit: str, ev: Evidence, words: Words) -> str:
    if value is None:
        return "–"
    if unit == "hours":
        return _hours(value, ev, words)
    if unit == "share":
        return words.percent(value)
    return words.number(value, 2)


def _pair(figure: Figure, ev: Evidence, words: Words) -> tuple[Cell, Cell]:
    """The measured cell (marked when it differs) and the model's cell."""
    return (
        Cell(_value(figure.measured, figure.unit, ev, words), figure.differs, True),
        Cell(_value(figure.model, figure.unit, ev, words), False, True, True),
    )


def _step_name(ev: Evidence, step: str) -> str:
    return ev.analysis.process.steps[step].name


def headline(ev: Evidence, words: Words) -> str:
    """One line about the log: cases, events, what was measured."""
    kind = "complete_only" if ev.complete_only else "start_complete"
    return words(
        "evidence.headline",
        log=ev.log,
        cases=words.plural("evidence.n_cases", ev.cases),
        events=words.plural("evidence.n_events", ev.events),
        lifecycle=words(f"evidence.{kind}"),
        finished=words.plural("evidence.n_cases", ev.finished),
    )


def conformance_line(ev: Evidence, words: Words) -> str:
    c = ev.conformance
    return words(
        "evidence.conformance_line",
        share=words.percent(c.share),
        fitting=words.number(c.fitting, 0),
        cases=words.number(c.cases, 0),
        fitness=words.number(c.fitness, 3),
        variants=words.plural("evidence.n_variants", c.variants),
    )


def sections(ev: Evidence, words: Words) -> list[Section]:
    """Every table of one process's evidence."""
    measured = Cell(words("evidence.measured"), number=True)
    model = Cell(words("evidence.model"), number=True, model=True)
    out = []
    rows = [
        (Cell(words(f"evidence.lead.{column}")), *_pair(figure, ev, words))
        for column, figure in ev.lead
    ]
    for key, figure in (
        ("handoffs", ev.handoffs),
        ("cross_department_handoffs", ev.cross_department_handoffs),
        ("rework", ev.rework),
    ):
        rows.append((Cell(words(f"evidence.{key}")), *_pair(figure, ev, words)))
    if ev.rework_cases is not None:
        share = words.percent(ev.rework_cases)
        rows.append(
            (
                Cell(words("evidence.rework_cases")),
                Cell(share, number=True),
                Cell("–", number=True, model=True),
            )
        )
    if ev.person_changes is not None:
        changes = Cell(words.number(ev.person_changes, 2), number=True)
        rows.append(
            (Cell(words("evidence.person_changes")), changes, Cell("–", number=True, model=True))
        )
    out.append(
        Section(
            words("evidence.process_figures"),
            (Cell(words("evidence.figure")), measured, model),
            tuple(rows),
            words("evidence.per_finished", n=words.number(ev.finished, 0)),
        )
    )

    head = (
        Cell(words("evidence.step")),
        Cell(words("evidence.visits"), number=True),
        model,
        Cell(words("evidence.wait_median"), number=True),
        Cell(words("evidence.wait_mean"), number=True),
        model,
        Cell(words("evidence.work_median"), number=True),
        Cell(words("evidence.work_mean"), number=True),
        model,
    )
    step_rows = []
    for step in ev.steps:
        if step.events == 0:
            step_rows.append(
                (Cell(_step_name(ev, step.step)), Cell(words("evidence.not_in_log"), number=True),
                 Cell(words.number(step.visits.model or 0, 2), number=True, model=True),
                 *(Cell("", number=True, model=i % 3 == 2) for i in range(6)))
            )  # fmt: skip
            continue
        step_rows.append(
            (
                Cell(_step_name(ev, step.step)),
                *_pair(step.visits, ev, words),
                *_spread(step.wait, ev, words),
                *_spread(step.work, ev, words),
            )
        )
    intro = None
    if ev.complete_only:
        # Work is not measured: its columns would hold only dashes and the model's guesses.
        intro = words("evidence.wait_includes_work")
        head = head[:-3]
        step_rows = [row[:-3] for row in step_rows]
    out.append(Section(words("evidence.steps"), head, tuple(step_rows), intro))

    decision_rows = []
    for decision in ev.decisions:
        for branch in decision.branches:
            label = f"{_step_name(ev, decision.step)} → {_step_name(ev, branch.to)}"
            if branch.when:
                label += f" ({branch.when})"
            decision_rows.append(
                (Cell(label), *_pair(branch.share, ev, words),
                 Cell(words.number(branch.taken, 0), number=True),
                 Cell(words.number(decision.passes, 0), number=True))
            )  # fmt: skip
    if decision_rows:
        out.append(
            Section(
                words("evidence.decisions"),
                (
                    Cell(words("evidence.branch")),
                    measured,
                    model,
                    Cell(words("evidence.taken"), number=True),
                    Cell(words("evidence.passes"), number=True),
                ),  # fmt: skip
                tuple(decision_rows),
            )
        )

    c = ev.conformance
    deviation_rows = [
        (Cell(words.number(d.cases, 0), number=True), Cell(_path(ev, d.steps, words)),
         Cell(_where(ev, d, words)), Cell(_example(d, words)))
        for d in c.deviations
    ]  # fmt: skip
    out.append(
        Section(
            words("evidence.deviations"),
            (
                Cell(words("evidence.cases"), number=True),
                Cell(words("evidence.path")),
                Cell(words("evidence.where")),
                Cell(words("evidence.example")),
            ),  # fmt: skip
            tuple(deviation_rows),
            conformance_line(ev, words),
        )
    )

    unmapped = ev.unmapped
    if unmapped:
        out.append(
            Section(
                words("evidence.unmapped"),
                (Cell(words("evidence.activity")), Cell(words("evidence.events"), number=True),
                 Cell(words("evidence.cases"), number=True), Cell(words("evidence.hint"))),
                tuple(
                    (Cell(a.name), Cell(words.number(a.events, 0), number=True),
                     Cell(words.number(a.cases, 0), number=True),
                     Cell(_step_name(ev, a.hint) if a.hint else ""))
                    for a in unmapped
                ),
                words("evidence.unmapped_intro"),
            )
        )  # fmt: skip
    return out


def _spread(spread: Spread, ev: Evidence, words: Words) -> tuple[Cell, Cell, Cell]:
    figure = spread.figure
    return (
        Cell(_hours(spread.median, ev, words), number=True),
        Cell(_hours(spread.mean, ev, words), figure.differs, True),
        Cell(_hours(spread.model, ev, words), number=True, model=True),
    )


def _path(ev: Evidence, steps: Sequence[str], words: Words) -> str:
    if not steps:
        return words("evidence.no_steps")
    names = [_step_name(ev, s) for s in steps]
    if len(names) > PATH_STEPS:
        names = [
            *names[: PATH_STEPS - 1],
            words("evidence.more_steps", n=len(names) - PATH_STEPS + 1),
        ]
    return " → ".join(names)


def _where(ev: Evidence, deviation, words: Words) -> str:
    if deviation.at is not None:
        step = deviation.steps[deviation.at]
        return words("evidence.not_allowed", step=_step_name(ev, step), n=deviation.at + 1)
    if not deviation.finished:
        return words("evidence.stops")
    return words("evidence.left_over")


def _example(deviation, words: Words) -> str:
    if deviation.line is None:
        return deviation.example
    return words("evidence.example_at", case=deviation.example, line=deviation.line)


def notes(ev: Evidence, words: Words) -> list[str]:
    """What the reader should know about the log, one sentence each."""
    out = []
    for note in ev.notes:
        values = dict(note.values)
        if "names" in values:
            values["names"] = ", ".join(f"'{n}'" for n in values["names"])
        if "events" in values:
            values["events"] = words.number(values["events"], 0)
        if note.key == "one_event" and values.get("line") is None:
            values["line"] = "–"
        key = f"evidence.note.{note.key}"
        if "n" in values:
            out.append(words.plural(key, int(values.pop("n")), **values))
        else:
            out.append(words(key, **values))
    return out


def legend(words: Words) -> str:
    return words("evidence.legend", mark=MARK)


# --- text --------------------------------------------------------------------------------------


def text_report(evidences: Sequence[Evidence], words: Words) -> list:
    """Rich renderables: per process a headline, its tables and its notes. To fit a
    terminal, the model's value stands in brackets after the measured one.

    Every line holds names from the model or the log, so each goes through
    :func:`~skavmap.outputs.escape.rich` whole (the words around them are plain)."""
    parts: list = []
    for ev in evidences:
        title = rich(words("evidence.title", name=process_name(ev.analysis)), "bold")
        parts += [title, rich(headline(ev, words)), rich("")]
        for section in sections(ev, words):
            parts.append(rich(section.title, "bold"))
            if section.intro:
                parts.append(rich(section.intro))
            if section.rows:
                parts.append(_text_table(section))
            parts.append(rich(""))
        for line in notes(ev, words):
            parts.append(rich(f"• {line}"))
        parts += [rich(legend(words), "dim"), rich("")]
    return parts


def _text_table(section: Section):
    """A section as a rich table: each model value in brackets after the measured one."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    rows = [[_text_cell(c) for c in _folded(row) if c is not None] for row in section.rows]
    head = [
        (cell, shown)
        for cell, shown in zip(section.head, _folded(section.head), strict=True)
        if shown is not None
    ]
    for i, (cell, shown) in enumerate(head):
        # A figure never wraps ("1.1 d (4.2 h)" on two lines reads as two); its heading
        # may, and the names take what room is left.
        widest = None
        if cell.number:
            widest = max(len(row[i].plain) for row in rows)
            widest = max(widest, *(len(word) for word in shown.text.split()))
        table.add_column(
            rich(shown.text),
            justify="right" if cell.number else "left",
            width=widest,
            min_width=None if cell.number else 10,
            ratio=None if cell.number else 1,
            # A name longer than its column (a link, escapes) breaks over lines, never cut.
            overflow="ellipsis" if cell.number else "fold",
        )
    for row in rows:
        table.add_row(*row)
    return table


def _folded(cells: Sequence[Cell]) -> list[Cell | None]:
    """The cells with each model cell folded into the cell before as ``measured (model)``;
    ``None`` where a model cell was."""
    out: list[Cell | None] = []
    for cell in cells:
        before = out[-1] if out else None
        if cell.model and before is not None:
            if cell.text:
                out[-1] = Cell(f"{before.text} ({cell.text})", before.marked, before.number)
            out.append(None)
        else:
            out.append(cell)
    return out


def _text_cell(cell: Cell):
    if cell.marked:
        return rich(f"{MARK} {cell.text}", "bold yellow")
    return rich(cell.text)


# --- Markdown ----------------------------------------------------------------------------------


def markdown_report(evidences: Sequence[Evidence], words: Words) -> str:
    """The same tables in Markdown, for a wiki page or a pull request."""
    out: list[str] = []
    for ev in evidences:
        out += [f"# {_md(words('evidence.title', name=process_name(ev.analysis)))}", ""]
        out += [_md(headline(ev, words)), ""]
        for section in sections(ev, words):
            out += [f"## {_md(section.title)}", ""]
            if section.intro:
                out += [_md(section.intro), ""]
            if not section.rows:
                continue
            out.append("| " + " | ".join(_md(c.text) for c in section.head) + " |")
            out.append(
                "| " + " | ".join("---:" if c.number else "---" for c in section.head) + " |"
            )
            for row in section.rows:
                out.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
            out.append("")
        lines = notes(ev, words)
        if lines:
            out += [f"## {_md(words('evidence.notes'))}", ""]
            out += [f"- {_md(line)}" for line in lines]
            out.append("")
        out += [f"_{_md(legend(words))}_", ""]
    return "\n".join(out)


def _md(text: str) -> str:
    """Text that Markdown shows as it is: no tables broken, no markup, no HTML."""
    escaped = "".join("\\" + c if c in "\\`*_[]<>|#~" else c for c in text)
    return escaped.replace("\r", " ").replace("\n", " ")


def _md_cell(cell: Cell) -> str:
    text = _md(cell.text)
    return f"**{MARK} {text}**" if cell.marked else text


# --- JSON --------------------------------------------------------------------------------------


def _round(value: float | None, decimals: int) -> float | None:
    if value is None:
        return None
    rounded = round(value, decimals)
    return 0.0 if rounded == 0 else rounded


_DECIMALS = {"hours": 3, "share": 4, "count": 4}


def _figure(figure: Figure) -> dict:
    decimals = _DECIMALS[figure.unit]
    return {
        "measured": _round(figure.measured, decimals),
        "model": _round(figure.model, decimals),
        "differs": figure.differs,
    }


def _spread_json(spread: Spread) -> dict:
    return {
        "median": _round(spread.median, 3),
        "mean": _round(spread.mean, 3),
        "model": _round(spread.model, 3),
        "n": spread.n,
        "differs": spread.figure.differs,
    }


def evidence_json(ev: Evidence, words: Words) -> dict:
    """The ``evidence`` object of one process in the JSON contract."""
    c = ev.conformance
    process = ev.analysis.process
    return {
        "log": ev.log,
        "events": ev.events,
        "cases": ev.cases,
        "finished_cases": ev.finished,
        "lifecycle": "complete" if ev.complete_only else "start-complete",
        "lead_time_hours": {column: _figure(f) for column, f in ev.lead},
        "handoffs": _figure(ev.handoffs),
        "cross_department_handoffs": _figure(ev.cross_department_handoffs),
        "rework": {**_figure(ev.rework), "cases_share": _round(ev.rework_cases, 4)},
        "person_changes": _round(ev.person_changes, 4),
        "steps": [
            {
                "id": s.step,
                "name": process.steps[s.step].name,
                "events": s.events,
                "visits": _figure(s.visits),
                "wait_hours": _spread_json(s.wait),
                "work_hours": _spread_json(s.work),
            }
            for s in ev.steps
        ],
        "decisions": [
            {
                "id": d.step,
                "name": process.steps[d.step].name,
                "passes": d.passes,
                "branches": [
                    {"to": b.to, "when": b.when, "taken": b.taken, **_figure(b.share)}
                    for b in d.branches
                ],
            }
            for d in ev.decisions
        ],
        "conformance": {
            "cases": c.cases,
            "fitting_cases": c.fitting,
            "fitting_share": _round(c.share, 4),
            "fitness": _round(c.fitness, 4),
            "variants": c.variants,
            "deviations": [
                {
                    "cases": d.cases,
                    "steps": list(d.steps),
                    "first_deviation": None if d.at is None else d.steps[d.at],
                    "position": d.at,
                    "finished": d.finished,
                    "example_case": d.example,
                    "line": d.line,
                }
                for d in c.deviations
            ],
        },
        "activities": [
            {
                "activity": a.name,
                "events": a.events,
                "cases": a.cases,
                "step": a.step,
                "mapped_by": a.how,
                "hint": a.hint,
            }
            for a in ev.activities
        ],  # fmt: skip
        "notes": notes(ev, words),
    }


def json_report(evidences: Sequence[Evidence], words: Words) -> str:
    """The format specification's JSON, each process with its ``evidence``."""
    entries = []
    for ev in evidences:
        entry = contract_entry(ev.analysis, words)
        entry["evidence"] = evidence_json(ev, words)
        entries.append(entry)
    document = {"skavmap": FORMAT_VERSION, "processes": entries}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
