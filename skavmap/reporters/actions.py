"""``skavmap actions`` as text, Markdown, CSV and JSON: the plan grouped, with its gaps."""

from __future__ import annotations

import csv
import io
import json
import re

from skavmap.analysis.effect import Effect
from skavmap.analysis.plan import (
    Plan,
    PlannedAction,
    by_effect,
    changing,
    grouped,
    owner_name,
)
from skavmap.analysis.results import Analysis, Hotspot
from skavmap.format.diagnostics import display_path
from skavmap.format.model import Process
from skavmap.outputs.escape import csv_cell, markdown, rich, terminal
from skavmap.outputs.messages import (
    cost_cells,
    effect_cells,
    hotspot_reasons,
    hotspot_text,
    saved_cell,
)
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.effects import effect_json, effect_markdown, effect_table
from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry, figure

_CODE = re.compile(r"SKV\d{3}")


def level_label(level: str | None, words: Words) -> str:
    return words(f"actions.levels.{level}") if level else words("actions.no_level")


def status_label(status: str, words: Words) -> str:
    return words(f"actions.statuses.{status}")


def group_label(key: str | None, group: str, words: Words) -> str:
    """The heading of a group of :func:`~skavmap.analysis.plan.grouped`."""
    if group == "level":
        return level_label(key, words)
    if group == "status":
        return status_label(key, words)
    return key or words("actions.no_owner")


def labelled_groups(plan: Plan, group: str, words: Words) -> list[tuple[str, list[PlannedAction]]]:
    return [(group_label(key, group, words), members) for key, members in grouped(plan, group)]


def process_label(process: Process, labels: dict[int, str]) -> str:
    return labels.get(id(process), process.name)


def hits_text(planned: PlannedAction, words: Words) -> str:
    if not planned.covers:
        return words("actions.no_hits")
    score = words.number(planned.covers[0].score)
    return words.plural("actions.hits_value", len(planned.covers), score=score)


def hits_short(planned: PlannedAction, words: Words) -> str:
    """``3 · högst 85``: how many hotspots the action addresses and the highest score."""
    if not planned.covers:
        return words("actions.none")
    score = words.number(planned.covers[0].score)
    return f"{len(planned.covers)} · {words('actions.top')} {score}"


def addresses_text(planned: PlannedAction) -> str:
    """Step names and codes as the action names them, for people."""
    steps = planned.analysis.process.steps
    return ", ".join(steps[a].name if a in steps else a for a in planned.action.addresses)


def unmatched_reason(planned: PlannedAction, words: Words) -> str:
    action = planned.action
    if not action.addresses:
        return words("actions.why_empty")
    steps = planned.analysis.process.steps
    codes = [a for a in action.addresses if _CODE.fullmatch(a)]
    names = [steps[a].name for a in action.addresses if a not in codes and a in steps]
    if codes and names:
        targets = words("actions.step_and_code", codes=", ".join(codes), steps=", ".join(names))
    else:
        targets = ", ".join(codes or names)
    return words("actions.why_none", targets=targets)


def hotspot_steps(analysis: Analysis, hotspot: Hotspot) -> str:
    """The hotspot's steps by name (a role-level finding: the role's name)."""
    process = analysis.process
    if hotspot.role is not None:
        return process.roles[hotspot.role].name
    return " → ".join(process.steps[s].name for s in hotspot.steps)


def _labels(plan: Plan) -> dict[int, str]:
    from skavmap.analysis.compare import process_labels

    processes = [a.process for a in plan.analyses]
    return dict(zip(map(id, processes), process_labels(processes), strict=True))


def _threshold(plan: Plan, words: Words) -> str:
    return words.number(plan.threshold)


def text_report(plan: Plan, group: str, words: Words, by: str = "group") -> list:
    """Rich renderables: a table per group (or one, by effect), what the whole plan would
    change, then the uncovered hotspots and unmatched actions. The tables fit 80 columns:
    the short columns never wrap, the action's text does, with its process and the other
    details on a line under it."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    labels = _labels(plan)
    parts: list = [Text(words("actions.title"), style="bold")]
    parts.append(Text(_summary(plan, group, words, by), style="dim"))
    if not plan.actions:
        parts.append(Text(words("actions.no_actions")))
    sections = (
        [(words("actions.by_effect"), by_effect(plan))]
        if by == "effect"
        else labelled_groups(plan, group, words)
    )
    for label, members in sections:
        table = Table(
            title=rich(f"{label} ({len(members)})"),
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            expand=True,
        )
        table.add_column(words("actions.id"), no_wrap=True)
        table.add_column(f"{words('actions.action')} / {words('actions.process')}", ratio=1)
        # A count that moves ("−0.32 night-time notifications") wraps at its spaces rather
        # than squeeze the action's text.
        table.add_column(words("hotspots.per_case"), justify="right", max_width=16)
        table.add_column(words("hotspots.per_year"), justify="right", no_wrap=True)
        if by == "effect":
            table.add_column(words("actions.saved_year"), justify="right", no_wrap=True)
        for planned in members:
            what = rich(planned.action.text)
            details = [process_label(planned.analysis.process, labels)]
            details += [
                _cell(planned, column, words)
                for column in _columns(group if by == "group" else "")
                if _cell(planned, column, words) != "–"
            ]
            details.append(f"{words('actions.hits')}: {hits_short(planned, words)}")
            what.append("\n" + terminal(" · ".join(details)), "dim")
            cells = list(effect_cells(planned.effect, planned.analysis.process, words))
            if by == "effect":
                cells.append(saved_cell(planned.effect, words))
            table.add_row(rich(planned.action.id), what, *(rich(c) for c in cells))
        parts += [Text(""), table]
    for analysis, effect in plan.effects:
        actions, process = plan_label(analysis, effect, plan, labels)
        title = words("effect.plan", process=process, actions=actions)
        parts += [Text(""), effect_table(title, effect, analysis.process, words)]
    parts.append(Text(""))
    threshold = _threshold(plan, words)
    if plan.uncovered:
        table = Table(
            title=words("actions.uncovered", threshold=threshold),
            title_justify="left",
            title_style="bold red",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            expand=True,
        )
        for column in ("per_case", "per_year", "votes"):
            table.add_column(words(f"hotspots.{column}"), justify="right", no_wrap=True)
        table.add_column(words("hotspots.where_why"), ratio=1)
        for line in plan.uncovered:
            process = line.analysis.process
            where = rich(process_label(process, labels), "dim")
            where.append(" · ", "dim")
            where.append(terminal(hotspot_steps(line.analysis, line.hotspot)), "bold")
            for reason in hotspot_reasons(line.hotspot, process, words):
                where.append("\n" + terminal(reason))
            table.add_row(*cost_cells(line.hotspot, process, words), where)
        parts.append(table)
    else:
        parts.append(Text(words("actions.all_covered", threshold=threshold), style="green"))
    parts.append(Text(""))
    unmatched = plan.unmatched
    if unmatched:
        table = Table(
            title=words("actions.unmatched"),
            title_justify="left",
            title_style="bold yellow",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            expand=True,
        )
        table.add_column(words("actions.id"), no_wrap=True)
        table.add_column(f"{words('actions.action')} / {words('actions.process')}", ratio=1)
        table.add_column(words("actions.why"), ratio=1)
        for planned in unmatched:
            what = rich(planned.action.text)
            what.append("\n" + terminal(process_label(planned.analysis.process, labels)), "dim")
            table.add_row(rich(planned.action.id), what, rich(unmatched_reason(planned, words)))
        parts.append(table)
    elif plan.actions:
        parts.append(Text(words("actions.unmatched_none"), style="green"))
    return parts


def _summary(plan: Plan, group: str, words: Words, by: str = "group") -> str:
    return words(
        "actions.summary",
        actions=words.plural("actions.actions", len(plan.actions)),
        processes=words.plural("actions.processes", len(plan.analyses)),
        group=words("actions.by.effect" if by == "effect" else f"actions.by.{group}"),
    )


def plan_label(analysis: Analysis, effect: Effect, plan: Plan, labels: dict[int, str]) -> str:
    """ "The whole plan for PROCESS: A1, A2, A5": the actions whose changes the plan makes."""
    return ", ".join(changing(plan, analysis)), process_label(analysis.process, labels)


def _columns(group: str) -> tuple[str, ...]:
    """The descriptive columns, leaving out the one the groups already say."""
    return tuple(c for c in ("status", "level", "owner", "due") if c != group)


def _cell(planned: PlannedAction, column: str, words: Words) -> str:
    action = planned.action
    if column == "status":
        return status_label(action.status, words)
    if column == "level":
        return words(f"actions.levels.{action.level}") if action.level else "–"
    if column == "owner":
        return owner_name(planned.analysis.process, action.owner) or "–"
    return action.due.isoformat() if action.due else "–"


def sections(
    plan: Plan, group: str, words: Words, by: str = "group"
) -> list[tuple[str, list[PlannedAction]]]:
    """The plan's actions as every format lists them: in their groups, or in one list by
    the hours each saves a year."""
    if by == "effect":
        return [(words("actions.by_effect"), by_effect(plan))]
    return labelled_groups(plan, group, words)


def markdown_report(plan: Plan, group: str, words: Words, by: str = "group") -> str:
    """The plan as Markdown: a table per group, what the whole plan would change, then the
    gaps, for workshop notes and wikis."""
    labels = _labels(plan)
    out = [f"# {words('actions.title')}", "", _summary(plan, group, words, by) + ".", ""]
    if not plan.actions:
        out += [words("actions.no_actions"), ""]
    columns = _columns(group if by == "group" else "")
    for label, members in sections(plan, group, words, by):
        out += [f"## {markdown(label)} ({len(members)})", ""]
        head = ["id", "process", "action", *columns, "addresses", "hits"]
        names = [words(f"actions.{c}") for c in head]
        figures = [words("hotspots.per_case"), words("hotspots.per_year")]
        if by == "effect":
            figures.append(words("actions.saved_year"))
        names[-1:-1] = figures
        out.append("| " + " | ".join(names) + " |")
        out.append("| " + " | ".join("---:" if n in figures else "---" for n in names) + " |")
        for planned in members:
            cells = [
                planned.action.id,
                process_label(planned.analysis.process, labels),
                planned.action.text,
                *(_cell(planned, c, words) for c in columns),
                addresses_text(planned) or "–",
                *effect_cells(planned.effect, planned.analysis.process, words),
                *([saved_cell(planned.effect, words)] if by == "effect" else []),
                hits_text(planned, words),
            ]
            out.append("| " + " | ".join(markdown(c) for c in cells) + " |")
        out.append("")
    for analysis, effect in plan.effects:
        actions, process = plan_label(analysis, effect, plan, labels)
        out += [f"## {markdown(words('effect.plan', process=process, actions=actions))}", ""]
        out += effect_markdown(effect, analysis.process, words) + [""]
    threshold = _threshold(plan, words)
    out += [f"## {words('actions.uncovered', threshold=threshold)}", ""]
    if plan.uncovered:
        head = [words(f"hotspots.{c}") for c in ("per_case", "per_year", "votes")]
        head += [words("actions.process"), words("actions.steps"), words("actions.reason")]
        out.append("| " + " | ".join(head) + " |")
        out.append("| ---: | ---: | ---: | --- | --- | --- |")
        for line in plan.uncovered:
            process = line.analysis.process
            cells = [
                *cost_cells(line.hotspot, process, words),
                process_label(process, labels),
                hotspot_steps(line.analysis, line.hotspot),
            ]
            reasons = "<br>".join(
                markdown(r) for r in hotspot_reasons(line.hotspot, process, words)
            )
            out.append("| " + " | ".join(markdown(c) for c in cells) + f" | {reasons} |")
    else:
        out.append(words("actions.all_covered", threshold=threshold))
    out += ["", f"## {words('actions.unmatched')}", ""]
    unmatched = plan.unmatched
    if unmatched:
        for planned in unmatched:
            where = process_label(planned.analysis.process, labels)
            out.append(
                f"- **{markdown(planned.action.id)}** ({markdown(where)}): "
                f"{markdown(planned.action.text)} – {markdown(unmatched_reason(planned, words))}"
            )
    else:
        out.append(words("actions.unmatched_none"))
    return "\n".join(out) + "\n"


#: The CSV's effect columns: the change of each figure per case (empty when the action
#: changes nothing), then the hours saved.
_EFFECT_COLUMNS = ("lead_time_hours", "lead_time_p90_hours", "work_time_hours", "work_cost")


def csv_report(plan: Plan, group: str, words: Words, by: str = "group") -> str:
    """One row per action for spreadsheets; levels, statuses and dates as written in the
    files, ``group`` as the group's label; the effect's changes per case (negative: saved)
    and the hours saved per case and a year."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ("group", "process", "unit", "file", "id", "text", "level", "status", "owner")
        + ("owner_name", "due", "addresses", "hotspots", "top_score", "unmatched")
        + tuple(f"change_{c}" for c in _EFFECT_COLUMNS)
        + ("hours_saved", "hours_saved_per_year")
    )
    for label, members in sections(plan, group, words, by):
        for planned in members:
            process = planned.analysis.process
            action = planned.action
            effect = planned.effect
            changes = [
                _number(effect.change(c)) if effect is not None else "" for c in _EFFECT_COLUMNS
            ]
            saved = [
                _number(effect.hours_saved) if effect is not None else "",
                _number(effect.hours_saved_per_year) if effect is not None else "",
            ]
            writer.writerow(
                map(
                    csv_cell,
                    (
                        label,
                        process.id,
                        process.unit or "",
                        display_path(process.file),
                        action.id,
                        action.text,
                        action.level or "",
                        action.status,
                        action.owner or "",
                        owner_name(process, action.owner) or "",
                        action.due.isoformat() if action.due else "",
                        " ".join(action.addresses),
                        len(planned.covers),
                        f"{planned.covers[0].score:.1f}" if planned.covers else "",
                        "yes" if planned.unmatched else "no",
                        *changes,
                        *saved,
                    ),
                )
            )
    return buffer.getvalue()


def _number(value: float | None) -> float | str:
    """A figure as a number (so that a spreadsheet can sum it), or empty."""
    return "" if value is None else figure(value)


def json_report(plan: Plan, group: str, words: Words, by: str = "group") -> str:
    """The whole plan as one JSON object: the format specification's ``processes`` (every
    process looked at, with all its hotspots), then the actions in group order, each with the
    hotspots it addresses, the uncovered hotspots and the unmatched actions."""

    def where(process: Process) -> dict:
        return {"process": process.id, "unit": process.unit, "file": display_path(process.file)}

    def hotspot(h: Hotspot) -> dict:
        return {
            "code": h.code,
            "name": h.name,
            "kind": h.kind,
            "steps": list(h.steps),
            "role": h.role,
            "score": h.score,
        }

    actions = []
    for label, members in sections(plan, group, words, by):
        for planned in members:
            process = planned.analysis.process
            action = planned.action
            actions.append(
                {
                    **where(process),
                    "group": label,
                    "id": action.id,
                    "text": action.text,
                    "addresses": list(action.addresses),
                    "owner": action.owner,
                    "owner_name": owner_name(process, action.owner),
                    "level": action.level,
                    "status": action.status,
                    "due": action.due.isoformat() if action.due else None,
                    "line": action.pos.line,
                    "hotspots": [hotspot(h) for h in planned.covers],
                    "unmatched": planned.unmatched,
                    "effect": effect_json(planned.effect),
                }
            )
    effects = {id(analysis): effect for analysis, effect in plan.effects}
    processes = [
        {**contract_entry(analysis, words), "plan_effect": effect_json(effects.get(id(analysis)))}
        for analysis in plan.analyses
    ]
    document = {
        "skavmap": FORMAT_VERSION,
        "processes": processes,
        "group_by": group,
        "order_by": by,
        "threshold": plan.threshold,
        "actions": actions,
        "uncovered": [
            {
                **where(line.analysis.process),
                **hotspot(line.hotspot),
                "step_names": [line.analysis.process.steps[s].name for s in line.hotspot.steps],
                "message": hotspot_text(line.hotspot, line.analysis.process, words),
            }
            for line in plan.uncovered
        ],
        "unmatched": [
            {**where(p.analysis.process), "id": p.action.id, "reason": unmatched_reason(p, words)}
            for p in plan.unmatched
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
