"""The hotspot ranking of ``skavmap hotspots`` as text, JSON, Markdown and CSV.

:func:`rank` merges the hotspots of many processes into one ranking; the ``*_report``
functions turn analyses and a ranking into text without side effects, so each format is
tested against saved output. :func:`contract_entry` is the format specification's JSON of one
process, which every command's ``--format json`` prints under ``processes``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from skavmap.analysis.ranking import settled
from skavmap.analysis.results import Analysis, Hotspot, Impact, Metrics
from skavmap.format.diagnostics import display_path
from skavmap.outputs.escape import csv_cell, json_string, markdown, markdown_code, rich, terminal
from skavmap.outputs.jsontext import Laid, encode
from skavmap.outputs.messages import Sentences, cost_cells, hotspot_reasons, sentences
from skavmap.outputs.vocabulary import Words

#: The JSON contract's version (the ``skavmap`` key).
FORMAT_VERSION = 1


#: The orders ``--by`` offers; the first is the default.
ORDERS = ("impact", "votes", "lead", "work")
#: How many hotspots the people's views (text, Markdown) show unless told otherwise.
SHOWN = 10


@dataclass(frozen=True, slots=True)  # slots: a large process ranks 150,000 hotspots
class Ranked:
    """One line of the ranking: a hotspot and the analysis it belongs to."""

    analysis: Analysis
    hotspot: Hotspot


@dataclass(frozen=True)
class Ranking:
    """The hotspots to show, in order, and how many more matched but were cut off."""

    lines: tuple[Ranked, ...]
    more: int = 0
    by: str = "impact"

    def __iter__(self):
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)


def _order(by: str, hotspot: Hotspot) -> tuple:
    impact = hotspot.impact
    hours = settled(impact.hours) if impact is not None else -1.0
    if by == "votes":
        return (-hotspot.votes, -hotspot.score, -hours)
    if by == "lead":
        return (-(settled(impact.lead_time_hours) if impact is not None else -1.0), -hotspot.score)
    if by == "work":
        per_year = impact.work_hours_per_year if impact is not None else None
        per_case = settled(impact.work_time_hours) if impact is not None else -1.0
        return (per_year is None, -settled(per_year or 0.0), -per_case, -hotspot.score)
    return (-hotspot.score, -hours, -hotspot.votes)


def rank(
    analyses: Sequence[Analysis],
    top: int | None = None,
    kinds: Iterable[str] = (),
    min_score: float = 0.0,
    by: str = "impact",
) -> Ranking:
    """The hotspots of ``analyses`` in one ranking, ordered ``by`` one of :data:`ORDERS`:
    ``impact`` (the score, which follows hours per case), ``votes``, ``lead`` (lead time
    per case) or ``work`` (work hours per year; processes without a volume after, by work
    per case).

    Ties keep the order of the processes and, within one, the analysis's own order.
    ``kinds`` keeps the hotspots with one of those kinds, their own or a joined finding's
    (all when empty); ``top`` cuts the list after filtering and says how many it cut.
    """
    wanted = set(kinds)
    lines = [
        (_order(by, hotspot), index, position, hotspot)
        for index, analysis in enumerate(analyses)
        for position, hotspot in enumerate(analysis.hotspots)
        if (not wanted or not wanted.isdisjoint(hotspot.kinds)) and hotspot.score >= min_score
    ]
    # Sorted as they are: no two lines have the same process and position, so the hotspots
    # themselves are never compared.
    lines.sort()
    kept = lines if top is None else lines[: max(top, 0)]
    ranked = tuple(Ranked(analyses[index], hotspot) for _, index, _, hotspot in kept)
    return Ranking(ranked, len(lines) - len(kept), by)


def process_name(analysis: Analysis) -> str:
    """The process's name, with its ``unit`` (organisation or variant) when it has one."""
    process = analysis.process
    return f"{process.name} ({process.unit})" if process.unit else process.name


def step_names(ranked: Ranked, words: Words | None = None) -> str:
    """The hotspot's steps by name (a role-level finding: the role's name). With ``words``
    (for people), a long chain such as a loop's is cut to its first two and last steps."""
    process = ranked.analysis.process
    if ranked.hotspot.role is not None:
        return process.roles[ranked.hotspot.role].name
    names = [process.steps[s].name for s in ranked.hotspot.steps]
    if words is not None and len(names) > 4:
        more = words.plural("hotspots.steps_between", len(names) - 3)
        names = [*names[:2], f"… {more} …", names[-1]]
    return " → ".join(names)


def metrics_line(analysis: Analysis, words: Words) -> str:
    """One line of the main figures of a process, in words."""
    m = analysis.metrics
    day = analysis.process.calendar.day_hours
    return words(
        "hotspots.metrics",
        steps=m.steps,
        lead=words.hours(m.lead_time_hours, day),
        p50=words.hours(m.lead_time_p50_hours, day),
        p90=words.hours(m.lead_time_p90_hours, day),
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
        "lead_time_hours": figure(m.lead_time_hours),
        "work_time_hours": figure(m.work_time_hours),
        "flow_efficiency": figure(m.flow_efficiency),
        "handoffs": figure(m.handoffs),
        "cross_department_handoffs": figure(m.cross_department_handoffs),
        "loops": m.loops,
        "departments_touched": m.departments_touched,
        "lead_time_p50_hours": figure(m.lead_time_p50_hours),
        "lead_time_p90_hours": figure(m.lead_time_p90_hours),
        "cases_per_year": figure(m.cases_per_year),
        "work_hours_per_year": figure(m.work_hours_per_year),
        "lead_time_hours_per_year": figure(m.lead_time_hours_per_year),
    }


def impact_json(impact: Impact | None, currency: str) -> dict | None:
    """The format specification's ``impact`` object; money where roles give their cost."""
    if impact is None:
        return None
    found = {
        "lead_time_hours": figure(impact.lead_time_hours),
        "work_time_hours": figure(impact.work_time_hours),
        "handoffs": figure(impact.handoffs),
        "cases_per_year": figure(impact.cases_per_year),
        "work_hours_per_year": figure(impact.work_hours_per_year),
        "lead_time_hours_per_year": figure(impact.lead_time_hours_per_year),
    }
    if impact.work_cost is not None:
        found["work_cost"] = figure(impact.work_cost)
        found["work_cost_per_year"] = figure(impact.work_cost_per_year)
        found["currency"] = currency
    return found


def hotspot_json(ranked: Ranked, words: Words, said: Sentences | None = None) -> dict:
    """The format specification's entry of a hotspot; ``said``: the sentences of its
    process, for a report that lists many of its hotspots."""
    h = ranked.hotspot
    process = ranked.analysis.process
    steps = process.steps
    said = said or Sentences(process, words)
    return {
        "code": h.code,
        "name": h.name,
        "kind": h.kind,
        "steps": list(h.steps),
        "step_names": [steps[s].name for s in h.steps],
        "role": h.role,
        "score": figure(h.score),
        "message": said.hotspot(h),
        "impact": impact_json(h.impact, process.currency),
        "votes": h.votes,
        "related": [
            {
                "code": r.code,
                "name": r.name,
                "kind": r.kind,
                "message": said.related(r, h),
            }
            for r in h.related
        ],
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
    said = Sentences(process, words)
    return {
        "id": process.id,
        "name": process.name,
        "file": display_path(process.file) if file is None else file,
        "metrics": metrics_json(analysis.metrics),
        "hotspots": [hotspot_json(Ranked(analysis, h), words, said) for h in shown],
    }


def contract_json(analyses: Sequence[Analysis], words: Words) -> str:
    """The format specification's JSON for ``analyses``, with all their hotspots."""
    return "".join(_layout(analyses, words, lambda analysis: analysis.hotspots))


def json_report(analyses: Sequence[Analysis], ranked: Ranking, words: Words) -> str:
    """The format specification's JSON: every process with its metrics and its hotspots
    that made the ranking, highest score first."""
    return "".join(json_pieces(analyses, ranked, words))


def json_pieces(analyses: Sequence[Analysis], ranked: Ranking, words: Words) -> Iterator[str]:
    """:func:`json_report`'s document in pieces of whole lines, to be written as they come:
    the document of 100,000 steps is 74 MB, joined one more copy of it."""
    kept: dict[int, list[Hotspot]] = {}
    for line in ranked:
        kept.setdefault(id(line.analysis), []).append(line.hotspot)
    return _layout(analyses, words, lambda analysis: kept.get(id(analysis), []))


def _layout(
    analyses: Sequence[Analysis], words: Words, shown: Callable[[Analysis], Iterable[Hotspot]]
) -> Iterator[str]:
    """The contract's document laid out for reading and diffing, in pieces of whole lines:
    one key per line down to each process, then the metrics and each hotspot on a line of
    their own.

    Each hotspot's line is a piece as soon as it is made, with its comma (the last one's
    taken off): the entries of a large process all at once (150,000 for 100,000 steps) take
    more memory than the analysis.
    """
    yield f'{{\n  "skavmap": {FORMAT_VERSION},\n  "processes": [\n'
    for number, analysis in enumerate(analyses):
        entry = contract_entry(analysis, words, ())
        del entry["hotspots"]  # the entry's last key: its lines follow the others
        yield "    {\n" + "".join(f"      {encode(k)}: {encode(v)},\n" for k, v in entry.items())
        lines = _hotspot_lines(analysis, shown(analysis), words)
        last = next(lines, None)
        if last is None:
            yield '      "hotspots": []\n'
        else:
            yield '      "hotspots": [\n'
            for line in lines:
                yield last
                last = line
            yield last[:-2] + "\n      ]\n"
        yield "    },\n" if number < len(analyses) - 1 else "    }\n"
    yield "  ]\n}\n"


def _hotspot_lines(analysis: Analysis, hotspots: Iterable[Hotspot], words: Words) -> Iterator[str]:
    """Each of ``hotspots`` as its line of the document: :func:`hotspot_json` encoded on one
    line, the same text, indented and followed by a comma and the line break (made in one
    piece, not copied again to add them).

    Written from its pieces rather than through a dict: a large process's hotspots repeat
    few codes, kinds, figures, impacts and joined findings, each encoded once
    (:func:`_encoded`, :func:`_role_and_score`, :func:`_impact_line`), where the encoder of a
    dict would write them again for each of 150,000 hotspots.
    """
    process = analysis.process
    steps, currency = process.steps, process.currency
    said = Sentences(process, words)
    # A code, its name and kind: one start of a line for each of the few.
    starts: dict[tuple[str, str, str], str] = {}
    # Each impact by id(), which a hotspot keeps as long as this runs: hotspots share their
    # impacts (150,000 hotspots, 17,000 impacts), and the id is found faster than the fields
    # are hashed.
    impacts: dict[int, str] = {id(None): "null"}
    # A joined finding with its sentence: a large process's are the same few handoffs.
    joined: dict[tuple[str, str, str, str], str] = {}
    for h in hotspots:
        start = starts.get((h.code, h.name, h.kind))
        if start is None:
            start = starts[h.code, h.name, h.kind] = (
                f'        {{"code": {encode(h.code)}, "name": {encode(h.name)}, '
                f'"kind": {encode(h.kind)}, "steps": ['
            )
        if len(h.steps) == 1:  # most hotspots: no lists to join, a third faster
            ids, names = json_string(h.steps[0]), json_string(steps[h.steps[0]].name)
        else:
            ids = ", ".join([json_string(s) for s in h.steps])
            names = ", ".join([json_string(steps[s].name) for s in h.steps])
        impact = impacts.get(id(h.impact))
        if impact is None:
            impact = impacts[id(h.impact)] = _impact_line(h.impact, currency)
        related = ", ".join(_related_entries(h, said, joined, _related_line))
        yield (
            f'{start}{ids}], "step_names": [{names}], '
            f"{_role_and_score(h.role, h.score)}"
            f'"message": {json_string(said.hotspot(h))}, '
            f'"impact": {impact}, "votes": {_encoded(h.votes)}, '
            f'"related": [{related}]}},\n'
        )


def _related_entries(
    hotspot: Hotspot,
    said: Sentences,
    written: dict[tuple[str, str, str, str], str],
    write: Callable[[str, str, str, str], str],
) -> list[str]:
    """The findings joined to ``hotspot``, each as ``write(code, name, kind, sentence)``
    makes it, once for each in ``written``: a large process's are the same few handoffs."""
    entries = []
    for r in hotspot.related:
        key = (r.code, r.name, r.kind, said.related(r, hotspot))
        entry = written.get(key)
        if entry is None:
            entry = written[key] = write(*key)
        entries.append(entry)
    return entries


def _related_line(code: str, name: str, kind: str, sentence: str) -> str:
    """A joined finding on one line."""
    return f"{_related_start(code, name, kind)}{json_string(sentence)}}}"


@lru_cache(maxsize=1024)
def _related_start(code: str, name: str, kind: str) -> str:
    """A related finding's entry up to its message, the same for each of its rule's many."""
    return f'{{"code": {encode(code)}, "name": {encode(name)}, "kind": {encode(kind)}, "message": '


# Typed, as figure.
@lru_cache(maxsize=65536, typed=True)
def _role_and_score(role: str | None, score: float) -> str:
    """The ``role`` and ``score`` of a hotspot's line, which a large process's hotspots
    repeat, with the comma after them."""
    return f'"role": {encode(role)}, "score": {encode(figure(score))}, '


def laid_out_hotspots(
    analysis: Analysis, hotspots: Iterable[Hotspot], depth: int, said: Sentences
) -> Iterator[Laid]:
    """Each of ``hotspots`` as :func:`~skavmap.outputs.jsontext.indented` lays out its
    :func:`hotspot_json` entry ``depth`` deep in a document, byte for byte; ``said``: the
    sentences of its process.

    Written from its pieces, as :func:`_hotspot_lines` writes them, for the same reason:
    the entries of a large process through :func:`hotspot_json` and ``indented`` took twice
    as long.
    """
    steps, currency = analysis.process.steps, analysis.process.currency
    member, item = "\n" + "  " * (depth + 1), "\n" + "  " * (depth + 2)
    next_member, next_item, end = "," + member, "," + item, "\n" + "  " * depth + "}"
    # A joined finding: two deeper than the entry, in the list of its related key.
    finding, next_finding = "\n" + "  " * (depth + 2), ",\n" + "  " * (depth + 3)
    finding_end, related_end = finding + "}", "\n" + "  " * (depth + 1) + "]"

    def laid_out_finding(code: str, name: str, kind: str, sentence: str) -> str:
        return (
            f'{{{next_finding[1:]}"code": {encode(code)}{next_finding}"name": '
            f'{encode(name)}{next_finding}"kind": {encode(kind)}'
            f'{next_finding}"message": {json_string(sentence)}{finding_end}'
        )

    # A code, its name and kind: one start of an entry for each of the few.
    starts: dict[tuple[str, str, str], str] = {}
    # Each impact and each joined finding with its sentence laid out once, as
    # :func:`_hotspot_lines` writes them once.
    impacts: dict[int, str] = {id(None): f'{next_member}"impact": null{next_member}"votes": '}
    joined: dict[tuple[str, str, str, str], str] = {}
    for h in hotspots:
        start = starts.get((h.code, h.name, h.kind))
        if start is None:
            start = starts[h.code, h.name, h.kind] = (
                f'{{{member}"code": {encode(h.code)}{next_member}"name": {encode(h.name)}'
                f'{next_member}"kind": {encode(h.kind)}{next_member}"steps": '
            )
        if len(h.steps) == 1:  # most hotspots: no lists to join
            ids = f"[{item}{json_string(h.steps[0])}{member}]"
            names = f"[{item}{json_string(steps[h.steps[0]].name)}{member}]"
        elif h.steps:
            ids = f"[{item}{next_item.join([json_string(s) for s in h.steps])}{member}]"
            names = next_item.join([json_string(steps[s].name) for s in h.steps])
            names = f"[{item}{names}{member}]"
        else:
            ids = names = "[]"
        impact = impacts.get(id(h.impact))
        if impact is None:
            impact = impacts[id(h.impact)] = _impact_laid_out(h.impact, currency, depth + 1)
        if h.related:
            entries = _related_entries(h, said, joined, laid_out_finding)
            related = f"[{finding}{(',' + finding).join(entries)}{related_end}"
        else:
            related = "[]"
        yield Laid(
            f'{start}{ids}{next_member}"step_names": {names}{next_member}'
            f"{_role_and_score_laid_out(h.role, h.score, next_member)}"
            f'{next_member}"message": {json_string(said.hotspot(h))}'
            f'{impact}{_encoded(h.votes)}{next_member}"related": {related}{end}'
        )


# Typed, as figure.
@lru_cache(maxsize=65536, typed=True)
def _role_and_score_laid_out(role: str | None, score: float, next_member: str) -> str:
    """The ``role`` and ``score`` of an entry, each after ``next_member``'s comma and
    indent but the first: which a large process's hotspots repeat."""
    return f'"role": {encode(role)}{next_member}"score": {encode(figure(score))}'


def _impact_laid_out(impact: Impact, currency: str, depth: int) -> str:
    """The ``impact`` of an entry laid out ``depth`` deep, with the key around it: from the
    comma before it to the votes' key after it."""
    member, inner = ",\n" + "  " * depth, ",\n" + "  " * (depth + 1)
    members = inner.join(_impact_members(impact, currency))
    return f'{member}"impact": {{{inner[1:]}{members}{member[1:]}}}{member}"votes": '


def _impact_line(impact: Impact | None, currency: str) -> str:
    """:func:`impact_json` encoded on one line."""
    if impact is None:
        return "null"
    return f"{{{', '.join(_impact_members(impact, currency))}}}"


def _impact_members(impact: Impact, currency: str) -> list[str]:
    """:func:`impact_json`'s members, ``"key": value`` as :func:`encode` writes each, its
    figures written straight: through a dict and the encoder, the 17,000 different impacts
    of 100,000 steps took twice as long."""
    members = [
        f'"lead_time_hours": {_figure_json(impact.lead_time_hours)}',
        f'"work_time_hours": {_figure_json(impact.work_time_hours)}',
        f'"handoffs": {_figure_json(impact.handoffs)}',
        f'"cases_per_year": {_figure_json(impact.cases_per_year)}',
        f'"work_hours_per_year": {_figure_json(impact.work_hours_per_year)}',
        f'"lead_time_hours_per_year": {_figure_json(impact.lead_time_hours_per_year)}',
    ]
    if impact.work_cost is not None:
        members += [
            f'"work_cost": {_figure_json(impact.work_cost)}',
            f'"work_cost_per_year": {_figure_json(impact.work_cost_per_year)}',
            f'"currency": {json_string(currency)}',
        ]
    return members


def _figure_json(value: float | None) -> str:
    """A :func:`figure` as :func:`encode` writes it."""
    shown = figure(value)
    # What json writes for a float, without its encoder made for each of many.
    return float.__repr__(shown) if type(shown) is float else encode(shown)


def _order_line(ranking: Ranking, words: Words) -> str:
    return words(f"hotspots.by.{ranking.by}")


def markdown_report(analyses: Sequence[Analysis], ranking: Ranking, words: Words) -> str:
    """A Markdown ranking table and a figures section, for wikis and workshop notes."""
    out = [f"# {words('hotspots.title')}", ""]
    if ranking:
        out += [_order_line(ranking, words), ""]
        columns = ("rank", "process", "steps", "per_case", "per_year", "votes", "score", "reason")
        out.append("| " + " | ".join(words(f"hotspots.{c}") for c in columns) + " |")
        out.append("| ---: | --- | --- | ---: | ---: | ---: | ---: | --- |")
        for number, line in enumerate(ranking, 1):
            process = line.analysis.process
            cells = (
                str(number),
                process_name(line.analysis),
                step_names(line, words),
                *cost_cells(line.hotspot, process, words),
                words.number(line.hotspot.score),
            )
            reason = "<br>".join(
                markdown(r) for r in hotspot_reasons(line.hotspot, line.analysis.process, words)
            )
            out.append("| " + " | ".join(markdown(c) for c in cells) + f" | {reason} |")
        if ranking.more:
            out += ["", markdown(words("hotspots.more", n=ranking.more))]
    else:
        out.append(words("hotspots.none"))
    out += ["", f"## {words('hotspots.summary')}", ""]
    for analysis in analyses:
        name = markdown(process_name(analysis))
        where = display_path(analysis.process.file)
        out.append(f"- **{name}** ({markdown_code(where)}): {metrics_line(analysis, words)}")
    return "\n".join(out) + "\n"


#: The CSV's impact columns: the Impact attribute each is read from.
_IMPACT_COLUMNS = (
    "lead_time_hours",
    "work_time_hours",
    "handoffs",
    "lead_time_hours_per_year",
    "work_hours_per_year",
    "work_cost_per_year",
)


def csv_report(analyses: Sequence[Analysis], ranking: Ranking, words: Words) -> str:
    """One row per hotspot, for spreadsheets; numbers with a decimal point, empty where
    nothing can be counted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ("rank", "process", "file", "code", "name", "kind", "score", "votes")
        + _IMPACT_COLUMNS
        + ("currency", "steps", "step_names", "role", "message")
    )
    # Once per file, not per row: the path is resolved on disk, links and all.
    file_shown = cache(display_path)
    said_of = sentences(words)
    for number, line in enumerate(ranking, 1):
        h, process = line.hotspot, line.analysis.process
        impact = h.impact
        counted = [
            "" if value is None else figure(value)
            for value in (
                getattr(impact, column) if impact is not None else None
                for column in _IMPACT_COLUMNS
            )
        ]
        writer.writerow(
            csv_cell(cell)
            for cell in (
                number,
                process.id,
                file_shown(process.file),
                h.code,
                h.name,
                h.kind,
                f"{h.score:.1f}",
                h.votes,
                *counted,
                process.currency if impact is not None and impact.work_cost is not None else "",
                " ".join(h.steps),
                step_names(line),
                h.role or "",
                said_of(process).hotspot(h),
            )
        )
    return buffer.getvalue()


def text_report(analyses: Sequence[Analysis], ranking: Ranking, words: Words) -> list:
    """Rich renderables: the ranking table (in 80 columns: the figures never wrap, the
    place and reason do), then one figures line per process."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    parts: list = []
    if ranking:
        table = Table(
            title=words("hotspots.title"),
            title_justify="left",
            caption=_order_line(ranking, words),
            caption_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        table.add_column(words("hotspots.rank"), justify="right", style="dim", no_wrap=True)
        for column in ("per_case", "per_year", "votes"):
            table.add_column(words(f"hotspots.{column}"), justify="right", no_wrap=True)
        table.add_column(words("hotspots.where_why"), ratio=1)
        for number, line in enumerate(ranking, 1):
            score = line.hotspot.score
            colour = "red" if score >= 60 else "yellow" if score >= 30 else "default"
            per_case, per_year, votes = cost_cells(line.hotspot, line.analysis.process, words)
            where = rich(process_name(line.analysis), "dim")
            where.append(" · ", "dim")
            where.append(terminal(step_names(line, words)), "bold")
            for reason in hotspot_reasons(line.hotspot, line.analysis.process, words):
                where.append("\n" + terminal(reason))
            table.add_row(
                str(number),
                Text(per_case, style=colour),
                Text(per_year.replace(" · ", "\n")),
                votes,
                where,
            )
        parts.append(table)
        if ranking.more:
            parts.append(Text(words("hotspots.more", n=ranking.more), style="dim"))
    else:
        parts.append(Text(words("hotspots.none")))
    parts.append(Text(""))
    parts.append(Text(words("hotspots.summary"), style="bold"))
    for analysis in analyses:
        line = rich(f"{process_name(analysis)}: ", "bold")
        line.append(metrics_line(analysis, words), style="default")
        parts.append(line)
    return parts


# Typed: 1 and 1.0 are one key to a dict but not the same JSON. (0.0 and -0.0 are too, but
# figure writes no -0.0.)
@lru_cache(maxsize=65536, typed=True)
def _encoded(value: str | float | None) -> str:
    """The JSON of a value that recurs in the hotspots of a large process (a code, a kind,
    a role, a figure as :func:`figure` writes it), written once."""
    return encode(value)


# A large process repeats few figures (75,000 for 10,000 steps, 1,500 of them different);
# typed, so that a whole number stays one in the JSON.
@lru_cache(maxsize=65536, typed=True)
def figure(value: float | None) -> float | None:
    """A figure for JSON: at least four significant digits (5 minutes is 0.08333 h, not
    0.08), two decimals for large values, and never ``-0.0``.

    >>> figure(5 / 60), figure(61.54321), figure(1234.5678), figure(None), figure(-0.0)
    (0.08333, 61.54, 1234.57, None, 0.0)
    """
    if value is None:
        return None
    if value == 0 or not math.isfinite(value):
        return 0.0
    decimals = max(2, 3 - math.floor(math.log10(abs(value))))
    rounded = round(value, decimals)
    return 0.0 if rounded == 0 else rounded
