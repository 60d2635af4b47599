"""Write a process file as a person would: the format's short forms, one blank line between
steps, text quoted only where YAML needs it, and comments where something was guessed.

A reader of another format (:mod:`skavmap.format.bpmn`) fills in a :class:`Draft`; :func:`
write` turns it into the text of a process file, and says for each line of that text where
in the source file it came from, so that a problem the loader finds in the text can be
reported at the element of the source that caused it. Comments are :class:`Remark` codes
with values; the caller puts them in words (``say``), or leaves them out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from skavmap.format.model import Pos


@dataclass(frozen=True)
class Remark:
    """A comment to write: what was guessed or left out, as a code and its values."""

    code: str
    values: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def of(code: str, **values: object) -> Remark:
        return Remark(code, tuple((k, str(v)) for k, v in values.items()))


@dataclass
class DraftBranch:
    to: str
    when: str | None = None
    p: float | None = None
    pos: Pos | None = None


@dataclass
class DraftPain:
    text: str
    source: str | None = None
    votes: int = 1


@dataclass
class DraftStep:
    id: str
    kind: str = "task"
    name: str | None = None
    role: str | None = None
    systems: list[str] = field(default_factory=list)
    work: str | None = None
    wait: str | None = None
    at: str | None = None
    next: list[DraftBranch] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    manual: bool = False
    pain: list[DraftPain] = field(default_factory=list)
    process: str | None = None
    note: str | None = None
    pos: Pos | None = None
    remarks: list[Remark] = field(default_factory=list)


@dataclass
class DraftRole:
    id: str
    name: str
    department: str | None = None
    external: bool = False
    capacity: float | None = None
    pos: Pos | None = None
    remarks: list[Remark] = field(default_factory=list)
    cost_per_hour: float | None = None


@dataclass
class DraftAction:
    id: str
    text: str
    addresses: list[str] = field(default_factory=list)
    owner: str | None = None
    level: str | None = None
    status: str | None = None
    due: str | None = None
    #: Each change as the file writes it: its keys and values in order (a list for a list).
    changes: list[list[tuple[str, object]]] = field(default_factory=list)


@dataclass
class Draft:
    """A process file before it is written: plain text values as the format writes them."""

    name: str
    id: str | None = None
    unit: str | None = None
    owner: str | None = None
    description: str | None = None
    volume: str | None = None
    day: str | None = None
    hours: str | None = None
    departments: dict[str, tuple[str, Pos | None]] = field(default_factory=dict)
    roles: dict[str, DraftRole] = field(default_factory=dict)
    systems: dict[str, str] = field(default_factory=dict)
    steps: dict[str, DraftStep] = field(default_factory=dict)
    actions: list[DraftAction] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)
    pos: Pos | None = None


Say = Callable[[Remark], str]
#: Comments are wrapped at this width.
WIDTH = 92

# YAML 1.1 reads these plain scalars as something other than text (in some tool if not in
# skavmap's own loader): they are quoted.
_NOT_TEXT = re.compile(
    r"""^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO
    |on|On|ON|off|Off|OFF|y|Y|n|N
    |[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
    |[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
    |[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*|<<|=)$""",
    re.VERBOSE,
)
#: Characters that YAML cannot hold unescaped (besides tab and line feed).
_UNPRINTABLE = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\uFEFF",
}


def scalar(value: object, flow: bool = False) -> str:
    """``value`` as a YAML scalar: plain where that reads back as the same text, else in
    double quotes with escapes. In ``flow`` context (inside ``{...}``), commas and brackets
    need quotes too.

    >>> scalar("Godkänd?"), scalar("07:00"), scalar("ja, om det finns"), scalar(0.15)
    ('Godkänd?', '"07:00"', 'ja, om det finns', '0.15')
    >>> scalar("ja, om", flow=True), scalar("a: b"), scalar('rad 1\\nrad "2"')
    ('"ja, om"', '"a: b"', '"rad 1\\\\nrad \\\\"2\\\\""')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    if _plain(text, flow):
        return text
    return '"' + "".join(_escape(c) for c in text) + '"'


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if _UNPRINTABLE.match(char) or char == "\x7f":
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return "\ufffd"  # half a surrogate pair is no character at all
        return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"
    return char


def _plain(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or _NOT_TEXT.match(text):
        return False
    if text[0] in "-?:,[]{}#&*!|>'\"%@`" or _UNPRINTABLE.search(text) or "\x7f" in text:
        return False
    if any(c in text for c in "\n\t\r\x85\u2028\u2029\ufeff"):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    return not (flow and any(c in text for c in ",[]{}:"))


def _block_text(text: str) -> bool:
    """Whether ``text`` reads best, and back unchanged, as a literal block (``|-``)."""
    lines = text.split("\n")
    return (
        len(lines) > 1
        and "\r" not in text
        and not _UNPRINTABLE.search(text.replace("\t", " "))
        and "\t" not in text
        and not text.startswith(" ")
        and all(line == line.rstrip() for line in lines)
        and lines[-1] != ""
    )


class _Out:
    """Lines of text, each remembering the source position it came from."""

    def __init__(self, say: Say | None):
        self.lines: list[str] = []
        self.origin: dict[int, Pos] = {}
        self.say = say

    def add(self, text: str, pos: Pos | None = None) -> None:
        self.lines.append(text)
        if pos is not None:
            self.origin[len(self.lines)] = pos

    def remarks(self, remarks: list[Remark], indent: str, pos: Pos | None = None) -> None:
        if self.say is None:
            return
        for remark in remarks:
            self.comment(self.say(remark), indent, pos)

    def comment(self, text: str, indent: str, pos: Pos | None = None) -> None:
        """``text`` as comment lines of at most :data:`WIDTH` characters."""
        import textwrap

        text = _UNPRINTABLE.sub(" ", " ".join(text.split()))
        for line in textwrap.wrap(text, WIDTH - len(indent) - 2, break_long_words=False) or [""]:
            self.add(f"{indent}# {line}".rstrip(), pos)

    def field(self, indent: str, key: str, value: object, pos: Pos | None = None) -> None:
        if isinstance(value, str) and _block_text(value):
            self.add(f"{indent}{key}: |-", pos)
            for line in value.split("\n"):
                self.add(f"{indent}  {line}" if line else "", pos)
        else:
            self.add(f"{indent}{key}: {scalar(value)}", pos)


def _flow(pairs: list[tuple[str, object]]) -> str:
    return "{" + ", ".join(f"{k}: {_flow_value(v)}" for k, v in pairs) + "}"


def _flow_value(value: object) -> str:
    return _id_list(value) if isinstance(value, list) else scalar(value, flow=True)


def _id_list(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def write(draft: Draft, say: Say | None = None, header: list[str] = ()) -> tuple[str, dict]:
    """The text of the process file ``draft``, and for each line (1-based) the position in
    the source it came from. ``say`` puts remarks in words (none are written without it);
    ``header`` are comment lines for the top of the file."""
    out = _Out(say)
    for line in header:
        out.comment(line, "")
    out.remarks(draft.remarks, "", draft.pos)
    if header or (say and draft.remarks):
        out.add("")
    out.add("skavmap: 1")
    out.field("", "process", draft.name, draft.pos)
    for key in ("id", "unit", "owner", "description", "volume"):
        value = getattr(draft, key)
        if value is not None:
            out.field("", key, value, draft.pos)
    if draft.day is not None or draft.hours is not None:
        out.add("calendar:")
        if draft.day is not None:
            out.field("  ", "day", draft.day)
        if draft.hours is not None:
            out.field("  ", "hours", draft.hours)
    if draft.departments:
        out.add("")
        out.add("departments:")
        for key, (name, pos) in draft.departments.items():
            out.add(f"  {scalar(key)}: {scalar(name)}", pos)
    if draft.roles:
        out.add("")
        out.add("roles:")
        for key, role in draft.roles.items():
            out.remarks(role.remarks, "  ", role.pos)
            pairs: list[tuple[str, object]] = [("name", role.name)]
            if role.department is not None:
                pairs.append(("department", role.department))
            if role.external:
                pairs.append(("external", True))
            if role.capacity is not None:
                pairs.append(("capacity", role.capacity))
            if role.cost_per_hour is not None:
                pairs.append(("cost_per_hour", role.cost_per_hour))
            if len(pairs) == 1:
                out.add(f"  {scalar(key)}: {scalar(role.name)}", role.pos)
            else:
                out.add(f"  {scalar(key)}: {_flow(pairs)}", role.pos)
    if draft.systems:
        out.add("")
        out.add("systems:")
        for key, name in draft.systems.items():
            out.add(f"  {scalar(key)}: {scalar(name)}")
    out.add("")
    out.add("steps:")
    for index, step in enumerate(draft.steps.values()):
        if index:
            out.add("")
        _step(out, step)
    if draft.actions:
        out.add("")
        out.add("actions:")
        for action in draft.actions:
            out.field("  - ", "id", action.id)
            out.field("    ", "text", action.text)
            if action.addresses:
                out.add(f"    addresses: {_id_list(action.addresses)}")
            for key in ("owner", "level", "status", "due"):
                value = getattr(action, key)
                if value is not None:
                    out.field("    ", key, value)
            if action.changes:
                out.add("    changes:")
                for change in action.changes:
                    out.add(f"      - {_flow(change)}")
    return "\n".join(out.lines) + "\n", out.origin


def _step(out: _Out, step: DraftStep) -> None:
    pos = step.pos
    out.remarks(step.remarks, "  ", pos)
    out.add(f"  {scalar(step.id)}:", pos)
    indent = "    "
    if step.kind != "task":
        out.add(f"{indent}kind: {step.kind}", pos)
    if step.name is not None:
        out.field(indent, "name", step.name, pos)
    if step.role is not None:
        out.add(f"{indent}role: {scalar(step.role)}", pos)
    if len(step.systems) == 1:
        out.add(f"{indent}system: {scalar(step.systems[0])}", pos)
    elif step.systems:
        out.add(f"{indent}system: {_id_list(step.systems)}", pos)
    if step.process is not None:
        out.field(indent, "process", step.process, pos)
    for key in ("work", "wait", "at"):
        value = getattr(step, key)
        if value is not None:
            out.field(indent, key, value, pos)
    if step.manual:
        out.add(f"{indent}manual: true", pos)
    if step.forms:
        out.add(f"{indent}forms: {_id_list(step.forms)}", pos)
    simple = all(b.when is None and b.p is None for b in step.next)
    if len(step.next) == 1 and simple:
        out.add(f"{indent}next: {scalar(step.next[0].to)}", step.next[0].pos or pos)
    elif simple and step.next:
        out.add(f"{indent}next: {_id_list([b.to for b in step.next])}", pos)
    elif step.next:
        out.add(f"{indent}next:", pos)
        for branch in step.next:
            pairs: list[tuple[str, object]] = [("to", branch.to)]
            if branch.when is not None:
                pairs.append(("when", branch.when))
            if branch.p is not None:
                pairs.append(("p", branch.p))
            out.add(f"{indent}  - {_flow(pairs)}", branch.pos or pos)
    if len(step.pain) == 1 and step.pain[0].source is None and step.pain[0].votes == 1:
        out.field(indent, "pain", step.pain[0].text, pos)
    elif step.pain:
        out.add(f"{indent}pain:", pos)
        for pain in step.pain:
            pairs = [("text", pain.text)]
            if pain.source is not None:
                pairs.append(("source", pain.source))
            pairs.append(("votes", pain.votes))
            out.add(f"{indent}  - {_flow(pairs)}", pos)
    if step.note is not None:
        out.field(indent, "note", step.note, pos)
