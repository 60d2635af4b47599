"""Colours, fonts, sizes and the words the diagrams add, in Swedish and English.

The words (:data:`PHRASES`, :func:`phrase`, :func:`wrap`) and the thresholds
(:data:`OVERLOAD_AT`, :data:`TABLE_ROWS`, the bounds of :data:`HEAT`) are read only by
:mod:`skavmap.render.scene`, which decides what a diagram says; the palette, fonts and
:func:`esc` only by the Graphviz backend (:mod:`skavmap.render.look`,
:mod:`skavmap.render.dot`), which decides how it looks.

The palette is chosen to survive colour blindness and grey-scale printing: the heat scale is
one hue getting darker (light yellow to orange-brown, black text stays readable on every
step), handoffs are dark blue and thick, rework is purple and dashed, so no meaning rests on
telling red from green, and every mark is also told apart by its line style or shape.
"""

from __future__ import annotations

import html

#: DejaVu Sans has å, ä, ö and is on almost every Linux system; Verdana has the same
#: proportions on Windows and macOS, so a viewer without DejaVu still fits the text.
FONT = "DejaVu Sans,Verdana,Arial,sans-serif"

# Font sizes in points.
NAME_SIZE = 11
FIGURE_SIZE = 9
SMALL_SIZE = 8.5
LABEL_SIZE = 9
LANE_SIZE = 12
TITLE_SIZE = 22
SUBTITLE_SIZE = 12

TEXT = "#1a1a1a"
MUTED = "#555555"
EDGE = "#5a5a5a"
HANDOFF = "#08519c"  # dark blue
REWORK = "#762a83"  # purple
BADGE = "#1a1a1a"
NIGHT = "#1d2b64"  # night blue, white text
OVERLOAD = "#b35806"  # dark orange, white text
PAIN_FILL = "#fbe3ea"
PAIN_LINE = "#b03a5b"
STEP_LINE = "#3c3c3c"
LANE_FILLS = ("#f3f5f8", "#fbfcfd")
EXTERNAL_FILL = "#f3f1ea"
LANE_LINE = "#b9c0c9"
HEADER_FILL = "#e4e8ee"
EXTERNAL_HEADER_FILL = "#e8e4d8"

# Dimmed look for everything outside the --highlight focus.
DIM_FILL = "#f4f4f4"
DIM_LINE = "#cfcfcf"
DIM_TEXT = "#a8a8a8"

# A diagram compared with an earlier version (render --diff-base). Added is green and solid,
# removed is grey and dashed, and both carry a word, so neither rests on colour alone.
ADDED = "#1b7837"  # dark green
CHANGED = "#8c510a"  # dark brown
REMOVED_FILL = "#fafafa"
REMOVED_LINE = "#8c8c8c"
REMOVED_TEXT = "#6f6f6f"

#: Heat: (lower bound of the share of lead time, fill). ColorBrewer YlOrBr, light end.
HEAT = (
    (0.0, "#ffffff"),
    (0.02, "#fff7bc"),
    (0.05, "#fee391"),
    (0.15, "#fec44f"),
    (0.30, "#fe9929"),
)

#: A role at or above this utilisation is flagged (the format's bottleneck rule).
OVERLOAD_AT = 0.85

#: Hotspots numbered in the picture and listed in its table.
TABLE_ROWS = 8

PHRASES = {
    "sv": {
        "waits": "väntar {t}",
        "lead": "Ledtid {t}",
        "work": "arbetstid {t}",
        "efficiency": "flödeseffektivitet {p}",
        "handoffs": "{n} överlämningar per ärende",
        "handoffs_one": "{n} överlämning per ärende",
        "cross": "varav {n} mellan avdelningar",
        "volume": "{v}",
        "external": "extern part",
        "no_role": "Ingen roll angiven",
        "overload": "{role}: beläggning {p}",
        "night": "natt {t}",
        "at": "kl. {t}",
        "votes": "{n} röster",
        "vote": "1 röst",
        "more_pain": "+{n} skav till",
        "quote": "”{text}”",
        "key": "Så läser du kartan",
        "heat": "Andel av ledtiden",
        "handoff_key": "{kind} mellan avdelningar",
        "rework_key": "{kind}: går tillbaka (sannolikhet)",
        "pain_key": "{kind} som rapporterats (röster)",
        "night_key": "{kind} utanför arbetstid",
        "overload_key": "Överbelastad roll (beläggning ≥ 85 %)",
        "badge_key": "Skavpunkt, se tabellen",
        "dimmed_key": "Nedtonat: utanför fokus",
        "shape_start": "Start",
        "shape_task": "Arbetssteg: arbetstid · väntan innan steget",
        "shape_wait": "Väntan: ingen arbetar med ärendet",
        "shape_notify": "Avisering: ett meddelande skickas",
        "shape_decision": "Beslut: en av vägarna (sannolikhet vid pilen)",
        "shape_parallel": "Parallellt: alla vägar samtidigt, sedan samman",
        "shape_subprocess": "Delprocess med en egen karta",
        "shape_end": "Slut",
        "hotspots": "Skavpunkter, högst poäng först",
        "score": "Poäng",
        "more": "… och {n} till: skavmap hotspots {file}",
        "none": "Inga skavpunkter hittades.",
        "focus": "Fokus: {what}",
        "handoffs_focus": "överlämningar mellan avdelningar",
        "loops_focus": "slingor och omarbete",
        "bottlenecks_focus": "flaskhalsar och väntan",
        "pain_focus": "rapporterat skav",
        "added_tag": "nytt",
        "removed_tag": "borttaget",
        "changed_tag": "ändrat: {what}",
        "removed_lane": "Borttaget",
        "compared": "Jämfört med {base}: {what}",
        "no_changes": "inga steg eller pilar ändrade",
        "steps_added": "{n} nya steg",
        "steps_added_one": "1 nytt steg",
        "steps_removed": "{n} borttagna",
        "steps_removed_one": "1 borttaget",
        "steps_changed": "{n} ändrade",
        "steps_changed_one": "1 ändrat",
        "links_added": "{n} nya pilar",
        "links_added_one": "1 ny pil",
        "links_removed": "{n} borttagna pilar",
        "links_removed_one": "1 borttagen pil",
        "lead_delta": "ledtid {d}",
        "cross_delta": "överlämningar mellan avdelningar {d}",
        "added_key": "Nytt steg",
        "added_link_key": "Ny pil",
        "removed_key": "Borttaget steg, som det var",
        "removed_link_key": "Borttagen pil",
        "changed_key": "Ändrat steg: vad som ändrats",
        "field_name": "namn",
        "field_kind": "typ",
        "field_role": "roll",
        "field_system": "system",
        "field_work": "arbetstid",
        "field_wait": "väntan",
        "field_at": "klockslag",
        "field_manual": "manuellt",
        "field_forms": "blanketter",
    },
    "en": {
        "waits": "waits {t}",
        "lead": "Lead time {t}",
        "work": "work {t}",
        "efficiency": "flow efficiency {p}",
        "handoffs": "{n} handoffs per case",
        "handoffs_one": "{n} handoff per case",
        "cross": "{n} between departments",
        "volume": "{v}",
        "external": "external party",
        "no_role": "No role given",
        "overload": "{role}: {p} utilised",
        "night": "night {t}",
        "at": "at {t}",
        "votes": "{n} votes",
        "vote": "1 vote",
        "more_pain": "+{n} more",
        "quote": "“{text}”",
        "key": "How to read this map",
        "heat": "Share of lead time",
        "handoff_key": "{kind} between departments",
        "rework_key": "{kind}: goes back (probability)",
        "pain_key": "{kind} (votes)",
        "night_key": "{kind} (outside working hours)",
        "overload_key": "Overloaded role (utilisation ≥ 85%)",
        "badge_key": "Hotspot, see the table",
        "dimmed_key": "Dimmed: outside the focus",
        "shape_start": "Start",
        "shape_task": "Task: work time · wait before it",
        "shape_wait": "Wait: no one works on the case",
        "shape_notify": "Notification: a message is sent",
        "shape_decision": "Decision: one of the ways (probability at the arrow)",
        "shape_parallel": "Parallel: all ways at once, then together",
        "shape_subprocess": "Sub-process with a map of its own",
        "shape_end": "End",
        "hotspots": "Hotspots, highest score first",
        "score": "Score",
        "more": "… and {n} more: skavmap hotspots {file}",
        "none": "No hotspots found.",
        "focus": "Focus: {what}",
        "handoffs_focus": "handoffs between departments",
        "loops_focus": "loops and rework",
        "bottlenecks_focus": "bottlenecks and waiting",
        "pain_focus": "reported pain",
        "added_tag": "new",
        "removed_tag": "removed",
        "changed_tag": "changed: {what}",
        "removed_lane": "Removed",
        "compared": "Compared with {base}: {what}",
        "no_changes": "no steps or arrows changed",
        "steps_added": "{n} steps added",
        "steps_added_one": "1 step added",
        "steps_removed": "{n} removed",
        "steps_removed_one": "1 removed",
        "steps_changed": "{n} changed",
        "steps_changed_one": "1 changed",
        "links_added": "{n} arrows added",
        "links_added_one": "1 arrow added",
        "links_removed": "{n} arrows removed",
        "links_removed_one": "1 arrow removed",
        "lead_delta": "lead time {d}",
        "cross_delta": "handoffs between departments {d}",
        "added_key": "Added step",
        "added_link_key": "Added arrow",
        "removed_key": "Removed step, as it was",
        "removed_link_key": "Removed arrow",
        "changed_key": "Changed step: what changed",
        "field_name": "name",
        "field_kind": "kind",
        "field_role": "role",
        "field_system": "system",
        "field_work": "work",
        "field_wait": "wait",
        "field_at": "time of day",
        "field_manual": "manual",
        "field_forms": "forms",
    },
}


def phrase(lang: str, key: str, **values: object) -> str:
    """A phrase of the diagram in ``lang``, with its ``{placeholders}`` filled in.

    >>> phrase("sv", "waits", t="3 d"), phrase("en", "waits", t="3 d")
    ('väntar 3 d', 'waits 3 d')
    """
    return PHRASES[lang][key].format(**values)


def heat_fill(share: float) -> str:
    """Fill of a step that holds ``share`` of the lead time.

    >>> heat_fill(0.0), heat_fill(0.03), heat_fill(0.5)
    ('#ffffff', '#fff7bc', '#fe9929')
    """
    fill = HEAT[0][1]
    for bound, colour in HEAT:
        if share >= bound:
            fill = colour
    return fill


def esc(text: str) -> str:
    """Text made safe inside a Graphviz HTML-like label.

    >>> esc('A & B <"C">')
    'A &amp; B &lt;&quot;C&quot;&gt;'
    """
    return html.escape(text, quote=True)


def wrap(text: str, width: int, max_lines: int = 4) -> list[str]:
    """Break ``text`` into lines of about ``width`` characters, at spaces.

    A word is split only when it is much longer than a line (Swedish compounds such as
    "leverantörsreskontran" stay whole); text beyond ``max_lines`` ends in an ellipsis.

    >>> wrap("Mottagningsattestera (varan eller tjänsten levererad)", 20)
    ['Mottagningsattestera', '(varan eller', 'tjänsten levererad)']
    >>> wrap("Finns leverantören i leverantörsregistret?", 16)
    ['Finns', 'leverantören i', 'leverantörsregistret?']
    >>> wrap("ett två tre fyra fem sex sju", 8, max_lines=2)
    ['ett två', 'tre fyra…']
    """
    longest = width + width // 2
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > longest:
            line = _add_word(lines, line, word[:longest], width)
            word = word[longest:]
        line = _add_word(lines, line, word, width)
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    return lines


def _add_word(lines: list[str], line: str, word: str, width: int) -> str:
    """Greedy filling, as ``textwrap.wrap`` does it without breaking words or hyphens (and
    much faster; a diagram wraps hundreds of names): ``word`` goes on ``line`` if both
    fit in ``width`` with a space between, else ``line`` is done and ``word`` starts the
    next. Returns the line being filled."""
    if not line:
        return word
    if len(line) + 1 + len(word) <= width:
        return f"{line} {word}"
    lines.append(line)
    return word
