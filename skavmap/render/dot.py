"""The Graphviz backend's DOT texts: the one Graphviz measures and ranks, and the finished,
fully positioned one.

Both are plain text written from a :class:`~skavmap.render.look.Look` (a scene dressed for
Graphviz), so tests can read them without drawing a pixel. Node names say what a node is:
``step:<id>``, ``lane:<n>`` (the header of lane n), ``label:<n>`` (the label of arrow n),
``caption:<id>``, ``note:<id>``, ``badge:<n>:<where>``, ``title``, ``legend`` (how to read
the map), ``shapes`` (what the step shapes mean) with a ``key:<kind>`` sample shape in each
row, and ``hotspots`` (the numbered table).

:func:`measure` runs the first pass and reads from it what :func:`~skavmap.render.layout.
layout` needs: every size, and where Graphviz ranks the steps. :func:`positioned_dot` writes
the scene where the layout put it; Graphviz draws it as it stands (``neato -n2``: positions
are kept), so ``skavmap render --format dot`` gives a file that any Graphviz can turn into a
picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import skavmap.render.style as style
from skavmap.format.model import OWN_UNIT
from skavmap.outputs.escape import graphviz
from skavmap.render.draw import layout_dot
from skavmap.render.layout import BADGE, Box, Geometry, Measured
from skavmap.render.look import KEY_CELL, KEY_SPACING, Look
from skavmap.render.paper import Sheet

#: DOT values that need no quotes: identifiers and numbers.
_BARE = re.compile(r"^(?:[A-Za-z_][A-Za-z_0-9]*|-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))$")

DIAMOND_MIN = (108.0, 57.6)  # the smallest decision diamond, width and height
#: Graphviz draws a notification's shape (cds) about 11 points lower than its node, which
#: it measured to hold the text: the node gets that back, so no text runs over the edge.
NOTIFY_EXTRA = 12.0


def quote(text: str) -> str:
    """A DOT string literal.

    >>> print(quote('step:a"b'))
    "step:a\\"b"
    """
    if "\\" in text or '"' in text or "\n" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


class _Writer:
    """Writes the statements of one DOT text.

    A diagram repeats its colours, styles, sizes and coordinates many times over, so the
    text of each attribute and each coordinate is made once and then reused.
    """

    def __init__(self, height: float = 0.0, drawn: bool = False) -> None:
        self.height = height  # of the drawing: Graphviz's y grows upwards, ours downwards
        # What Graphviz draws keeps its names and ids in the SVG: there they pass through
        # their sink's escaping. Measuring reads its nodes back by their plain names.
        self.name = graphviz if drawn else str
        self._items: dict[tuple[str, str], str] = {}
        self._numbers: dict[float, str] = {}
        self._inches: dict[float, str] = {}

    def attributes(self, attrs: Mapping[str, str]) -> str:
        """``[key=value ...]`` with HTML-like labels (``<...>``) left unquoted, keys sorted.

        >>> _Writer().attributes({"shape": "box", "label": "<<B>x</B>>", "color": "#fff"})
        '[color="#fff" label=<<B>x</B>> shape=box]'
        """
        known = self._items
        parts = []
        for item in sorted(attrs.items()):
            key, value = item
            if key == "pos":  # our numbers, new on every node and arrow: quoted, no escapes
                parts.append(f'pos="{value}"')
                continue
            if key == "id":
                value = self.name(value)
                item = (key, value)
            text = known.get(item)
            if text is None:
                if (
                    key in ("label", "xlabel")
                    and value.startswith("<")
                    and value.endswith(">")
                    or _BARE.match(value)
                ):
                    text = f"{key}={value}"
                else:
                    text = f"{key}={quote(value)}"
                known[item] = text
            parts.append(text)
        return "[" + " ".join(parts) + "]"

    def statement(self, name: str, attrs: Mapping[str, str]) -> str:
        return f"\t{quote(self.name(name))}\t{self.attributes(attrs)};"

    def link(self, tail: str, head: str, attrs: Mapping[str, str]) -> str:
        return f"\t{quote(self.name(tail))} -> {quote(self.name(head))}\t{self.attributes(attrs)};"

    def inches(self, points: float) -> str:
        """A size in inches, from points.

        >>> _Writer().inches(108.0)
        '1.5'
        """
        text = self._inches.get(points)
        if text is None:
            text = self._inches[points] = f"{points / 72:.4f}".rstrip("0").rstrip(".")
        return text

    def at(self, x: float, y: float) -> str:
        """A ``pos``: the point (x, y), y flipped.

        >>> _Writer(100.0).at(12.04, 0.04)
        '12,100'
        """
        return f"{self._number(x)},{self._number(self.height - y)}"

    def _number(self, value: float) -> str:
        # 0.0 and -0.0 are one key, which is right: both are written "0".
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = _num(value)
        return text

    def points(self, points: Iterable[tuple[float, float]]) -> str:
        """Points as in a spline's ``pos``, separated by spaces, each number as
        :func:`_num` writes it.

        >>> _Writer(10.0).points([(0.0, 10.0), (12.04, 0.04), (-0.01, 9.95)])
        '0,0 12,10 0,0.1'
        """
        # _number written out: this makes most of the numbers of a large diagram.
        known, height = self._numbers, self.height
        texts = []
        for x, y in points:
            y = height - y
            tx = known.get(x)
            if tx is None:
                tx = known[x] = _num(x)
            ty = known.get(y)
            if ty is None:
                ty = known[y] = _num(y)
            texts.append(f"{tx},{ty}")
        return " ".join(texts)


#: Node attributes that change how a node looks but not its size.
_LOOKS_ONLY = frozenset({"style", "color", "fillcolor", "fontcolor", "tooltip", "class"})


def measure_dot(look: Look, arrows: bool = True) -> str:
    """The DOT that Graphviz measures: every step with its real label, every other piece
    of text as a loose node, and the arrows. Nothing is laid out (every node sits at the
    origin, arrows are not routed; the layout ranks the steps itself), so Graphviz only
    sizes the nodes: linear in their number."""
    scene = look.scene
    out = _Writer()
    lines = [
        "digraph measure {",
        f"\tgraph [splines=false fontname={quote(style.FONT)}];",
        f'\tnode [pos="0,0" fontname={quote(style.FONT)} fontsize={style.NAME_SIZE}];',
    ]

    def sized(attrs: Mapping[str, str]) -> Mapping[str, str]:
        # Measuring, only what sets a node's size: a style ("rounded" above all) makes
        # Graphviz take twice as long over each node, and changes no size.
        return attrs if arrows else {k: v for k, v in attrs.items() if k not in _LOOKS_ONLY}

    for block in scene.blocks:
        lines.append(out.statement(f"step:{block.id}", sized(look.steps[block.id])))
    for block in scene.blocks:
        if block.caption:
            lines.append(out.statement(f"caption:{block.id}", _plain(look.captions[block.id])))
        if block.note:
            lines.append(out.statement(f"note:{block.id}", sized(look.notes[block.id])))
    for index, label in enumerate(look.lanes):
        lines.append(out.statement(f"lane:{index}", _plain(label)))
    for index, label in look.labels.items():
        lines.append(out.statement(f"label:{index}", _plain(label)))
    lines.append(out.statement("title", _plain(look.title)))
    for name, label in (
        ("legend", look.legend),
        ("shapes", look.shape_key),
        ("hotspots", look.hotspots),
    ):
        if label:
            lines.append(out.statement(name, _plain(label)))
    # The arrows are not laid out either; they make the text a record of the whole scene
    # (the tests keep it as golden files). Those that close a loop are marked. Measuring
    # leaves them out (``arrows=False``): Graphviz would take as long over them as over
    # every label.
    for link in scene.links if arrows else ():
        extra = " [constraint=false]" if (link.tail, link.head) in scene.back_links else ""
        lines.append(f"\t{quote('step:' + link.tail)} -> {quote('step:' + link.head)}{extra};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def measure(look: Look) -> Measured:
    """What the layout needs from Graphviz: the size of every node of :func:`measure_dot`,
    shapes as Graphviz will draw them. The steps are not ranked here (``positions`` is
    empty): :func:`~skavmap.render.layout.layout` places them itself."""
    sizes = _read(layout_dot(measure_dot(look, arrows=False), "nop"))
    for block in look.scene.blocks:
        name = f"step:{block.id}"
        if block.kind == "decision":
            sizes[name] = diamond_size(*sizes[name])
        elif block.kind == "notify":
            w, h = sizes[name]
            sizes[name] = (w, h + NOTIFY_EXTRA)
    return Measured(sizes)


def _read(graph) -> dict[str, tuple[float, float]]:
    """The size (points) of every node of a laid-out pygraphviz graph."""
    # Read through Graphviz's C interface: on a large diagram pygraphviz's node and
    # attribute objects take longer than the reading itself.
    from pygraphviz import graphviz as gv

    sizes: dict[str, tuple[float, float]] = {}
    handle, encoding = graph.handle, graph.encoding
    node = gv.agfstnode(handle)
    while node is not None:
        # DOT keeps the doubled backslash of a quoted name: undo it to find the piece.
        name = gv.agnameof(node).decode(encoding).replace("\\\\", "\\")
        sizes[name] = (float(gv.agget(node, b"width")) * 72, float(gv.agget(node, b"height")) * 72)
        node = gv.agnxtnode(handle, node)
    return sizes


def diamond_size(w: float, h: float) -> tuple[float, float]:
    """A decision's diamond, from the size Graphviz gives it without a minimum (twice its
    text, margins included, each way: the text's corners just touch the sides): at least
    :data:`DIAMOND_MIN`, and no wider than its text needs at that height.

    Text of width ``a`` and height ``b`` fits a diamond ``W`` × ``H`` when
    ``a / W + b / H <= 1``.

    >>> diamond_size(172.0, 56.8)  # two lines: raised to the minimum height
    (169.6, 57.6)
    >>> diamond_size(112.0, 31.2)  # one short line: as high as the minimum, narrower
    (108.0, 57.6)
    """
    a, b = w / 2, h / 2
    height = max(h, DIAMOND_MIN[1])
    width = max(a / (1 - b / height), DIAMOND_MIN[0])
    return round(width, 1), round(height, 1)


def _end(name: str) -> str:
    return name if name.startswith("connector:") else f"step:{name}"


def _plain(label: str) -> dict[str, str]:
    return {"shape": "plain", "label": label}


def _num(value: float) -> str:
    # A tenth of a point is far below what any screen or printer shows.
    text = f"{value:.1f}"
    if text[-1] == "0":  # x.0: "x", and -0.0 (from rounding a tiny negative) is "0"
        text = text[:-2]
        if text == "-0":
            return "0"
    return text


def positioned_dot(
    look: Look, geometry: Geometry, sheet: Sheet | None = None, scale: float = 1.0
) -> str:
    """The finished diagram: lanes as full-width bands, everything at its place.

    With ``sheet``, the drawing is that sheet of paper, with the diagram ``scale`` times
    its size in the middle of it; with only ``scale``, the drawing is the diagram at that
    scale; else it is drawn at its size, with a little room around it.
    """
    scene = look.scene
    g = geometry
    height = g.height
    out = _Writer(height, drawn=True)
    at, inches = out.at, out.inches
    page = ["pad=0.15"]
    corners: list[str] = []
    if sheet is not None:
        # The page, in the diagram's points: two invisible nodes at its corners make it
        # the drawing's extent, and Graphviz scales that to the sheet.
        across, down = sheet.width / scale, sheet.height / scale
        x0, y0 = (g.width - across) / 2, (g.height - down) / 2
        page = ["pad=0", "margin=0", f'size="{sheet.width / 72:.4f},{sheet.height / 72:.4f}!"']
        for index, (x, y) in enumerate(((x0, y0 + down), (x0 + across, y0))):
            corners.append(
                out.statement(
                    f"page:{index}",
                    {"shape": "point", "style": "invis", "width": "0", "height": "0",
                     "pos": at(x, y)},
                )
            )  # fmt: skip
    elif scale != 1.0:
        page = [
            "pad=0",
            "margin=0",
            f'size="{g.width * scale / 72:.4f},{height * scale / 72:.4f}!"',
        ]
    lines = [
        f"digraph {quote(graphviz(scene.name))} {{",
        "\tgraph ["
        + " ".join(
            [
                f"bb={quote(f'0,0,{_num(g.width)},{_num(height)}')}",
                "outputorder=edgesfirst",
                "bgcolor=white",
                *page,
                "splines=true",
                f"fontname={quote(style.FONT)}",
                f"label={quote('')}",
                f"_background={_long_quote(_bands(scene, g, out))}",
            ]
        )
        + "];",
        f"\tnode [fontname={quote(style.FONT)} fontsize={style.NAME_SIZE}];",
        f"\tedge [arrowsize=0.8 color={quote(style.EDGE)}];",
        *corners,
    ]
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
                "width": inches(g.header_width),
                "height": inches(bottom - top),
                "pos": at(g.header_width / 2, (top + bottom) / 2),
                "label": look.lanes[index],
                "class": "lane-title",
                "id": f"lane-{_shown_key(lane.key)}" + (f"-{section}" if section else ""),
            }
            name = f"lane:{index}" + (f":{section}" if section else "")
            lines.append(out.statement(name, header))
    for connector in g.connectors:
        box = g.shapes[connector.id]
        lines.append(
            out.statement(
                connector.id,
                {
                    "shape": "circle",
                    "style": "filled",
                    "fillcolor": "#ffffff",
                    "color": style.STEP_LINE,
                    "penwidth": "1.4",
                    "fixedsize": "true",
                    "width": inches(box.w),
                    "height": inches(box.h),
                    "fontsize": "10",
                    "label": f"<<B>{connector.letter}</B>>",
                    "pos": at(box.x, box.y),
                    "class": "connector",
                },
            )
        )
    for block in scene.blocks:
        box = g.shapes[block.id]
        attrs = {
            **look.steps[block.id],
            "pos": at(box.x, box.y),
            "width": inches(box.w),
            "height": inches(box.h),
            "fixedsize": "true",
            "class": " ".join(filter(None, ("step", block.kind, block.mark))),
        }
        lines.append(out.statement(f"step:{block.id}", attrs))
        if block.caption:
            cap = g.captions[block.id]
            lines.append(
                out.statement(
                    f"caption:{block.id}",
                    {
                        **_plain(look.captions[block.id]),
                        "pos": at(cap.x, cap.y),
                        "class": "caption",
                    },
                )
            )
        if block.note:
            note = g.notes[block.id]
            attrs = dict(look.notes[block.id])
            attrs.update(
                pos=at(note.x, note.y),
                width=inches(note.w),
                height=inches(note.h),
                fixedsize="true",
                **{"class": "pain"},
            )
            lines.append(out.statement(f"note:{block.id}", attrs))
    for index, label in look.labels.items():
        box = g.labels[index]
        attrs = _plain(label)
        attrs.update(
            pos=at(box.x, box.y),
            style="filled",
            fillcolor="#ffffffd9",
            color="none",
            **{"class": "edge-label"},
        )
        lines.append(out.statement(f"label:{index}", attrs))
    for name, number, (x, y) in g.badges:
        lines.append(
            out.statement(
                f"badge:{number}:{name}",
                {
                    "shape": "circle",
                    "style": "filled",
                    "fillcolor": style.BADGE,
                    "color": "#ffffff",
                    "penwidth": "1.2",
                    "fixedsize": "true",
                    "width": inches(BADGE),
                    "height": inches(BADGE),
                    "fontsize": str(style.FIGURE_SIZE),
                    "fontcolor": "#ffffff",
                    "label": f"<<B>{number}</B>>",
                    "pos": at(x, y),
                    "class": "badge",
                },
            )
        )
    lines.append(
        out.statement(
            "title", {**_plain(look.title), "pos": at(g.title.x, g.title.y), "class": "title"}
        )
    )
    for name, label, box in (
        ("legend", look.legend, g.legend),
        ("shapes", look.shape_key, g.shape_key),
        ("hotspots", look.hotspots, g.hotspots),
    ):
        if label and box is not None:
            lines.append(
                out.statement(name, {**_plain(label), "pos": at(box.x, box.y), "class": name})
            )
    if look.shape_key and g.shape_key is not None:
        lines += _key_samples(look, g.shape_key, out)
    for drawn in g.edges:
        link = scene.links[drawn.link]
        attrs = dict(look.links[drawn.link])
        attrs["pos"] = _spline(drawn.points, out)
        attrs["class"] = " ".join(filter(None, ("rework" if link.rework else "flow", link.mark)))
        lines.append(out.link(_end(drawn.tail), _end(drawn.head), attrs))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _bands(scene, g: Geometry, out: _Writer) -> str:
    """The lanes' bands across the whole width, as xdot drawing operations that Graphviz
    draws first, under everything (its ``_background``). Clusters would do the same, but
    Graphviz frees a drawing's layout in time that grows with the number of clusters times
    the number of nodes: seconds for a diagram of thousands of steps."""
    ops = ["S 15 -setlinewidth(1)", _xdot_colour("c", style.LANE_LINE)]
    fills = [
        _xdot_colour("C", style.EXTERNAL_FILL if lane.external else style.LANE_FILLS[i % 2])
        for i, lane in enumerate(scene.lanes)
    ]
    right = g.width
    for lanes in g.sections:
        for index, (top, bottom) in enumerate(lanes):
            corners = out.points([(0, bottom), (right, bottom), (right, top), (0, top)])
            ops.append(f"{fills[index]} P 4 {corners.replace(',', ' ')}")
    return " ".join(ops)


def _long_quote(text: str, limit: int = 8000) -> str:
    """A DOT string of any length: quoted pieces joined by ``+`` (Graphviz reads no quoted
    string longer than 16384 characters), each piece ending at a space.

    >>> _long_quote("ab cd ef", limit=4)
    '"ab " + "cd " + "ef"'
    """
    pieces = []
    while len(text) > limit:
        cut = text.rindex(" ", 0, limit) + 1
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return " + ".join(quote(piece) for piece in pieces)


def _xdot_colour(op: str, colour: str) -> str:
    return f"{op} {len(colour)} -{colour}"


def _key_samples(look: Look, key: Box, out: _Writer) -> list[str]:
    """The sample shapes of the shape key, each centred on the empty cell of its row (the
    rows are all :data:`~skavmap.render.look.KEY_CELL` high, :data:`~skavmap.render.look.
    KEY_SPACING` apart)."""
    width, height = KEY_CELL
    x = key.x - key.w / 2 + KEY_SPACING + width / 2
    top = key.y - key.h / 2
    lines = []
    for row, sample in enumerate(look.samples):
        y = top + KEY_SPACING + row * (height + KEY_SPACING) + height / 2
        attrs = dict(sample.attrs)
        attrs.update(
            pos=out.at(x, y),
            width=out.inches(sample.w),
            height=out.inches(sample.h),
            fixedsize="true",
            **{"class": "key"},
        )
        lines.append(out.statement(f"key:{sample.kind}", attrs))
    return lines


#: Radius of the rounded corners of arrows, in points.
CORNER = 7.0
#: Length of an arrowhead at arrowsize 0.8.
ARROW = 8.0


def _spline(points: list[tuple[float, float]], out: _Writer) -> str:
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
    # The arithmetic is written out (no helpers) because this runs for every arrow; it
    # must stay exactly as it is, or the numbers in the DOT change in their last digit.
    px, py = pts[0]
    curve: list[tuple[float, float]] = [(px, py)]
    for i in range(1, len(pts) - 1):
        cx, cy = pts[i]
        nx, ny = pts[i + 1]
        d_in = ((cx - px) ** 2 + (cy - py) ** 2) ** 0.5
        d_out = ((nx - cx) ** 2 + (ny - cy) ** 2) ** 0.5
        ix, iy = ((cx - px) / d_in, (cy - py) / d_in) if d_in else (0.0, 0.0)
        ox, oy = ((nx - cx) / d_out, (ny - cy) / d_out) if d_out else (0.0, 0.0)
        radius = min(CORNER, d_in / 2, d_out / 2)
        ax, ay = cx - ix * radius, cy - iy * radius
        bx, by = cx + ox * radius, cy + oy * radius
        if ((ax - px) ** 2 + (ay - py) ** 2) ** 0.5 > 0.01:
            curve += (
                (px + (ax - px) / 3, py + (ay - py) / 3),
                (px + 2 * (ax - px) / 3, py + 2 * (ay - py) / 3),
                (ax, ay),
            )
        curve += (
            (ax + ix * radius * 0.55, ay + iy * radius * 0.55),
            (bx - ox * radius * 0.55, by - oy * radius * 0.55),
            (bx, by),
        )
        px, py = bx, by
    qx, qy = pts[-1]
    curve += (
        (px + (qx - px) / 3, py + (qy - py) / 3),
        (px + 2 * (qx - px) / 3, py + 2 * (qy - py) / 3),
        (qx, qy),
    )
    return f"e,{out.at(*end)} {out.points(curve)}"


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


def _shown_key(key: str) -> str:
    """A lane's key as the SVG names it: a role's lane of its own is ``role:ID``."""
    return "role:" + key[len(OWN_UNIT) :] if key.startswith(OWN_UNIT) else key
