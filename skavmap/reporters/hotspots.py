"""The hotspot ranking of ``skavmap hotspots`` as text, JSON, Markdown and CSV.

:func:`rank` merges the hotspots of many processes into one ranking; the ``*_report``
functions turn analyses and a ranking into text without side effects, so each format is
tested against saved output. :func:`contract_entry` is the format specification's JSON of one
process, which every command's ``--format json`` prints under ``processes``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from skavmap.analysis.results import Analysis, Hotspot, Metrics
from skavmap.format.diagnostics import display_path
from skavmap.outputs.escape import csv_cell, markdown, markdown_code, rich, terminal
from skavmap.outputs.messages import hotspot_text
from skavmap.outputs.vocabulary import Words

#: The JSON contract's version (the ``skavmap`` key).
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Ranked:
    """One line of the ranking: a hotspot and the analysis it belongs to."""

    analysis: Analysis
    hotspot: Hotspot


def rank(
    analyses: Sequence[Analysis],
    top: int | None = None,
    kinds: Iterable[str] = (),
    min_score: float = 0.0,
) -> list[Ranked]:
    """All hotspots of ``analyses``, highest score first.

    Ties keep the order of the processes and, within one, the analysis's own order. ``kinds``
    keeps only those kinds (all when empty); ``top`` cuts the list after filtering.
    """
    wanted = set(kinds)
    lines = [
        (index, position, Ranked(analysis, hotspot))
        for index, analysis in enumerate(analyses)
        for position, hotspot in enumerate(analysis.hotspots)
        if (not wanted or hotspot.kind in wanted) and hotspot.score >= min_score
    ]
    lines.sort(key=lambda line: (-line[2].hotspot.score, line[0], line[1]))
    ranked = [line[2] for line in lines]
    return ranked if top is None else ranked[: max(top, 0)]


def process_name(analysis: Analysis) -> str:
    """The process's name, with its ``unit`` (organisation or variant) when it has one."""
    process = analysis.process
    return f"{process.name} ({process.unit})" if process.unit else process.name


def step_names(ranked: Ranked) -> str:
    """The hotspot's steps by name (a role-level finding: the role's name)."""
    process = ranked.analysis.process
    if ranked.hotspot.role is not None:
        return process.roles[ranked.hotspot.role].name
    return " → ".join(process.steps[s].name for s in ranked.hotspot.steps)


def metrics_line(analysis: Analysis, words: Words) -> str:
    """One line of the main figures of a process, in words."""
    m = analysis.metrics
    day = analysis.process.calendar.day_hours
    return words(
        "hotspots.metrics",
        steps=m.steps,
        lead=words.hours(m.lead_time_hours, day),
        work=words.hours(m.work_time_hours, day),
        efficiency=words.percent(m.flow_efficiency),
        handoffs=words.number(m.handoffs),
        cross=words.number(m.cross_department_handoffs),
        loops=words.plural("count.loops", m.loops),
        departments=words.plural("count.departments", m.departments_touched),
    )


def metrics_json(m: Metrics) -> dict:
    return {
        "steps": m.steps,
        "lead_time_hours": _round(m.lead_time_hours, 2),
        "work_time_hours": _round(m.work_time_hours, 2),
        "flow_efficiency": _round(m.flow_efficiency, 4),
        "handoffs": _round(m.handoffs, 3),
        "cross_department_handoffs": _round(m.cross_department_handoffs, 3),
        "loops": m.loops,
        "departments_touched": m.departments_touched,
    }


def hotspot_json(ranked: Ranked, words: Words) -> dict:
    h = ranked.hotspot
    process = ranked.analysis.process
    steps = process.steps
    return {
        "code": h.code,
        "name": h.name,
        "kind": h.kind,
        "steps": list(h.steps),
        "step_names": [steps[s].name for s in h.steps],
        "role": h.role,
        "score": _round(h.score, 1),
        "message": hotspot_text(h, process, words),
    }


def contract_entry(
    analysis: Analysis,
    words: Words,
    hotspots: Iterable[Hotspot] | None = None,
    file: str | None = None,
) -> dict:
    """One process as the format specification's JSON lists it under ``processes``.

    Every command's ``--format json`` builds its entries here, so that they cannot drift.
    ``hotspots`` are the ones to list (default: all of the analysis's), in the analysis's
    order, which is highest score first; ``file`` replaces the path as the user would type it
    (for a file that is not on disk as such, e.g. one read at a git revision).
    """
    process = analysis.process
    shown = analysis.hotspots if hotspots is None else hotspots
    return {
        "id": process.id,
        "name": process.name,
        "file": display_path(process.file) if file is None else file,
        "metrics": metrics_json(analysis.metrics),
        "hotspots": [hotspot_json(Ranked(analysis, h), words) for h in shown],
    }


def contract_json(analyses: Sequence[Analysis], words: Words) -> str:
    """The format specification's JSON for ``analyses``, with all their hotspots."""
    return _layout([contract_entry(analysis, words) for analysis in analyses])


def json_report(analyses: Sequence[Analysis], ranked: Sequence[Ranked], words: Words) -> str:
    """The format specification's JSON: every process with its metrics and its hotspots
    that made the ranking, highest score first."""
    kept: dict[int, list[Hotspot]] = {}
    for line in ranked:
        kept.setdefault(id(line.analysis), []).append(line.hotspot)
    return _layout([contract_entry(a, words, kept.get(id(a), [])) for a in analyses])


def _layout(entries: Sequence[dict]) -> str:
    """The contract's document laid out for reading and diffing: one key per line down to
    each process, then the metrics and each hotspot on a line of their own."""
    out = ["{", f'  "skavmap": {FORMAT_VERSION},', '  "processes": [']
    for number, entry in enumerate(entries):
        out.append("    {")
        last = len(entry) - 1
        for position, (key, value) in enumerate(entry.items()):
            comma = "," if position < last else ""
            if isinstance(value, list) and value:
                out.append(f"      {_json(key)}: [")
                out.append(",\n".join(f"        {_json(item)}" for item in value))
                out.append(f"      ]{comma}")
            else:
                out.append(f"      {_json(key)}: {_json(value)}{comma}")
        out.append("    }," if number < len(entries) - 1 else "    }")
    out += ["  ]", "}"]
    return "\n".join(out) + "\n"


def markdown_report(analyses: Sequence[Analysis], ranked: Sequence[Ranked], words: Words) -> str:
    """A Markdown ranking table and a figures section, for wikis and workshop notes."""
    out = [f"# {words('hotspots.title')}", ""]
    if ranked:
        columns = ("rank", "process", "steps", "kind", "score", "reason")
        out.append("| " + " | ".join(words(f"hotspots.{c}") for c in columns) + " |")
        out.append("| ---: | --- | --- | --- | ---: | --- |")
        for number, line in enumerate(ranked, 1):
            cells = (
                str(number),
                process_name(line.analysis),
                step_names(line),
                words.kind(line.hotspot.kind),
                words.number(line.hotspot.score),
                hotspot_text(line.hotspot, line.analysis.process, words),
            )
            out.append("| " + " | ".join(markdown(c) for c in cells) + " |")
    else:
        out.append(words("hotspots.none"))
    out += ["", f"## {words('hotspots.summary')}", ""]
    for analysis in analyses:
        name = markdown(process_name(analysis))
        where = display_path(analysis.process.file)
        out.append(f"- **{name}** ({markdown_code(where)}): {metrics_line(analysis, words)}")
    return "\n".join(out) + "\n"


def csv_report(analyses: Sequence[Analysis], ranked: Sequence[Ranked], words: Words) -> str:
    """One row per hotspot, for spreadsheets; numbers with a decimal point."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ("rank", "process", "file", "code", "name", "kind", "score", "steps", "step_names")
        + ("role", "message")
    )
    for number, line in enumerate(ranked, 1):
        h = line.hotspot
        writer.writerow(
            csv_cell(cell)
            for cell in (
                number,
                line.analysis.process.id,
                display_path(line.analysis.process.file),
                h.code,
                h.name,
                h.kind,
                f"{h.score:.1f}",
                " ".join(h.steps),
                step_names(line),
                h.role or "",
                hotspot_text(h, line.analysis.process, words),
            )
        )
    return buffer.getvalue()


def text_report(analyses: Sequence[Analysis], ranked: Sequence[Ranked], words: Words) -> list:
    """Rich renderables: the ranking table, then one figures line per process."""
    from rich.table import Table
    from rich.text import Text

    parts: list = []
    if ranked:
        table = Table(title=words("hotspots.title"), title_justify="left", show_lines=False)
        table.add_column(words("hotspots.rank"), justify="right", style="dim")
        table.add_column(words("hotspots.score"), justify="right")
        table.add_column(f"{words('hotspots.process')} / {words('hotspots.steps')}", ratio=2)
        table.add_column(words("hotspots.kind"), no_wrap=True)
        table.add_column(words("hotspots.reason"), ratio=3)
        for number, line in enumerate(ranked, 1):
            score = line.hotspot.score
            colour = "red" if score >= 60 else "yellow" if score >= 30 else "default"
            where = rich(process_name(line.analysis), "dim")
            where.append("\n" + terminal(step_names(line)), "bold")
            table.add_row(
                str(number),
                Text(words.number(score), style=colour),
                where,
                words.kind(line.hotspot.kind),
                rich(hotspot_text(line.hotspot, line.analysis.process, words)),
            )
        parts.append(table)
    else:
        parts.append(Text(words("hotspots.none")))
    parts.append(Text(""))
    parts.append(Text(words("hotspots.summary"), style="bold"))
    for analysis in analyses:
        line = rich(f"{process_name(analysis)}: ", "bold")
        line.append(metrics_line(analysis, words), style="default")
        parts.append(line)
    return parts


def _json(value: object) -> str:
    # Without indent, json uses its C encoder: ten times faster on thousands of hotspots.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _round(value: float, decimals: int) -> float:
    rounded = round(value, decimals)
    return 0.0 if rounded == 0 else rounded  # never "-0.0"
