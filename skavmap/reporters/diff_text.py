"""``skavmap diff`` as text for the terminal: per process the figures old → new, then lists."""

from __future__ import annotations

from collections.abc import Sequence

from skavmap.analysis.diff import Breach, DiffResult, Handoff, ProcessDiff
from skavmap.analysis.results import Hotspot
from skavmap.format.model import Process
from skavmap.outputs.escape import terminal
from skavmap.outputs.messages import describe, field_text, hotspot_text
from skavmap.outputs.vocabulary import Words

#: The list sections of a process diff, in the order shown.
SECTIONS = (
    "steps_added",
    "steps_removed",
    "steps_renamed",
    "steps_changed",
    "handoffs_gained",
    "handoffs_lost",
    "loops_introduced",
    "loops_removed",
    "hotspots_new",
    "hotspots_resolved",
)
MARK = {
    "steps_added": "+",
    "steps_removed": "-",
    "steps_renamed": "~",
    "steps_changed": "~",
    "handoffs_gained": "+",
    "handoffs_lost": "-",
    "loops_introduced": "+",
    "loops_removed": "-",
    "hotspots_new": "+",
    "hotspots_resolved": "-",
}


def status_text(diff: ProcessDiff, words: Words) -> str:
    if diff.status == "renamed":
        return words("diff.renamed", old=diff.old_file)
    return words(f"diff.{diff.status}")


def figure_rows(diff: ProcessDiff, words: Words) -> list[tuple[str, str, str, str]]:
    """(figure, old, new, change) for every figure, as text."""
    rows = []
    day = diff.day_hours
    for figure in diff.figures:
        old, new = (
            "–" if value is None else words.figure(value, figure.unit, day)
            for value in (figure.old, figure.new)
        )
        change = (
            words.change(figure.old, figure.new, figure.unit, day)
            if figure.delta is not None
            else ""
        )
        rows.append((words(f"figure.{figure.key}"), old, new, change))
    return rows


def edges_text(edges: Sequence[tuple[str, str]]) -> str:
    """``kontera → attest, attest → betala``."""
    return ", ".join(f"{u} → {v}" for u, v in edges)


def handoff_text(handoff: Handoff, words: Words, code=terminal, plain=terminal) -> str:
    """``code`` escapes ids for the sink, ``plain`` other text from the file."""
    text = f"{plain(handoff.from_name)} → {plain(handoff.to_name)}"
    if handoff.cross:
        units = f"{plain(handoff.from_unit)} → {plain(handoff.to_unit)}"
        text = f"{words('diff.cross')} {units}: {text}"
    if handoff.count > 1:
        text += f" {words('diff.count', n=handoff.count)}"
    extras = [edges_text([(code(u), code(v)) for u, v in handoff.edges])]
    if handoff.external:
        extras.append(words("diff.external"))
    return f"{text} ({'; '.join(extras)})"


def hotspot_line(hotspot: Hotspot, process: Process, words: Words, plain=terminal) -> str:
    score = words.number(hotspot.score)
    kind = words.kind(hotspot.kind)
    message = plain(hotspot_text(hotspot, process, words))
    return f"{hotspot.code} {kind} ({words('diff.score')} {score}): {message}"


def breach_text(breach: Breach, process: Process, words: Words) -> str:
    """What broke a ratchet rule, in words."""
    finding = breach.finding
    return describe(breach.rule.code, finding.steps, finding.figures, finding.role, process, words)


def items(
    diff: ProcessDiff, section: str, words: Words, code=terminal, plain=terminal
) -> list[str]:
    """The lines of one list section, without their marks; ``code`` escapes ids for the
    sink, ``plain`` other text from the file."""

    def quoted(text: str) -> str:
        return words("diff.quote", text=plain(text))

    day = diff.day_hours
    entries = getattr(diff, section)
    if section in ("steps_added", "steps_removed"):
        return [
            f"{code(s.id)} {quoted(s.name)}" + (f" ({plain(s.role)})" if s.role else "")
            for s in entries
        ]
    if section == "steps_renamed":
        return [
            f"{code(r.old_id)} {quoted(r.old_name)} → {code(r.new_id)} {quoted(r.new_name)}"
            if r.old_id != r.new_id
            else f"{code(r.new_id)}: {quoted(r.old_name)} → {quoted(r.new_name)}"
            for r in entries
        ]
    if section == "steps_changed":
        return [
            f"{code(c.id)} {quoted(c.name)}: "
            + "; ".join(
                f"{words(f'diff.{f.field}')} {plain(field_text(f, f.old, day, words))} → "
                f"{plain(field_text(f, f.new, day, words))}"
                for f in c.changes
            )
            for c in entries
        ]
    if section.startswith("handoffs"):
        return [handoff_text(h, words, code, plain) for h in entries]
    if section.startswith("loops"):
        return [" → ".join(code(s) for s in (*loop.steps, loop.steps[0])) for loop in entries]
    shown = diff.analysis if section == "hotspots_new" else diff.before
    return [hotspot_line(h, shown.process, words, plain) for h in entries]


def summary_line(result: DiffResult, words: Words) -> str:
    changed = sum(1 for d in result.diffs if d.changed)
    files = len(result.diffs)
    return words("diff.summary", files=files, changed=changed, same=files - changed)


def ratchet_verdict(result: DiffResult, words: Words, active: bool) -> str:
    """``1 rule broken``, ``2 rules broken 5 times in all``: the number at the end is the
    number of breaches listed under it (one a line)."""
    breaches = len(result.breaches)
    if not breaches:
        return words("diff.ratchet_ok" if active else "diff.ratchet_off")
    rules = len({b.setting for b in result.breaches})
    text = words.plural("diff.broken", rules)
    if breaches > rules:
        text = words.plural("diff.times", rules, rules=text, m=breaches)
    return text


def ratchet_line(result: DiffResult, words: Words, active: bool) -> str:
    return f"{words('diff.ratchet')}: {ratchet_verdict(result, words, active)}"


def breach_process(result: DiffResult, breach: Breach) -> Process:
    """The process a breach is about (the new version)."""
    return next(d.analysis.process for d in result.diffs if d.file == breach.file)


def text_report(result: DiffResult, words: Words, ratchet_active: bool = True) -> str:
    out: list[str] = []
    if result.base is not None:
        out.append(terminal(words("diff.against", base=result.base)))
    for diff in result.diffs:
        if not diff.changed:
            if diff.status == "renamed":
                same = words("diff.same_meaning")
                out.append(terminal(f"{diff.file}: {status_text(diff, words)}, {same}"))
            continue
        out.append(terminal(f"{diff.file} ({diff.name}): {status_text(diff, words)}"))
        rows = [
            (label, {"added": new, "removed": old}.get(diff.status, f"{old} → {new}"), change)
            for label, old, new, change in figure_rows(diff, words)
        ]
        width = max(len(row[0]) for row in rows)
        value_width = max(len(row[1]) for row in rows)
        for label, values, change in rows:
            line = f"  {label:<{width}}  {values:<{value_width}}  {change}"
            out.append(line.rstrip())
        for section in SECTIONS:
            lines = items(diff, section, words)
            if lines:
                out.append(f"  {words(f'diff.{section}')}:")
                out += [f"    {MARK[section]} {line}" for line in lines]
    out.append(summary_line(result, words))
    out.append(ratchet_line(result, words, ratchet_active))
    out += [
        "  "
        + terminal(f"{b.file}: {b.setting}: {breach_text(b, breach_process(result, b), words)}")
        for b in result.breaches
    ]
    return "\n".join(out) + "\n"
