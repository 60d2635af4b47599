"""``skavmap compare`` as text, Markdown and JSON: the variants side by side, in words."""

from __future__ import annotations

import json

from skavmap.analysis.compare import NAME_SIMILARITY, Comparison, Row
from skavmap.analysis.results import Hotspot
from skavmap.format.diagnostics import display_path
from skavmap.format.model import Process
from skavmap.outputs.escape import markdown, rich, terminal
from skavmap.outputs.messages import hotspot_text
from skavmap.outputs.vocabulary import Words


def show(comparison: Comparison, field: str, k: int, row: Row, words: Words) -> str:
    step = comparison.step(row, k)
    process = comparison.analyses[k].process
    if field == "role":
        if step.role is None:
            return "–"
        role = process.roles[step.role]
        if role.external:
            return f"{role.name} ({words('compare.external')})"
        if role.department is None:
            return role.name
        return f"{role.name} ({process.departments[role.department].name})"
    if field == "systems":
        return ", ".join(process.systems[s].name for s in step.systems) or "–"
    if field in ("work", "wait"):
        duration = step.work if field == "work" else step.wait
        return words.duration(duration, process.calendar.day_hours)
    if field == "at":
        return step.at.text if step.at else "–"
    if field == "manual":
        return words("compare.yes") if step.manual else words("compare.no")
    if field == "forms":
        return ", ".join(step.forms) or "–"
    if field == "kind":
        return step.kind
    return step.name


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


def _measure_label(key: str, words: Words) -> str:
    return words(f"compare.{key.removesuffix('_hours')}")


def _show_value(value: float, kind: str, comparison: Comparison, k: int, words: Words) -> str:
    if kind == "hours":
        day = comparison.analyses[k].process.calendar.day_hours
        return words.hours(value, day)
    if kind == "percent":
        return words.percent(value)
    if kind == "count":
        return str(int(value))
    return words.number(value)


def _show_delta(delta: float, kind: str, comparison: Comparison, k: int, words: Words) -> str:
    """A signed difference: ``+2,1 d``, ``−0,4``, ``+0,3 procentenheter``; ``±0`` for none."""
    if kind == "percent":
        text = words.number(abs(delta) * 100)
        suffix = f" {words('compare.points')}"
    else:
        text = _show_value(abs(delta), kind, comparison, k, words)
        suffix = ""
    if text in ("0", "0 min"):
        return "±0"
    return f"{'+' if delta > 0 else '−'}{text}{suffix}"


def figures(comparison: Comparison, words: Words) -> list[tuple[str, list[str], str | None]]:
    """Per measure: its label, the value of each variant, and (two variants) the difference."""
    lines = []
    for key, kind in MEASURES:
        values = [getattr(a.metrics, key) for a in comparison.analyses]
        shown = [_show_value(v, kind, comparison, k, words) for k, v in enumerate(values)]
        delta = None
        if len(values) == 2:
            delta = _show_delta(values[1] - values[0], kind, comparison, 1, words)
        lines.append((_measure_label(key, words), shown, delta))
    return lines


def title(comparison: Comparison, words: Words) -> str:
    name = comparison.analyses[0].process.name
    return words("compare.title", name=name, labels=words("compare.versus").join(comparison.labels))


def notes(comparison: Comparison, words: Words) -> list[str]:
    """The lines under the title: how steps were matched, and a warning on different ids."""
    by_id = sum(1 for row in comparison.rows if "id" in row.matched_by)
    by_name = sum(1 for row in comparison.rows if "name" in row.matched_by)
    only = sum(1 for row in comparison.rows if sum(i is not None for i in row.ids) == 1)
    lines = [
        words(
            "compare.matching",
            id=by_id,
            name=by_name,
            only=only,
            threshold=words.number(NAME_SIMILARITY),
        )
    ]
    ids = sorted({a.process.id for a in comparison.analyses})
    if len(ids) > 1:
        lines.append(words("compare.different_ids", ids=", ".join(ids)))
    return lines


def contribution_lines(
    comparison: Comparison, k: int, words: Words
) -> list[tuple[str, list[str], str]]:
    """The steps explaining most of variant ``k``'s lead-time difference: name, hours per
    case in the first variant and in ``k``, and the signed difference."""
    lines = []
    for row, delta in comparison.contributions(k):
        values = [_hours_or_missing(comparison, row, j, words) for j in (0, k)]
        lines.append(
            (comparison.name(row), values, _show_delta(delta, "hours", comparison, k, words))
        )
    return lines


def _hours_or_missing(comparison: Comparison, row: Row, k: int, words: Words) -> str:
    if row.ids[k] is None:
        return words("compare.missing")
    return _show_value(comparison.hours(row, k), "hours", comparison, k, words)


def only_lines(comparison: Comparison, k: int, words: Words) -> list[tuple[str, str, str]]:
    """Steps only variant ``k`` has: name, role, time per case."""
    lines = []
    for row in comparison.only_in(k):
        role = show(comparison, "role", k, row, words)
        lines.append((comparison.name(row), role, _hours_or_missing(comparison, row, k, words)))
    return lines


def difference_lines(comparison: Comparison, words: Words) -> list[tuple[str, str, list[str]]]:
    """Matched steps that differ: step name (only on a step's first line), what differs, and
    the value in each variant."""
    lines = []
    for row in comparison.rows:
        for n, difference in enumerate(comparison.differences(row)):
            values = [
                show(comparison, difference.field, k, row, words)
                if present
                else words("compare.missing")
                for k, present in enumerate(difference.present)
            ]
            name = comparison.name(row) if n == 0 else ""
            lines.append((name, words(f"compare.fields.{difference.field}"), values))
    return lines


def hotspot_lines(
    comparison: Comparison, words: Words
) -> list[tuple[str, str, str, list[str], str]]:
    """Hotspots not every variant has: code, kind, where, the score per variant (or
    "absent"), and the message of the variant where it scores highest."""
    lines = []
    for presence in comparison.hotspots:
        best_k = max(
            (k for k, h in enumerate(presence.found) if h is not None),
            key=lambda k: (presence.found[k].score, -k),
        )
        best = presence.found[best_k]
        scores = [
            words.number(h.score) if h is not None else words("compare.missing")
            for h in presence.found
        ]
        where = _hotspot_where(comparison.analyses[best_k].process, best)
        lines.append(
            (
                presence.code,
                presence.kind,
                where,
                scores,
                hotspot_text(best, comparison.analyses[best_k].process, words),
            )
        )
    return lines


def _hotspot_where(process: Process, hotspot: Hotspot) -> str:
    if hotspot.role is not None:
        return process.roles[hotspot.role].name
    return " → ".join(process.steps[s].name for s in hotspot.steps)


def text_report(comparison: Comparison, words: Words) -> list:
    """Rich renderables: the figures side by side, what explains the difference, the steps
    only one variant has, the steps done differently and the hotspots that differ."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    labels = comparison.labels
    parts: list = [rich(title(comparison, words), "bold")]
    parts += [rich(line, "dim") for line in notes(comparison, words)]

    def table(heading: str, style: str = "bold") -> Table:
        # The same light rules as the other commands' tables.
        return Table(
            title=rich(heading),
            title_justify="left",
            title_style=style,
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )

    figure_table = table(words("compare.figures"))
    figure_table.add_column(words("compare.measure"))
    for label in labels:
        figure_table.add_column(rich(label), justify="right")
    if len(labels) == 2:
        figure_table.add_column(words("compare.difference"), justify="right")
    for name, values, delta in figures(comparison, words):
        figure_table.add_row(*_safe(name, *values, *([delta] if delta is not None else [])))
    parts += [Text(""), figure_table]

    for k in range(1, len(labels)):
        lines = contribution_lines(comparison, k, words)
        if not lines:
            continue
        explain = table(words("compare.explain", label=labels[k], first=labels[0]))
        explain.add_column(words("compare.step"), ratio=1)
        explain.add_column(rich(labels[0]), justify="right", no_wrap=True)
        explain.add_column(rich(labels[k]), justify="right", no_wrap=True)
        explain.add_column(words("compare.difference"), justify="right", no_wrap=True)
        for name, values, delta in lines:
            explain.add_row(*_safe(name, *values, delta))
        parts += [Text(""), explain]

    any_only = False
    for k, label in enumerate(labels):
        lines = only_lines(comparison, k, words)
        if not lines:
            continue
        any_only = True
        only = table(words("compare.only", label=label))
        only.add_column(words("compare.step"), ratio=2)
        only.add_column(words("compare.fields.role").capitalize(), ratio=1)
        only.add_column(words("compare.hours_per_case"), justify="right", no_wrap=True)
        for line in lines:
            only.add_row(*_safe(*line))
        parts += [Text(""), only]
    if not any_only:
        parts += [Text(""), Text(words("compare.none_only"))]

    lines = difference_lines(comparison, words)
    parts.append(Text(""))
    if lines:
        differ = table(words("compare.differ"))
        differ.add_column(words("compare.step"), ratio=2)
        differ.add_column(words("compare.what"), no_wrap=True)
        for label in labels:
            differ.add_column(rich(label), ratio=2)
        for name, what, values in lines:
            differ.add_row(*_safe(name, what, *values))
        parts.append(differ)
    else:
        parts.append(Text(words("compare.nothing_differs")))

    score = words.number(comparison.min_score)
    hotspots = hotspot_lines(comparison, words)
    parts.append(Text(""))
    if hotspots:
        spots = table(words("compare.hotspots", score=score))
        # The reason goes under its place, as in ``skavmap hotspots``: a column of its own
        # would leave a few letters a line at 80 columns.
        spots.add_column(f"{words('compare.where')} · {words('compare.why')}", ratio=1)
        for label in labels:
            spots.add_column(rich(label), justify="right", no_wrap=True)
        for code, kind, where, scores, message in hotspots:
            said = Text(f"{code} {words.kind(kind)} · ", style="bold")
            said.append(terminal(where))
            said.append("\n" + terminal(message), style="dim")
            spots.add_row(said, *_safe(*scores))
        parts.append(spots)
    else:
        parts.append(Text(words("compare.none_hotspots", score=score)))
    return parts


def _safe(*cells) -> list:
    """Table cells for rich: text is never read as markup."""
    return [rich(cell) if isinstance(cell, str) else cell for cell in cells]


def markdown_report(comparison: Comparison, words: Words) -> str:
    """The comparison as Markdown, for workshop notes and wikis."""
    labels = list(comparison.labels)
    out = [f"# {markdown(title(comparison, words))}", ""]
    out += [markdown(line) for line in notes(comparison, words)] + [""]

    def head(*cells: str, right: int = 0) -> None:
        out.append("| " + " | ".join(markdown(c) for c in cells) + " |")
        left = len(cells) - right
        out.append("| " + " | ".join(["---"] * left + ["---:"] * right) + " |")

    def row(*cells: str) -> None:
        out.append("| " + " | ".join(markdown(c) for c in cells) + " |")

    two = len(labels) == 2
    out += [f"## {words('compare.figures')}", ""]
    head(
        words("compare.measure"),
        *labels,
        *([words("compare.difference")] if two else []),
        right=len(labels) + two,
    )
    for name, values, delta in figures(comparison, words):
        row(name, *values, *([delta] if delta is not None else []))
    out.append("")
    for k in range(1, len(labels)):
        lines = contribution_lines(comparison, k, words)
        if lines:
            explain = words("compare.explain", label=labels[k], first=labels[0])
            out += [f"## {markdown(explain)}", ""]
            head(words("compare.step"), labels[0], labels[k], words("compare.difference"), right=3)
            for name, values, delta in lines:
                row(name, *values, delta)
            out.append("")
    any_only = False
    for k, label in enumerate(labels):
        lines = only_lines(comparison, k, words)
        if lines:
            any_only = True
            out += [f"## {markdown(words('compare.only', label=label))}", ""]
            head(
                words("compare.step"),
                words("compare.fields.role").capitalize(),
                words("compare.hours_per_case"),
                right=1,
            )
            for line in lines:
                row(*line)
            out.append("")
    if not any_only:
        out += [words("compare.none_only"), ""]
    out += [f"## {words('compare.differ')}", ""]
    lines = difference_lines(comparison, words)
    if lines:
        head(words("compare.step"), words("compare.what"), *labels)
        for name, what, values in lines:
            row(name, what, *values)
    else:
        out.append(words("compare.nothing_differs"))
    score = words.number(comparison.min_score)
    out += ["", f"## {words('compare.hotspots', score=score)}", ""]
    hotspots = hotspot_lines(comparison, words)
    if hotspots:
        head(words("compare.kind"), words("compare.where"), *labels, words("compare.why"))
        for code, kind, where, scores, message in hotspots:
            row(f"{code} {words.kind(kind)}", where, *scores, message)
    else:
        out.append(words("compare.none_hotspots", score=score))
    return "\n".join(out) + "\n"


def json_report(comparison: Comparison, words: Words) -> str:
    """The comparison as one JSON object: the format specification's ``processes`` (one per
    variant, in the order given, with all its hotspots), then the comparison itself; numbers
    in working hours, the first variant the reference of every difference."""
    from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry, metrics_json

    def hotspot(h: Hotspot | None, process: Process) -> dict | None:
        if h is None:
            return None
        message = hotspot_text(h, process, words)
        return {"steps": list(h.steps), "role": h.role, "score": h.score, "message": message}

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
                "differences": {
                    d.field: [
                        show(comparison, d.field, k, row, words) if present else None
                        for k, present in enumerate(d.present)
                    ]
                    for d in comparison.differences(row)
                },
            }
        )
    document = {
        "skavmap": FORMAT_VERSION,
        "processes": [contract_entry(a, words) for a in comparison.analyses],
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
                "variants": [
                    hotspot(h, a.process) for h, a in zip(p.found, comparison.analyses, strict=True)
                ],
            }
            for p in comparison.hotspots
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
