"""DOT text: the one Graphviz measures and ranks, and the finished, fully positioned one.

Both are plain text built from a :class:`~skavmap.render.scene.Scene`, so tests can read
them without drawing a pixel. Node names say what a node is: ``step:<id>``, ``lane:<n>``
(the header of lane n), ``label:<n>`` (the label of arrow n), ``caption:<id>``,
``note:<id>``, ``badge:<n>:<where>``, ``title``, ``legend`` (how to read the map),
``shapes`` (what the step shapes mean) with a ``key:<kind>`` sample shape in each row, and
``hotspots`` (the numbered table).

The finished DOT is drawn by Graphviz as it stands (``neato -n2``: positions are kept), so
``skavmap render --format dot`` gives a file that any Graphviz can turn into a picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from skavmap.render import style
from skavmap.render.scene import Scene

if TYPE_CHECKING:
    from skavmap.render.layout import Box, Geometry

#: DOT values that need no quotes: identifiers and numbers.
_BARE = re.compile(r"^(?:[A-Za-z_][A-Za-z_0-9]*|-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))$")

#: Badge size in points.
BADGE = 17.0
#: Diameter of the lettered circles where a wrapped diagram goes on in another section.
CONNECTOR = 22.0


def quote(text: str) -> str:
    """A DOT string literal.

    >>> print(quote('step:a"b'))
    "step:a\\"b"
    """
    if "\\" in text or '"' in text or "\n" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def attributes(attrs: Mapping[str, str]) -> str:
    """``[key=value ...]`` with HTML-like labels (``<...>``) left unquoted, keys sorted.

    >>> attributes({"shape": "box", "label": "<<B>x</B>>"})
    '[label=<<B>x</B>> shape=box]'
    """
    parts = []
    for key in sorted(attrs):
        value = attrs[key]
        if (
            key in ("label", "xlabel")
            and value.startswith("<")
            and value.endswith(">")
            or _BARE.match(value)
        ):
            parts.append(f"{key}={value}")
        else:
            parts.append(f"{key}={quote(value)}")
    return "[" + " ".join(parts) + "]"


def _statement(name: str, attrs: Mapping[str, str]) -> str:
    return f"\t{quote(name)}\t{attributes(attrs)};"


def measure_dot(scene: Scene) -> str:
    """The DOT that Graphviz lays out once: every step with its real label (so Graphviz
    measures it), every arrow (loops closing arrows without ranking weight), and every
    other piece of text as a loose node, measured too."""
    lines = [
        "digraph measure {",
        # Only ranks, order and sizes are used: no edge routing, and the coordinates
        # within a rank need not be optimal (nslimit), which saves a third of the time.
        "\tgraph [rankdir=LR splines=none nodesep=0.2 ranksep=0.3 nslimit=0.1 "
        f"fontname={quote(style.FONT)}];",
        f"\tnode [fontname={quote(style.FONT)} fontsize={style.NAME_SIZE}];",
    ]
    for block in scene.blocks:
        lines.append(_statement(f"step:{block.id}", block.attrs))
    for block in scene.blocks:
        if block.caption:
            lines.append(_statement(f"caption:{block.id}", _plain(block.caption)))
        if block.note:
            lines.append(_statement(f"note:{block.id}", _note(block.note, block.note_dim)))
    for index, lane in enumerate(scene.lanes):
        lines.append(_statement(f"lane:{index}", _plain(lane.label)))
    for index, link in enumerate(scene.links):
        if link.label:
            lines.append(_statement(f"label:{index}", _plain(link.label)))
    lines.append(_statement("title", _plain(scene.title)))
    for name, label in (
        ("legend", scene.legend),
        ("shapes", scene.shape_key),
        ("hotspots", scene.hotspots),
    ):
        if label:
            lines.append(_statement(name, _plain(label)))
    for link in scene.links:
        extra = " [constraint=false]" if (link.tail, link.head) in scene.back_links else ""
        lines.append(f"\t{quote('step:' + link.tail)} -> {quote('step:' + link.head)}{extra};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _end(name: str) -> str:
    return name if name.startswith("connector:") else f"step:{name}"


def _plain(label: str) -> dict[str, str]:
    return {"shape": "plain", "label": label}


def _note(label: str, dim: bool = False) -> dict[str, str]:
    return {
        "shape": "note",
        "style": "filled",
        "fillcolor": style.DIM_FILL if dim else style.PAIN_FILL,
        "color": style.DIM_LINE if dim else style.PAIN_LINE,
        "penwidth": "1",
        "margin": "0.08,0.05",
        "label": label,
    }


def _num(value: float) -> str:
    # A tenth of a point is far below what any screen or printer shows.
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _inches(points: float) -> str:
    return f"{points / 72:.4f}".rstrip("0").rstrip(".")


def positioned_dot(scene: Scene, geometry: Geometry) -> str:
    """The finished diagram: lanes as full-width bands, everything at its place."""
    g = geometry
    height = g.height

    def at(x: float, y: float) -> str:
        return f"{_num(x)},{_num(height - y)}"

    lines = [
        f"digraph {quote(scene.name)} {{",
        "\tgraph ["
        + " ".join(
            [
                f"bb={quote(f'0,0,{_num(g.width)},{_num(height)}')}",
                "outputorder=edgesfirst",
                "bgcolor=white",
                "pad=0.15",
                "splines=true",
                f"fontname={quote(style.FONT)}",
                f"label={quote('')}",
            ]
        )
        + "];",
        f"\tnode [fontname={quote(style.FONT)} fontsize={style.NAME_SIZE}];",
        f"\tedge [arrowsize=0.8 color={quote(style.EDGE)}];",
    ]
    for section, lanes in enumerate(g.sections):
        suffix = f"_{section}" if section else ""
        for index, lane in enumerate(scene.lanes):
            top, bottom = lanes[index]
            fill = style.EXTERNAL_FILL if lane.external else style.LANE_FILLS[index % 2]
            bb = f"0,{_num(height - bottom)},{_num(g.width)},{_num(height - top)}"
            lines.append(f"\tsubgraph {quote(f'cluster_lane_{index}{suffix}')} {{")
            lines.append(
                f"\t\tgraph [bb={quote(bb)} style=filled fillcolor={quote(fill)} "
                f"color={quote(style.LANE_LINE)} penwidth=1 label={quote('')} "
                f"class={quote('lane')} id={quote(f'lane-{lane.key}{suffix}')}];"
            )
            lines.append("\t}")
    for section, lanes in enumerate(g.sections):
        for index, lane in enumerate(scene.lanes):
            top, bottom = lanes[index]
            header = {
                "shape": "box",
                "style": "filled",
                "fillcolor": style.EXTERNAL_HEADER_FILL if lane.external else style.HEADER_FILL,
                "color": style.LANE_LINE,
                "penwidth": "1",
                "fixedsize": "true",
                "width": _inches(g.header_width),
                "height": _inches(bottom - top),
                "pos": at(g.header_width / 2, (top + bottom) / 2),
                "label": lane.label,
                "class": "lane-title",
            }
            name = f"lane:{index}" + (f":{section}" if section else "")
            lines.append(_statement(name, header))
    for connector in g.connectors:
        box = g.shapes[connector.id]
        lines.append(
            _statement(
                connector.id,
                {
                    "shape": "circle",
                    "style": "filled",
                    "fillcolor": "#ffffff",
                    "color": style.STEP_LINE,
                    "penwidth": "1.4",
                    "fixedsize": "true",
                    "width": _inches(box.w),
                    "height": _inches(box.h),
                    "fontsize": "10",
                    "label": f"<<B>{connector.letter}</B>>",
                    "pos": at(box.x, box.y),
                    "class": "connector",
                },
            )
        )
    for block in scene.blocks:
        box = g.shapes[block.id]
        attrs = dict(block.attrs)
        attrs.update(
            pos=at(box.x, box.y),
            width=_inches(box.w),
            height=_inches(box.h),
            fixedsize="true",
            **{"class": " ".join(filter(None, ("step", block.kind, block.mark)))},
        )
        lines.append(_statement(f"step:{block.id}", attrs))
        if block.caption:
            cap = g.captions[block.id]
            lines.append(
                _statement(
                    f"caption:{block.id}",
                    {**_plain(block.caption), "pos": at(cap.x, cap.y), "class": "caption"},
                )
            )
        if block.note:
            note = g.notes[block.id]
            attrs = _note(block.note, block.note_dim)
            attrs.update(
                pos=at(note.x, note.y),
                width=_inches(note.w),
                height=_inches(note.h),
                fixedsize="true",
                **{"class": "pain"},
            )
            lines.append(_statement(f"note:{block.id}", attrs))
    for index, link in enumerate(scene.links):
        if link.label:
            box = g.labels[index]
            attrs = _plain(link.label)
            attrs.update(
                pos=at(box.x, box.y),
                style="filled",
                fillcolor="#ffffffd9",
                color="none",
                **{"class": "edge-label"},
            )
            lines.append(_statement(f"label:{index}", attrs))
    for name, number, (x, y) in g.badges:
        lines.append(
            _statement(
                f"badge:{number}:{name}",
                {
                    "shape": "circle",
                    "style": "filled",
                    "fillcolor": style.BADGE,
                    "color": "#ffffff",
                    "penwidth": "1.2",
                    "fixedsize": "true",
                    "width": _inches(BADGE),
                    "height": _inches(BADGE),
                    "fontsize": str(style.FIGURE_SIZE),
                    "fontcolor": "#ffffff",
                    "label": f"<<B>{number}</B>>",
                    "pos": at(x, y),
                    "class": "badge",
                },
            )
        )
    lines.append(
        _statement(
            "title", {**_plain(scene.title), "pos": at(g.title.x, g.title.y), "class": "title"}
        )
    )
    for name, label, box in (
        ("legend", scene.legend, g.legend),
        ("shapes", scene.shape_key, g.shape_key),
        ("hotspots", scene.hotspots, g.hotspots),
    ):
        if label and box is not None:
            lines.append(
                _statement(name, {**_plain(label), "pos": at(box.x, box.y), "class": name})
            )
    if scene.shape_key and g.shape_key is not None:
        lines += _key_samples(scene, g.shape_key, at)
    for drawn in g.edges:
        link = scene.links[drawn.link]
        attrs = dict(link.attrs)
        attrs["pos"] = _spline(drawn.points, height)
        attrs["class"] = " ".join(filter(None, ("rework" if link.rework else "flow", link.mark)))
        lines.append(
            f"\t{quote(_end(drawn.tail))} -> {quote(_end(drawn.head))}\t{attributes(attrs)};"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _key_samples(scene: Scene, key: Box, at) -> list[str]:
    """The sample shapes of the shape key, each centred on the empty cell of its row (the
    rows are all :data:`~skavmap.render.scene.KEY_CELL` high, :data:`KEY_SPACING` apart)."""
    from skavmap.render.scene import KEY_CELL, KEY_SPACING

    width, height = KEY_CELL
    x = key.x - key.w / 2 + KEY_SPACING + width / 2
    top = key.y - key.h / 2
    lines = []
    for row, sample in enumerate(scene.key_samples):
        y = top + KEY_SPACING + row * (height + KEY_SPACING) + height / 2
        attrs = dict(sample.attrs)
        attrs.update(
            pos=at(x, y),
            width=_inches(sample.w),
            height=_inches(sample.h),
            fixedsize="true",
            **{"class": "key"},
        )
        lines.append(_statement(f"key:{sample.kind}", attrs))
    return lines


#: Radius of the rounded corners of arrows, in points.
CORNER = 7.0
#: Length of an arrowhead at arrowsize 0.8.
ARROW = 8.0


def _spline(points: list[tuple[float, float]], height: float) -> str:
    """A Graphviz ``pos`` for an axis-parallel polyline: cubic Bézier pieces, straight ones
    for the segments and short curves for rounded corners; the last piece stops an
    arrowhead short of the end."""
    pts = _simplify(points)
    end = pts[-1]
    # Pull the last point back by the arrowhead; Graphviz draws the head from there.
    (ax, ay), (bx, by) = pts[-2], pts[-1]
    length = abs(bx - ax) + abs(by - ay)
    cut = min(ARROW, length * 0.6)
    dx = (bx - ax) / length if length else 0.0
    dy = (by - ay) / length if length else 0.0
    pts[-1] = (bx - dx * cut, by - dy * cut)
    curve: list[tuple[float, float]] = [pts[0]]

    def straight(p: tuple[float, float], q: tuple[float, float]) -> None:
        curve.extend(
            [
                (p[0] + (q[0] - p[0]) / 3, p[1] + (q[1] - p[1]) / 3),
                (p[0] + 2 * (q[0] - p[0]) / 3, p[1] + 2 * (q[1] - p[1]) / 3),
                q,
            ]
        )

    current = pts[0]
    for i in range(1, len(pts) - 1):
        corner, nxt = pts[i], pts[i + 1]
        into = _unit(current, corner)
        out = _unit(corner, nxt)
        radius = min(CORNER, _dist(current, corner) / 2, _dist(corner, nxt) / 2)
        a = (corner[0] - into[0] * radius, corner[1] - into[1] * radius)
        b = (corner[0] + out[0] * radius, corner[1] + out[1] * radius)
        if _dist(current, a) > 0.01:
            straight(current, a)
        curve.extend(
            [
                (a[0] + into[0] * radius * 0.55, a[1] + into[1] * radius * 0.55),
                (b[0] - out[0] * radius * 0.55, b[1] - out[1] * radius * 0.55),
                b,
            ]
        )
        current = b
    straight(current, pts[-1])
    text = " ".join(f"{_num(x)},{_num(height - y)}" for x, y in curve)
    return f"e,{_num(end[0])},{_num(height - end[1])} {text}"


def _simplify(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated points and the middle of three points on one line."""
    out: list[tuple[float, float]] = []
    for point in points:
        point = (round(point[0], 2), round(point[1], 2))
        if out and abs(out[-1][0] - point[0]) < 0.01 and abs(out[-1][1] - point[1]) < 0.01:
            continue
        if len(out) >= 2:
            (x0, y0), (x1, y1) = out[-2], out[-1]
            if (abs(x0 - x1) < 0.01 and abs(x1 - point[0]) < 0.01) or (
                abs(y0 - y1) < 0.01 and abs(y1 - point[1]) < 0.01
            ):
                out[-1] = point
                continue
        out.append(point)
    if len(out) == 1:
        out.append((out[0][0] + 1, out[0][1]))
    return out


def _unit(p: tuple[float, float], q: tuple[float, float]) -> tuple[float, float]:
    length = _dist(p, q)
    if not length:
        return (0.0, 0.0)
    return ((q[0] - p[0]) / length, (q[1] - p[1]) / length)


def _dist(p: tuple[float, float], q: tuple[float, float]) -> float:
    return ((q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2) ** 0.5
