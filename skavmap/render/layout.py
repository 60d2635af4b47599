"""Where everything goes: a scene placed as a swimlane diagram, as plain geometry.

:func:`layout` takes a :class:`~skavmap.render.scene.Scene` and what a backend measured of
it (:class:`Measured`: the size of every piece of text as it will be drawn, and a ranking
of the steps into columns), and returns a :class:`Geometry`: lanes as bands, every shape's
box, every arrow as a list of points, every label's box. Nothing here draws or knows how
things look; the Graphviz backend (:mod:`skavmap.render.dot`) measures with Graphviz's
``dot`` (which ranks the steps, orders them within a column and sizes every label) and draws
the geometry, and an exporter can read the same geometry (lane rectangles, shape bounds,
edge waypoints).

The placement: each step goes in its lane's band; lanes are stacked in file order and span
the whole width; inside a lane, steps sit on rows (the main flow on one straight line,
parallel work on rows below). Arrows are drawn square: out of a step's right side, turning
in the gaps between columns, into the next step's left side; arrows that skip columns run
straight when their row is free and otherwise along a corridor at the edge of a lane, as do
the arrows that go back (loops). Every vertical run gets its own channel in its gap, so
lines never lie on top of each other unless they share an end.

Graphviz's own edge routing is not used: in fixed-position mode its spline router took
16 s on a 300-step process and its orthogonal router cannot place labels, while this is
linear in the size of the diagram.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from skavmap.render.paper import Sheet
from skavmap.render.scene import Block, Scene

# Distances in points.
MARGIN = 16.0
TITLE_GAP = 14.0
LEGEND_GAP = 20.0
KEY_GAP = 8.0  # between the legend and the shape key under it
HEADER_MIN = 120.0
HEADER_PAD = 10.0
GAP_MIN = 30.0  # between two columns
EDGE_GAP = 22.0  # before the first and after the last column
CHANNEL_PAD = 12.0  # from a column to the first channel in a gap
CHANNEL = 8.0  # between two channels
CLEAR = 13.0  # between two channels where one crosses a line that turns into the other
ARROW_ROOM = 20.0  # from the last channel to the next step, for the arrowhead
ROW_GAP = 24.0
LANE_PAD = 14.0
TRACK = 8.0  # between two corridor lines
CAPTION_GAP = 2.0
NOTE_GAP = 6.0
LABEL_GAP = 5.0
SECTION_GAP = 28.0  # between the sections of a wrapped diagram
#: Diameter of a hotspot badge.
BADGE = 17.0
#: Diameter of the lettered circles where a wrapped diagram goes on in another section.
CONNECTOR = 22.0
#: Room for each letter of such a circle's label (bold, 10 pt): Graphviz warns when a circle
#: of fixed size cannot hold its label, as from AAA on (a map with over 702 crossings).
CONNECTOR_LETTER = 12.0
#: The tallest lane of a section is at most this many times as high as its lowest.
LANE_RATIO = 3.0


@dataclass(frozen=True)
class Box:
    """A rectangle by its centre (y grows downwards) and size, in points."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Drawn:
    """One drawn arrow: part or all of scene link ``link``, from ``tail`` to ``head`` (step
    ids, or connector ids where a wrapped diagram continues in another section)."""

    link: int
    tail: str
    head: str
    points: list[tuple[float, float]]


@dataclass(frozen=True)
class Connector:
    """A circle with a letter where an arrow leaves one section and goes on in another."""

    id: str
    letter: str
    section: int
    lane: int


@dataclass
class Geometry:
    """Where everything goes, in points; y grows downwards (the DOT writer flips it).

    A long process is wrapped: its columns are cut into sections stacked top to bottom,
    each with all the lanes. ``sections`` holds each section's lanes as (top, bottom); a
    lane spans the whole ``width``, its header the first ``header_width`` of it.
    """

    width: float
    height: float
    header_width: float
    sections: list[list[tuple[float, float]]]
    shapes: dict[str, Box]  # steps and connectors
    captions: dict[str, Box]
    notes: dict[str, Box]
    labels: dict[int, Box]  # by scene link
    badges: list[tuple[str, int, tuple[float, float]]]  # (on what, number, centre)
    edges: list[Drawn]
    title: Box
    legend: Box | None
    hotspots: Box | None
    shape_key: Box | None = None  # under the legend
    connectors: list[Connector] = field(default_factory=list)
    section_of: dict[str, int] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def lanes(self) -> list[tuple[float, float]]:
        """The lanes of the first section (the only one unless the diagram is wrapped)."""
        return self.sections[0]


@dataclass(frozen=True)
class Measured:
    """What a backend measured of a scene, in points.

    ``sizes`` holds the size of each piece as it will be drawn, by name: ``step:<id>`` (the
    shape), ``caption:<id>`` and ``note:<id>`` (under it), ``lane:<n>`` (lane n's header
    text), ``label:<n>`` (the label of scene link n), ``title``, ``legend``, ``shapes`` (the
    shape key) and ``hotspots`` (the table); a missing piece takes no room. ``positions``
    holds a first placement of the steps, left to right: steps with one x share a column,
    and within a column a higher y comes first; when it is empty, the layout places them
    itself (:func:`columns_of`).
    """

    sizes: Mapping[str, tuple[float, float]]
    positions: Mapping[str, tuple[float, float]] = field(default_factory=dict)


def _first_fit(ends: list[float], start: float, end: float, clearance: float) -> int:
    """The first line whose last use ends more than ``clearance`` before ``start`` (a new
    line when none does); it is taken up to ``end``.

    >>> ends = []
    >>> _first_fit(ends, 0, 10, 2), _first_fit(ends, 5, 20, 2), _first_fit(ends, 13, 15, 2)
    (0, 1, 0)
    """
    for track, last in enumerate(ends):
        if last + clearance < start:
            ends[track] = end
            return track
    ends.append(end)
    return len(ends) - 1


def _badge_offsets(kind: str, w: float, h: float, count: int) -> list[tuple[float, float]]:
    """Where a step's hotspot badges go, from its centre: on the top right corner of a box,
    just outside the upper right edge of a diamond or circle; more badges line up to the
    left.

    >>> _badge_offsets("task", 100, 40, 2)
    [(46.0, -22.0), (28.0, -22.0)]
    """
    if not count:  # most steps have no badge: no geometry to work out
        return []
    step = BADGE + 1
    if kind in ("decision", "parallel"):
        # The midpoint of the upper right edge, moved out along the edge's normal.
        length = (w * w + h * h) ** 0.5 / 2
        nx, ny = (h / 2) / length, -(w / 2) / length
        ux, uy = -(w / 2) / length, -(h / 2) / length  # along the edge, towards the top
        cx, cy = w / 4 + nx * (BADGE / 2 + 1), -h / 4 + ny * (BADGE / 2 + 1)
        return [(cx + ux * step * i, cy + uy * step * i) for i in range(count)]
    if kind in ("start", "end"):
        reach = (w / 2 + BADGE / 2 - 2) * 0.7071
        return [(reach - step * i, -reach) for i in range(count)]
    return [(w / 2 - 4 - step * i, -h / 2 - 2) for i in range(count)]


# Symbolic route points, resolved once the coordinates are known:
#   x: ("R", step) right side, ("L", step) left side, ("C", step) centre,
#      ("ch", gap, key) a channel in the gap right of column `gap`
#   y: ("Y", step) centre, ("T", step) top, ("B", step) bottom,
#      ("tr", lane, side, track) a corridor line


def layout(scene: Scene, measured: Measured) -> Geometry:
    """The whole geometry of ``scene``, from the sizes (and columns, if given) ``measured``,
    arranged for its sheet of paper (see :func:`fit`).

    A long diagram is cut into sections of consecutive columns, of about equal width, each
    drawn below the one before with all the lanes; an arrow from one section to another
    ends in a lettered circle and goes on from a circle with the same letter.
    """
    return fit(scene, measured).geometry


@dataclass(frozen=True)
class Fit:
    """A geometry on paper: drawn ``scale`` times its size in points, on ``across`` ×
    ``down`` sheets of ``sheet`` (one sheet, or a poster of sheets that overlap by
    :data:`~skavmap.render.paper.OVERLAP`)."""

    geometry: Geometry
    sheet: Sheet
    scale: float
    across: int = 1
    down: int = 1

    @property
    def sheets(self) -> int:
        return self.across * self.down


def fit(scene: Scene, measured: Measured, sheet: Sheet | None = None) -> Fit:
    """``scene`` arranged for a sheet of paper: ``sheet``, else the scene's paper (the
    better way round unless it says which).

    On a sheet asked for, the arrangement is the number of sections (rows of lanes) that
    prints the step names largest on one sheet, at least at
    :data:`~skavmap.render.paper.MIN_SCALE` (step names at 9 points); when no arrangement
    holds them that large on one sheet, the one that needs the fewest sheets at that scale,
    as a poster.

    A scene without a paper is shaped to fill one A3 landscape sheet (or portrait, when the
    scene says so) as well as it can: the arrangement that prints largest there, however
    small that is; it is drawn at its own size on screen.

    ``scene.wrap`` (columns per section; 0 for one section) fixes the arrangement instead;
    then only the scale and the sheets are chosen.
    """
    from skavmap.render.paper import DEFAULT
    from skavmap.render.paper import sheet as make_sheet

    if not measured.positions:
        measured = replace(measured, positions=columns_of(scene))
    legible = sheet is not None or scene.paper is not None
    if sheet is not None:
        candidates = [sheet]
    elif scene.paper is None:
        turned = DEFAULT[1] if scene.landscape is None else scene.landscape
        candidates = [make_sheet(DEFAULT[0], turned)]
    elif scene.landscape is not None:
        candidates = [make_sheet(scene.paper, scene.landscape)]
    else:
        candidates = [make_sheet(scene.paper, True), make_sheet(scene.paper, False)]
    columns = _columns(measured)
    if scene.wrap is not None:
        geometry = _arranged(scene, measured, columns, sections_for(columns, scene.wrap))
        fits = [_on(geometry, candidate, legible) for candidate in candidates]
    else:
        fits = [_best(scene, measured, columns, candidate, legible) for candidate in candidates]
    return min(fits, key=_rank)


def sections_for(columns: int, wrap: int) -> int:
    """The number of sections of at most ``wrap`` columns (0: one section)."""
    return -(-max(columns, 1) // wrap) if wrap > 0 else 1


def _on(geometry: Geometry, sheet: Sheet, legible: bool = True) -> Fit:
    """``geometry`` on ``sheet``: as large as one sheet holds it (at most
    :data:`~skavmap.render.paper.MAX_SCALE`), or, when that would print the step names too
    small and ``legible`` is asked for, at the fewest sheets that hold it at
    :data:`~skavmap.render.paper.MIN_SCALE`."""
    from skavmap.render.paper import MAX_SCALE, MIN_SCALE, OVERLAP

    width, height = sheet.printable
    scale = min(width / geometry.width, height / geometry.height)
    if scale >= MIN_SCALE or not legible:
        return Fit(geometry, sheet, min(scale, MAX_SCALE))
    step_x, step_y = width - OVERLAP, height - OVERLAP
    across = max(1, -(-(geometry.width * MIN_SCALE - OVERLAP) // step_x))
    down = max(1, -(-(geometry.height * MIN_SCALE - OVERLAP) // step_y))
    scale = min(
        (across * step_x + OVERLAP) / geometry.width, (down * step_y + OVERLAP) / geometry.height
    )
    return Fit(geometry, sheet, scale, int(across), int(down))


def _rank(fit: Fit) -> tuple:
    """Better first: fewer sheets, then larger step names (up to the largest scale), then
    fewer sections, then landscape."""
    from skavmap.render.paper import MAX_SCALE

    return (
        fit.sheets,
        -round(min(fit.scale, MAX_SCALE), 3),
        len(fit.geometry.sections),
        not fit.sheet.landscape,
    )


#: Sections are at least this many columns wide when the wrap is chosen.
MIN_WRAP = 4
#: Up to this many columns every arrangement is laid out and measured; above, the sizes
#: of the arrangements are estimated and only the best one is laid out.
EXACT_COLUMNS = 60


def _best(scene: Scene, measured: Measured, columns: int, sheet: Sheet, legible: bool) -> Fit:
    """The best arrangement of ``scene`` for ``sheet``."""
    counts = sorted(
        {sections_for(columns, -(-columns // k)) for k in range(1, columns // MIN_WRAP + 1)}
    )
    counts = counts or [1]
    if columns <= EXACT_COLUMNS:
        return min(
            (_on(_arranged(scene, measured, columns, count), sheet, legible) for count in counts),
            key=_rank,
        )
    estimate = _Estimate(scene, measured, columns)

    def rank(count: int) -> tuple:
        width, height = estimate.size(count)
        probe = Geometry(
            width, height, 0.0, [[]] * count, {}, {}, {}, {}, [], [], Box(0, 0, 0, 0), None, None
        )
        return _rank(_on(probe, sheet, legible))

    # Coarse to fine: a few counts, closer together where there are few sections, then
    # steps halving around the best so far.
    known: dict[int, tuple] = {}

    def score(at: int) -> tuple:
        if at not in known:
            known[at] = rank(counts[at])
        return known[at]

    last = len(counts) - 1
    grid = sorted({round(last * (i / 8) ** 2) for i in range(9)})
    at = min(grid, key=score)
    step = max(1, max(b - a for a, b in zip(grid, grid[1:], strict=False)) // 2 if last else 1)
    while step >= 1:
        moved = min((i for i in (at - step, at + step) if 0 <= i <= last), key=score, default=at)
        if score(moved) < score(at):
            at = moved
        else:
            step //= 2
    return _on(_arranged(scene, measured, columns, counts[at]), sheet, legible)


class _Estimate:
    """The size of an arrangement of a large scene, worked out without laying it out: the
    width of each column and of the gap after it, and the rows each lane uses in each
    section; the arrows' channels and corridors are allowed for roughly."""

    def __init__(self, scene: Scene, measured: Measured, columns: int):
        self.scene, self.columns = scene, columns
        arranger = _Arranger(scene, measured)
        arranger._extents()
        arranger._rows()
        self.rank, self.lane, self.row = arranger.rank, arranger.lane, arranger.row
        self.above, self.below = arranger.above, arranger.below
        self.width = [0.0] * columns
        for sid, rank in self.rank.items():
            self.width[rank] = max(self.width[rank], arranger.span[sid])
        room = [0.0] * columns
        for index, link in enumerate(scene.links):
            if link.label and self.rank[link.head] > self.rank[link.tail]:
                tail = self.rank[link.tail]
                room[tail] = max(room[tail], arranger.size(f"label:{index}")[0])
        self.gap = [
            max(GAP_MIN, CHANNEL_PAD + CHANNEL + ARROW_ROOM + (LABEL_GAP + r if r else 0.0))
            for r in room
        ]
        self.widths = [w + g for w, g in zip(self.width, self.gap, strict=True)]
        self.header_w = _header_width(scene, measured)
        self.header_h = [
            arranger.size(f"lane:{i}")[1] + 2 * HEADER_PAD for i in range(len(scene.lanes))
        ]
        self.title = measured.sizes.get("title", (0.0, 0.0))
        self.foot = _footer_size(scene, measured)

    def size(self, count: int) -> tuple[float, float]:
        """The estimated width and height of the arrangement in ``count`` sections."""
        cuts = _cuts(self.scene, self.rank, self.columns, count, self.widths) if count > 1 else []
        bounds = [0, *cuts, self.columns]
        extra = 2 * (CONNECTOR + GAP_MIN) if count > 1 else 0.0
        widths = [
            self.header_w + EDGE_GAP + extra + sum(self.width[a:b]) + sum(self.gap[a:b])
            for a, b in zip(bounds, bounds[1:], strict=False)
        ]
        rows: dict[tuple[int, int, int], list[float]] = {}
        for sid, rank in self.rank.items():
            key = (bisect_right(cuts, rank), self.lane[sid], self.row[sid])
            band = rows.setdefault(key, [0.0, 0.0])
            band[0], band[1] = max(band[0], self.above[sid]), max(band[1], self.below[sid])
        lanes: dict[tuple[int, int], list[float]] = defaultdict(list)
        for (section, lane, _), (above, below) in rows.items():
            lanes[(section, lane)].append(above + below)
        height = 0.0
        for section in range(count):
            bands = []
            for lane, header in enumerate(self.header_h):
                used = lanes.get((section, lane), [])
                content = sum(used) + ROW_GAP * max(0, len(used) - 1) + 2 * LANE_PAD + TRACK
                bands.append(max(content, header))
            tallest = max(bands)
            height += sum(
                max(band, tallest / LANE_RATIO) if (section, lane) in lanes else band
                for lane, band in enumerate(bands)
            )
        foot_w, foot_h = self.foot
        height += MARGIN + self.title[1] + TITLE_GAP + SECTION_GAP * (count - 1)
        height += (LEGEND_GAP + foot_h if foot_h else 0.0) + MARGIN
        width = max([2 * MARGIN + self.title[0], 2 * MARGIN + foot_w, *widths])
        return width, height


def _header_width(scene: Scene, measured: Measured) -> float:
    return max(
        [HEADER_MIN]
        + [
            measured.sizes.get(f"lane:{i}", (0.0, 0.0))[0] + 2 * HEADER_PAD
            for i in range(len(scene.lanes))
        ]
    )


def _footer_size(scene: Scene, measured: Measured) -> tuple[float, float]:
    """The width and height of what goes under the lanes: the legend with the shape key
    under it, and the hotspot table beside them."""
    legend_w, legend_h = measured.sizes.get("legend", (0.0, 0.0)) if scene.legend else (0, 0)
    key_w, key_h = measured.sizes.get("shapes", (0.0, 0.0)) if scene.shape_key else (0, 0)
    if key_h:
        legend_w, legend_h = max(legend_w, key_w), (legend_h + KEY_GAP if legend_h else 0) + key_h
    table_w, table_h = measured.sizes.get("hotspots", (0.0, 0.0)) if scene.hotspots else (0, 0)
    return legend_w + (LEGEND_GAP * 2 + table_w if table_w else 0.0), max(legend_h, table_h)


def _arranged(scene: Scene, measured: Measured, columns: int, count: int) -> Geometry:
    """``scene`` laid out in ``count`` sections."""
    title_w, title_h = measured.sizes.get("title", (0.0, 0.0))
    top = MARGIN + title_h + TITLE_GAP
    header_w = _header_width(scene, measured)
    parts, connectors, section_of = [], [], {}
    for index, (sub, sub_measured, origin, made) in enumerate(
        _sections(scene, measured, columns, count)
    ):
        part = _Arranger(sub, sub_measured, origin).run(top, header_w)
        parts.append(part)
        connectors += [Connector(c.id, c.letter, index, c.lane) for c in made]
        section_of.update({block.id: index for block in sub.blocks})
        top = part.bottom + SECTION_GAP
    bottom = parts[-1].bottom

    legend_w, legend_h = measured.sizes.get("legend", (0.0, 0.0)) if scene.legend else (0, 0)
    key_w, key_h = measured.sizes.get("shapes", (0.0, 0.0)) if scene.shape_key else (0, 0)
    key_top = legend_h + KEY_GAP if legend_h else 0.0
    if key_h:
        legend_w = max(legend_w, key_w)
    foot_w, foot_h = _footer_size(scene, measured)
    width = max([2 * MARGIN + title_w, 2 * MARGIN + foot_w] + [p.right for p in parts])
    height = bottom + (LEGEND_GAP + foot_h if foot_h else 0.0) + MARGIN

    geometry = Geometry(
        width=width,
        height=height,
        header_width=header_w,
        sections=[part.lanes for part in parts],
        shapes={},
        captions={},
        notes={},
        labels={},
        badges=[],
        edges=[],
        title=Box(MARGIN + title_w / 2, MARGIN + title_h / 2, title_w, title_h),
        legend=None,
        hotspots=None,
        connectors=connectors,
        section_of=section_of,
    )
    for part in parts:
        geometry.shapes.update(part.shapes)
        geometry.captions.update(part.captions)
        geometry.notes.update(part.notes)
        geometry.labels.update(part.labels)
        geometry.badges += part.badges
        geometry.edges += part.edges
        geometry.ranks.update(part.ranks)
        geometry.rows.update(part.rows)
    for lane_index, lane in enumerate(scene.lanes):
        lane_top = parts[0].lanes[lane_index][0]
        for i, number in enumerate(reversed(lane.badges)):
            corner = (header_w - 4 - BADGE / 2 - i * (BADGE + 2), lane_top + 4 + BADGE / 2)
            geometry.badges.append((f"lane:{lane_index}", number, corner))
    foot = bottom + LEGEND_GAP
    if scene.legend:
        own_w, own_h = measured.sizes.get("legend", (0.0, 0.0))
        geometry.legend = Box(MARGIN + own_w / 2, foot + own_h / 2, own_w, own_h)
    if key_h:
        geometry.shape_key = Box(MARGIN + key_w / 2, foot + key_top + key_h / 2, key_w, key_h)
    if scene.hotspots:
        table_w, table_h = measured.sizes.get("hotspots", (0.0, 0.0))
        table_x = MARGIN + legend_w + (2 * LEGEND_GAP if legend_w else 0.0)
        geometry.hotspots = Box(table_x + table_w / 2, foot + table_h / 2, table_w, table_h)
    return geometry


def columns_of(scene: Scene) -> dict[str, tuple[float, float]]:
    """A first placement of the steps, as :attr:`Measured.positions` holds it: the column
    of each step as x, and minus its place in the file as y.

    The columns are the longest path from the start along the arrows that do not close a
    loop (``scene.back_links``), so every arrow but a loop's goes at least one column to
    the right and the main flow reads left to right; a step that nothing leads to (a step
    removed since a base version, drawn as it was) sits just before the first step it
    leads to. Linear in the size of the diagram.

    >>> from skavmap.format.loader import load
    >>> from skavmap.render.scene import Options, build_scene
    >>> scene = build_scene(load("examples/loop.yaml"), options=Options(plain=True))
    >>> [(sid, int(x)) for sid, (x, _) in columns_of(scene).items()][2:]
    [('komplett', 2), ('begar', 3), ('komplettera', 4), ('beslut', 3), ('klar', 4)]
    """
    ids = [block.id for block in scene.blocks]
    successors: dict[str, list[str]] = {sid: [] for sid in ids}
    indegree = dict.fromkeys(ids, 0)
    for link in scene.links:
        if (link.tail, link.head) in scene.back_links or link.tail == link.head:
            continue
        successors[link.tail].append(link.head)
        indegree[link.head] += 1
    # Kahn's topological order, sources in file order (the start first when it leads).
    order: list[str] = []
    ready = [sid for sid in ids if indegree[sid] == 0]
    remaining = dict(indegree)
    ready.reverse()
    while ready:
        sid = ready.pop()
        order.append(sid)
        for head in reversed(successors[sid]):
            remaining[head] -= 1
            if remaining[head] == 0:
                ready.append(head)
    column = dict.fromkeys(ids, 0)
    for sid in order:
        for head in successors[sid]:
            column[head] = max(column[head], column[sid] + 1)
    for sid in reversed(order):
        if indegree[sid] == 0 and successors[sid] and sid != scene.start:
            column[sid] = max(0, min(column[head] for head in successors[sid]) - 1)
    place = {sid: i for i, sid in enumerate(ids)}
    return {sid: (float(column[sid]), -float(place[sid])) for sid in ids}


def _columns(measured: Measured) -> int:
    return len({round(x, 2) for x, _ in measured.positions.values()})


def _sections(scene: Scene, measured: Measured, columns: int, count: int):
    """Cut the scene into ``count`` sections of consecutive columns: for each, the scene of
    its steps and arrows, its measurements, which scene link each of its arrows draws, and
    the connectors made for arrows that cross to another section."""
    if count <= 1:
        yield scene, measured, list(range(len(scene.links))), []
        return
    xs = sorted({round(x, 2) for x, _ in measured.positions.values()})
    column = {x: i for i, x in enumerate(xs)}
    rank = {sid: column[round(x, 2)] for sid, (x, _) in measured.positions.items()}
    cuts = _cuts(scene, rank, columns, count, _column_widths(scene, measured, rank, columns))
    section = {sid: bisect_right(cuts, r) for sid, r in rank.items()}
    blocks = {block.id: block for block in scene.blocks}
    # One table of sizes for all the sections, with their connectors': a copy for each
    # section made a map cut into hundreds of them copy every size hundreds of times.
    sizes = dict(measured.sizes)
    letters = _letters()
    crossing = {}
    for index, link in enumerate(scene.links):
        if section[link.tail] != section[link.head]:
            crossing[index] = next(letters)
    # Each section's steps and the arrows that touch it, in scene order.
    blocks_in: list[list[Block]] = [[] for _ in range(count)]
    for block in scene.blocks:
        blocks_in[section[block.id]].append(block)
    links_at: list[list[int]] = [[] for _ in range(count)]
    for index, link in enumerate(scene.links):
        links_at[section[link.tail]].append(index)
        if section[link.head] != section[link.tail]:
            links_at[section[link.head]].append(index)
    bounds = [0, *cuts, columns]
    for number in range(count):
        first, last = bounds[number], bounds[number + 1]
        sub_blocks, sub_links, origin, made = [], [], [], []
        positions = {}
        for block in blocks_in[number]:
            sub_blocks.append(block)
            x, y = measured.positions[block.id]
            positions[block.id] = (float(rank[block.id] - first + 1), y)
        for index in links_at[number]:
            link = scene.links[index]
            tail_in, head_in = section[link.tail] == number, section[link.head] == number
            if tail_in and head_in:
                sub_links.append(link)
                origin.append(index)
            elif tail_in or head_in:
                letter = crossing[index]
                side = "out" if tail_in else "in"
                cid = f"connector:{letter}:{side}"
                step = link.tail if tail_in else link.head
                lane = blocks[step].lane
                made.append(Connector(cid, letter, number, lane))
                sub_blocks.append(Block(id=cid, lane=lane, kind="connector"))
                sizes[f"step:{cid}"] = (connector_size(letter),) * 2
                y = measured.positions[step][1]
                if tail_in:
                    positions[cid] = (float(last - first + 1), y)
                    sub_links.append(replace(link, head=cid))
                else:
                    positions[cid] = (0.0, y)
                    sub_links.append(replace(link, tail=cid, label=(), badges=()))
                origin.append(index)
        sub = replace(scene, blocks=tuple(sub_blocks), links=tuple(sub_links))
        yield sub, Measured(sizes, positions), origin, made


def _cuts(
    scene: Scene, rank: Mapping[str, int], columns: int, count: int, widths: list[float]
) -> list[int]:
    """Where sections start: near equal widths (``widths``: each column's, with the gap
    after it), at the column boundary crossed by the fewest arrows (within two columns of
    the even split)."""
    # crossing[c]: arrows between a column before c and one at or after it.
    starts = [0] * (columns + 1)
    for link in scene.links:
        low, high = sorted((rank[link.tail], rank[link.head]))
        starts[low + 1] += 1
        starts[high + 1] -= 1
    crossing, running = [], 0
    for delta in starts:
        running += delta
        crossing.append(running)
    # before[c]: the width of the columns before column c.
    before = [0.0]
    for width in widths:
        before.append(before[-1] + width)
    cuts: list[int] = []
    for number in range(1, count):
        target = before[-1] * number / count
        near = min(max(bisect_right(before, target), 1), columns - 1)
        even = min((near - 1, near), key=lambda c: (c < 1, abs(before[c] - target)))
        lowest = cuts[-1] + 2 if cuts else 2
        candidates = range(max(lowest, even - 2), min(columns - 1, even + 2) + 1)
        cuts.append(min(candidates, key=lambda cut: (crossing[cut], abs(cut - even), cut)))
    return cuts


def _column_widths(scene: Scene, measured: Measured, rank: Mapping[str, int], columns: int):
    """Each column's width (its widest step, with what hangs under it) and a gap."""
    widths = [GAP_MIN] * columns
    for block in scene.blocks:
        span = max(
            measured.sizes.get(f"{part}:{block.id}", (0.0, 0.0))[0]
            for part in ("step", "caption", "note")
        )
        widths[rank[block.id]] = max(widths[rank[block.id]], span + GAP_MIN)
    return widths


def connector_size(letter: str) -> float:
    """The diameter of the circle labelled ``letter`` where a wrapped diagram goes on.

    >>> connector_size("A"), connector_size("AB"), connector_size("ABC")
    (22.0, 24.0, 36.0)
    """
    return max(CONNECTOR, CONNECTOR_LETTER * len(letter))


def _letters():
    """A, B, ..., Z, AA, AB, ...

    >>> letters = _letters(); [next(letters) for _ in range(28)][-3:]
    ['Z', 'AA', 'AB']
    """
    from itertools import count, product
    from string import ascii_uppercase

    for length in count(1):
        for letters in product(ascii_uppercase, repeat=length):
            yield "".join(letters)


class _Arranger:
    def __init__(self, scene: Scene, measured: Measured, origin: list[int] | None = None):
        self.scene = scene
        self.sizes = measured.sizes
        self.blocks = {block.id: block for block in scene.blocks}
        # Ranks: dot puts every step of a rank at one x.
        xs = sorted({round(x, 2) for x, _ in measured.positions.values()})
        column = {x: i for i, x in enumerate(xs)}
        self.rank = {sid: column[round(x, 2)] for sid, (x, _) in measured.positions.items()}
        self.order_y = {sid: -y for sid, (_, y) in measured.positions.items()}
        self.columns = len(xs)
        self.lane = {block.id: block.lane for block in scene.blocks}
        self.origin = origin if origin is not None else list(range(len(scene.links)))

    def size(self, name: str) -> tuple[float, float]:
        return self.sizes.get(name, (0.0, 0.0))

    # -- step extents --------------------------------------------------------------------

    def _extents(self) -> None:
        self.shape: dict[str, tuple[float, float]] = {}
        self.above: dict[str, float] = {}
        self.below: dict[str, float] = {}
        self.span: dict[str, float] = {}
        for block in self.scene.blocks:
            w, h = self.size(f"step:{block.id}")
            self.shape[block.id] = (w, h)
            above, below, span = h / 2, h / 2, w
            for _, dy in _badge_offsets(block.kind, w, h, len(block.badges)):
                above = max(above, -dy + BADGE / 2 + 1)
            if block.caption:
                cw, ch = self.size(f"caption:{block.id}")
                below += CAPTION_GAP + ch
                span = max(span, cw)
            if block.note:
                nw, nh = self.size(f"note:{block.id}")
                below += NOTE_GAP + nh
                span = max(span, nw)
            self.above[block.id], self.below[block.id], self.span[block.id] = above, below, span

    # -- rows within lanes ---------------------------------------------------------------

    def _rows(self) -> None:
        """Rows: a step keeps the row of the step before it in its lane, so the main flow
        stays on one line. Where steps share a column and a lane, the likeliest way on keeps
        the row and the others take the next free rows; an arrow that skips columns keeps
        its row free in the columns it crosses."""
        forward_preds: dict[str, list[str]] = defaultdict(list)
        main: dict[str, str] = {}
        best: dict[str, float] = {}
        for link in self.scene.links:
            u, v = link.tail, link.head
            if self.rank[u] < self.rank[v]:
                forward_preds[v].append(u)
                if link.p > best.get(u, -1.0):
                    best[u], main[u] = link.p, v
        cells: dict[tuple[int, int], list[str]] = defaultdict(list)
        for sid in self.blocks:
            cells[(self.rank[sid], self.lane[sid])].append(sid)
        self.row: dict[str, int] = {}
        reserved: set[tuple[int, int, int]] = set()
        for (rank, lane), ids in sorted(cells.items()):  # column by column, lanes in order
            # Where each step would like to be: the row of its first predecessor in the
            # lane, taken first by the one that predecessor mainly leads to. The
            # predecessors are in earlier columns, so their rows are settled.
            wish = {}
            for sid in ids:
                same = [p for p in forward_preds[sid] if self.lane[p] == lane]
                row = self.row[same[0]] if same else 0
                wish[sid] = (row, 0 if any(main.get(p) == sid for p in same) else 1)
            ranked = sorted(ids, key=lambda sid: (*wish[sid], self.order_y[sid], sid))
            last = -1
            for sid in ranked:
                row = max(wish[sid][0], last + 1)
                while (rank, lane, row) in reserved:
                    row += 1
                self.row[sid] = last = row
                after = main.get(sid)
                if after is not None and self.lane[after] == lane:
                    reserved.update((c, lane, row) for c in range(rank + 1, self.rank[after]))
        self.occupied = {(self.rank[s], self.lane[s], self.row[s]): s for s in self.blocks}
        # The lowest and highest row of each cell, for the loops that drop to a lane's edge.
        self.cell_rows = {
            cell: (min(self.row[s] for s in ids), max(self.row[s] for s in ids))
            for cell, ids in cells.items()
        }

    # -- routes --------------------------------------------------------------------------

    def _routes(self) -> None:
        scene = self.scene
        self.routes: list[list[tuple[tuple, tuple]]] = []
        self.route_kind: list[str] = []
        # Corridor segments: (lane, side) -> list of (lo, hi, link index); x in half-columns.
        self.corridor_use: dict[tuple[int, str], list[tuple[int, int, int]]] = defaultdict(list)
        out_channel: dict[str, int] = defaultdict(int)
        plans = []
        for link in scene.links:
            plan = self._plan(link)
            plans.append(plan)
            if plan[0] in ("adj", "straight_v", "corridor"):
                out_channel[link.tail] += 1
        for index, (link, plan) in enumerate(zip(scene.links, plans, strict=True)):
            u, v = link.tail, link.head
            ru, rv = self.rank[u], self.rank[v]
            ko, ki = ("o", u), ("i", v)
            kind = plan[0]
            if kind == "adj":
                key = ko if out_channel[u] > 1 else ki
                route = [
                    (("R", u), ("Y", u)),
                    (("ch", ru, key), ("Y", u)),
                    (("ch", ru, key), ("Y", v)),
                    (("L", v), ("Y", v)),
                ]
            elif kind == "straight_u":
                route = [
                    (("R", u), ("Y", u)),
                    (("ch", rv - 1, ki), ("Y", u)),
                    (("ch", rv - 1, ki), ("Y", v)),
                    (("L", v), ("Y", v)),
                ]
            elif kind == "straight_v":
                route = [
                    (("R", u), ("Y", u)),
                    (("ch", ru, ko), ("Y", u)),
                    (("ch", ru, ko), ("Y", v)),
                    (("L", v), ("Y", v)),
                ]
            elif kind == "corridor":
                lane, side = plan[1], plan[2]
                track = ("tr", lane, side, index)
                route = [
                    (("R", u), ("Y", u)),
                    (("ch", ru, ko), ("Y", u)),
                    (("ch", ru, ko), track),
                    (("ch", rv - 1, ki), track),
                    (("ch", rv - 1, ki), ("Y", v)),
                    (("L", v), ("Y", v)),
                ]
                lo, hi = sorted((2 * ru + 2, 2 * rv))
                self.corridor_use[(lane, side)].append((lo, hi, index))
            else:  # "under": a loop closed below (or above) its lane's steps
                lane, side = plan[1], plan[2]
                track = ("tr", lane, side, index)
                port = "B" if side == "bottom" else "T"
                route = [
                    (("C", u), (port, u)),
                    (("C", u), track),
                    (("C", v), track),
                    (("C", v), (port, v)),
                ]
                self.corridor_use[(lane, side)].append((2 * rv + 1, 2 * ru + 1, index))
            self.routes.append(route)
            self.route_kind.append(kind)

    def _plan(self, link) -> tuple:
        u, v = link.tail, link.head
        ru, rv = self.rank[u], self.rank[v]
        lu, lv = self.lane[u], self.lane[v]
        if rv == ru + 1:
            return ("adj",)
        if rv > ru + 1:
            between = range(ru + 1, rv)
            if all((c, lu, self.row[u]) not in self.occupied for c in between):
                return ("straight_u",)
            if all((c, lv, self.row[v]) not in self.occupied for c in between):
                return ("straight_v",)
            return ("corridor", lu, "bottom" if lv >= lu else "top")
        # Backwards (or within one column): a loop.
        if lu == lv and rv < ru:
            for side in ("bottom", "top"):
                if self._can_drop(u, side) and self._can_drop(v, side):
                    return ("under", lu, side)
        return ("corridor", lu, "bottom" if lv >= lu else "top")

    def _can_drop(self, sid: str, side: str) -> bool:
        """True when a line can leave ``sid`` straight down (or up) to its lane's edge."""
        block = self.blocks[sid]
        if side == "bottom" and (block.caption or block.note):
            return False
        lowest, highest = self.cell_rows[(self.rank[sid], self.lane[sid])]
        return self.row[sid] == (highest if side == "bottom" else lowest)

    # -- corridors -----------------------------------------------------------------------

    def _tracks(self) -> None:
        """Give each corridor segment a line; segments that overlap along x get separate
        lines. A line with a label gets room above it for the label."""
        self.track_of: dict[int, int] = {}
        self.track_heights: dict[tuple[int, str], list[float]] = {}
        for corridor in sorted(self.corridor_use):
            ends: list[float] = []
            heights: list[float] = []
            for lo, hi, index in sorted(self.corridor_use[corridor]):
                track = _first_fit(ends, lo, hi, 0)
                if track == len(heights):
                    heights.append(TRACK)
                self.track_of[index] = track
                label = self.scene.links[index].label
                if label:
                    heights[track] = max(
                        heights[track], self.size(f"label:{self.origin[index]}")[1] + 4
                    )
                if self.scene.links[index].badges:
                    heights[track] = max(heights[track], BADGE + 4)
            self.track_heights[corridor] = heights

    # -- vertical geometry ---------------------------------------------------------------

    def _vertical(self, top: float) -> float:
        """Lane bands from ``top`` down; returns the bottom of the last lane."""
        self.lane_box: list[tuple[float, float]] = []
        self.row_y: dict[tuple[int, int], float] = {}
        self.track_y: dict[tuple[int, str, int], float] = {}
        by_lane_row: dict[tuple[int, int], list[str]] = defaultdict(list)
        for sid in self.blocks:
            by_lane_row[(self.lane[sid], self.row[sid])].append(sid)
        contents = []
        for lane in range(len(self.scene.lanes)):
            # Offsets from the lane's top first; then the lanes get their heights and the
            # content is centred in each.
            rows: dict[int, float] = {}
            tracks: dict[tuple[int, str, int], float] = {}
            y = 0.0

            def corridor(side: str, y: float, lane: int = lane, tracks: dict = tracks) -> float:
                heights = self.track_heights.get((lane, side), [])
                if not heights:
                    return y + LANE_PAD
                y += LANE_PAD / 2
                for track, height in enumerate(heights):
                    y += height
                    tracks[(lane, side, track)] = y
                return y + LANE_PAD / 2

            y = corridor("top", y)
            for i, row in enumerate(sorted(r for (ln, r) in by_lane_row if ln == lane)):
                members = by_lane_row[(lane, row)]
                if i:
                    y += ROW_GAP
                y += max(self.above[s] for s in members)
                rows[row] = y
                y += max(self.below[s] for s in members)
            y = corridor("bottom", y)
            header_h = self.size(f"lane:{lane}")[1] + 2 * HEADER_PAD
            contents.append((rows, tracks, y, max(y, header_h)))
        # Lanes of very uneven height read as if the low ones mattered less: no lane with a
        # step in it is lower than a LANE_RATIO-th of the tallest. A lane with no step in
        # this section (of a wrapped diagram) stays as low as its title.
        lowest = max((height for *_, height in contents), default=0.0) / LANE_RATIO
        lane_top = top
        for lane, (rows, tracks, used, height) in enumerate(contents):
            if rows:
                height = max(height, lowest)
            extra = (height - used) / 2
            for row, offset in rows.items():
                self.row_y[(lane, row)] = lane_top + extra + offset
            for key, offset in tracks.items():
                self.track_y[key] = lane_top + extra + offset
            self.lane_box.append((lane_top, lane_top + height))
            lane_top += height
        return lane_top

    def y_of(self, ref: tuple) -> float:
        kind = ref[0]
        if kind == "tr":
            _, lane, side, index = ref
            return self.track_y[(lane, side, self.track_of[index])]
        sid = ref[1]
        centre = self.row_y[(self.lane[sid], self.row[sid])]
        if kind == "Y":
            return centre
        h = self.shape[sid][1]
        return centre - h / 2 if kind == "T" else centre + h / 2

    # -- channels and horizontal geometry --------------------------------------------------

    def _channels(self) -> None:
        """Give every vertical run in a gap its own x, shared only by runs from one step or
        into one step, so that no two arrows share a line unless they share an end.

        Outgoing runs go nearest the column they leave. A run whose line goes on to the
        right at the height where another comes in from the left goes right of that one,
        or the two would lie on top of each other there. Two neighbouring runs where one
        crosses a line that turns into the other are set :data:`CLEAR` apart, so that the
        crossing does not read as a junction; others :data:`CHANNEL` apart.
        """
        runs: dict[tuple[int, tuple], _Run] = {}
        for index, route in enumerate(self.routes):
            link = self.scene.links[index]
            for i in range(len(route) - 1):
                (xa, ya), (xb, yb) = route[i], route[i + 1]
                if not (xa[0] == "ch" and xa == xb):
                    continue
                gap, key = xa[1], xa[2]
                y_a, y_b = self.y_of(ya), self.y_of(yb)
                if abs(y_a - y_b) < 0.01:
                    continue  # a straight line: no vertical run to give room to
                run = runs.setdefault((gap, key), _Run(key, min(y_a, y_b), max(y_a, y_b)))
                run.y1, run.y2 = min(run.y1, y_a, y_b), max(run.y2, y_a, y_b)
                run.tails.add(link.tail)
                run.heads.add(link.head)
                for y, neighbour in (
                    (y_a, route[i - 1][0] if i else None),
                    (y_b, route[i + 2][0] if i + 2 < len(route) else None),
                ):
                    if neighbour is not None:
                        run.stubs.append((y, self._side(neighbour, gap)))
        self.channel_offset: dict[tuple[int, tuple], float] = {}
        self.channel_width: dict[int, float] = {}
        by_gap: dict[int, list[_Run]] = defaultdict(list)
        for (gap, _), run in runs.items():
            by_gap[gap].append(run)
        for gap, members in by_gap.items():
            if len(members) == 1:
                # Most gaps of a long chain hold one run: placing runs for it each time
                # was a fifth of laying out such a map.
                self.channel_offset[(gap, members[0].key)] = self.channel_width[gap] = 0.0
                continue
            index = _place_runs(members)
            offsets = _run_offsets(members, index)
            for run in members:
                self.channel_offset[(gap, run.key)] = offsets[index[id(run)]]
            self.channel_width[gap] = offsets[-1]

    def _side(self, ref: tuple, gap: int) -> str:
        """Whether the point ``ref`` (an x reference) lies left or right of gap ``gap``."""
        if ref[0] == "ch":
            return "left" if ref[1] < gap else "right"
        return "left" if self.rank[ref[1]] <= gap else "right"

    def _label_room(self) -> dict[int, float]:
        """Per gap: the widest label that starts in it (labels of arrows going forward sit
        just right of the gap's channels)."""
        room: dict[int, float] = defaultdict(float)
        for index, link in enumerate(self.scene.links):
            kind = self.route_kind[index]
            if kind in ("under",) or self.rank[link.head] <= self.rank[link.tail]:
                continue
            width = self.size(f"label:{self.origin[index]}")[0] if link.label else 0.0
            if link.badges:
                width += len(link.badges) * (BADGE + 2) + 2
            room[self.rank[link.tail]] = max(room[self.rank[link.tail]], width)
        return room

    def _horizontal(self, left: float) -> float:
        """Columns and gaps from ``left``; returns the right end of the last gap."""
        room = self._label_room()
        width_of = [0.0] * self.columns
        for sid in self.blocks:
            width_of[self.rank[sid]] = max(width_of[self.rank[sid]], self.span[sid])
        self.gap_left: dict[int, float] = {}
        self.column_x: list[float] = []
        x = left
        for gap in range(-1, self.columns):
            if gap >= 0:
                self.column_x.append(x + width_of[gap] / 2)
                x += width_of[gap]
            channels = gap in self.channel_width
            needed = CHANNEL_PAD + self.channel_width.get(gap, 0.0)
            if room.get(gap):
                needed += LABEL_GAP + room[gap] + ARROW_ROOM
            else:
                needed += ARROW_ROOM if channels else 0
            outer = gap in (-1, self.columns - 1)
            self.gap_left[gap] = x
            x += max(needed, EDGE_GAP if outer else GAP_MIN)
        return x

    def x_of(self, ref: tuple) -> float:
        kind = ref[0]
        if kind == "ch":
            _, gap, key = ref
            return self.gap_left[gap] + CHANNEL_PAD + self.channel_offset.get((gap, key), 0.0)
        sid = ref[1]
        centre = self.column_x[self.rank[sid]]
        if kind == "C":
            return centre
        w = self.shape[sid][0]
        return centre + w / 2 if kind == "R" else centre - w / 2

    def label_x(self, gap: int) -> float:
        return self.gap_left[gap] + CHANNEL_PAD + self.channel_width.get(gap, 0.0) + LABEL_GAP

    # -- putting it together -------------------------------------------------------------

    def run(self, top: float, header_w: float) -> _Part:
        """Lanes from ``top`` down, with everything in them."""
        scene = self.scene
        self._extents()
        self._rows()
        self._routes()
        self._tracks()
        bottom = self._vertical(top)
        self._channels()
        right = self._horizontal(header_w)
        part = _Part(bottom=bottom, right=right, lanes=self.lane_box)
        for block in scene.blocks:
            sid = block.id
            x = self.column_x[self.rank[sid]]
            y = self.row_y[(self.lane[sid], self.row[sid])]
            w, h = self.shape[sid]
            part.shapes[sid] = Box(x, y, w, h)
            below = y + h / 2
            if block.caption:
                cw, ch = self.size(f"caption:{sid}")
                part.captions[sid] = Box(x, below + CAPTION_GAP + ch / 2, cw, ch)
                below += CAPTION_GAP + ch
            if block.note:
                nw, nh = self.size(f"note:{sid}")
                part.notes[sid] = Box(x, below + NOTE_GAP + nh / 2, nw, nh)
            offsets = _badge_offsets(block.kind, w, h, len(block.badges))
            for number, (dx, dy) in zip(block.badges, reversed(offsets), strict=True):
                part.badges.append((f"step:{sid}", number, (x + dx, y + dy)))
            part.ranks[sid], part.rows[sid] = self.rank[sid], self.row[sid]

        for index, (link, route) in enumerate(zip(scene.links, self.routes, strict=True)):
            points = [(self.x_of(xr), self.y_of(yr)) for xr, yr in route]
            origin = self.origin[index]
            part.edges.append(Drawn(origin, link.tail, link.head, points))
            lw, lh = self.size(f"label:{origin}") if link.label else (0.0, 0.0)
            kind = self.route_kind[index]
            if kind != "under" and self.rank[link.head] > self.rank[link.tail]:
                # Forward: the label starts right of the tail's gap channels, on the line
                # that crosses there.
                x0 = self.label_x(self.rank[link.tail])
                if kind == "corridor":
                    line_y = points[2][1]
                elif kind == "straight_u":
                    line_y = self.y_of(("Y", link.tail))
                else:
                    line_y = self.y_of(("Y", link.head))
                if link.label:
                    part.labels[origin] = Box(x0 + lw / 2, line_y - 2 - lh / 2, lw, lh)
                for i, number in enumerate(link.badges):
                    bx = x0 + lw + 2 + BADGE / 2 + i * (BADGE + 2)
                    part.badges.append((f"edge:{origin}", number, (bx, line_y - BADGE / 2 - 2)))
            else:
                # Back: the label ends where the corridor line starts, above it.
                start_x, line_y = points[1 if kind == "under" else 2]
                x1 = start_x - LABEL_GAP
                if link.label:
                    part.labels[origin] = Box(x1 - lw / 2, line_y - 2 - lh / 2, lw, lh)
                for i, number in enumerate(reversed(link.badges)):
                    bx = x1 - lw - 2 - BADGE / 2 - i * (BADGE + 2)
                    part.badges.append((f"edge:{origin}", number, (bx, line_y - BADGE / 2 - 2)))
        return part


@dataclass
class _Run:
    """The vertical run of one or more arrows in a gap, and where lines join it: ``stubs``
    holds (y, "left" or "right") for each horizontal line that turns into it."""

    key: tuple
    y1: float
    y2: float
    stubs: list[tuple[float, str]] = field(default_factory=list)
    tails: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)

    def related(self, other: _Run) -> bool:
        """Whether the two carry arrows from one step or into one step."""
        return bool(self.tails & other.tails or self.heads & other.heads)

    def crosses(self, y: float) -> bool:
        return self.y1 + 0.5 < y < self.y2 - 0.5


def _place_runs(runs: list[_Run]) -> dict[int, int]:
    """The channel of each run of one gap (by ``id``): outgoing runs first, then by height;
    a run never shares a channel with one it overlaps, and goes right of every run whose
    line comes in from the left at the height where its own goes on to the right."""
    runs = sorted(runs, key=lambda r: (r.key[0] != "o", r.y1, r.y2, r.key))
    must_follow: dict[int, list[_Run]] = {id(r): [] for r in runs}
    for run in runs:
        rights = [y for y, side in run.stubs if side == "right"]
        for other in runs:
            if other is run or run.related(other):
                continue
            if any(abs(y - oy) < 2.5 for y in rights for oy, s in other.stubs if s == "left"):
                must_follow[id(run)].append(other)
    index: dict[int, int] = {}
    used: list[list[tuple[float, float]]] = []
    waiting = list(runs)
    while waiting:
        run = next(
            (r for r in waiting if all(id(o) in index for o in must_follow[id(r)])), waiting[0]
        )
        waiting.remove(run)
        channel = max((index[id(o)] + 1 for o in must_follow[id(run)] if id(o) in index), default=0)
        while channel < len(used) and any(
            run.y1 <= y2 + CHANNEL and y1 <= run.y2 + CHANNEL for y1, y2 in used[channel]
        ):
            channel += 1
        if channel == len(used):
            used.append([])
        used[channel].append((run.y1, run.y2))
        index[id(run)] = channel
    return index


def _run_offsets(runs: list[_Run], index: Mapping[int, int]) -> list[float]:
    """The x of each channel of a gap, from the first: :data:`CHANNEL` apart, or
    :data:`CLEAR` where a run crosses a line that turns into its neighbour."""
    count = max(index.values()) + 1
    members: list[list[_Run]] = [[] for _ in range(count)]
    for run in runs:
        members[index[id(run)]].append(run)
    offsets = [0.0]
    for left, right in zip(members, members[1:], strict=False):
        clash = any(
            a.crosses(y)
            for a in left
            for b in right
            for y, side in b.stubs
            if side == "left" and not a.related(b)
        ) or any(
            b.crosses(y)
            for a in left
            for b in right
            for y, side in a.stubs
            if side == "right" and not a.related(b)
        )
        offsets.append(offsets[-1] + (CLEAR if clash else CHANNEL))
    return offsets


@dataclass
class _Part:
    """The lanes of one section of the diagram, and what is in them."""

    bottom: float
    right: float
    lanes: list[tuple[float, float]]
    shapes: dict[str, Box] = field(default_factory=dict)
    captions: dict[str, Box] = field(default_factory=dict)
    notes: dict[str, Box] = field(default_factory=dict)
    labels: dict[int, Box] = field(default_factory=dict)
    badges: list[tuple[str, int, tuple[float, float]]] = field(default_factory=list)
    edges: list[Drawn] = field(default_factory=list)
    ranks: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
