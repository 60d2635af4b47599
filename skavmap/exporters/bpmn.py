"""A process as BPMN 2.0 XML with diagram interchange (BPMNDI), in skavmap's own layout.

One pool (a participant) holds one lane per lane of the diagram (departments, or roles with
``lanes="role"``; external parties are lanes of the pool too), and every shape and arrow
sits where :func:`skavmap.render.layout.layout` puts it, scaled from points to the pixels
BPMN tools count in (4/3). Nothing is laid out a second time.

What maps to what: a ``task`` is a task, ``start`` and ``end`` are start and end events, a
``decision`` an exclusive gateway whose branches carry their ``when`` as condition and name,
a ``parallel`` step a parallel gateway, ``wait`` an intermediate timer event (its ``wait``
as an ISO 8601 duration), ``notify`` a send task and ``subprocess`` a call activity.
BPMN wants gateways where skavmap lets arrows meet at a step: before a step with several
incoming arrows comes an exclusive merge gateway, and where the branches of a parallel step
meet, a parallel join gateway. These are placed in a strip of room opened just before the
step (the layout's columns move right to make it); a start step that work comes back to gets
its merge just after it.

Every id is ASCII (``[A-Za-z_][A-Za-z0-9_.-]*``), made from the step id, and every step
carries its own id, times, systems, pain, notes and the rest in a ``skavmap:step`` extension
element, and the process its roles, departments, systems and actions, so that
:mod:`skavmap.format.bpmn` restores the file from the BPMN (ids included). Times, systems,
pain and notes are also written out as documentation, in words, for people reading the
BPMN in another tool.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from skavmap.format.bpmn import SKAVMAP
from skavmap.format.model import OWN_UNIT, Branch, Change, Duration, Process, Step
from skavmap.outputs.vocabulary import Words
from skavmap.render.scene import Options

if TYPE_CHECKING:
    from skavmap.analysis.results import Analysis
    from skavmap.render.layout import Geometry
    from skavmap.render.scene import Scene

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
COLOR = "http://www.omg.org/spec/BPMN/non-normative/color/1.0"

#: Points (the layout's unit) to pixels (what BPMN tools count in).
SCALE = 4 / 3
ORIGIN = 20.0  # where the pool's top left corner goes
POOL_HEADER = 30.0  # the band with the pool's name, left of the lanes
LANE_HEADER = 30.0  # the band with a lane's name, left of its content
GATEWAY = 50.0
EVENT = 36.0
STRIP_GAP = 20.0  # around a gateway in the strip opened before a step
EDGE_ROOM = 30.0  # right of the rightmost shape, label or arrow, inside the pool
OFF_LINE = 70.0  # how far a join gateway sits above (or below) the line of its step
LABEL_GAP = 4.0
LABEL_LINE = 14.0  # height of a line of an external label (bpmn-js: 11 px Arial)
LABEL_CHAR = 6.2  # about the width of a character of such a label
LABEL_WIDTH = 90.0  # bpmn-js wraps external labels at this width
LANE_CHAR = 6.8  # about the width of a character of a lane's name (bpmn-js: 12 px Arial)
LANE_PAD = 16.0  # around a lane's name, along the lane's edge

_ELEMENTS = {
    "task": "task",
    "start": "startEvent",
    "end": "endEvent",
    "decision": "exclusiveGateway",
    "parallel": "parallelGateway",
    "notify": "sendTask",
    "wait": "intermediateCatchEvent",
    "subprocess": "callActivity",
}
_ROUND = {"start", "end", "wait"}
_DIAMOND = {"decision", "parallel"}
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ID_CHAR = re.compile(r"[^A-Za-z0-9_.-]+")


# -- ids, escaping ------------------------------------------------------------------------


def ascii_id(text: str) -> str:
    """An XML id made from ``text``: ASCII letters, digits, ``_``, ``.`` and ``-``, not
    starting with a digit, a dot or a hyphen (the form every BPMN tool accepts).

    >>> ascii_id("kontera"), ascii_id("Granska ärende"), ascii_id("3:e steget"), ascii_id("ö")
    ('kontera', 'Granska_arende', '_3_e_steget', 'o')
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = _ID_CHAR.sub("_", folded).strip("_") or "_"
    return cleaned if re.match(r"[A-Za-z_]", cleaned) else f"_{cleaned}"


class _Ids:
    """Unique ASCII ids: each asked for by what it is made from."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def make(self, wanted: str) -> str:
        base = ascii_id(wanted)
        candidate, n = base, 1
        while candidate.casefold() in self.taken:
            n += 1
            candidate = f"{base}_{n}"
        self.taken.add(candidate.casefold())
        return candidate


def xml_text(text: str) -> str:
    """``text`` as XML character data: markup escaped, characters XML 1.0 cannot hold left
    out.

    >>> xml_text("a < b && ]]> \\x00c")
    'a &lt; b &amp;&amp; ]]&gt; c'
    """
    text = _XML_ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """``text`` as a double-quoted XML attribute value; line breaks and tabs kept as
    character references (a parser would turn them into spaces otherwise).

    >>> xml_attr('Säg "ja"\\nnu')
    '"Säg &quot;ja&quot;&#10;nu"'
    """
    text = xml_text(text).replace('"', "&quot;")
    text = text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return f'"{text}"'


def _number(value: float) -> str:
    """A coordinate, with two decimals at most and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def iso_duration(hours: float, day_hours: float) -> str:
    """A working-time duration as ISO 8601: whole working days (of ``day_hours``) as days,
    the rest as hours and minutes.

    >>> iso_duration(24, 8), iso_duration(1.5, 8), iso_duration(9.25, 8), iso_duration(0, 8)
    ('P3D', 'PT1H30M', 'P1DT1H15M', 'PT0S')
    """
    minutes = round(hours * 60)
    days, minutes = divmod(minutes, max(1, round(day_hours * 60)))
    whole_hours, minutes = divmod(minutes, 60)
    text = "P" + (f"{days}D" if days else "")
    time = (f"{whole_hours}H" if whole_hours else "") + (f"{minutes}M" if minutes else "")
    if time:
        text += "T" + time
    return text if text != "P" else "PT0S"


# -- the model of the BPMN file -----------------------------------------------------------


@dataclass
class _Node:
    id: str
    element: str
    lane: int
    x: float  # centre
    y: float
    w: float
    h: float
    step: Step | None = None
    name: str | None = None
    label: tuple[float, float, float, float] | None = None  # x, y, w, h (top left)
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)
    fill: str | None = None
    after_start: str | None = None  # a merge just after this start step (its id)

    def side(self, which: str) -> tuple[float, float]:
        return {
            "L": (self.x - self.w / 2, self.y),
            "R": (self.x + self.w / 2, self.y),
            "T": (self.x, self.y - self.h / 2),
            "B": (self.x, self.y + self.h / 2),
        }[which]


@dataclass
class _Flow:
    id: str
    source: str  # node ids
    target: str
    points: list[tuple[float, float]]
    name: str | None = None
    condition: str | None = None
    branch: Branch | None = None  # the skavmap branch it comes from
    label: tuple[float, float, float, float] | None = None


class _Gate:
    """A gateway the export adds before (or after) a step: a merge or a parallel join."""

    def __init__(self, id: str, element: str, inputs: list) -> None:
        self.id = id
        self.element = element  # exclusiveGateway or parallelGateway
        self.inputs = inputs  # flows (indices into the scene's links) and other gates
        self.members: set[int] = set()  # a join's arrows, from its split's branches
        self.column = 0
        self.x = self.y = 0.0


def bpmn_text(
    process: Process, analysis: Analysis | None = None, options: Options | None = None
) -> str:
    """The BPMN 2.0 XML of ``process``: the same input gives the same text.

    With ``analysis``, each task is filled with its heat (its share of the lead time), as
    in the diagram. ``options`` chooses the lanes and the language of the documentation;
    the picture is always unwrapped (one pool holds all) and without annotations.
    """
    options = replace(options or Options(), plain=True, highlight=None, wrap=0)
    return _Exporter(process, analysis, options).run()


def picture(process: Process, options: Options) -> tuple[Scene, Geometry]:
    """The scene and geometry of the diagram ``render`` draws with ``options``."""
    from skavmap.render.dot import measure
    from skavmap.render.layout import layout
    from skavmap.render.look import dress
    from skavmap.render.scene import build_scene

    scene = build_scene(process, None, replace(options, plain=True, highlight=None))
    return scene, layout(scene, measure(dress(scene)))


class _Exporter:
    def __init__(self, process: Process, analysis: Analysis | None, options: Options):
        self.process = process
        self.analysis = analysis
        self.options = options
        self.words = Words(options.lang)
        self.ids = _Ids()
        self.pid = ascii_id(process.id)

    # -- building ------------------------------------------------------------------------

    def run(self) -> str:
        process = self.process
        self.scene, self.geometry = picture(process, self.options)
        # Step ids first, so that they keep their own spelling wherever they can.
        self.step_ids = {sid: self.ids.make(sid) for sid in process.steps}
        for name in ("Definitions", "Collaboration", "Participant", "Process", "LaneSet"):
            setattr(self, f"{name.lower()}_id", self.ids.make(f"{name}_{self.pid}"))
        self.diagram_id = self.ids.make(f"BPMNDiagram_{self.pid}")
        self.plane_id = self.ids.make(f"BPMNPlane_{self.pid}")
        self._place_steps()
        self._gates = self._plan_gates()
        self._open_strips()
        self._flows_and_gates()
        self._lanes()
        return self._xml()

    def _px(self, x: float, y: float) -> tuple[float, float]:
        """A point of the layout in the pool's pixels (before any strip is opened)."""
        left = ORIGIN + POOL_HEADER + LANE_HEADER
        return (x - self.geometry.header_width) * SCALE + left, (y - self.top) * SCALE + ORIGIN

    def _place_steps(self) -> None:
        geometry = self.geometry
        lanes = geometry.sections[0]
        self.top = lanes[0][0]
        self.lane_bands = [
            ((top - self.top) * SCALE + ORIGIN, (bottom - self.top) * SCALE + ORIGIN)
            for top, bottom in lanes
        ]
        shares = self.analysis.metrics.per_step if self.analysis is not None else {}
        self.nodes: dict[str, _Node] = {}
        self.node_of: dict[str, _Node] = {}  # by step id
        for block in self.scene.blocks:
            step = self.process.steps[block.id]
            box = geometry.shapes[block.id]
            x, y = self._px(box.x, box.y)
            w, h = box.w * SCALE, box.h * SCALE
            if step.kind in _ROUND:
                w = h = EVENT
            elif step.kind in _DIAMOND:
                w = h = GATEWAY
            node = _Node(self.step_ids[step.id], _ELEMENTS[step.kind], block.lane, x, y, w, h, step)
            node.name = step.name if step.kind != "parallel" or step.name_given else None
            if step.kind in ("task", "notify", "subprocess") and step.id in shares:
                from skavmap.render.style import heat_fill

                fill = heat_fill(shares[step.id].share)
                node.fill = fill if fill != "#ffffff" else None
            self.nodes[node.id] = node
            self.node_of[step.id] = node

    # -- gateways BPMN needs where arrows meet ---------------------------------------------

    def _plan_gates(self) -> dict[str, _Gate]:
        """For each step that arrows meet at: the last of the gateways before it, whose
        inputs are scene link indices and the gateways before it. A start step gets its
        merge after it instead (a start event takes no arrow)."""
        process = self.process
        incoming: dict[str, list[int]] = defaultdict(list)
        for index, link in enumerate(self.scene.links):
            incoming[link.head].append(index)
        groups = self._join_groups()
        gates: dict[str, _Gate] = {}
        for sid, step in process.steps.items():
            links = incoming.get(sid, [])
            if step.kind == "start":
                if links:
                    gates[sid] = _Gate(self.ids.make(f"Merge_{sid}"), "exclusiveGateway", links)
                continue
            joins: list[_Gate] = []
            rest = list(links)
            for _split, members in sorted(groups.get(sid, {}).items(), key=lambda g: len(g[1])):
                inputs: list = [i for i in rest if i in members]
                # An inner join whose arrows are all this one's feeds it as a whole.
                inner = [g for g in joins if set(g.members) <= members]
                for gate in inner:
                    joins.remove(gate)
                inputs = inner + inputs
                rest = [i for i in rest if i not in members]
                gate = _Gate(self.ids.make(f"Join_{sid}"), "parallelGateway", inputs)
                gate.members = members
                joins.append(gate)
            if len(joins) + len(rest) > 1:
                root = _Gate(self.ids.make(f"Merge_{sid}"), "exclusiveGateway", joins + rest)
            elif joins:
                root = joins[0]
            else:
                continue
            gates[sid] = root
        return gates

    def _join_groups(self) -> dict[str, dict[str, set[int]]]:
        """join step → parallel split → the scene links into the join from that split's
        branches (the join is where all branches meet, as the loader finds it)."""
        process = self.process
        splits = [s for s in process.steps.values() if s.kind == "parallel"]
        if not splits:
            return {}
        from skavmap.format.dominators import immediate_dominators

        exit_node = ("exit",)
        ends = [s.id for s in process.steps.values() if s.kind == "end"]
        reverse: dict = {exit_node: ends}
        for s in process.steps.values():
            for t in s.targets:
                reverse.setdefault(t, []).append(s.id)
        post = immediate_dominators(reverse, exit_node)
        groups: dict[str, dict[str, set[int]]] = defaultdict(dict)
        for split in splits:
            join = post.get(split.id)
            if join is None or join == exit_node:
                continue
            inside = {split.id}
            stack = [t for t in split.targets if t != join]
            while stack:
                sid = stack.pop()
                if sid in inside:
                    continue
                inside.add(sid)
                stack.extend(t for t in process.steps[sid].targets if t != join)
            members = {
                i
                for i, link in enumerate(self.scene.links)
                if link.head == join and link.tail in inside
            }
            if len(members) > 1:
                groups[join][split.id] = members
        return groups

    def _open_strips(self) -> None:
        """Make room the layout did not: a strip for the gateways before each step that
        needs them (every x from the left edge of that step's column on moves right by the
        strip's width), and height for a lane whose name, written along its edge as BPMN
        tools do, is longer than the lane is high (half of it above the lane's content, half
        below)."""
        geometry = self.geometry
        column_left: dict[int, float] = {}
        column_right: dict[int, float] = {}
        for sid in self.node_of:
            box = geometry.shapes[sid]
            left = self._px(box.x - box.w / 2, 0)[0]
            right = self._px(box.x + box.w / 2, 0)[0]
            rank = geometry.ranks[sid]
            column_left[rank] = min(column_left.get(rank, left), left)
            column_right[rank] = max(column_right.get(rank, right), right)
        widths: dict[float, float] = {}
        self.strip_of: dict[str, float] = {}
        for sid, root in self._gates.items():
            rank = geometry.ranks[sid]
            columns = _depth(root) + 1
            width = columns * GATEWAY + (columns + 1) * STRIP_GAP
            if self.process.steps[sid].kind == "start":
                at = column_right[rank] + 0.5
            else:
                at = column_left[rank] - 0.5
            widths[at] = max(widths.get(at, 0.0), width)
            self.strip_of[sid] = at
        strips = sorted(widths.items())
        heights: list[tuple[float, float]] = []
        for lane, (top, bottom) in zip(self.scene.lanes, self.lane_bands, strict=True):
            extra = _lane_height(" ".join(lane.name)) - (bottom - top)
            if extra > 0:
                heights += [(top + 0.5, extra / 2), (bottom - 0.5, extra / 2)]

        def shift_x(x: float) -> float:
            return x + sum(w for at, w in strips if at <= x)

        def shift_y(y: float) -> float:
            return y + sum(h for at, h in heights if at <= y)

        self.move = lambda x, y: (shift_x(x), shift_y(y))
        for node in self.nodes.values():
            node.x, node.y = self.move(node.x, node.y)
            node.label = self._label(node)
        self.lane_bands = [(shift_y(top), shift_y(bottom)) for top, bottom in self.lane_bands]
        self.strip_left = {at: shift_x(at) - w for at, w in strips}
        self.strip_width = dict(strips)

    # -- arrows ----------------------------------------------------------------------------

    def _flows_and_gates(self) -> None:
        geometry = self.geometry
        scene = self.scene
        drawn = {edge.link: edge for edge in geometry.edges}
        self.flows: list[_Flow] = []
        # Each scene link's flow; its target may become a gateway below.
        flow_of: dict[int, _Flow] = {}
        for index, link in enumerate(scene.links):
            tail, head = self.node_of[link.tail], self.node_of[link.head]
            points = [self.move(*self._px(x, y)) for x, y in drawn[index].points]
            step = self.process.steps[link.tail]
            branch = next(b for b in step.next if b.to == link.head)
            flow = _Flow(
                self.ids.make(f"Flow_{link.tail}_{link.head}"),
                tail.id,
                head.id,
                points,
                branch=branch,
            )
            if step.kind == "decision":
                # As the diagram labels the branch: its condition and its probability.
                parts = [branch.when] if branch.when else []
                flow.name = " · ".join([*parts, self.words.percent(branch.p)])
                flow.condition = branch.when or flow.name
                if index in geometry.labels:
                    box = geometry.labels[index]
                    x, y = self.move(*self._px(box.x - box.w / 2, box.y - box.h / 2))
                    flow.label = (x, y, box.w * SCALE, box.h * SCALE)
            flow_of[index] = flow
        for sid, root in self._gates.items():
            self._place_gates(sid, root, flow_of)
        self.flows = [flow_of[i] for i in range(len(scene.links))] + self.flows
        for flow in self.flows:
            flow.points = _clip(flow.points, self.nodes[flow.source], self.nodes[flow.target])
            flow.points = _simplify(flow.points)
            self.nodes[flow.source].outgoing.append(flow.id)
            self.nodes[flow.target].incoming.append(flow.id)
        # Keep each node's lists in the order the file lists the flows.
        order = {flow.id: i for i, flow in enumerate(self.flows)}
        for node in self.nodes.values():
            node.incoming.sort(key=order.__getitem__)
            node.outgoing.sort(key=order.__getitem__)

    def _place_gates(self, sid: str, root: _Gate, flow_of: dict[int, _Flow]) -> None:
        """Put the gateways of step ``sid`` in their strip and lead the arrows through them."""
        node = self.node_of[sid]
        at = self.strip_of[sid]
        left = self.strip_left[at]
        width = self.strip_width[at]
        lane_top, lane_bottom = self.lane_bands[node.lane]
        columns = _depth(root) + 1
        # Gates right-aligned in the strip, so that the last one sits just before the step.
        first = left + width - columns * (GATEWAY + STRIP_GAP) + GATEWAY / 2
        slots = _slots(node.y, lane_top + GATEWAY / 2 + 4, lane_bottom - GATEWAY / 2 - 4)
        after_start = self.process.steps[sid].kind == "start"
        on_line = {root}
        gate = root
        while True:
            children = [i for i in gate.inputs if isinstance(i, _Gate)]
            direct = [i for i in gate.inputs if not isinstance(i, _Gate)]
            if len(children) == 1 and not direct:
                gate = children[0]
                on_line.add(gate)
            else:
                break
        for gate in _gates_of(root):
            gate.column = columns - 1 - _level(root, gate)
            gate.x = first + gate.column * (GATEWAY + STRIP_GAP)
            gate.y = node.y if gate in on_line else next(slots)
            gnode = _Node(
                gate.id,
                gate.element,
                node.lane,
                gate.x,
                gate.y,
                GATEWAY,
                GATEWAY,
            )
            self.nodes[gnode.id] = gnode
        for gate in _gates_of(root):
            gnode = self.nodes[gate.id]
            for item in gate.inputs:
                if isinstance(item, _Gate):
                    child = self.nodes[item.id]
                    if child.y == gnode.y:
                        points = [child.side("R"), gnode.side("L")]
                    else:
                        port = gnode.side("T" if child.y < gnode.y else "B")
                        points = [child.side("R"), (gnode.x, child.y), port]
                    self.flows.append(
                        _Flow(self.ids.make(f"Flow_{item.id}_{gate.id}"), item.id, gate.id, points)
                    )
                else:
                    flow = flow_of[item]
                    flow.target = gate.id
                    flow.points = self._into(flow.points, gnode, node, after_start)
        gnode = self.nodes[root.id]
        if after_start:
            gnode.after_start = sid
            # The start leads into its merge; what the start led to now follows the merge.
            (out,) = [f for f in flow_of.values() if f.source == node.id]
            out.points = [gnode.side("R"), *out.points[1:]]
            out.source = gnode.id
            self.flows.append(
                _Flow(
                    self.ids.make(f"Flow_{sid}_{root.id}"),
                    node.id,
                    gnode.id,
                    [node.side("R"), gnode.side("L")],
                )
            )
        else:
            self.flows.append(
                _Flow(
                    self.ids.make(f"Flow_{root.id}_{sid}"),
                    gnode.id,
                    node.id,
                    [gnode.side("R"), node.side("L")],
                )
            )

    def _into(
        self, points: list, gate: _Node, step: _Node, after_start: bool
    ) -> list[tuple[float, float]]:
        """The points of an arrow that led into ``step``, led into ``gate`` instead."""
        (xa, ya), (xb, yb) = points[-2], points[-1]
        if abs(xa - xb) < 0.01:
            # Down (or up) into the step: from its corridor along to the gateway, then in.
            port = gate.side("T" if ya < yb else "B")
            return [*points[:-2], (gate.x, ya), port]
        if gate.y == step.y and not after_start:
            return [*points[:-1], gate.side("L")]
        if after_start:
            # Round the start event (over it, or under it and its name, from the side the
            # arrow comes from) and into the merge that follows it.
            top, bottom = self.lane_bands[step.lane]
            came_from = points[-3][1] if len(points) > 2 else ya
            if came_from > step.y:
                below = step.label[1] + step.label[3] if step.label else step.y + step.h / 2
                y = min(max(below, gate.y + gate.h / 2) + 10, bottom - 5)
                return [*points[:-2], (xa, y), (gate.x, y), gate.side("B")]
            y = max(step.y - step.h / 2 - 24, top + 5)
            return [*points[:-2], (xa, y), (gate.x, y), gate.side("T")]
        return [*points[:-2], (xa, gate.y), gate.side("L")]

    # -- lanes ---------------------------------------------------------------------------

    def _lanes(self) -> None:
        right = max(
            [node.x + node.w / 2 for node in self.nodes.values()]
            + [node.label[0] + node.label[2] for node in self.nodes.values() if node.label]
            + [x for flow in self.flows for x, _ in flow.points]
            + [flow.label[0] + flow.label[2] for flow in self.flows if flow.label]
        )
        self.right = right + EDGE_ROOM
        self.lane_ids = []
        for lane in self.scene.lanes:
            key = lane.key[len(OWN_UNIT) :] if lane.key.startswith(OWN_UNIT) else lane.key
            self.lane_ids.append(self.ids.make(f"Lane_{key}"))

    def _label(self, node: _Node) -> tuple[float, float, float, float] | None:
        """Where the name of an event or gateway goes: under it, in lines as wide as the
        step was drawn."""
        step = node.step
        assert step is not None
        if step.kind not in _ROUND | _DIAMOND or not node.name:
            return None
        lines = _line_count(node.name, LABEL_WIDTH)
        width = LABEL_WIDTH
        return (node.x - width / 2, node.y + node.h / 2 + LABEL_GAP, width, lines * LABEL_LINE)

    # -- writing -------------------------------------------------------------------------

    def _xml(self) -> str:
        from skavmap import __version__

        process = self.process
        out = _Xml()
        namespaces = [
            ("xmlns:bpmn", BPMN),
            ("xmlns:bpmndi", BPMNDI),
            ("xmlns:dc", DC),
            ("xmlns:di", DI),
            ("xmlns:xsi", XSI),
            ("xmlns:color", COLOR),
            ("xmlns:skavmap", SKAVMAP),
        ]
        out.open(
            "bpmn:definitions",
            *namespaces,
            ("id", self.definitions_id),
            ("targetNamespace", f"urn:skavmap:process:{self.pid}"),
            ("exporter", "skavmap"),
            ("exporterVersion", __version__),
        )
        out.open("bpmn:collaboration", ("id", self.collaboration_id))
        out.empty(
            "bpmn:participant",
            ("id", self.participant_id),
            ("name", process.name),
            ("processRef", self.process_id),
        )
        out.close()
        out.open(
            "bpmn:process",
            ("id", self.process_id),
            ("name", process.name),
            ("isExecutable", "false"),
        )
        if process.description:
            out.text("bpmn:documentation", process.description)
        self._process_extension(out)
        out.open("bpmn:laneSet", ("id", self.laneset_id))
        members: dict[int, list[str]] = defaultdict(list)
        for node in self._ordered_nodes():
            members[node.lane].append(node.id)
        for index, lane in enumerate(self.scene.lanes):
            out.open("bpmn:lane", ("id", self.lane_ids[index]), ("name", " ".join(lane.name)))
            for ref in members[index]:
                out.text("bpmn:flowNodeRef", ref)
            out.close()
        out.close()
        for node in self._ordered_nodes():
            self._node_xml(out, node)
        for flow in self.flows:
            self._flow_xml(out, flow)
        out.close()
        self._diagram_xml(out)
        out.close()
        return out.finish()

    def _ordered_nodes(self) -> list[_Node]:
        """Steps in file order, each right after the gateways that lead into it."""
        order = []
        for sid in self.process.steps:
            node = self.node_of[sid]
            root = self._gates.get(sid)
            gates = [self.nodes[g.id] for g in _gates_of(root)] if root else []
            gates.sort(key=lambda n: n.x)
            if self.process.steps[sid].kind == "start":
                order += [node, *gates]
            else:
                order += [*gates, node]
        return order

    def _process_extension(self, out: _Xml) -> None:
        """Everything of the process file that BPMN has no place for, for the way back."""
        process = self.process
        calendar = process.calendar
        hours = f"{calendar.start.text}-{calendar.end.text}"
        out.open("bpmn:extensionElements")
        out.open(
            "skavmap:process",
            ("id", process.id),
            ("unit", process.unit),
            ("owner", process.owner),
            ("volume", process.volume.text if process.volume else None),
            ("day", f"{calendar.day_hours:g}h" if calendar.day_hours != 8 else None),
            ("hours", hours if hours != "07:00-18:00" else None),
        )
        if process.description:
            out.text("skavmap:description", process.description)
        for department in process.departments.values():
            out.empty("skavmap:department", ("id", department.id), ("name", department.name))
        for role in process.roles.values():
            out.empty(
                "skavmap:role",
                ("id", role.id),
                ("name", role.name),
                ("department", role.department),
                ("external", "true" if role.external else None),
                ("capacity", f"{role.capacity:g}" if role.capacity is not None else None),
                ("cost_per_hour", f"{role.cost_per_hour:g}" if role.cost_per_hour else None),
            )
        for system in process.systems.values():
            out.empty("skavmap:system", ("id", system.id), ("name", system.name))
        for action in process.actions:
            out.open(
                "skavmap:action",
                ("id", action.id),
                ("owner", action.owner),
                ("level", action.level),
                ("status", action.status),
                ("due", action.due.isoformat() if action.due else None),
            )
            out.text("skavmap:text", action.text)
            for address in action.addresses:
                out.text("skavmap:addresses", address)
            for change in action.changes:
                self._change_xml(out, change)
            out.close()
        out.close()
        out.close()

    @staticmethod
    def _change_xml(out: _Xml, change: Change) -> None:
        """One change of an action, as the file writes it: what it changes (a step, or a
        role), and each field it sets as written (a list one value an element)."""
        out.open(
            "skavmap:change",
            ("step", change.step),
            ("role", change.role if change.step is None else None),
            ("remove", "true" if change.remove else None),
            ("branch", change.branch),
            ("p", f"{change.p:g}" if change.p is not None else None),
        )
        for name, value in change.fields.items():
            if value == ():
                out.empty("skavmap:set", ("field", name))  # an empty list: none
            for shown in _written(value):
                out.empty("skavmap:set", ("field", name), ("value", shown))
        out.close()

    def _node_xml(self, out: _Xml, node: _Node) -> None:
        step = node.step
        attrs: list[tuple[str, object]] = [("id", node.id), ("name", node.name)]
        if step is not None and step.kind == "subprocess" and step.subprocess is not None:
            attrs.append(("calledElement", f"Process_{ascii_id(step.subprocess.id)}"))
        out.open(f"bpmn:{node.element}", *attrs)
        if step is not None:
            documentation = self._documentation(step)
            if documentation:
                out.text("bpmn:documentation", documentation)
            self._step_extension(out, step)
        if node.after_start is not None:
            # The arrows into this merge go back to the start step: so they are read back.
            out.open("bpmn:extensionElements")
            out.empty("skavmap:merge", ("start", node.after_start))
            out.close()
        for ref in node.incoming:
            out.text("bpmn:incoming", ref)
        for ref in node.outgoing:
            out.text("bpmn:outgoing", ref)
        if step is not None and step.kind == "wait":
            timer = ("id", self.ids.make(f"TimerEventDefinition_{step.id}"))
            if step.wait is None:
                out.empty("bpmn:timerEventDefinition", timer)
            else:
                out.open("bpmn:timerEventDefinition", timer)
                duration = iso_duration(step.wait.hours, self.process.calendar.day_hours)
                out.text("bpmn:timeDuration", duration, ("xsi:type", "bpmn:tFormalExpression"))
                out.close()
        out.close()

    def _documentation(self, step: Step) -> str:
        """What the step says besides its name, in words, for people reading the BPMN."""
        words, day = self.words, self.process.calendar.day_hours
        lines = []
        times = []
        if step.work is not None:
            times.append(words("exchange.doc_work", t=words.duration(step.work, day)))
        if step.wait is not None:
            times.append(words("exchange.doc_wait", t=words.duration(step.wait, day)))
        if step.at is not None:
            times.append(words("render.at", t=step.at.text))
        if times:
            lines.append(" · ".join(times))
        if step.role is not None and self.options.lanes == "department":
            lines.append(words("exchange.doc_role", name=self.process.roles[step.role].name))
        if step.systems:
            names = ", ".join(self.process.systems[s].name for s in step.systems)
            lines.append(words("exchange.doc_systems", names=names))
        if step.manual:
            lines.append(words("exchange.doc_manual"))
        if step.forms:
            lines.append(words("exchange.doc_forms", names=", ".join(step.forms)))
        if step.process is not None:
            lines.append(words("exchange.doc_process", file=self._relative(step)))
        for pain in step.pain:
            votes = words("render.vote") if pain.votes == 1 else words("render.votes", n=pain.votes)
            details = f"{pain.source}, {votes}" if pain.source else votes
            lines.append(words("exchange.doc_pain", text=pain.text, details=details))
        if step.note:
            lines.append(step.note)
        return "\n".join(lines)

    def _relative(self, step: Step) -> str:
        assert step.process is not None
        folder = self.process.file.parent
        return os.path.relpath(step.process, folder).replace(os.sep, "/")

    def _step_extension(self, out: _Xml, step: Step) -> None:
        """The step as the process file has it (its own id included), for the way back."""
        out.open("bpmn:extensionElements")
        attrs = [
            ("id", step.id),
            ("kind", step.kind),
            ("role", step.role),
            ("work", step.work.text if step.work else None),
            ("wait", step.wait.text if step.wait else None),
            ("at", step.at.text if step.at else None),
            ("manual", "true" if step.manual else None),
            ("default-name", None if step.name_given else "true"),
        ]
        inner = step.systems or step.forms or step.process or step.pain or step.note is not None
        if not inner:
            out.empty("skavmap:step", *attrs)
            out.close()
            return
        out.open("skavmap:step", *attrs)
        for system in step.systems:
            out.empty("skavmap:system", ("ref", system))
        for form in step.forms:
            out.text("skavmap:form", form)
        if step.process is not None:
            out.text("skavmap:process", self._relative(step))
        for pain in step.pain:
            out.text("skavmap:pain", pain.text, ("votes", pain.votes), ("source", pain.source))
        if step.note is not None:
            out.text("skavmap:note", step.note)
        out.close()
        out.close()

    def _flow_xml(self, out: _Xml, flow: _Flow) -> None:
        attrs = (
            ("id", flow.id),
            ("name", flow.name),
            ("sourceRef", flow.source),
            ("targetRef", flow.target),
        )
        branch = flow.branch
        extension = branch is not None and (branch.when is not None or branch.p_given)
        if not extension and flow.condition is None:
            out.empty("bpmn:sequenceFlow", *attrs)
            return
        out.open("bpmn:sequenceFlow", *attrs)
        if extension:
            out.open("bpmn:extensionElements")
            p = repr(branch.p) if branch.p_given else None
            out.empty("skavmap:branch", ("when", branch.when), ("p", p))
            out.close()
        if flow.condition is not None:
            expression = ("xsi:type", "bpmn:tFormalExpression")
            out.text("bpmn:conditionExpression", flow.condition, expression)
        out.close()

    def _diagram_xml(self, out: _Xml) -> None:
        out.open("bpmndi:BPMNDiagram", ("id", self.diagram_id))
        out.open("bpmndi:BPMNPlane", ("id", self.plane_id), ("bpmnElement", self.collaboration_id))
        top, bottom = self.lane_bands[0][0], self.lane_bands[-1][1]
        pool = (ORIGIN, top, self.right - ORIGIN, bottom - top)
        _shape(out, self.participant_id, pool, ("isHorizontal", "true"))
        lane_left = ORIGIN + POOL_HEADER
        for lane_id, (lane_top, lane_bottom) in zip(self.lane_ids, self.lane_bands, strict=True):
            bounds = (lane_left, lane_top, self.right - lane_left, lane_bottom - lane_top)
            _shape(out, lane_id, bounds, ("isHorizontal", "true"))
        for node in self._ordered_nodes():
            bounds = (node.x - node.w / 2, node.y - node.h / 2, node.w, node.h)
            extra = []
            if node.element == "exclusiveGateway":
                extra.append(("isMarkerVisible", "true"))
            if node.fill is not None:
                extra.append(("color:background-color", node.fill))
            _shape(out, node.id, bounds, *extra, label=node.label)
        for flow in self.flows:
            out.open("bpmndi:BPMNEdge", ("id", f"{flow.id}_di"), ("bpmnElement", flow.id))
            for x, y in flow.points:
                out.empty("di:waypoint", ("x", _number(x)), ("y", _number(y)))
            if flow.label is not None:
                _label(out, flow.label)
            out.close()
        out.close()
        out.close()


class _Xml:
    """XML written line by line, two spaces a level; attributes in the order given, those
    that are ``None`` left out."""

    def __init__(self) -> None:
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>']
        self.open_tags: list[str] = []

    def _start(self, tag: str, attrs: Iterable[tuple[str, object]]) -> str:
        indent = "  " * len(self.open_tags)
        values = "".join(f" {k}={xml_attr(str(v))}" for k, v in attrs if v is not None)
        return f"{indent}<{tag}{values}"

    def open(self, tag: str, *attrs: tuple[str, object]) -> None:
        self.lines.append(self._start(tag, attrs) + ">")
        self.open_tags.append(tag)

    def close(self) -> None:
        tag = self.open_tags.pop()
        self.lines.append("  " * len(self.open_tags) + f"</{tag}>")

    def empty(self, tag: str, *attrs: tuple[str, object]) -> None:
        self.lines.append(self._start(tag, attrs) + " />")

    def text(self, tag: str, text: str, *attrs: tuple[str, object]) -> None:
        self.lines.append(self._start(tag, attrs) + f">{xml_text(text)}</{tag}>")

    def finish(self) -> str:
        assert not self.open_tags
        return "\n".join(self.lines) + "\n"


def _shape(
    out: _Xml,
    element: str,
    bounds: tuple[float, float, float, float],
    *attrs: tuple[str, object],
    label: tuple[float, float, float, float] | None = None,
) -> None:
    out.open("bpmndi:BPMNShape", ("id", f"{element}_di"), ("bpmnElement", element), *attrs)
    _bounds(out, bounds)
    if label is not None:
        _label(out, label)
    out.close()


def _bounds(out: _Xml, box: tuple[float, float, float, float]) -> None:
    x, y, w, h = (_number(v) for v in box)
    out.empty("dc:Bounds", ("x", x), ("y", y), ("width", w), ("height", h))


def _label(out: _Xml, box: tuple[float, float, float, float]) -> None:
    out.open("bpmndi:BPMNLabel")
    _bounds(out, box)
    out.close()


def _lane_height(name: str) -> float:
    """How high a lane must be for BPMN tools to write ``name`` along its edge in at most
    two lines, no word broken."""
    longest = max((len(word) for word in name.split()), default=0)
    return max(longest * LANE_CHAR, len(name) * LANE_CHAR / 2 + LANE_PAD) + 2 * LANE_PAD


def _line_count(text: str, width: float) -> int:
    """About how many lines ``text`` takes in an external label ``width`` pixels wide."""
    per_line = max(1, int(width / LABEL_CHAR))
    lines, line = 1, 0
    for word in text.split():
        if line and line + 1 + len(word) > per_line:
            lines += 1
            line = len(word)
        else:
            line += len(word) + (1 if line else 0)
    return max(1, lines)


def _depth(gate: _Gate) -> int:
    children = [i for i in gate.inputs if isinstance(i, _Gate)]
    return 1 + max(map(_depth, children)) if children else 0


def _level(root: _Gate, gate: _Gate) -> int:
    """How many gateways lie between ``gate`` and the last one, ``root``."""
    if gate is root:
        return 0
    for child in (i for i in root.inputs if isinstance(i, _Gate)):
        found = _level(child, gate)
        if found >= 0:
            return found + 1
    return -1


def _gates_of(root: _Gate) -> list[_Gate]:
    found = [root]
    for child in (i for i in root.inputs if isinstance(i, _Gate)):
        found += _gates_of(child)
    return found


def _slots(centre: float, low: float, high: float):
    """Heights for gateways off the line of a step: above it, below it, further away."""
    distance = OFF_LINE
    while True:
        for y in (centre - distance, centre + distance):
            yield min(max(y, low), high)
        distance += OFF_LINE


def _clip(points: list, source: _Node, target: _Node) -> list[tuple[float, float]]:
    """The first and last points moved onto the shapes as BPMN draws them (a gateway or an
    event is smaller than the step the layout made room for)."""
    points = list(points)
    points[0] = _onto(points[0], points[1], source)
    points[-1] = _onto(points[-1], points[-2], target)
    return points


def _onto(end: tuple[float, float], towards: tuple[float, float], node: _Node) -> tuple:
    x, y = end
    if abs(y - towards[1]) < 0.01:  # a horizontal end: onto the left or right side
        return (node.x - node.w / 2 if towards[0] < x else node.x + node.w / 2, y)
    if abs(x - towards[0]) < 0.01:  # a vertical end: onto the top or bottom
        return (x, node.y - node.h / 2 if towards[1] < y else node.y + node.h / 2)
    return end


def _simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Without repeated points and without points in the middle of a straight run."""
    kept: list[tuple[float, float]] = []
    for point in points:
        point = (round(point[0], 2), round(point[1], 2))
        if kept and point == kept[-1]:
            continue
        if len(kept) >= 2:
            (ax, ay), (bx, by) = kept[-2], kept[-1]
            if (ax == bx == point[0]) or (ay == by == point[1]):
                kept[-1] = point
                continue
        kept.append(point)
    if len(kept) == 1:
        kept.append(kept[0])
    return kept


def _written(value: object) -> list[str]:
    """A change's value as the file writes it; a list as its items."""
    if isinstance(value, Duration):
        return [value.text]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, float):
        return [f"{value:g}"]
    if isinstance(value, tuple):
        return [str(item) for item in value]
    return [str(value)]
