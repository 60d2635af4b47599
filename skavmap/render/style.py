"""Colours, fonts and sizes of the diagrams, and how their text is wrapped.

The words the diagrams add are in the vocabulary (``render.*`` keys of
:mod:`skavmap.outputs.vocabulary`). :func:`wrap` and the thresholds
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

from skavmap.outputs.escape import html

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
    """Text made safe inside a Graphviz HTML-like label (XML: no control characters).

    >>> esc('A & B <"C">')
    'A &amp; B &lt;&quot;C&quot;&gt;'
    """
    return html(text)


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

    A percent sign, a middle dot and a dash between spaces stay with the word before them,
    so no line starts with them and "12 %" never loses its "%":

    >>> wrap("komplettera underlaget · 12 %", 22)
    ['komplettera', 'underlaget · 12 %']
    >>> wrap("ja · 88 %", 7)
    ['ja ·', '88 %']
    """
    longest = width + width // 2
    lines: list[str] = []
    line = ""
    words: list[str] = []
    for word in text.split():
        if words and word in _GLUED:
            words[-1] += " " + word
        else:
            words.append(word)
    for word in words:
        while len(word) > longest:
            line = _add_word(lines, line, word[:longest], width)
            word = word[longest:]
        line = _add_word(lines, line, word, width)
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    return lines


#: Marks that stay on the line of the word before them.
_GLUED = frozenset({"%", "·", "–", "—"})


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
