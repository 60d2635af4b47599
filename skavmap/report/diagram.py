"""The report's process maps: drawn once, shown whole on screen, printed on landscape pages.

On paper a map is legible when its step names print at 9 points or more
(:data:`~skavmap.render.paper.LEGIBLE`). The shipped processes need an A1 or A0 sheet for
that, so a handout prints each map on pages of its own, each page one band of the map
(a section of the wrapped map, with all its lanes) or, where a band is wider or taller
than a page, a piece of one with some overlap; a piece that does not begin at the map's
left edge shows the lanes' names there again. Of the ways the layout can wrap the map,
the report takes the one that needs the fewest pages, then the one that prints largest;
cutting between sections is preferred to cutting anywhere (as a poster is) unless that
saves more than a fifth of the pages.

The map leaves out its own hotspot table: the page shows the same table next to it, with
the same numbers as the map's badges.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skavmap.render.paper import MIN_SCALE

if TYPE_CHECKING:
    from skavmap.analysis.results import Analysis
    from skavmap.render.changes import Base
    from skavmap.render.layout import Geometry

#: Where two pieces of one band overlap on paper, in points (10 mm), as on a poster.
OVERLAP = 28.35
#: The smallest scale a map is printed at: step names at 9 points, with a little to spare
#: for Graphviz, which rounds the size of the drawing.
LOWEST = 1.001 * MIN_SCALE
#: The largest scale a map is printed at (step names at about 14 points): larger reads
#: as a poster, not a handout.
HIGHEST = 1.25
#: Pages cut anywhere count this much more than pages cut between sections.
POSTER_COST = 1.25


@dataclass(frozen=True)
class Tile:
    """One printed page of a map: the part of the drawing it shows, in the drawing's own
    units (points as printed: the page shows ``width`` × ``height`` of them).

    ``names`` is where the lanes' names are drawn again at the page's left edge when the
    page does not begin at the map's: the left edge of the map and the width of the lane
    headers, and the stretches (top, height) of lanes on the page."""

    x: float
    y: float
    width: float
    height: float
    names: tuple[float, float, tuple[tuple[float, float], ...]] | None = None


@dataclass(frozen=True)
class Drawing:
    """A map as SVG text, and the pages it prints on (each the same size, in points)."""

    svg: str
    tiles: tuple[Tile, ...]
    scale: float  # step names print at this times 11 points
    wrap: int = 0  # the columns of steps in a row of lanes (0: one row)


def draw_map(
    analysis: Analysis,
    lang: str,
    area: tuple[float, float],
    base: Base | None = None,
    base_analysis: Analysis | None = None,
    wrap: int | None = None,
) -> Drawing:
    """The annotated map of ``analysis``'s process in ``lang``, wrapped and scaled to print
    on pages whose drawing area is ``area`` (width, height in points). With ``base`` (and
    its analysis), marked with what changed since that version, as ``render`` marks it;
    with ``wrap``, wrapped that way (so that two versions of a map look alike)."""
    from dataclasses import replace

    from skavmap.render.dot import measure, positioned_dot
    from skavmap.render.draw import draw
    from skavmap.render.layout import MIN_WRAP, columns_of, fit, sections_for
    from skavmap.render.look import dress
    from skavmap.render.paper import sheet as make_sheet
    from skavmap.render.scene import Options, build_scene

    built = build_scene(analysis.process, analysis, Options(lang=lang), base, base_analysis)
    scene = replace(built, hotspots=None)
    measured = measure(dress(scene))
    if not measured.positions:
        # Placed once here rather than in each of the layouts tried below.
        measured = replace(measured, positions=columns_of(scene))
    columns = len({round(x, 2) for x, _ in measured.positions.values()})
    # The layout needs a sheet to place things on; which one does not change the geometry
    # when the wrap is fixed.
    any_sheet = make_sheet("A4", landscape=True)
    best = None
    seen: set[int] = set()
    for columns_in_row in [0, *range(MIN_WRAP, columns)] if wrap is None else [wrap]:
        # Wraps that cut the map into as many sections give the same geometry: only the
        # first is laid out, which keeps this loop to about 2·√columns layouts.
        count = sections_for(columns, columns_in_row)
        if count in seen:
            continue
        seen.add(count)
        wrapped = replace(scene, wrap=columns_in_row)
        geometry = fit(wrapped, measured, any_sheet).geometry
        # Cut between the sections, or anywhere, as a poster is.
        whole = [(0.0, geometry.height, geometry.width)]
        for cut, cost in ((bands(geometry), 1.0), (whole, POSTER_COST)):
            scale, pages = plan_tiles(cut, area, LOWEST, HIGHEST)
            rank = (len(pages) * cost, -round(scale, 3), len(cut), len(geometry.sections))
            if best is None or rank < best[0]:
                best = (rank, wrapped, geometry, scale, pages)
    assert best is not None
    _, wrapped, geometry, scale, pages = best
    svg = draw(positioned_dot(dress(wrapped), geometry, scale=scale), "svg").decode("utf-8")
    k, tx, ty = _placement(svg)
    lanes = [(section[0][0], section[-1][1]) for section in geometry.sections]
    tiles = []
    for x, y, w, h in pages:
        names = None
        if x > geometry.header_width / 2:
            stretches = [
                (k * (max(top, y) - geometry.height + ty), k * (min(bottom, y + h) - max(top, y)))
                for top, bottom in lanes
                if top < y + h and bottom > y
            ]
            if stretches:
                names = (_r(k * tx), _r(k * geometry.header_width), _rounded(stretches))
        # The page's size, never more than the area (Graphviz's scale is rounded).
        size = (_r(min(k * w, area[0])), _r(min(k * h, area[1])))
        tiles.append(Tile(_r(k * (x + tx)), _r(k * (y - geometry.height + ty)), *size, names))
    return Drawing(svg, tuple(tiles), k, wrapped.wrap)


def _r(value: float) -> float:
    return round(value, 2)


def _rounded(pairs: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    return tuple((_r(a), _r(b)) for a, b in pairs)


def bands(geometry: Geometry) -> list[tuple[float, float, float]]:
    """The map cut across between its sections, as (top, bottom, width): the first band
    holds the title, the last the legend; each is as wide as what is drawn in it (a lane
    goes on empty to the right of a section's last step)."""
    tops = [lanes[0][0] for lanes in geometry.sections]
    bottoms = [lanes[-1][1] for lanes in geometry.sections]
    cuts = [(bottom + top) / 2 for bottom, top in zip(bottoms, tops[1:], strict=False)]
    edges = [0.0, *cuts, geometry.height]
    rights = [(box.y, box.x + box.w / 2) for box in _boxes(geometry)]
    rights += [(y, x) for drawn in geometry.edges for x, y in drawn.points]
    # Each point finds its band by bisection: scanning all points for every band made a
    # map wrapped into hundreds of sections cost hundreds of passes over its points.
    drawn: list[list[float]] = [[] for _ in edges[1:]]
    for y, right in rights:
        band = bisect_right(edges, y) - 1
        if 0 <= band < len(drawn):
            drawn[band].append(right)
    out = []
    for top, bottom, rightmost in zip(edges, edges[1:], drawn, strict=False):
        # A little room after the last thing drawn, as the layout leaves at the map's end.
        width = min(geometry.width, max(rightmost, default=geometry.header_width) + EDGE_ROOM)
        out.append((top, bottom, width))
    return out


#: Room left after the rightmost thing drawn in a band, in points.
EDGE_ROOM = 20.0


def _boxes(geometry: Geometry) -> list:
    boxes = [*geometry.shapes.values(), *geometry.captions.values(), *geometry.notes.values()]
    boxes += [*geometry.labels.values(), geometry.title]
    boxes += [box for box in (geometry.legend, geometry.hotspots, geometry.shape_key) if box]
    return boxes


def plan_tiles(
    cut: list[tuple[float, float, float]],
    area: tuple[float, float],
    lowest: float,
    highest: float,
) -> tuple[float, list[tuple[float, float, float, float]]]:
    """The scale and pages that print a map cut into bands ``cut`` (top, bottom, width),
    on pages with a drawing ``area``: at least ``lowest`` times its size, on as few pages
    as that allows, as large as those pages hold (at most ``highest``). Each page is the
    part of the map it shows (x, y, width, height), in the map's units; a band that one
    page cannot hold is printed on several that overlap by :data:`OVERLAP` or more,
    spread evenly over it.

    >>> plan_tiles([(0, 300, 500)], (800, 550), 0.8, 1.25)
    (1.25, [(0.0, 0, 500, 300)])
    >>> scale, pages = plan_tiles([(0, 400, 1500), (400, 700, 900)], (800, 550), 0.8, 1.25)
    >>> round(scale, 3), [tuple(round(v) for v in page) for page in pages]
    (0.889, [(0, 0, 900, 400), (600, 0, 900, 400), (0, 400, 900, 300)])
    """
    page_w, page_h = area

    def count(length: float, room: float, scale: float) -> int:
        if length * scale <= room:
            return 1
        return int(-(-(length * scale - OVERLAP) // (room - OVERLAP)))

    def limit(length: float, room: float, pieces: int) -> float:
        return (pieces * (room - OVERLAP) + OVERLAP) / length if pieces > 1 else room / length

    pieces = [
        (count(width, page_w, lowest), count(bottom - top, page_h, lowest))
        for top, bottom, width in cut
    ]
    limits = [
        min(limit(width, page_w, across), limit(bottom - top, page_h, down))
        for (top, bottom, width), (across, down) in zip(cut, pieces, strict=True)
    ]
    scale = max(lowest, min(highest, *limits))
    pages = []
    for (top, bottom, width), (across, down) in zip(cut, pieces, strict=True):
        for y, h in _spread(top, bottom - top, page_h / scale, down):
            pages += [(x, y, w, h) for x, w in _spread(0.0, width, page_w / scale, across)]
    return scale, pages


def _spread(start: float, length: float, seen: float, pieces: int) -> list[tuple[float, float]]:
    """Windows at most ``seen`` long that cover ``length`` from ``start``, as (begin,
    length): one, or ``pieces`` spread evenly from end to end."""
    if pieces == 1:
        return [(start, min(seen, length))]
    step = (length - seen) / (pieces - 1)
    return [(start + i * step, seen) for i in range(pieces)]


_PLACEMENT = re.compile(
    r'<g id="graph0"[^>]*transform="scale\(([-\d.e]+)[^)]*\) rotate\(0\) '
    r'translate\(([-\d.e]+) ([-\d.e]+)\)"'
)


def _placement(svg: str) -> tuple[float, float, float]:
    """How Graphviz placed the map in its SVG: a point (x, y) of the layout, y down, is at
    (k·(x + tx), k·(y − height + ty)) of the drawing, ``height`` being the layout's."""
    found = _PLACEMENT.search(svg)
    if found is None:
        raise ValueError("the drawing has no graph0 group with a scale and a translation")
    k, tx, ty = (float(v) for v in found.groups())
    return k, tx, ty
