"""``skavmap diff`` as text for the terminal: per process the figures old → new, then lists."""

from __future__ import annotations

from skavmap.analysis.diff import (
    DiffResult,
    Handoff,
    HotspotRef,
    ProcessDiff,
    edges_text,
    format_delta,
    format_value,
)
from skavmap.outputs.vocabulary import format_number
from skavmap.outputs.kinds import kind_label

WORDS = {
    "en": {
        "lead_time_hours": "lead time",
        "work_time_hours": "work time",
        "flow_efficiency": "flow efficiency",
        "handoffs": "handoffs per case",
        "cross_department_handoffs": "cross-department handoffs per case",
        "loops": "loops",
        "steps": "steps",
        "figure": "figure",
        "old": "old",
        "new": "new",
        "change": "change",
        "added": "added",
        "removed": "removed",
        "renamed": "renamed from {old}",
        "same_meaning": "no change in meaning",
        "modified": "changed",
        "steps_added": "steps added",
        "steps_removed": "steps removed",
        "steps_renamed": "steps renamed",
        "steps_changed": "steps changed",
        "handoffs_gained": "handoffs gained",
        "handoffs_lost": "handoffs lost",
        "loops_introduced": "loops introduced",
        "loops_removed": "loops removed",
        "hotspots_new": "hotspots new",
        "hotspots_resolved": "hotspots resolved",
        "cross": "cross-department",
        "external": "external party",
        "count": "×{n}",
        "kind": "kind",
        "role": "role",
        "system": "system",
        "work": "work",
        "wait": "wait",
        "at": "at",
        "manual": "manual",
        "forms": "forms",
        "next": "next",
        "score": "score",
        "against": "compared with {base}",
        "summary": "process files compared: {files}; changed: {changed}, unchanged: {same}",
        "ratchet": "ratchet",
        "ratchet_ok": "no rule broken",
        "ratchet_off": "no rules configured",
        "broken": ("{n} rule broken", "{n} rules broken"),
        "times": ("{rules} {m} times", "{rules} {m} times in all"),
        "quote": "“{}”",
        "errors": "files that could not be compared",
    },
    "sv": {
        "lead_time_hours": "ledtid",
        "work_time_hours": "arbetstid",
        "flow_efficiency": "flödeseffektivitet",
        "handoffs": "överlämningar per ärende",
        "cross_department_handoffs": "överlämningar mellan avdelningar per ärende",
        "loops": "slingor",
        "steps": "steg",
        "figure": "mått",
        "old": "före",
        "new": "efter",
        "change": "förändring",
        "added": "ny",
        "removed": "borttagen",
        "renamed": "bytt namn från {old}",
        "same_meaning": "ingen ändring i sak",
        "modified": "ändrad",
        "steps_added": "nya steg",
        "steps_removed": "borttagna steg",
        "steps_renamed": "omdöpta steg",
        "steps_changed": "ändrade steg",
        "handoffs_gained": "nya överlämningar",
        "handoffs_lost": "borttagna överlämningar",
        "loops_introduced": "nya slingor",
        "loops_removed": "borttagna slingor",
        "hotspots_new": "nya skavpunkter",
        "hotspots_resolved": "lösta skavpunkter",
        "cross": "mellan avdelningar",
        "external": "extern part",
        "count": "×{n}",
        "kind": "typ",
        "role": "roll",
        "system": "system",
        "work": "arbete",
        "wait": "väntan",
        "at": "klockan",
        "manual": "manuellt",
        "forms": "blanketter",
        "next": "nästa",
        "score": "poäng",
        "against": "jämfört med {base}",
        "summary": "jämförda processfiler: {files}; ändrade: {changed}, oförändrade: {same}",
        "ratchet": "spärr (ratchet)",
        "ratchet_ok": "ingen regel bruten",
        "ratchet_off": "inga regler inställda",
        "broken": ("{n} regel bruten", "{n} regler brutna"),
        "times": ("{rules} {m} gånger", "{rules} {m} gånger sammanlagt"),
        "quote": "”{}”",
        "errors": "filer som inte kunde jämföras",
    },
}

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


def status_text(diff: ProcessDiff, lang: str) -> str:
    words = WORDS[lang]
    if diff.status == "renamed":
        return words["renamed"].format(old=diff.old_file)
    return words[diff.status]


def figure_rows(diff: ProcessDiff, lang: str) -> list[tuple[str, str, str, str]]:
    """(figure, old, new, change) for every figure, as text."""
    rows = []
    for figure in diff.figures:
        old, new = (
            "–" if value is None else format_value(value, figure.unit, diff.day_hours, lang)
            for value in (figure.old, figure.new)
        )
        change = format_delta(figure, diff.day_hours, lang) if figure.delta is not None else ""
        rows.append((WORDS[lang][figure.key], old, new, change))
    return rows


def handoff_text(handoff: Handoff, lang: str, code=lambda s: s) -> str:
    words = WORDS[lang]
    text = f"{handoff.from_name} → {handoff.to_name}"
    if handoff.cross:
        text = f"{words['cross']} {handoff.from_unit} → {handoff.to_unit}: {text}"
    if handoff.count > 1:
        text += f" {words['count'].format(n=handoff.count)}"
    extras = [edges_text([(code(u), code(v)) for u, v in handoff.edges])]
    if handoff.external:
        extras.append(words["external"])
    return f"{text} ({'; '.join(extras)})"


def hotspot_text(hotspot: HotspotRef, lang: str) -> str:
    score = format_number(hotspot.score, lang)
    kind = kind_label(hotspot.kind, lang)
    return f"{hotspot.code} {kind} ({WORDS[lang]['score']} {score}): {hotspot.message}"


def items(diff: ProcessDiff, section: str, lang: str, code=lambda s: s) -> list[str]:
    """The lines of one list section, without their marks."""
    words = WORDS[lang]
    quoted = words["quote"].format
    entries = getattr(diff, section)
    if section in ("steps_added", "steps_removed"):
        return [
            f"{code(s.id)} {quoted(s.name)}" + (f" ({s.role})" if s.role else "") for s in entries
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
            + "; ".join(f"{words[f.field]} {f.old} → {f.new}" for f in c.changes)
            for c in entries
        ]
    if section.startswith("handoffs"):
        return [handoff_text(h, lang, code) for h in entries]
    if section.startswith("loops"):
        return [" → ".join(code(s) for s in (*loop.steps, loop.steps[0])) for loop in entries]
    return [hotspot_text(h, lang) for h in entries]


def summary_line(result: DiffResult, lang: str) -> str:
    words = WORDS[lang]
    changed = sum(1 for d in result.diffs if d.changed)
    files = len(result.diffs)
    return words["summary"].format(files=files, changed=changed, same=files - changed)


def ratchet_verdict(result: DiffResult, lang: str, active: bool) -> str:
    """``1 rule broken``, ``2 rules broken 5 times in all``: the number at the end is the
    number of breaches listed under it (one a line)."""
    words = WORDS[lang]
    breaches = len(result.breaches)
    if not breaches:
        return words["ratchet_ok" if active else "ratchet_off"]
    rules = len({b.rule for b in result.breaches})
    text = words["broken"][0 if rules == 1 else 1].format(n=rules)
    if breaches > rules:
        text = words["times"][0 if rules == 1 else 1].format(rules=text, m=breaches)
    return text


def ratchet_line(result: DiffResult, lang: str, active: bool) -> str:
    return f"{WORDS[lang]['ratchet']}: {ratchet_verdict(result, lang, active)}"


def text_report(result: DiffResult, lang: str = "en", ratchet_active: bool = True) -> str:
    words = WORDS[lang]
    out: list[str] = []
    if result.base is not None:
        out.append(words["against"].format(base=result.base))
    for diff in result.diffs:
        if not diff.changed:
            if diff.status == "renamed":
                out.append(f"{diff.file}: {status_text(diff, lang)}, {words['same_meaning']}")
            continue
        out.append(f"{diff.file} ({diff.name}): {status_text(diff, lang)}")
        rows = [
            (label, {"added": new, "removed": old}.get(diff.status, f"{old} → {new}"), change)
            for label, old, new, change in figure_rows(diff, lang)
        ]
        width = max(len(row[0]) for row in rows)
        value_width = max(len(row[1]) for row in rows)
        for label, values, change in rows:
            line = f"  {label:<{width}}  {values:<{value_width}}  {change}"
            out.append(line.rstrip())
        for section in SECTIONS:
            lines = items(diff, section, lang)
            if lines:
                out.append(f"  {words[section]}:")
                out += [f"    {MARK[section]} {line}" for line in lines]
    out.append(summary_line(result, lang))
    out.append(ratchet_line(result, lang, ratchet_active))
    out += [f"  {b.file}: {b.rule}: {b.message}" for b in result.breaches]
    return "\n".join(out) + "\n"
