"""The action plan across processes: which hotspots each action addresses, and the gaps.

Semantics (docs/workshop.md explains them to facilitators):

- An action **addresses** a hotspot of its own process when its step ids and its analyser
  codes both fit: steps say *where*, codes say *what*. An action that names only steps
  addresses every hotspot that involves one of those steps; one that names only codes
  addresses every hotspot with one of those codes; one that names both addresses the
  hotspots that involve one of the steps *and* carry one of the codes
  (``[beslutsattest, SKV303]``: the long wait at the decision attest, not the pain reported
  there). An action without addresses addresses nothing.
- A hotspot is **uncovered** when its score is at least the threshold (:data:`HIGH_SCORE`
  unless the command says otherwise) and no action of its process addresses it, whatever
  the action's status.
- An action is **unmatched** when it addresses no current hotspot and its status is not
  ``klar``: either it names nothing, or what it names has no hotspot (a step where nothing
  chafes, a code whose analyser found nothing in this process). A finished action whose
  hotspot has gone is the plan working, not a gap, so it is never flagged.

>>> from skavmap.format.model import Action, Pos
>>> from skavmap.analysis.engine import Hotspot
>>> wait = Hotspot("SKV303", "long-wait", "wait", ("attest",), 40.0, "")
>>> pain = Hotspot("SKV601", "reported-pain", "pain", ("attest",), 80.0, "")
>>> action = Action("A1", "Ersättare vid frånvaro", ("attest", "SKV303"), None, None, "idé",
...                 None, Pos(1, 1))
>>> addresses(action, wait), addresses(action, pain)
(True, False)
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from skavmap.analysis.engine import Analysis, Hotspot
from skavmap.format.diagnostics import display_path
from skavmap.outputs.vocabulary import format_number
from skavmap.outputs.kinds import kind_label
from skavmap.format.model import ACTION_LEVELS, ACTION_STATUSES, Action, Process
from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry

#: Hotspots scoring at least this are "high": the plan should say what happens to them.
HIGH_SCORE = 50.0
GROUPINGS = ("level", "owner", "status")
FORMATS = ("text", "markdown", "csv", "json")

_CODE = re.compile(r"SKV\d{3}")


def addresses(action: Action, hotspot: Hotspot) -> bool:
    """Whether ``action`` addresses ``hotspot`` (both of the same process)."""
    codes = {a for a in action.addresses if _CODE.fullmatch(a)}
    steps = {a for a in action.addresses if a not in codes}
    if not codes and not steps:
        return False
    where = not steps or not steps.isdisjoint(hotspot.steps)
    what = not codes or hotspot.code in codes
    return where and what


@dataclass(frozen=True)
class PlannedAction:
    """An action with the process it belongs to and the hotspots it addresses."""

    analysis: Analysis
    action: Action
    covers: tuple[Hotspot, ...]  # highest score first

    @property
    def unmatched(self) -> bool:
        return not self.covers and self.action.status != "klar"


@dataclass(frozen=True)
class Uncovered:
    analysis: Analysis
    hotspot: Hotspot


@dataclass(frozen=True)
class Plan:
    analyses: tuple[Analysis, ...]  # every process looked at, with or without actions
    actions: tuple[PlannedAction, ...]  # processes in the order given, actions in file order
    uncovered: tuple[Uncovered, ...]  # highest score first
    threshold: float

    @property
    def unmatched(self) -> tuple[PlannedAction, ...]:
        return tuple(a for a in self.actions if a.unmatched)


def build_plan(analyses: Sequence[Analysis], threshold: float = HIGH_SCORE) -> Plan:
    """Tie every action to the hotspots it addresses and find the high ones left uncovered.

    Uncovered hotspots are ranked by score; ties keep the order of the processes and each
    analysis's own order.
    """
    planned = []
    uncovered = []
    for index, analysis in enumerate(analyses):
        actions = analysis.process.actions
        for action in actions:
            covers = tuple(h for h in analysis.hotspots if addresses(action, h))
            planned.append(PlannedAction(analysis, action, covers))
        for position, hotspot in enumerate(analysis.hotspots):
            if hotspot.score >= threshold and not any(addresses(a, hotspot) for a in actions):
                uncovered.append((-hotspot.score, index, position, Uncovered(analysis, hotspot)))
    uncovered.sort(key=lambda line: line[:3])
    return Plan(tuple(analyses), tuple(planned), tuple(line[3] for line in uncovered), threshold)


WORDS = {
    "sv": {
        "title": "Åtgärdsplan",
        "summary": "{actions} i {processes}, grupperade efter {group}",
        "actions": ("{n} åtgärd", "{n} åtgärder"),
        "processes": ("{n} process", "{n} processer"),
        "by": {"level": "nivå", "owner": "ägare", "status": "status"},
        "id": "Id",
        "process": "Process",
        "action": "Åtgärd",
        "level": "Nivå",
        "owner": "Ägare",
        "status": "Status",
        "due": "Klart senast",
        "addresses": "Adresserar",
        "hits": "Träffar",
        "hits_value": ("{n} skavpunkt, högst {score}", "{n} skavpunkter, högst {score}"),
        "no_hits": "ingen skavpunkt",
        "none": "ingen",
        "top": "högst",
        "no_actions": "Inga åtgärder i processfilerna (lägg till en lista 'actions:').",
        "levels": {"central": "Central", "förvaltning": "Förvaltning", "enhet": "Enhet"},
        "statuses": {"idé": "Idé", "planerad": "Planerad", "pågår": "Pågår", "klar": "Klar"},
        "no_level": "Ingen nivå angiven",
        "no_owner": "Ingen ägare angiven",
        "uncovered": "Högt skav som ingen åtgärd tar hand om (poäng ≥ {threshold})",
        "all_covered": "Alla skavpunkter med poäng ≥ {threshold} har minst en åtgärd.",
        "score": "Poäng",
        "steps": "Steg",
        "kind": "Typ",
        "reason": "Varför",
        "unmatched": "Åtgärder som inte träffar någon skavpunkt",
        "unmatched_none": "Alla åtgärder som inte är klara träffar minst en skavpunkt.",
        "why": "Varför",
        "why_empty": "anger inga steg eller koder under 'addresses'",
        "why_none": "inget skaver just nu vid {targets}",
        "step_and_code": "{codes} vid {steps}",
    },
    "en": {
        "title": "Action plan",
        "summary": "{actions} in {processes}, grouped by {group}",
        "actions": ("{n} action", "{n} actions"),
        "processes": ("{n} process", "{n} processes"),
        "by": {"level": "level", "owner": "owner", "status": "status"},
        "id": "Id",
        "process": "Process",
        "action": "Action",
        "level": "Level",
        "owner": "Owner",
        "status": "Status",
        "due": "Due",
        "addresses": "Addresses",
        "hits": "Hits",
        "hits_value": ("{n} hotspot, top {score}", "{n} hotspots, top {score}"),
        "no_hits": "no hotspot",
        "none": "none",
        "top": "top",
        "no_actions": "No actions in the process files (add an 'actions:' list).",
        "levels": {"central": "Central", "förvaltning": "Administration", "enhet": "Unit"},
        "statuses": {"idé": "Idea", "planerad": "Planned", "pågår": "In progress", "klar": "Done"},
        "no_level": "No level given",
        "no_owner": "No owner given",
        "uncovered": "High friction that no action addresses (score ≥ {threshold})",
        "all_covered": "Every hotspot scoring {threshold} or more has at least one action.",
        "score": "Score",
        "steps": "Steps",
        "kind": "Kind",
        "reason": "Why",
        "unmatched": "Actions that address no hotspot",
        "unmatched_none": "Every action that is not done addresses at least one hotspot.",
        "why": "Why",
        "why_empty": "names no steps or codes under 'addresses'",
        "why_none": "nothing chafes at {targets} now",
        "step_and_code": "{codes} at {steps}",
    },
}


def plural(pair: tuple[str, str], n: int) -> str:
    return pair[0 if n == 1 else 1].format(n=n)


def owner_name(process: Process, owner: str | None) -> str | None:
    """The display name of an action's owner: a role's or a department's name."""
    if owner is None:
        return None
    if owner in process.roles:
        return process.roles[owner].name
    if owner in process.departments:
        return process.departments[owner].name
    return owner


def level_label(level: str | None, lang: str) -> str:
    words = WORDS[lang]
    return words["levels"][level] if level else words["no_level"]


def status_label(status: str, lang: str) -> str:
    return WORDS[lang]["statuses"][status]


def group_of(planned: PlannedAction, group: str, lang: str) -> str:
    """The label of the group that ``planned`` falls in."""
    action = planned.action
    if group == "level":
        return level_label(action.level, lang)
    if group == "status":
        return status_label(action.status, lang)
    return owner_name(planned.analysis.process, action.owner) or WORDS[lang]["no_owner"]


def grouped(plan: Plan, group: str, lang: str) -> list[tuple[str, list[PlannedAction]]]:
    """The plan's actions in groups, each group ordered by due date (undated last), then by
    process and file order.

    Levels and statuses come in the format's order (central → enhet, idé → klar); owners
    alphabetically. Actions without a level or owner come last.
    """
    order = {id(p): i for i, p in enumerate(plan.actions)}
    if group not in GROUPINGS:
        raise ValueError(f"unknown grouping {group!r}")

    def rank(planned: PlannedAction) -> tuple:
        action = planned.action
        if group == "level":
            return (ACTION_LEVELS.index(action.level) if action.level else len(ACTION_LEVELS),)
        if group == "status":
            return (ACTION_STATUSES.index(action.status),)
        name = owner_name(planned.analysis.process, action.owner)
        return (name is None, (name or "").casefold())

    groups: dict[str, list[PlannedAction]] = {}
    for planned in sorted(plan.actions, key=lambda p: (rank(p), _by_due(p), order[id(p)])):
        groups.setdefault(group_of(planned, group, lang), []).append(planned)
    return list(groups.items())


def _by_due(planned: PlannedAction) -> tuple:
    due = planned.action.due
    return (due is None, due.isoformat() if due else "")


def process_label(process: Process, labels: dict[int, str]) -> str:
    return labels.get(id(process), process.name)


def hits_text(planned: PlannedAction, lang: str) -> str:
    words = WORDS[lang]
    if not planned.covers:
        return words["no_hits"]
    pair = words["hits_value"]
    n = len(planned.covers)
    return pair[0 if n == 1 else 1].format(n=n, score=format_number(planned.covers[0].score, lang))


def hits_short(planned: PlannedAction, lang: str) -> str:
    """``3 · högst 85``: how many hotspots the action addresses and the highest score."""
    words = WORDS[lang]
    if not planned.covers:
        return words["none"]
    score = format_number(planned.covers[0].score, lang)
    return f"{len(planned.covers)} · {words['top']} {score}"


def addresses_text(planned: PlannedAction) -> str:
    """Step names and codes as the action names them, for people."""
    steps = planned.analysis.process.steps
    return ", ".join(steps[a].name if a in steps else a for a in planned.action.addresses)


def unmatched_reason(planned: PlannedAction, lang: str) -> str:
    words = WORDS[lang]
    action = planned.action
    if not action.addresses:
        return words["why_empty"]
    steps = planned.analysis.process.steps
    codes = [a for a in action.addresses if _CODE.fullmatch(a)]
    names = [steps[a].name for a in action.addresses if a not in codes and a in steps]
    if codes and names:
        targets = words["step_and_code"].format(codes=", ".join(codes), steps=", ".join(names))
    else:
        targets = ", ".join(codes or names)
    return words["why_none"].format(targets=targets)


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


def _threshold(plan: Plan, lang: str) -> str:
    return format_number(plan.threshold, lang)


def text_report(plan: Plan, group: str, lang: str) -> list:
    """Rich renderables: a table per group, then the uncovered hotspots and unmatched actions."""
    from rich.table import Table
    from rich.text import Text

    words = WORDS[lang]
    labels = _labels(plan)
    parts: list = [Text(words["title"], style="bold")]
    parts.append(Text(_summary(plan, group, lang), style="dim"))
    if not plan.actions:
        parts.append(Text(words["no_actions"]))
    for label, members in grouped(plan, group, lang):
        table = Table(
            title=f"{label} ({len(members)})",
            title_justify="left",
            title_style="bold",
            expand=True,
        )
        table.add_column(words["id"], no_wrap=True)
        table.add_column(f"{words['action']} / {words['process']}", ratio=4)
        for column in _columns(group):
            table.add_column(words[column], no_wrap=column in ("status", "due"))
        table.add_column(words["hits"], no_wrap=True)
        for planned in members:
            what = Text(planned.action.text)
            what.append("\n" + process_label(planned.analysis.process, labels), style="dim")
            cells = [planned.action.id, what]
            cells += [_cell(planned, column, lang) for column in _columns(group)]
            hits = Text(hits_short(planned, lang))
            if planned.unmatched:
                hits.stylize("yellow")
            table.add_row(*cells, hits)
        parts += [Text(""), table]
    parts.append(Text(""))
    threshold = _threshold(plan, lang)
    if plan.uncovered:
        table = Table(
            title=words["uncovered"].format(threshold=threshold),
            title_justify="left",
            title_style="bold red",
            expand=True,
        )
        table.add_column(words["score"], justify="right", no_wrap=True)
        table.add_column(f"{words['process']} / {words['steps']}", ratio=2)
        table.add_column(words["kind"], no_wrap=True)
        table.add_column(words["reason"], ratio=3)
        for line in plan.uncovered:
            where = Text(process_label(line.analysis.process, labels), style="dim")
            where.append("\n" + hotspot_steps(line.analysis, line.hotspot), style="bold")
            table.add_row(
                format_number(line.hotspot.score, lang),
                where,
                kind_label(line.hotspot.kind, lang),
                line.hotspot.message,
            )
        parts.append(table)
    else:
        parts.append(Text(words["all_covered"].format(threshold=threshold), style="green"))
    parts.append(Text(""))
    unmatched = plan.unmatched
    if unmatched:
        table = Table(
            title=words["unmatched"], title_justify="left", title_style="bold yellow", expand=True
        )
        table.add_column(words["id"], no_wrap=True)
        table.add_column(words["process"], ratio=1)
        table.add_column(words["action"], ratio=2)
        table.add_column(words["why"], ratio=2)
        for planned in unmatched:
            table.add_row(
                planned.action.id,
                process_label(planned.analysis.process, labels),
                planned.action.text,
                unmatched_reason(planned, lang),
            )
        parts.append(table)
    elif plan.actions:
        parts.append(Text(words["unmatched_none"], style="green"))
    return parts


def _summary(plan: Plan, group: str, lang: str) -> str:
    words = WORDS[lang]
    return words["summary"].format(
        actions=plural(words["actions"], len(plan.actions)),
        processes=plural(words["processes"], len(plan.analyses)),
        group=words["by"][group],
    )


def _columns(group: str) -> tuple[str, ...]:
    """The descriptive columns, leaving out the one the groups already say."""
    return tuple(c for c in ("status", "level", "owner", "due") if c != group)


def _cell(planned: PlannedAction, column: str, lang: str) -> str:
    action = planned.action
    if column == "status":
        return status_label(action.status, lang)
    if column == "level":
        return WORDS[lang]["levels"][action.level] if action.level else "–"
    if column == "owner":
        return owner_name(planned.analysis.process, action.owner) or "–"
    return action.due.isoformat() if action.due else "–"


def markdown_report(plan: Plan, group: str, lang: str) -> str:
    """The plan as Markdown: a table per group, then the gaps, for workshop notes and wikis."""
    words = WORDS[lang]
    labels = _labels(plan)
    out = [f"# {words['title']}", "", _summary(plan, group, lang) + ".", ""]
    if not plan.actions:
        out += [words["no_actions"], ""]
    columns = _columns(group)
    for label, members in grouped(plan, group, lang):
        out += [f"## {label} ({len(members)})", ""]
        head = ["id", "process", "action", *columns, "addresses", "hits"]
        out.append("| " + " | ".join(words[c] for c in head) + " |")
        out.append("| " + " | ".join("---" for _ in head) + " |")
        for planned in members:
            cells = [
                planned.action.id,
                process_label(planned.analysis.process, labels),
                planned.action.text,
                *(_cell(planned, c, lang) for c in columns),
                addresses_text(planned) or "–",
                hits_text(planned, lang),
            ]
            out.append("| " + " | ".join(_md(c) for c in cells) + " |")
        out.append("")
    threshold = _threshold(plan, lang)
    out += [f"## {words['uncovered'].format(threshold=threshold)}", ""]
    if plan.uncovered:
        out.append(
            f"| {words['score']} | {words['process']} | {words['steps']} | "
            f"{words['kind']} | {words['reason']} |"
        )
        out.append("| ---: | --- | --- | --- | --- |")
        for line in plan.uncovered:
            cells = [
                format_number(line.hotspot.score, lang),
                process_label(line.analysis.process, labels),
                hotspot_steps(line.analysis, line.hotspot),
                kind_label(line.hotspot.kind, lang),
                line.hotspot.message,
            ]
            out.append("| " + " | ".join(_md(c) for c in cells) + " |")
    else:
        out.append(words["all_covered"].format(threshold=threshold))
    out += ["", f"## {words['unmatched']}", ""]
    unmatched = plan.unmatched
    if unmatched:
        for planned in unmatched:
            where = process_label(planned.analysis.process, labels)
            out.append(
                f"- **{_md(planned.action.id)}** ({_md(where)}): {_md(planned.action.text)} – "
                f"{_md(unmatched_reason(planned, lang))}"
            )
    else:
        out.append(words["unmatched_none"])
    return "\n".join(out) + "\n"


def csv_report(plan: Plan, group: str, lang: str) -> str:
    """One row per action for spreadsheets; levels, statuses and dates as written in the
    files, ``group`` as the group's label."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ("group", "process", "unit", "file", "id", "text", "level", "status", "owner")
        + ("owner_name", "due", "addresses", "hotspots", "top_score", "unmatched")
    )
    for label, members in grouped(plan, group, lang):
        for planned in members:
            process = planned.analysis.process
            action = planned.action
            writer.writerow(
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
                )
            )
    return buffer.getvalue()


def json_report(plan: Plan, group: str, lang: str) -> str:
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
    for label, members in grouped(plan, group, lang):
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
                }
            )
    document = {
        "skavmap": FORMAT_VERSION,
        "processes": [contract_entry(analysis) for analysis in plan.analyses],
        "group_by": group,
        "threshold": plan.threshold,
        "actions": actions,
        "uncovered": [
            {
                **where(line.analysis.process),
                **hotspot(line.hotspot),
                "step_names": [line.analysis.process.steps[s].name for s in line.hotspot.steps],
                "message": line.hotspot.message,
            }
            for line in plan.uncovered
        ],
        "unmatched": [
            {**where(p.analysis.process), "id": p.action.id, "reason": unmatched_reason(p, lang)}
            for p in plan.unmatched
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
