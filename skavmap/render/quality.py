"""How well a diagram reads, measured from its geometry: where arrows cross, where they
meet so that one reads as another, labels on top of other things, lanes of very uneven
height, and gateways in a lane that has nothing to do with them.

:func:`quality` measures a :class:`~skavmap.render.layout.Geometry` (with the scene it
places) and returns a :class:`Quality`: plain figures and the offending pieces, so a test
can assert on them and ``scripts/make_gallery.py`` can print them. Distances are in points.

What counts:

- a **crossing**: two arrows crossing at right angles, clear of the bends and ends of both
  (a crossing is often unavoidable; it is counted, not forbidden);
- a **junction**: two arrows that touch where one of them bends or ends, or cross within
  :data:`NEAR` of such a point, so that it looks as if one arrow turns into the other, or
  starts or ends on it;
- a **shared segment**: two arrows running on top of each other (closer than
  :data:`APART`) for more than a point;
- a **label overlap**: an arrow's label over another label, a step (its shape, the text
  under it, its pain note) or a badge.

Arrows that leave the same step, or enter the same step, may share their first or last
stretch and its bends: they fork out of or merge into that step, which reads as it is meant
(one step leads to both, or both lead to one), and it keeps fan-outs tidy. Only arrows that
share neither end are measured against each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from skavmap.render.layout import BADGE, Box, Drawn, Geometry
from skavmap.render.scene import Scene

#: A crossing closer than this to a bend or an end of either arrow reads as a junction.
NEAR = 10.0
#: Parallel lines closer than this read as one.
APART = 2.5
#: Rounding: points closer than this are the same point.
TOLERANCE = 0.5

Point = tuple[float, float]
Segment = tuple[Point, Point]


@dataclass
class Quality:
    """The figures of one diagram; each list names the offending pieces."""

    crossings: int = 0
    junctions: list[tuple[str, str]] = field(default_factory=list)  # (arrow, arrow)
    shared: list[tuple[str, str]] = field(default_factory=list)  # (arrow, arrow)
    label_overlaps: list[tuple[str, str]] = field(default_factory=list)  # (label, what)
    misplaced_gateways: list[str] = field(default_factory=list)  # step ids
    lane_ratio: float = 1.0  # tallest lane / lowest lane, the worst section

    def defects(self) -> list[str]:
        """Everything that should not be there, one line each."""
        lines = [f"arrows meet at a bend or an end: {a} / {b}" for a, b in self.junctions]
        lines += [f"arrows run on top of each other: {a} / {b}" for a, b in self.shared]
        lines += [f"label over something: {a} / {b}" for a, b in self.label_overlaps]
        lines += [f"gateway in an unrelated lane: {sid}" for sid in self.misplaced_gateways]
        return lines


def quality(scene: Scene, geometry: Geometry, roleless: Collection[str] = ()) -> Quality:
    """The figures of ``geometry``, the layout of ``scene``; ``roleless`` names the steps
    that have no role of their own (the scene places them: their lane is measured)."""
    found = Quality()
    _arrows(geometry, found)
    _labels(scene, geometry, found)
    found.misplaced_gateways = misplaced_gateways(scene, roleless)
    found.lane_ratio = lane_ratio(scene, geometry)
    return found


def lane_ratio(scene: Scene, geometry: Geometry) -> float:
    """The tallest lane over the lowest, among the lanes with a step in them, in the worst
    section (a lane with no step in a section of a wrapped diagram is left low)."""
    used: dict[int, set[int]] = defaultdict(set)
    for block in scene.blocks:
        used[geometry.section_of.get(block.id, 0)].add(block.lane)
    worst = 1.0
    for section, lanes in enumerate(geometry.sections):
        heights = [bottom - top for i, (top, bottom) in enumerate(lanes) if i in used[section]]
        if heights:
            worst = max(worst, max(heights) / min(heights))
    return worst


def _name(drawn: Drawn) -> str:
    return f"{drawn.tail}->{drawn.head}"


def _simplified(points: list[Point]) -> list[Point]:
    """The points where an arrow really starts, bends and ends: repeated points and points
    in the middle of a straight run left out."""
    out: list[Point] = []
    for point in points:
        if out and abs(out[-1][0] - point[0]) + abs(out[-1][1] - point[1]) <= TOLERANCE:
            continue
        if len(out) >= 2:
            (x0, y0), (x1, y1) = out[-2], out[-1]
            if (abs(x0 - x1) <= TOLERANCE and abs(x1 - point[0]) <= TOLERANCE) or (
                abs(y0 - y1) <= TOLERANCE and abs(y1 - point[1]) <= TOLERANCE
            ):
                out[-1] = point
                continue
        out.append(point)
    return out


def _segments(points: list[Point]) -> list[Segment]:
    return list(zip(points, points[1:], strict=False))


def _near_any(point: Point, corners: list[Point]) -> bool:
    return any(abs(point[0] - x) + abs(point[1] - y) < NEAR for x, y in corners)


def _arrows(g: Geometry, found: Quality) -> None:
    """Crossings, junctions and shared segments between arrows that share no end."""
    edges = [(drawn, _simplified(drawn.points)) for drawn in g.edges]
    # Only arrows whose extents overlap can meet: sort by left edge and sweep.
    boxes = []
    for index, (_, points) in enumerate(edges):
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        boxes.append((min(xs), max(xs), min(ys), max(ys), index))
    boxes.sort()
    active: list[tuple[float, float, float, float, int]] = []
    for box in boxes:
        left = box[0]
        active = [other for other in active if other[1] >= left - APART]
        for other in active:
            if other[2] > box[3] + APART or box[2] > other[3] + APART:
                continue
            a, b = edges[other[4]], edges[box[4]]
            if a[0].tail == b[0].tail or a[0].head == b[0].head:
                continue
            _pair(a, b, found)
        active.append(box)


def _pair(a: tuple[Drawn, list[Point]], b: tuple[Drawn, list[Point]], found: Quality):
    (first, first_points), (second, second_points) = a, b
    first_segments, second_segments = _segments(first_points), _segments(second_points)
    corners = first_points + second_points
    names = (_name(first), _name(second))
    junction = shared = False
    for p, q in first_segments:
        for r, s in second_segments:
            kind = _meet((p, q), (r, s), corners)
            if kind == "crossing":
                found.crossings += 1
            elif kind == "junction":
                junction = True
            elif kind == "shared":
                shared = True
    if junction:
        found.junctions.append(names)
    if shared:
        found.shared.append(names)


def _meet(one: Segment, other: Segment, corners: list[Point]) -> str | None:
    """How two axis-parallel segments meet: None, "crossing", "junction" or "shared"."""
    (p, q), (r, s) = one, other
    one_flat = abs(p[1] - q[1]) < TOLERANCE
    other_flat = abs(r[1] - s[1]) < TOLERANCE
    if one_flat == other_flat:
        axis = 1 if one_flat else 0  # the coordinate both keep
        if abs(p[axis] - r[axis]) >= APART:
            return None
        lo = max(min(p[1 - axis], q[1 - axis]), min(r[1 - axis], s[1 - axis]))
        hi = min(max(p[1 - axis], q[1 - axis]), max(r[1 - axis], s[1 - axis]))
        if hi - lo > 1.0:
            return "shared"
        return "junction" if hi - lo > -TOLERANCE else None
    flat, upright = (one, other) if one_flat else (other, one)
    y = flat[0][1]
    x = upright[0][0]
    x_lo, x_hi = sorted((flat[0][0], flat[1][0]))
    y_lo, y_hi = sorted((upright[0][1], upright[1][1]))
    inside_x = x_lo - TOLERANCE <= x <= x_hi + TOLERANCE
    if not (inside_x and y_lo - TOLERANCE <= y <= y_hi + TOLERANCE):
        return None
    return "junction" if _near_any((x, y), corners) else "crossing"


def _labels(scene: Scene, g: Geometry, found: Quality) -> None:
    """Labels over other labels, steps and badges."""
    others: list[tuple[str, Box]] = []
    for sid, box in g.shapes.items():
        others.append((f"step:{sid}", box))
    for kind, boxes in (("caption", g.captions), ("note", g.notes)):
        others += [(f"{kind}:{sid}", box) for sid, box in boxes.items()]
    for on, number, (x, y) in g.badges:
        others.append((f"badge:{number}:{on}", Box(x, y, BADGE, BADGE)))
    labels = sorted(g.labels.items())
    for i, (index, label) in enumerate(labels):
        name = f"label:{_link_name(scene, index)}"
        for other_index, other in labels[i + 1 :]:
            if _overlap(label, other):
                found.label_overlaps.append((name, f"label:{_link_name(scene, other_index)}"))
        for other_name, other in others:
            if other_name.startswith("badge:") and other_name.endswith(f"edge:{index}"):
                continue  # the arrow's own badge sits beside its label
            if _overlap(label, other):
                found.label_overlaps.append((name, other_name))


def _link_name(scene: Scene, index: int) -> str:
    link = scene.links[index]
    return f"{link.tail}->{link.head}"


def _overlap(a: Box, b: Box, slack: float = 0.5) -> bool:
    return abs(a.x - b.x) < (a.w + b.w) / 2 - slack and abs(a.y - b.y) < (a.h + b.h) / 2 - slack


def misplaced_gateways(scene: Scene, roleless: Collection[str]) -> list[str]:
    """The decisions and parallel splits among ``roleless`` (steps without a role) that sit
    in a lane the rule of :mod:`skavmap.render.scene` does not give them: a decision belongs
    in the lane of the steps just before it when they share one lane, else with its
    likeliest branch; a parallel split with most of its branches (or, on a tie, with the
    step before it)."""
    lane = {block.id: block.lane for block in scene.blocks}
    kind = {block.id: block.kind for block in scene.blocks}
    before: dict[str, set[int]] = defaultdict(set)
    after: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for link in scene.links:
        if link.mark == "removed":
            continue
        after[link.tail].append((lane[link.head], link.p))
        if (link.tail, link.head) not in scene.back_links:
            before[link.head].add(lane[link.tail])
    wrong = []
    for sid, what in kind.items():
        if what not in ("decision", "parallel") or sid not in roleless or not after[sid]:
            continue
        weight: dict[int, float] = defaultdict(float)
        for head_lane, p in after[sid]:
            weight[head_lane] += p if what == "decision" else 1.0
        top = max(weight.values())
        beside = {ln for ln, w in weight.items() if w > top - 1e-9}
        allowed = set(beside)
        if what == "decision" and len(before[sid]) == 1:
            allowed = set(before[sid])
        elif len(beside) > 1:
            allowed |= before[sid]
        if lane[sid] not in allowed:
            wrong.append(sid)
    return wrong
