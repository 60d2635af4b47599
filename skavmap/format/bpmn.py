"""Read a BPMN 2.0 file into a process: what ``skavmap import`` writes, and how every command
reads a ``.bpmn`` file.

:func:`read_bpmn` turns one pool of a BPMN file into a :class:`~skavmap.format.yamlwrite.
Draft` of a process file: tasks become steps, events and gateways the steps skavmap has for
them, lanes roles (a lane with lanes inside it a department), sequence flows the ``next`` of
their steps (a condition or a flow's name its ``when``). Gateways that only merge or join
are left out: in skavmap arrows simply meet at a step. Where BPMN can say something skavmap
cannot (a task that splits without a gateway, several start events, a step that just ends),
the draft says it the nearest way the format has, with a remark saying what was guessed, so
that the file written passes ``skavmap check``. What is not imported at all (message flows,
data objects, other pools, boundary events that lead nowhere, vendor extensions) is a
warning with its line and column, never a silent drop.

A file that skavmap exported itself (:mod:`skavmap.exporters.bpmn`) carries the process file
in extension elements; then every step gets back its id, role, times, systems, pain and
notes, and the process its roles, departments, systems and actions.

:class:`Loader` reads a ``.bpmn`` file like any process file (``skavmap check model.bpmn``):
the draft is written as YAML and loaded by :mod:`skavmap.format.loader`, and every position
is mapped back to the BPMN element it came from.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from skavmap.format.diagnostics import Diagnostic, said
from skavmap.format.model import Pos, Process
from skavmap.format.phrases import Phrase, bpmn_kind, say
from skavmap.format.xmlsafe import Element, XmlError, parse_file, qname_local
from skavmap.format.yamlwrite import (
    Draft,
    DraftAction,
    DraftBranch,
    DraftPain,
    DraftRole,
    DraftStep,
    Remark,
    write,
)

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
#: The namespace of skavmap's own extension elements in BPMN files it writes.
SKAVMAP = "urn:skavmap:bpmn:1"
_DIAGRAM_NAMESPACES = {
    "http://www.omg.org/spec/BPMN/20100524/DI",
    "http://www.omg.org/spec/DD/20100524/DI",
    "http://www.omg.org/spec/DD/20100524/DC",
}
_TASKS = {
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "scriptTask",
    "businessRuleTask",
    "receiveTask",
}
_SUBPROCESSES = {"subProcess", "adHocSubProcess", "transaction"}
_GATEWAYS = {
    "exclusiveGateway",
    "inclusiveGateway",
    "eventBasedGateway",
    "complexGateway",
    "parallelGateway",
}
_EVENTS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent"}
_NODES = _TASKS | _SUBPROCESSES | _GATEWAYS | _EVENTS | {"sendTask", "callActivity"}
#: Elements at the top of a file that only name things other elements refer to.
_DEFINITIONS = {
    "message",
    "signal",
    "error",
    "escalation",
    "itemDefinition",
    "resource",
    "interface",
    "dataStore",
    "correlationProperty",
    "category",
    "partnerEntity",
    "partnerRole",
    "endPoint",
    "eventDefinition",
    "import",
    "extension",
    "relationship",
}
#: Parts of an element that its import uses.
_USED_PARTS = {
    "incoming",
    "outgoing",
    "documentation",
    "extensionElements",
    "conditionExpression",
}
_WORDS = re.compile(r"[^a-z0-9]+")
_KNOWN_ATTRIBUTE_NAMESPACES = {
    "http://www.w3.org/2001/XMLSchema-instance",
    "http://www.w3.org/XML/1998/namespace",
    SKAVMAP,
}
#: The id of a step with neither a name nor an id of its own, by kind.
_KIND_IDS = {
    "task": "steg",
    "start": "start",
    "end": "slut",
    "decision": "val",
    "parallel": "delning",
    "notify": "meddelande",
    "wait": "vantan",
    "subprocess": "delprocess",
}
_ISO = re.compile(
    r"^P(?:(?P<y>\d+(?:[.,]\d+)?)Y)?(?:(?P<mo>\d+(?:[.,]\d+)?)M)?(?:(?P<w>\d+(?:[.,]\d+)?)W)?"
    r"(?:(?P<d>\d+(?:[.,]\d+)?)D)?(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<mi>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$"
)
#: Ids that tools make up (Activity_0x1abc2, Task_1, sid-5E1D..., _6-61, UUIDs): the step
#: gets an id made from its name instead, which reads better in the process file.
_MADE_UP = re.compile(
    r"^(?:sid-|_|id-?)?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    r"|^sid-[0-9A-Fa-f-]+$"
    r"|^[A-Za-z]+_(?=[0-9a-z]*[0-9])[0-9a-z]{5,}$"
    r"|^_?[0-9][0-9A-Za-z_-]*$"
    r"|^(?:Activity|Task|[A-Za-z]*Task|[A-Za-z]*Event|[A-Za-z]*Gateway|SubProcess|CallActivity"
    r"|Flow|SequenceFlow|Lane|Participant|Process)_\w+$"
)


@dataclass
class Imported:
    """What :func:`read_bpmn` made of a file: the draft (``None`` when the file cannot be
    used), and every warning and error with its position in the BPMN file."""

    draft: Draft | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ours: bool = False  # written by skavmap, with its extension elements


def slug(text: str) -> str:
    """A lower-case id in ASCII made from a name.

    >>> slug("Granska ansökan"), slug("Lön och HR"), slug("  "), slug("3:e steget")
    ('granska_ansokan', 'lon_och_hr', '', 'steg_3_e_steget')
    """
    folded = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    words = [w for w in _WORDS.split(folded) if w]
    found = ""
    for word in words:
        if len(found) + len(word) > 40 and found:
            break
        found = f"{found}_{word}" if found else word
    return f"steg_{found}" if found[:1].isdigit() else found


def iso_to_duration(value: str) -> tuple[str | None, bool]:
    """(skavmap duration, exact) for an ISO 8601 duration such as ``P3D`` or ``PT1H30M``;
    ``None`` when it is not one. Not exact when it held months or years (taken as 21 and
    252 working days) or seconds (rounded to minutes).

    >>> iso_to_duration("P3D"), iso_to_duration("PT1H30M"), iso_to_duration("P1M")
    (('3d', True), ('1h30m', True), ('21d', False))
    >>> iso_to_duration("${timeout}")
    (None, False)
    """
    match = _ISO.match(value.strip())
    if not match or value.strip() in ("P", "PT"):
        return None, False
    parts = {k: float(v.replace(",", ".")) for k, v in match.groupdict().items() if v}
    exact = not ({"y", "mo", "s"} & parts.keys())
    days = parts.get("d", 0) + 21 * parts.get("mo", 0) + 252 * parts.get("y", 0)
    # A part of a minute counts as a minute (a wait of 30 seconds is not no wait).
    minutes = math.ceil(parts.get("h", 0) * 60 + parts.get("mi", 0) + parts.get("s", 0) / 60 - 1e-9)
    text = ""
    for amount, unit in ((parts.get("w", 0), "w"), (days, "d")):
        if amount:
            text += f"{amount:g}{unit}"
    if minutes >= 60:
        text += f"{minutes // 60}h"
        minutes %= 60
    if minutes:
        text += f"{minutes}m"
    return (text or "0m"), exact


def _name(element: Element) -> str | None:
    """The element's name on one line (tools break long names with line feeds)."""
    name = element.get("name")
    if name is None:
        return None
    name = " ".join(name.split())
    return name or None


def _children(element: Element, local: str, ns: str = MODEL) -> list[Element]:
    return [c for c in element.children if c.local == local and c.ns == ns]


def _child(element: Element, local: str, ns: str = MODEL) -> Element | None:
    found = _children(element, local, ns)
    return found[0] if found else None


def _ours(element: Element, local: str) -> Element | None:
    extension = _child(element, "extensionElements")
    return _child(extension, local, SKAVMAP) if extension is not None else None


def _text(element: Element | None) -> str | None:
    if element is None:
        return None
    text = element.text.strip()
    return text or None


@dataclass
class _Node:
    """A flow node of the BPMN process, and what it becomes."""

    element: Element
    local: str
    kind: str | None  # the skavmap kind; None: left out (a gateway that only merges)
    step: DraftStep | None = None
    lane: Element | None = None


@dataclass
class _Flow:
    element: Element | None
    source: str
    target: str
    when: str | None = None
    p: float | None = None


class _Reader:
    def __init__(self, path: Path, root: Element):
        self.path = path
        self.file = str(path)
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.handled: set[int] = set()  # ids of elements the import used (or warned about)
        self.taken: set[str] = set()  # step ids given out, case-folded

    # -- reporting -----------------------------------------------------------------------

    def warn(self, element: Element, message: Phrase) -> None:
        self.diagnostics.append(said(self.file, element.pos, "warning", message))
        self.used(element)

    def used(self, *elements: Element) -> None:
        self.handled.update(id(e) for e in elements)

    def number(self, element: Element, name: str, kind: type) -> float | None:
        """The number in attribute ``name`` of one of skavmap's extension elements, or
        ``None`` (with a warning when it is there but not a number: someone edited it)."""
        value = element.get(name)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            self.warn(element, say("bpmn.not_a_number", name=name, value=value))
            return None

    def describe(self, element: Element) -> Phrase:
        """The element as a message names it: its kind, and its name or else its id."""
        name = _name(element) or element.get("id")
        kind = bpmn_kind(element.local, "the")
        return say("bpmn.named", kind=kind, name=name) if name else kind

    # -- the whole file ------------------------------------------------------------------

    def run(self) -> Imported:
        root = self.root
        if root.ns != MODEL or root.local != "definitions":
            self.diagnostics.append(
                said(self.file, root.pos, "error",
                     say("bpmn.not_bpmn", local=root.local, namespace=MODEL))
            )  # fmt: skip
            return Imported(None, self.diagnostics)
        self.used(root)
        self.by_id = {e.get("id"): e for e in root.iter() if e.get("id") is not None}
        process, participant = self.choose_process()
        if process is None:
            self.diagnostics.append(said(self.file, root.pos, "error", say("bpmn.no_process")))
            return Imported(None, self.diagnostics)
        self.process = process
        ours = _ours(process, "process")
        self.ours = ours is not None
        draft = self.header(process, participant, ours)
        self.lanes(process, participant, draft, ours is not None)
        nodes, flows = self.flow_elements(process, draft, ours is not None)
        self.annotations(process, nodes)
        draft.steps = self.graph(nodes, flows, draft)
        self.leftovers(process)
        self.diagnostics.sort(key=lambda d: (d.pos.line, d.pos.col, d.message))
        return Imported(draft, self.diagnostics, ours is not None)

    def choose_process(self) -> tuple[Element | None, Element | None]:
        """The process to import (the first pool with steps) and its participant; every
        other pool, and every message flow between pools, is a warning."""
        root = self.root
        processes = _children(root, "process")
        participants = [
            p for c in _children(root, "collaboration") for p in _children(c, "participant")
        ]
        with_steps = [p for p in processes if any(c.local in _NODES for c in p.children)]
        chosen, participant = None, None
        for candidate in participants:
            ref = candidate.get("processRef")
            process = self.by_id.get(qname_local(ref)) if ref else None
            if chosen is None and process is not None and process in with_steps:
                chosen, participant = process, candidate
        if chosen is None and with_steps:
            chosen = with_steps[0]
        for collaboration in _children(root, "collaboration"):
            self.used(collaboration)
            for part in collaboration.children:
                if part is participant:
                    self.used(part)
                elif part.local == "participant":
                    self.warn(part, say("bpmn.pool", name=_name(part) or part.get("id")))
                elif part.local == "messageFlow":
                    self.warn(part, say("bpmn.message_flow", name=_name(part) or part.get("id")))
        for process in processes:
            if process is chosen:
                continue
            # The process of a pool warned about above is no news; a process on its own is.
            pooled = any(qname_local(p.get("processRef") or "") == process.get("id")
                         for p in participants)  # fmt: skip
            if pooled or not any(c.local in _NODES for c in process.children):
                self.used(process)
            else:
                self.warn(process, say("bpmn.process", name=_name(process) or process.get("id")))
        definitions = [c for c in root.children if c.local in _DEFINITIONS]
        if definitions:
            kinds = tuple(
                bpmn_kind(local, "a") for local in dict.fromkeys(c.local for c in definitions)
            )
            key = "bpmn.definitions" if len(definitions) > 1 else "bpmn.definition"
            self.warn(definitions[0], say(key, n=len(definitions), kinds=kinds))
            self.used(*definitions)
        for element in root.children:
            if element.ns in _DIAGRAM_NAMESPACES:
                self.used(element)  # skavmap draws its own layout
        return chosen, participant

    def header(self, process: Element, participant: Element | None, ours: Element | None) -> Draft:
        name = _name(participant) if participant is not None else None
        name = name or _name(process) or self.path.stem
        if ours is not None:
            name = (participant if participant is not None else process).get("name") or name
        draft = Draft(name=name, pos=(participant or process).pos)
        self.used(process)
        if ours is None:
            notes = [_text(d) for d in _children(process, "documentation")]
            self.used(*_children(process, "documentation"))
            draft.description = "\n\n".join(n for n in notes if n) or None
            return draft
        self.used(*_children(process, "documentation"), *_children(process, "extensionElements"))
        self.used(*ours.iter())
        for key in ("unit", "owner", "volume", "day", "hours"):
            setattr(draft, key, ours.get(key))
        draft.id = ours.get("id")
        draft.description = _text(_child(ours, "description", SKAVMAP))
        for item in _children(ours, "department", SKAVMAP):
            draft.departments[item.get("id", "")] = (item.get("name", ""), item.pos)
        for item in _children(ours, "role", SKAVMAP):
            draft.roles[item.get("id", "")] = DraftRole(
                item.get("id", ""),
                item.get("name", ""),
                item.get("department"),
                item.get("external") == "true",
                self.number(item, "capacity", float),
                item.pos,
                cost_per_hour=self.number(item, "cost_per_hour", float),
            )
        for item in _children(ours, "system", SKAVMAP):
            draft.systems[item.get("id", "")] = item.get("name", "")
        for item in _children(ours, "action", SKAVMAP):
            draft.actions.append(
                DraftAction(
                    item.get("id", ""),
                    _text(_child(item, "text", SKAVMAP)) or "",
                    [e.text for e in _children(item, "addresses", SKAVMAP)],
                    item.get("owner"),
                    item.get("level"),
                    item.get("status"),
                    item.get("due"),
                    [self.change(c) for c in _children(item, "change", SKAVMAP)],
                )
            )
        return draft

    @staticmethod
    def change(element: Element) -> list[tuple[str, object]]:
        """A change of an action as the file writes it (``skavmap:change``, its fields as
        ``skavmap:set``; ``system`` and ``forms`` are lists)."""
        pairs: list[tuple[str, object]] = [
            (key, element.get(key))
            for key in ("step", "role", "remove", "branch", "p")
            if element.get(key) is not None
        ]
        pairs = [(k, True if k == "remove" and v == "true" else v) for k, v in pairs]
        lists: dict[str, list[str]] = {}
        for item in _children(element, "set", SKAVMAP):
            field, value = item.get("field", ""), item.get("value")
            if field in ("system", "forms"):
                if field not in lists:
                    lists[field] = []
                    pairs.append((field, lists[field]))
                if value is not None:
                    lists[field].append(value)
            elif field == "manual":
                pairs.append((field, value == "true"))
            else:
                pairs.append((field, value or ""))
        return pairs

    # -- lanes → roles -------------------------------------------------------------------

    def lanes(
        self, process: Element, participant: Element | None, draft: Draft, ours: bool
    ) -> None:
        """Which lane each flow node is in, and the role (and department) each lane is."""
        self.lane_of: dict[str, Element] = {}
        self.role_of_lane: dict[int, str] = {}
        self.pool_name = _name(participant) if participant is not None else None
        self.fallback_role: str | None = None
        top = [lane for s in _children(process, "laneSet") for lane in _children(s, "lane")]
        self.used(*_children(process, "laneSet"))

        def walk(lane: Element, department: str | None, depth: int) -> None:
            self.used(lane)
            inner = [c for s in _children(lane, "childLaneSet") for c in _children(s, "lane")]
            self.used(*_children(lane, "childLaneSet"))
            for ref in _children(lane, "flowNodeRef"):
                self.used(ref)
                self.lane_of[ref.text.strip()] = lane
            if ours:
                # skavmap drew this lane for a role, or for a department: a step a tool added
                # to it takes that role, or the department's one role.
                name = _name(lane)
                roles = [k for k, r in draft.roles.items() if r.name == name] or [
                    k
                    for k, r in draft.roles.items()
                    if r.department and draft.departments.get(r.department, ("",))[0] == name
                ]
                if len(roles) == 1:
                    self.role_of_lane[id(lane)] = roles[0]
                for child in inner:
                    walk(child, None, depth + 1)
                return
            name = _name(lane)
            if inner:
                if department is None:
                    department = self.unique(slug(name or "") or lane.get("id", "lane"))
                    draft.departments[department] = (name or lane.get("id", ""), lane.pos)
                for child in inner:
                    walk(child, department, depth + 1)
            if not _children(lane, "flowNodeRef"):
                return
            remarks = []
            role_name, role_department = name, department
            if name and department is None:
                split = re.match(r"^(.+?)\s*(?::|\s/\s)\s*(.+)$", name)
                if split:
                    head, role_name = split.group(1), split.group(2)
                    role_department = self.unique(slug(head) or "avdelning")
                    existing = [k for k, (n, _) in draft.departments.items() if n == head]
                    if existing:
                        role_department = existing[0]
                    else:
                        draft.departments[role_department] = (head, lane.pos)
                    remarks.append(Remark.of("lane_split", lane=name))
            if not role_name:
                role_name = lane.get("id", "lane")
                remarks.append(Remark.of("lane_unnamed", lane=role_name))
            if depth > 1:
                remarks.append(Remark.of("lane_deep", lane=role_name))
            role_id = self.unique(slug(role_name) or slug(lane.get("id", "")) or "roll")
            draft.roles[role_id] = DraftRole(
                role_id, role_name, role_department, False, None, lane.pos, remarks
            )
            self.role_of_lane[id(lane)] = role_id

        for lane in top:
            walk(lane, None, 0)

    def unique(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate.casefold() in self.taken:
            n += 1
            candidate = f"{wanted}_{n}"
        self.taken.add(candidate.casefold())
        return candidate

    # -- flow nodes and flows ------------------------------------------------------------

    def flow_elements(
        self, process: Element, draft: Draft, ours: bool
    ) -> tuple[dict[str, _Node], list[_Flow]]:
        nodes: dict[str, _Node] = {}
        flows: list[_Flow] = []
        seen: set[str] = set()
        self.ids_in_file: dict[str, str] = {}
        self.boundaries: list[Element] = []
        # Own ids first, so that a step keeps its id even where a name would make the same.
        for element in process.children:
            extension = _ours(element, "step") if element.local in _NODES else None
            if extension is not None and extension.get("id"):
                self.taken.add(extension.get("id").casefold())
        for element in process.children:
            local = element.local
            if element.ns != MODEL:
                continue
            if local in _NODES:
                node = self.node(element, draft)
                if node is not None:
                    nodes[element.get("id", "")] = node
                    self.own_id(node, seen)
            elif local == "sequenceFlow":
                flows.append(self.flow(element))
            elif local == "boundaryEvent":
                self.boundaries.append(element)  # once the graph is known
        return nodes, flows

    def own_id(self, node: _Node, seen: set[str]) -> None:
        """A step id skavmap wrote that another step has too (or that is empty: someone
        edited the file) is made unique, with a warning."""
        step = node.step
        if step is None:
            return
        if not step.id or step.id in seen:
            old = step.id
            step.id = self.unique(old or slug(step.name or "") or _KIND_IDS[step.kind])
            self.warn(node.element, say("bpmn.id_taken", old=old, new=step.id))
        seen.add(step.id)

    def node(self, element: Element, draft: Draft) -> _Node | None:
        local = element.local
        bpmn_id = element.get("id", "")
        self.used(element)
        self.used(*(c for c in element.children if c.local in _USED_PARTS))
        lane = self.lane_of.get(bpmn_id)
        definitions = [c for c in element.children if c.local.endswith("EventDefinition")]
        for definition in definitions:
            self.used(*definition.iter())  # what it says is a remark of the step
        kinds = {d.local.removesuffix("EventDefinition") for d in definitions}
        remarks: list[Remark] = []
        extension = _ours(element, "step")
        kind: str | None
        if local == "startEvent":
            kind = "start"
            if kinds:
                remarks.append(Remark.of("trigger", what=", ".join(sorted(kinds))))
        elif local == "endEvent":
            kind = "end"
            if kinds - {"none"}:
                remarks.append(Remark.of("end_event", what=", ".join(sorted(kinds))))
        elif local in _TASKS:
            kind = "task"
            if local != "task" and local != "userTask":
                remarks.append(Remark.of("task_type", kind=local))
        elif local == "sendTask":
            kind = "notify"
        elif local == "callActivity":
            kind = "subprocess"
        elif local in _SUBPROCESSES:
            kind = "task"
            inside = [c for c in element.iter() if c is not element and c.local in _NODES]
            self.warn(element, say("bpmn.subprocess", what=self.describe(element), n=len(inside)))
            self.used(*element.iter())
        elif local == "intermediateCatchEvent":
            kind = "wait"
            if "link" in kinds:
                kind = None
            elif kinds != {"timer"}:
                remarks.append(Remark.of("catch", what=", ".join(sorted(kinds)) or "event"))
        elif local == "intermediateThrowEvent":
            kind = "notify"
            if "link" in kinds:
                kind = None
            elif not kinds:
                kind = "wait"
                remarks.append(Remark.of("milestone"))
            elif kinds - {"message", "signal", "escalation"}:
                remarks.append(Remark.of("throw", what=", ".join(sorted(kinds))))
        else:  # a gateway: decided once the flows are known
            kind = {"parallelGateway": "parallel"}.get(local, "decision")
            if local in ("inclusiveGateway", "complexGateway"):
                remarks.append(Remark.of("gateway", kind=local))
            elif local == "eventBasedGateway":
                remarks.append(Remark.of("event_gateway"))
        node = _Node(element, local, kind, lane=lane)
        if kind is None:
            return node
        step = DraftStep(id="", kind=kind, name=_name(element), pos=element.pos, remarks=remarks)
        if extension is not None:
            self.from_extension(step, extension, element)
        else:
            self.foreign_step(step, element, node, draft)
        node.step = step
        return node

    def from_extension(self, step: DraftStep, extension: Element, element: Element) -> None:
        """The step as skavmap wrote it."""
        self.used(*extension.iter())
        step.id = extension.get("id", "")
        step.kind = extension.get("kind", step.kind)
        step.remarks = []
        # The name exactly as written (skavmap wrote the line breaks in it too).
        step.name = None if extension.get("default-name") == "true" else element.get("name")
        step.role = extension.get("role")
        step.work = extension.get("work")
        step.wait = extension.get("wait")
        step.at = extension.get("at")
        step.manual = extension.get("manual") == "true"
        step.systems = [e.get("ref", "") for e in _children(extension, "system", SKAVMAP)]
        step.forms = [e.text for e in _children(extension, "form", SKAVMAP)]
        for pain in _children(extension, "pain", SKAVMAP):
            votes = self.number(pain, "votes", int)
            step.pain.append(
                DraftPain(pain.text, pain.get("source"), 1 if votes is None else votes)
            )
        note = _child(extension, "note", SKAVMAP)
        step.note = note.text if note is not None else None
        process = _child(extension, "process", SKAVMAP)
        if process is not None:
            step.process = self.subprocess_file(process.text, step, process)

    def foreign_step(self, step: DraftStep, element: Element, node: _Node, draft: Draft) -> None:
        """The step as another tool wrote it: id, role from its lane, times from a timer,
        documentation as its note."""
        bpmn_id = element.get("id", "")
        if _MADE_UP.match(bpmn_id) or not bpmn_id:
            step.id = self.unique(slug(step.name or "") or _KIND_IDS[step.kind])
            if bpmn_id:
                step.remarks.insert(0, Remark.of("bpmn_id", id=bpmn_id))
        else:
            step.id = self.unique(bpmn_id)
        if step.name is None and step.kind in ("task", "notify", "subprocess", "wait"):
            step.remarks.append(Remark.of("no_name"))
        if step.kind in ("task", "start", "notify", "wait", "subprocess"):
            step.role = self.lane_role(node, step, draft)
        notes = [_text(d) for d in _children(element, "documentation")]
        note = "\n\n".join(n for n in notes if n)
        step.note = note or None
        if step.kind == "wait":
            self.timer(step, element)
        if step.kind == "subprocess":
            called = element.get("calledElement")
            step.process = self.subprocess_file(
                qname_local(called) if called else None, step, element
            )

    def lane_role(self, node: _Node, step: DraftStep, draft: Draft) -> str | None:
        if node.lane is not None and id(node.lane) in self.role_of_lane:
            return self.role_of_lane[id(node.lane)]
        if step.kind != "task" and step.kind != "subprocess":
            return None
        # A task in no lane: its role is the pool (or the process), one for all such tasks.
        if self.fallback_role is None:
            name = self.pool_name or draft.name
            self.fallback_role = self.unique(slug(name) or "roll")
            draft.roles[self.fallback_role] = DraftRole(
                self.fallback_role, name, remarks=[Remark.of("no_lane_role")]
            )
        return self.fallback_role

    def timer(self, step: DraftStep, element: Element) -> None:
        timer = _child(element, "timerEventDefinition")
        if timer is None:
            return
        duration = _child(timer, "timeDuration")
        self.used(*timer.iter())
        if duration is not None and _text(duration):
            text, exact = iso_to_duration(_text(duration) or "")
            if text is None:
                step.remarks.append(Remark.of("timer_expression", value=_text(duration)))
            else:
                step.wait = text
                step.remarks.append(
                    Remark.of("timer" if exact else "timer_rounded", value=_text(duration))
                )
        else:
            other = _child(timer, "timeDate") or _child(timer, "timeCycle")
            value = _text(other) if other is not None else None
            step.remarks.append(Remark.of("timer_date", value=value or "–"))

    def subprocess_file(self, called: str | None, step: DraftStep, where: Element) -> str | None:
        """The process file a call activity runs, when there is one next to this file; else
        the step becomes a task (with a remark)."""
        folder = self.path.parent
        candidates = []
        if called:
            if called.endswith((".yaml", ".yml")):
                candidates.append(called)
            else:
                candidates += [f"{called}.yaml", f"{called}.yml"]
                if called.startswith("Process_"):
                    candidates += [f"{called[8:]}.yaml", f"{called[8:]}.yml"]
        for candidate in candidates:
            path = Path(os.path.normpath(folder / candidate))
            if path.is_file():
                return str(path)
        step.kind = "task"
        step.remarks.append(Remark.of("call", called=called or "–"))
        self.warn(
            where,
            say("bpmn.call", name=step.name or step.id, file=self.path.name,
                called=called or say("bpmn.nothing_named")),
        )  # fmt: skip
        return None

    def flow(self, element: Element) -> _Flow:
        self.used(element)
        self.used(*(c for c in element.children if c.local in _USED_PARTS))
        flow = _Flow(element, element.get("sourceRef", ""), element.get("targetRef", ""))
        extension = _ours(element, "branch")
        if extension is not None:
            self.used(extension)
            flow.when = extension.get("when")
            flow.p = self.number(extension, "p", float)
            return flow
        condition = _text(_child(element, "conditionExpression"))
        flow.when = _name(element) or (" ".join(condition.split()) if condition else None)
        return flow

    def annotations(self, process: Element, nodes: dict[str, _Node]) -> None:
        """Text annotations tied to a step become part of its note."""
        texts = {
            a.get("id"): a
            for a in process.children
            if a.local == "textAnnotation" and a.ns == MODEL
        }
        for association in (c for c in process.children if c.local == "association"):
            source, target = association.get("sourceRef"), association.get("targetRef")
            if target in nodes and source in texts:
                source, target = target, source
            if source in nodes and target in texts and nodes[source].step is not None:
                annotation = texts.pop(target)
                text = _text(_child(annotation, "text"))
                self.used(association, *annotation.iter())
                step = nodes[source].step
                if text and step is not None:
                    step.note = f"{step.note}\n\n{text}" if step.note else text

    # -- the graph -----------------------------------------------------------------------

    def graph(self, nodes: dict[str, _Node], flows: list[_Flow], draft: Draft) -> dict:
        """The steps and their ``next``: gateways that only merge or join are left out,
        BPMN's shortcuts are made explicit, and every step ends up reachable and able to
        finish."""
        outgoing: dict[str, list[_Flow]] = {key: [] for key in nodes}
        boundary_ids = {b.get("id") for b in self.boundaries}
        self.boundary_flows: dict[str, list[_Flow]] = {}
        for flow in flows:
            if flow.source in boundary_ids and flow.target in nodes:
                self.boundary_flows.setdefault(flow.source, []).append(flow)
            elif flow.source in nodes and flow.target in nodes:
                outgoing[flow.source].append(flow)
            elif flow.element is not None:
                self.warn(
                    flow.element,
                    say("bpmn.flow", id=flow.element.get("id"), source=flow.source,
                        target=flow.target),
                )  # fmt: skip
        # A merge skavmap put after a start step: what leads into it goes back to the start.
        key_of = {node.step.id: key for key, node in nodes.items() if node.step is not None}
        for key, node in nodes.items():
            merge = _ours(node.element, "merge") if node.local in _GATEWAYS else None
            if merge is None or merge.get("start") not in key_of:
                continue
            self.used(*merge.iter())
            start = key_of[merge.get("start", "")]
            for flow in flows:
                if flow.target == key and flow.source != start:
                    flow.target = start
        # Gateways that do not split, and link events, are passed through.
        for key, node in nodes.items():
            if node.local in _GATEWAYS and len(outgoing[key]) <= 1:
                node.kind = None
        links = self.link_targets(nodes)
        steps: dict[str, DraftStep] = {}
        for key, node in nodes.items():
            if node.kind is not None and node.step is not None:
                steps[key] = node.step
                self.ids_in_file[key] = node.step.id

        def resolve(flow: _Flow) -> list[_Flow]:
            """The flows that ``flow`` stands for once the nodes left out are passed."""
            found, seen, stack = [], set(), [flow]
            while stack:
                current = stack.pop()
                target = current.target
                if target in steps:
                    found.append(current)
                    continue
                if target in seen:
                    continue
                seen.add(target)
                after = outgoing.get(target, [])
                if target in links:
                    after = [_Flow(None, target, links[target])]
                for out in reversed(after):
                    stack.append(
                        _Flow(
                            current.element,
                            current.source,
                            out.target,
                            current.when if current.when is not None else out.when,
                            current.p if current.p is not None else out.p,
                        )
                    )
            return found

        self.resolve = resolve
        for step_key, step in steps.items():
            step.next = self.branches(outgoing[step_key], step)
            default = nodes[step_key].element.get("default")
            if step.kind == "decision" and default and not self.ours:
                flows_by_id = {f.element.get("id"): f for f in outgoing[step_key] if f.element}
                if default in flows_by_id and flows_by_id[default].when is None:
                    step.remarks.append(Remark.of("default_branch"))
        return self.repair(steps, nodes, draft)

    def branches(self, flows: list[_Flow], step: DraftStep) -> list[DraftBranch]:
        """The branches of ``flows`` (out of one step), once left-out nodes are passed; two
        ways to the same step are one branch."""
        branches: list[DraftBranch] = []
        for flow in flows:
            for resolved in self.resolve(flow):
                target = self.ids_in_file[resolved.target]
                pos = resolved.element.pos if resolved.element is not None else step.pos
                same = [b for b in branches if b.to == target]
                if same:
                    if resolved.p is not None:
                        same[0].p = (same[0].p or 0) + resolved.p
                    continue
                branches.append(DraftBranch(target, resolved.when, resolved.p, pos))
        return branches

    def link_targets(self, nodes: dict[str, _Node]) -> dict[str, str]:
        """Link events: each throwing one leads on to the catching one of the same name."""
        catches: dict[str, str] = {}
        throws: dict[str, str] = {}
        for key, node in nodes.items():
            definition = _child(node.element, "linkEventDefinition")
            if definition is None:
                continue
            name = definition.get("name") or _name(node.element) or ""
            (catches if node.local == "intermediateCatchEvent" else throws)[key] = name
        found = {}
        for key, name in throws.items():
            targets = [k for k, n in catches.items() if n == name]
            if targets:
                found[key] = targets[0]
            else:
                self.warn(nodes[key].element, say("bpmn.link", name=name))
        return found

    def repair(
        self, steps: dict[str, DraftStep], nodes: dict[str, _Node], draft: Draft
    ) -> dict[str, DraftStep]:
        by_id = {step.id: step for step in steps.values()}
        element_of = {step.id: nodes[key].element for key, step in steps.items()}
        ordered = list(by_id.values())

        def add(step: DraftStep, after: DraftStep | None = None) -> None:
            index = ordered.index(after) + 1 if after is not None else len(ordered)
            ordered.insert(index, step)
            by_id[step.id] = step

        self.tidy(ordered, by_id, element_of)
        end: DraftStep | None = None

        def the_end() -> DraftStep:
            """The end that steps which just stop in BPMN lead to (made when first needed)."""
            nonlocal end
            if end is None:
                end = DraftStep(self.unique("slut"), "end", remarks=[Remark.of("implicit_end")])
            if end.id not in by_id:  # new, or left out as unreachable before it was needed
                ordered.append(end)
                by_id[end.id] = end
            return end

        self.boundary_events(nodes, by_id, element_of, add, the_end)
        # A task that splits without a gateway: all flows run (or, with conditions, a choice).
        for step in list(ordered):
            if step.kind in ("decision", "parallel") or len(step.next) < 2:
                continue
            conditional = any(b.when is not None for b in step.next)
            gate = DraftStep(
                self.unique(f"{step.id}_{'val' if conditional else 'delning'}"),
                "decision" if conditional else "parallel",
                pos=step.pos,
                next=step.next,
                remarks=[Remark.of("implicit_choice" if conditional else "implicit_split")],
            )
            step.next = [DraftBranch(gate.id, pos=step.pos)]
            add(gate, step)
        # One start.
        starts = [s for s in ordered if s.kind == "start"]
        if len(starts) != 1:
            start = DraftStep(self.unique("start"), "start", pos=draft.pos)
            if starts:
                for other in starts:
                    other.kind = "wait"
                    other.remarks.append(Remark.of("extra_start"))
                targets = starts
                start.remarks.append(Remark.of("starts", n=len(starts)))
            else:
                has_incoming = {b.to for s in ordered for b in s.next}
                targets = [s for s in ordered if s.id not in has_incoming] or ordered[:1]
                start.remarks.append(Remark.of("no_start"))
            if len(targets) <= 1:
                start.next = [DraftBranch(t.id) for t in targets]
                ordered.insert(0, start)
                by_id[start.id] = start
            else:
                choice = DraftStep(
                    self.unique("hur_borjar_det"),
                    "decision",
                    next=[DraftBranch(t.id, when=t.name) for t in targets],
                    remarks=[Remark.of("start_choice")],
                )
                start.next = [DraftBranch(choice.id)]
                ordered[:0] = [start, choice]
                by_id[start.id] = start
                by_id[choice.id] = choice
        start = next(s for s in ordered if s.kind == "start")
        # Every step reachable from the start; the rest is left out, each with a warning.
        reached = _reachable([start.id], lambda s: [b.to for b in by_id[s].next])
        for step in list(ordered):
            if step.id not in reached:
                element = element_of.get(step.id)
                if element is not None:
                    self.warn(
                        element,
                        say("bpmn.unreachable", what=self.describe(element),
                            start=start.name or start.id),
                    )  # fmt: skip
                ordered.remove(step)
                del by_id[step.id]
        # A step that just stops ends the process.
        for step in list(ordered):
            if step.kind != "end" and not step.next:
                step.next = [DraftBranch(the_end().id)]
        if not any(s.kind == "end" for s in ordered):
            the_end()
        for step in ordered:
            if step.kind == "end" and step.next:
                step.kind = "wait"
                step.remarks.append(Remark.of("end_goes_on"))
        # Every step can reach an end: a loop with no way out gets one.
        while True:
            ends = [s.id for s in ordered if s.kind == "end"]
            before: dict[str, list[str]] = {s.id: [] for s in ordered}
            for s in ordered:
                for b in s.next:
                    before[b.to].append(s.id)
            finishing = _reachable(ends, lambda s, before=before: before[s])
            stuck = [s for s in ordered if s.id not in finishing]
            if not stuck:
                break
            # The way out from a decision if the loop has one, else after a step of it that
            # is not a split (a parallel split keeps its branches).
            step = min(
                stuck, key=lambda s: {"decision": 0, "start": 2, "parallel": 3}.get(s.kind, 1)
            )
            if step.kind in ("decision", "parallel"):
                step.kind = "decision"
                step.next.append(DraftBranch(the_end().id))
                step.remarks.append(Remark.of("no_way_out"))
            else:
                exit_gate = DraftStep(
                    self.unique(f"{step.id}_klart"),
                    "decision",
                    next=[*step.next, DraftBranch(the_end().id)],
                    remarks=[Remark.of("no_way_out")],
                )
                step.next = [DraftBranch(exit_gate.id)]
                add(exit_gate, step)
        self.parallel_joins(ordered, by_id, start.id, element_of)
        self.tidy(ordered, by_id, element_of)
        if not self.ours:
            # In the order the work flows, as people write the steps (BPMN's order is the
            # order the tool happened to save them in).
            ordered = _reading_order(ordered, start.id)
        return {step.id: step for step in ordered}

    def tidy(self, ordered: list[DraftStep], by_id: dict, element_of: dict) -> None:
        """Two branches to the same step are one (their probabilities added); a decision or
        split left with one way on is passed: its arrows go straight on."""
        while True:
            for step in ordered:
                kept: dict[str, DraftBranch] = {}
                for branch in step.next:
                    if branch.to not in kept:
                        kept[branch.to] = branch
                    elif branch.p is not None:
                        kept[branch.to].p = (kept[branch.to].p or 0) + branch.p
                step.next = list(kept.values())
            single = [s for s in ordered if s.kind in ("decision", "parallel") and len(s.next) < 2]
            if not single:
                return
            step = single[0]
            ordered.remove(step)
            del by_id[step.id]
            after = [b.to for b in step.next if b.to != step.id]
            element = element_of.get(step.id)
            if element is not None:
                self.warn(element, say("bpmn.one_way", what=self.describe(element)))
            for other in ordered:
                other.next = [
                    replace(b, to=after[0]) if b.to == step.id else b
                    for b in other.next
                    if b.to != step.id or after
                ]

    def boundary_events(self, nodes, by_id, element_of, add, the_end) -> None:
        """A boundary event that leads somewhere: a decision right after its task, between
        going on as usual and the event's way."""
        for event in self.boundaries:
            self.used(event, *event.iter())
            host_key = event.get("attachedToRef", "")
            host = nodes.get(host_key)
            step = host.step if host is not None else None
            for flow in self.boundary_flows.get(event.get("id", ""), []):
                if flow.element is not None:
                    self.used(flow.element, *flow.element.iter())
            if step is None or step.id not in by_id:
                targets = []
            else:
                flows = self.boundary_flows.get(event.get("id", ""), [])
                targets = [b for b in self.branches(flows, step) if b.to in by_id]
            if not targets:
                self.warn(
                    event, say("bpmn.boundary_nowhere", what=self.describe(event), on=host_key)
                )
                continue
            if not step.next:
                step.next = [DraftBranch(the_end().id)]
            targets = [t for t in targets if t.to not in {b.to for b in step.next}]
            if not targets:
                self.warn(
                    event,
                    say("bpmn.boundary_same", what=self.describe(event), on=step.name or step.id),
                )
                continue
            name = _name(event)
            kinds = [d.local.removesuffix("EventDefinition") for d in event.children
                     if d.local.endswith("EventDefinition")]  # fmt: skip
            for target in targets:
                target.when = target.when or name or ", ".join(kinds) or None
            gate = DraftStep(
                self.unique(slug(name or "") or f"{step.id}_avbrott"),
                "decision",
                name=f"{name}?" if name else None,
                pos=event.pos,
                next=[*step.next, *targets],
                remarks=[Remark.of("boundary", event=name or event.get("id", ""), step=step.id)],
            )
            step.next = [DraftBranch(gate.id, pos=event.pos)]
            add(gate, step)
            element_of[gate.id] = event
            self.warn(
                event,
                say("bpmn.boundary_decision", what=self.describe(event), on=step.name or step.id,
                    gate=gate.id),
            )  # fmt: skip

    def parallel_joins(self, ordered, by_id, start, element_of) -> None:
        """A parallel split whose branches never meet again, or go back before it, is a
        choice in skavmap's terms (the format needs every parallel block to join)."""
        from skavmap.format.dominators import immediate_dominators

        exit_node = ("exit",)
        reverse: dict = {exit_node: [s.id for s in ordered if s.kind == "end"]}
        for s in ordered:
            for b in s.next:
                reverse.setdefault(b.to, []).append(s.id)
        post = immediate_dominators(reverse, exit_node)
        for step in [s for s in ordered if s.kind == "parallel"]:
            join = post.get(step.id)
            problem = join is None or join == exit_node
            if not problem:
                before = _reachable(
                    [start], lambda s, split=step.id: [b.to for b in by_id[s].next if b.to != split]
                )
                inside = _reachable(
                    [b.to for b in step.next if b.to != join],
                    lambda s, join=join: [] if s == join else [b.to for b in by_id[s].next],
                )
                # A join several splits share is reached from before each: not a way back.
                problem = any(
                    (b.to in before and b.to != join) or b.to == step.id
                    for s in inside - before - {join}
                    for b in by_id[s].next
                ) or any(  # a way from beside the block into one of its branches
                    p in before and p != step.id
                    for s in inside - {join}
                    for p in reverse.get(s, ())
                    if p not in inside
                )
            if problem:
                step.kind = "decision"
                step.remarks.append(Remark.of("parallel_no_join"))
                element = element_of.get(step.id)
                if element is not None:
                    self.warn(element, say("bpmn.no_join", what=self.describe(element)))

    def leftovers(self, process: Element) -> None:
        """Everything in the process the import did not use: a warning for each, one for all
        the parts of a step not used (its data inputs, ...), and one for each other tool's
        extensions."""
        vendors: dict[str, list[Element]] = {}
        attributes: dict[str, list[Element]] = {}  # elements with another tool's attributes
        parts: dict[int, tuple[Element, list[Element]]] = {}
        owners = {id(e): node for node in process.children if node.local in _NODES
                  for e in node.iter()}  # fmt: skip
        stack = [(process, True)]
        while stack:
            element, parent_used = stack.pop()
            used = id(element) in self.handled or element.local == "extensionElements"
            if element.ns in _DIAGRAM_NAMESPACES:
                continue
            if not used and parent_used:
                if element.ns not in (MODEL, SKAVMAP, ""):
                    vendors.setdefault(element.ns, []).append(element)
                elif id(element) in owners:
                    owner = owners[id(element)]
                    parts.setdefault(id(owner), (owner, []))[1].append(element)
                else:
                    self.warn(element, say("bpmn.not_imported", what=self.describe(element)))
                continue
            for name in element.attrib:
                namespace = name[1:].split("}", 1)[0] if name.startswith("{") else ""
                if namespace and namespace not in _KNOWN_ATTRIBUTE_NAMESPACES:
                    attributes.setdefault(namespace, []).append(element)
            stack.extend((child, used) for child in reversed(element.children))
        for owner, found in parts.values():
            kinds: dict[str, int] = {}
            for element in found:
                kinds[element.local] = kinds.get(element.local, 0) + 1
            what = tuple(bpmn_kind(local, "many", n) if n > 1 else bpmn_kind(local, "the")
                         for local, n in kinds.items())  # fmt: skip
            key = "bpmn.parts" if len(found) > 1 else "bpmn.part"
            self.warn(found[0], say(key, what=what, owner=self.describe(owner)))
        for namespace in dict.fromkeys([*vendors, *attributes]):
            elements, marked = vendors.get(namespace, []), attributes.get(namespace, [])
            if elements and marked:
                what = say("bpmn.extensions_and_attributes", n=len(elements), m=len(marked))
            elif elements:
                what = say("bpmn.extensions", n=len(elements))
            else:
                what = say("bpmn.attributes", m=len(marked))
            self.warn((elements or marked)[0], say("bpmn.vendor", what=what, namespace=namespace))


def _reading_order(steps: list[DraftStep], start: str) -> list[DraftStep]:
    """The steps in the order the work flows: each after those that lead to it (loops
    aside), a decision's first branch before its others."""
    by_id = {step.id: step for step in steps}
    seen = {start}
    finished: list[str] = []
    stack = [(start, iter(reversed(by_id[start].next)))]
    while stack:
        sid, branches = stack[-1]
        for branch in branches:
            if branch.to not in seen:
                seen.add(branch.to)
                stack.append((branch.to, iter(reversed(by_id[branch.to].next))))
                break
        else:
            stack.pop()
            finished.append(sid)
    order = [by_id[sid] for sid in reversed(finished)]
    return order + [step for step in steps if step.id not in seen]


def _reachable(starts: Iterable[str], successors) -> set[str]:
    seen = set(starts)
    stack = list(seen)
    while stack:
        for following in successors(stack.pop()):
            if following not in seen:
                seen.add(following)
                stack.append(following)
    return seen


def read_bpmn(path: Path) -> Imported:
    """The draft of a process file made from the BPMN file ``path``.

    Sub-process files are given as absolute paths; :func:`relative_to` writes them as a
    file in another folder needs them.
    """
    try:
        root = parse_file(path)
    except XmlError as error:
        return Imported(None, [said(str(path), error.pos, "error", error.phrase)])
    return _Reader(path, root).run()


def relative_to(draft: Draft, folder: Path) -> Draft:
    """``draft`` with its sub-process paths relative to ``folder`` (where it is written)."""
    for step in draft.steps.values():
        if step.process is not None:
            step.process = os.path.relpath(step.process, folder).replace(os.sep, "/")
    return draft


class Loader:
    """Reads BPMN files as process files: the draft is loaded as the YAML it would be
    written as, and every position is mapped back to the BPMN element it came from."""

    def __init__(self, codes: Collection[str] | None = None):
        from skavmap.format.loader import Loader as YamlLoader

        self.yaml = YamlLoader(codes)

    def load_file(self, path: Path) -> tuple[Process | None, list[Diagnostic]]:
        import tempfile

        imported = read_bpmn(path)
        if imported.draft is None:
            return None, imported.diagnostics
        text, origin = write(imported.draft)
        with tempfile.TemporaryDirectory(prefix="skavmap-bpmn-") as folder:
            temporary = Path(folder) / f"{path.stem}.yaml"
            temporary.write_text(text, encoding="utf-8")
            process, found = self.yaml.load_file(temporary)
        where = _Positions(origin)
        diagnostics = list(imported.diagnostics)
        for diagnostic in found:
            if diagnostic.file == str(temporary):
                diagnostic = replace(diagnostic, file=str(path), pos=where(diagnostic.pos))
            diagnostics.append(diagnostic)
        if process is not None:
            process = _moved(process, path, where)
        return process, diagnostics


class _Positions:
    """A position in the written YAML → the position of the BPMN element it came from."""

    def __init__(self, origin: dict[int, Pos]):
        self.origin = origin
        self.lines = sorted(origin)

    def __call__(self, pos: Pos) -> Pos:
        from bisect import bisect_right

        index = bisect_right(self.lines, pos.line)
        return self.origin[self.lines[index - 1]] if index else Pos(1, 1)


def _moved(process: Process, path: Path, where: _Positions) -> Process:
    """``process`` as read from ``path``: every element at its BPMN position."""
    steps = {
        key: replace(
            step,
            pos=where(step.pos),
            next=tuple(replace(b, pos=where(b.pos)) for b in step.next),
            pain=tuple(replace(p, pos=where(p.pos)) for p in step.pain),
        )
        for key, step in process.steps.items()
    }
    return replace(
        process,
        file=path,
        pos=where(process.pos),
        steps=MappingProxyType(steps),
        roles=MappingProxyType({k: replace(r, pos=where(r.pos)) for k, r in process.roles.items()}),
        departments=MappingProxyType(
            {k: replace(d, pos=where(d.pos)) for k, d in process.departments.items()}
        ),
        systems=MappingProxyType(
            {k: replace(s, pos=where(s.pos)) for k, s in process.systems.items()}
        ),
        actions=tuple(replace(a, pos=where(a.pos)) for a in process.actions),
    )
