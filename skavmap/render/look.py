"""How the Graphviz backend shows a scene: node and edge attributes, HTML-like labels.

The scene says what is shown and what it means; :func:`dress` gives every piece of it its
look in Graphviz's terms: shape, line, fill and text colours (the palette of
:mod:`skavmap.render.style`), fonts, and the HTML-like label that Graphviz measures and
draws. No word is chosen here: every text comes from the scene, and is only escaped.

Both DOT texts of :mod:`skavmap.render.dot` are written from one :class:`Look`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import skavmap.render.style as style
from skavmap.outputs.escape import graphviz_tooltip
from skavmap.render.scene import (
    Block,
    HotspotTable,
    KeyEntry,
    Lane,
    Legend,
    Link,
    Note,
    Scene,
    Text,
    Title,
)
from skavmap.render.style import esc

#: Space between a decision's name and the diamond's sides, in inches (x, y).
DIAMOND_MARGIN = "0.06,0.03"
#: Width in points of the spare column that keeps a pain note's text off its folded corner.
NOTE_FOLD = 7
#: The cell each sample shape of the shape key sits in, in points; every row is this high.
KEY_CELL = (36.0, 22.0)
#: Space between the rows of the shape key, in points.
KEY_SPACING = 4.0

#: Colour of each kind of arrow.
_LINK_COLOURS = {
    "normal": style.EDGE,
    "handoff": style.HANDOFF,
    "rework": style.REWORK,
    "dim": style.DIM_LINE,
    "added": style.ADDED,
    "removed": style.REMOVED_LINE,
}
#: Colour of the tag of a step compared with a base, and of the night-time clock.
_PILLS = {
    "added": style.ADDED,
    "changed": style.CHANGED,
    "removed": style.REMOVED_LINE,
    "night": style.NIGHT,
}


@dataclass(frozen=True)
class KeySample:
    """A sample shape of the shape key, drawn over its row's empty cell."""

    kind: str
    attrs: Mapping[str, str]  # Graphviz node attributes, without size and place
    w: float  # points
    h: float


@dataclass(frozen=True)
class Look:
    """The Graphviz attributes of every piece of ``scene``; labels are HTML-like."""

    scene: Scene
    steps: Mapping[str, Mapping[str, str]]  # node attributes of each step's shape
    captions: Mapping[str, str]  # labels under the shapes, by step id
    notes: Mapping[str, Mapping[str, str]]  # node attributes of the pain notes, by step id
    lanes: tuple[str, ...]  # the label of each lane's header
    links: tuple[Mapping[str, str], ...]  # edge attributes of each arrow: colour, width, style
    labels: Mapping[int, str]  # the arrows' labels, by arrow
    title: str
    legend: str | None
    shape_key: str | None
    samples: tuple[KeySample, ...]  # the shapes drawn in the shape key's rows
    hotspots: str | None


def dress(scene: Scene) -> Look:
    """The look of ``scene``.

    >>> from skavmap.format.loader import load
    >>> from skavmap.render.scene import Options, build_scene
    >>> look = dress(build_scene(load("examples/loop.yaml"), options=Options(plain=True)))
    >>> look.steps["granska"]["shape"], look.steps["komplett"]["shape"]
    ('box', 'diamond')
    >>> look.links[0]
    {'color': '#5a5a5a', 'penwidth': '1.2', 'style': 'solid'}
    """
    return Look(
        scene=scene,
        steps={block.id: _step(block) for block in scene.blocks},
        captions={block.id: _caption(block) for block in scene.blocks if block.caption},
        notes={block.id: _note(block.note) for block in scene.blocks if block.note},
        lanes=tuple(_header(lane) for lane in scene.lanes),
        links=tuple(_link(link) for link in scene.links),
        labels={i: _link_label(link) for i, link in enumerate(scene.links) if link.label},
        title=_title(scene.title),
        legend=_legend(scene.legend) if scene.legend else None,
        shape_key=_shape_key(scene.shape_key) if scene.shape_key else None,
        samples=tuple(_sample(entry.kind) for entry in scene.shape_key),
        hotspots=_hotspot_table(scene.hotspots) if scene.hotspots else None,
    )


# -- steps -----------------------------------------------------------------------------------


def _colours(block: Block) -> tuple[str, str, str, str]:
    """Fill, line, text and muted text of a step: its heat, grey when dimmed or removed."""
    if block.mark == "removed":
        return style.REMOVED_FILL, style.REMOVED_LINE, style.REMOVED_TEXT, style.REMOVED_TEXT
    if block.dim:
        return style.DIM_FILL, style.DIM_LINE, style.DIM_TEXT, style.DIM_TEXT
    return style.heat_fill(block.heat), style.STEP_LINE, style.TEXT, style.MUTED


def _step(block: Block) -> dict[str, str]:
    """The node attributes of a step's shape, its label included."""
    fill, line, text, muted = _colours(block)
    attrs = {"fillcolor": fill, "color": line, "fontcolor": text}
    kind, mark = block.kind, block.mark
    # Circles and the parallel diamond stay white: they hold no time, so no heat.
    plain_fill = fill if block.dim or mark == "removed" else "#ffffff"
    if kind in ("start", "end"):
        attrs.update(
            shape="circle",
            style="filled",
            fillcolor=plain_fill,
            width="0.42",
            height="0.42",
            fixedsize="true",
            penwidth="1.6" if kind == "start" else "3.6",
            label="",
        )
    elif kind == "parallel":
        attrs.update(
            shape="diamond",
            style="filled",
            fillcolor=plain_fill,
            width="0.6",
            height="0.6",
            fixedsize="true",
            penwidth="1.4",
            label='<<FONT POINT-SIZE="22">+</FONT>>',
        )
    elif kind == "decision":
        # The layout sizes the diamond to its text (see dot.diamond_size); Graphviz is given
        # no minimum, because with one it lets text run over the edges.
        attrs.update(
            shape="diamond",
            style="filled",
            penwidth="1.4",
            width="0.1",
            height="0.1",
            margin=DIAMOND_MARGIN,
            label=_label(block.label, muted),
        )
    else:
        marker = kind == "subprocess"
        attrs.update(
            shape="cds" if kind == "notify" else "box",
            style="rounded,filled,dashed" if kind == "wait" else "rounded,filled",
            penwidth="2.2" if marker else "1.2",
            width="1.6",
            height="0.62",
            margin="0.12,0.06" if kind != "notify" else "0.24,0.06",
            label=_label(block.label, muted, marker=marker),
        )
        if kind == "notify":
            attrs["style"] = "filled"
    if mark == "added":
        attrs["color"] = style.ADDED
        attrs["penwidth"] = "3.6" if kind == "end" else "2.6"
    elif mark == "removed" and "dashed" not in attrs["style"]:
        attrs["style"] += ",dashed"
    if block.details is not None:
        attrs["tooltip"] = graphviz_tooltip(block.details)
    return attrs


def _label(
    texts: Sequence[Text], muted: str, size: float = style.NAME_SIZE, marker: bool = False
) -> str:
    """A step's label: its name, then the small lines under it. Plain lines of text unless
    a line needs a table (a coloured pill, the sub-process marker): Graphviz lays out text
    much faster than tables, which counts at hundreds of steps."""
    name_text, *rest = texts
    name = _join(name_text.lines)
    extra = [_line(text, muted) for text in rest]
    if not marker and not any(line.startswith("<TABLE") for line in extra):
        body = LINE_BREAK.join([name, *extra])
        return (
            f'<<FONT POINT-SIZE="{size}">{body}</FONT>>' if size != style.NAME_SIZE else f"<{body}>"
        )
    rows = [f"<TR><TD>{name}</TD></TR>"]
    rows += [f"<TR><TD>{line}</TD></TR>" for line in extra]
    if marker:
        rows.append(
            f'<TR><TD><TABLE BORDER="1" CELLBORDER="0" COLOR="{muted}" CELLSPACING="0" '
            f'CELLPADDING="0" FIXEDSIZE="TRUE" WIDTH="16" HEIGHT="16">'
            f'<TR><TD><FONT POINT-SIZE="9" '
            f'COLOR="{muted}">+</FONT></TD></TR></TABLE></TD></TR>'
        )
    body = "".join(rows)
    return (
        f'<<FONT POINT-SIZE="{size}"><TABLE BORDER="0" CELLSPACING="1" CELLPADDING="0">'
        f"{body}</TABLE></FONT>>"
    )


def _caption(block: Block) -> str:
    """What goes under a shape: a name alone as text, anything more as a table of lines."""
    _, _, text, muted = _colours(block)
    texts = block.caption
    if len(texts) == 1 and texts[0].style == "name":
        return f"<{_line(texts[0], muted, text)}>"
    rows = "".join(f"<TR><TD>{_line(line, muted, text)}</TD></TR>" for line in texts)
    return f'<<TABLE BORDER="0" CELLSPACING="1" CELLPADDING="0">{rows}</TABLE>>'


def _line(text: Text, muted: str, colour: str = style.TEXT) -> str:
    """One of a step's lines: a name under a shape, figures, or a coloured pill."""
    if text.style in _PILLS:
        return _pill(text.lines, _PILLS[text.style])
    size = style.NAME_SIZE if text.style == "name" else style.FIGURE_SIZE
    colour = colour if text.style == "name" else muted
    return f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{_join(text.lines)}</FONT>'


def _pill(lines: Sequence[str], colour: str) -> str:
    """White words on a rounded patch of ``colour``."""
    return (
        f'<TABLE BORDER="0" CELLPADDING="2" CELLSPACING="0"><TR><TD BGCOLOR="{colour}" '
        f'STYLE="rounded"><FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="#ffffff"><B>'
        f"{_join(lines)}</B></FONT></TD></TR></TABLE>"
    )


#: Between two lines of one text: a line break, a very low empty line and another break.
#: Graphviz sets lines 1.2 font sizes apart, which in DejaVu Sans leaves the ring of an å
#: touching the descender of a p above it, and the dots of ä and ö blurring into it in a
#: small bitmap; the empty line adds a fifth of a line of air.
LINE_BREAK = '<BR/><FONT POINT-SIZE="2"> </FONT><BR/>'


def _join(lines: Sequence[str]) -> str:
    return LINE_BREAK.join(esc(line) for line in lines)


def _note(pain: Note) -> dict[str, str]:
    """The node attributes of a pain note. A spare column on the right of its label keeps
    the text clear of the note's folded corner."""
    colour, votes = (style.DIM_TEXT, style.DIM_TEXT) if pain.dim else (style.TEXT, style.PAIN_LINE)
    label = (
        '<<TABLE BORDER="0" CELLSPACING="1" CELLPADDING="0">'
        f'<TR><TD BALIGN="LEFT" ALIGN="LEFT"><FONT POINT-SIZE="{style.SMALL_SIZE}" '
        f'COLOR="{colour}"><I>{_join(pain.lines)}</I></FONT></TD>'
        f'<TD ROWSPAN="2" WIDTH="{NOTE_FOLD}"></TD></TR>'
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{style.SMALL_SIZE}" COLOR="{votes}">'
        f"<B>{esc(pain.votes)}</B></FONT></TD></TR></TABLE>>"
    )
    return {
        "shape": "note",
        "style": "filled",
        "fillcolor": style.DIM_FILL if pain.dim else style.PAIN_FILL,
        "color": style.DIM_LINE if pain.dim else style.PAIN_LINE,
        "penwidth": "1",
        "margin": "0.08,0.05",
        "label": label,
    }


# -- lanes and arrows ------------------------------------------------------------------------


def _header(lane: Lane) -> str:
    """A lane's header: its name, a subtitle, and flags for overloaded roles."""
    lines = [f'<FONT POINT-SIZE="{style.LANE_SIZE}"><B>{_join(lane.name)}</B></FONT>']
    if lane.subtitle:
        lines.append(
            f'<FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="{style.MUTED}">'
            f"<I>{esc(lane.subtitle)}</I></FONT>"
        )
    if not lane.flags:
        return "<" + "<BR/>".join(lines) + ">"
    rows = [f"<TR><TD>{line}</TD></TR>" for line in lines]
    for flag in lane.flags:
        background, colour = (
            (style.OVERLOAD, "#ffffff")
            if flag.style == "overload"
            else (style.DIM_FILL, style.DIM_TEXT)
        )
        rows.append(
            f'<TR><TD BGCOLOR="{background}" STYLE="rounded" CELLPADDING="3">'
            f'<FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="{colour}"><B>'
            f"{_join(flag.lines)}</B></FONT></TD></TR>"
        )
    return '<<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="0">' + "".join(rows) + "</TABLE>>"


def _link(link: Link) -> dict[str, str]:
    """An arrow's colour (its kind), width (thick for a handoff) and line (dashed when it
    goes back or is gone)."""
    kind = link.kind
    if kind == "removed":
        width = "1.4"
    elif kind == "added":
        width = "2.4" if link.handoff else "2"
    elif link.handoff:
        width = "2.4"
    else:
        width = "1.8" if kind == "rework" else "1.2"
    dashed = link.rework or kind == "removed"
    return {
        "color": _LINK_COLOURS[kind],
        "penwidth": width,
        "style": "dashed" if dashed else "solid",
    }


def _link_label(link: Link) -> str:
    if link.dim:
        colour = style.DIM_TEXT
    else:
        colour = {"rework": style.REWORK, "removed": style.REMOVED_TEXT}.get(link.kind, style.TEXT)
    return (
        f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD BALIGN="LEFT">'
        f'<FONT POINT-SIZE="{style.LABEL_SIZE}" COLOR="{colour}">{_join(link.label)}</FONT>'
        "</TD></TR></TABLE>>"
    )


# -- title, legend, shape key and hotspot table ----------------------------------------------

#: How each line of the title is set: the attributes of its FONT, and whether it is bold.
_TITLE_LINES = {
    "facts": (f'POINT-SIZE="{style.FIGURE_SIZE + 1}" COLOR="{style.MUTED}"', False),
    "figures": (f'POINT-SIZE="{style.SUBTITLE_SIZE}"', False),
    "focus": (f'POINT-SIZE="{style.SUBTITLE_SIZE}" COLOR="{style.HANDOFF}"', True),
    "compared": (f'POINT-SIZE="{style.SUBTITLE_SIZE}" COLOR="{style.TEXT}"', True),
}


def _title(title: Title) -> str:
    rows = [f'<FONT POINT-SIZE="{style.TITLE_SIZE}"><B>{esc(title.name)}</B></FONT>']
    for line in title.lines:
        font, bold = _TITLE_LINES[line.style]
        body = f"<B>{_join(line.lines)}</B>" if bold else _join(line.lines)
        rows.append(f"<FONT {font}>{body}</FONT>")
    cells = "".join(f'<TR><TD ALIGN="LEFT">{row}</TD></TR>' for row in rows)
    return f'<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0">{cells}</TABLE>>'


def _badge_cell(number: str) -> str:
    return _fixed_cell(
        f'<FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="#ffffff"><B>{number}</B></FONT>',
        f'BGCOLOR="{style.BADGE}" STYLE="rounded"',
        18,
        16,
    )


def _fixed_cell(content: str, cell: str, width: int, height: int) -> str:
    """A cell of a fixed size, at the top left of its table cell (HTML-like tables
    otherwise stretch a cell to its row)."""
    return (
        '<TD VALIGN="TOP" ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR><TD {cell} WIDTH="{width}" HEIGHT="{height}" FIXEDSIZE="TRUE">{content}</TD>'
        "</TR></TABLE></TD>"
    )


def _line_sample(colour: str, width: int, dashed: bool) -> str:
    dash = ' STYLE="dashed"' if dashed else ""
    return _fixed_cell("", f'SIDES="B" BORDER="{width}" COLOR="{colour}"{dash}', 44, 9)


def _step_sample(tag: str, outline: str, width: int, dashed: bool) -> str:
    dash = ' STYLE="dashed"' if dashed else ' STYLE="rounded"'
    return (
        f'<TD ALIGN="LEFT"><TABLE BORDER="{width}" CELLBORDER="0" COLOR="{outline}"{dash} '
        f'CELLPADDING="3" CELLSPACING="0" BGCOLOR="#ffffff"><TR><TD>{tag}</TD></TR>'
        "</TABLE></TD>"
    )


#: Legend samples that are a pill with words in it.
_SAMPLE_PILLS = {"changed": style.CHANGED, "night": style.NIGHT, "overload": style.OVERLOAD}


def _legend_sample(mark: str, words: str | None) -> str:
    """The cell that shows what ``mark`` looks like, holding ``words`` if it has any."""
    lines = (words,) if words is not None else ()
    if mark == "added":
        return _step_sample(_pill(lines, style.ADDED), style.ADDED, 2, False)
    if mark == "removed":
        return _step_sample(_pill(lines, style.REMOVED_LINE), style.REMOVED_LINE, 1, True)
    if mark in _SAMPLE_PILLS:
        return f'<TD ALIGN="LEFT">{_pill(lines, _SAMPLE_PILLS[mark])}</TD>'
    if mark == "badge":
        return _badge_cell(_join(lines))
    if mark == "pain":
        return (
            f'<TD BGCOLOR="{style.PAIN_FILL}" BORDER="1" COLOR="{style.PAIN_LINE}" WIDTH="44" '
            f'HEIGHT="14"><FONT POINT-SIZE="{style.SMALL_SIZE}" COLOR="{style.PAIN_LINE}"><B>'
            f"{_join(lines)}</B></FONT></TD>"
        )
    if mark == "dimmed":
        return _fixed_cell(
            "", f'BGCOLOR="{style.DIM_FILL}" BORDER="1" COLOR="{style.DIM_LINE}"', 44, 14
        )
    line = {
        "added_link": (style.ADDED, 3, False),
        "removed_link": (style.REMOVED_LINE, 2, True),
        "handoff": (style.HANDOFF, 3, False),
        "rework": (style.REWORK, 2, True),
    }
    return _line_sample(*line[mark])


def _legend(legend: Legend) -> str:
    """How to read the map: the heat scale, then a sample and a line for each mark."""
    rows = [
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="{style.LANE_SIZE}">'
        f"<B>{esc(legend.title)}</B></FONT></TD></TR>",
    ]
    if legend.heat is not None:
        swatches = "".join(
            f'<TD BGCOLOR="{colour}" BORDER="1" COLOR="{style.STEP_LINE}" WIDTH="40" HEIGHT="16">'
            f'<FONT POINT-SIZE="{style.FIGURE_SIZE}">{esc(level)}</FONT></TD>'
            for level, (_, colour) in zip(legend.heat.levels, style.HEAT, strict=True)
        )
        rows.append(
            f'<TR><TD COLSPAN="2" ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="2" '
            f'CELLPADDING="2"><TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10">'
            f"{esc(legend.heat.title)}</FONT></TD>{swatches}</TR></TABLE></TD></TR>"
        )
    for entry in legend.entries:
        rows.append(
            f"<TR>{_legend_sample(entry.mark, entry.sample)}"
            f'<TD ALIGN="LEFT"><FONT POINT-SIZE="10">{esc(entry.text)}</FONT></TD></TR>'
        )
    return '<<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="0">' + "".join(rows) + "</TABLE>>"


def _shape_key(entries: Sequence[KeyEntry]) -> str:
    """The shape key: a row per entry, an empty cell and what the shape means. Graphviz
    cannot draw a diamond inside a table, so the sample shapes are nodes of their own
    (:func:`_sample`), placed over the cells (the rows have a fixed height, so their places
    are known)."""
    width, height = KEY_CELL
    rows = "".join(
        f'<TR><TD WIDTH="{width:g}" HEIGHT="{height:g}" FIXEDSIZE="TRUE"></TD>'
        f'<TD ALIGN="LEFT"><FONT POINT-SIZE="10">{esc(entry.text)}</FONT></TD></TR>'
        for entry in entries
    )
    return f'<<TABLE BORDER="0" CELLSPACING="{KEY_SPACING:g}" CELLPADDING="0">{rows}</TABLE>>'


def _sample(kind: str) -> KeySample:
    """A small step of ``kind``, drawn like the real ones, for the shape key."""
    attrs = {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#ffffff",
        "color": style.STEP_LINE,
        "penwidth": "1.2",
        "label": "",
    }
    size = (30.0, 16.0)
    if kind in ("start", "end"):
        attrs.update(shape="circle", style="filled", penwidth="1.6" if kind == "start" else "3")
        size = (14.0, 14.0)
    elif kind == "wait":
        attrs["style"] = "rounded,filled,dashed"
    elif kind == "notify":
        attrs.update(shape="cds", style="filled")
    elif kind == "decision":
        attrs.update(shape="diamond", style="filled", penwidth="1.4")
        size = (32.0, 18.0)
    elif kind == "parallel":
        attrs.update(shape="diamond", style="filled", penwidth="1.4")
        attrs["label"] = '<<FONT POINT-SIZE="11">+</FONT>>'
        size = (18.0, 18.0)
    elif kind == "subprocess":
        attrs["penwidth"] = "2.2"
        attrs["label"] = f'<<FONT POINT-SIZE="9" COLOR="{style.MUTED}">⊞</FONT>>'
    return KeySample(kind, attrs, *size)


def _hotspot_table(table: HotspotTable) -> str:
    width = len(table.columns) + 2
    blank = "<TD></TD>" * (width - 1)

    def small(text: str) -> str:
        return f'<FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="{style.MUTED}">{esc(text)}</FONT>'

    rows = [
        f'<TR><TD COLSPAN="{width}" ALIGN="LEFT"><FONT POINT-SIZE="{style.LANE_SIZE}">'
        f"<B>{esc(table.title)}</B></FONT></TD></TR>"
    ]
    if table.none:
        rows.append(f'<TR><TD COLSPAN="{width}" ALIGN="LEFT">{esc(table.none)}</TD></TR>')
    else:
        heads = "".join(f'<TD ALIGN="RIGHT">{small(c)}</TD>' for c in table.columns)
        rows.append(f"<TR><TD></TD>{heads}<TD></TD></TR>")
    for row in table.rows:
        figures = "".join(
            f'<TD ALIGN="RIGHT" VALIGN="TOP"><FONT POINT-SIZE="10">{esc(f)}</FONT></TD>'
            for f in row.figures
        )
        rows.append(
            f"<TR>{_badge_cell(str(row.number))}{figures}"
            f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP"><FONT POINT-SIZE="10">'
            f"{_join(row.message)}</FONT></TD></TR>"
        )
    if table.more:
        rows.append(f'<TR>{blank}<TD ALIGN="LEFT">{small(table.more)}</TD></TR>')
    return '<<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"
