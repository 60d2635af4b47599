"""Read a YAML file safely into plain data, remembering where every key and value was written.

Only plain data comes out: text, whole and decimal numbers, ``true``/``false``, null, lists and
mappings. No tag ever constructs an object. Scalars that YAML 1.1 would turn into sexagesimal
numbers or dates (``07:00``, ``2026-01-31``) stay text, so clock times need no quotes. Aliases
are allowed, but a file whose aliases expand far beyond its own size is refused before any
expansion happens, so an alias bomb costs neither time nor memory.

A file without anchors, aliases and merge keys (nearly every process file) is read straight
from the parser's events: no tree of YAML nodes is built, which takes twice the time and
most of the memory of reading a large file. The others are composed into nodes first, so
that aliases can be measured before they are expanded. Both ways give the same data, the
same positions and the same errors.

A large file (from :data:`SIMPLE_FROM` on) is written in a few shapes only (block mappings
and lists of plain text and of flow collections on one line): one written so is read from its
text alone, in about half the time the parser's events take, and gives the same data and
positions. Any other file, and any file with a problem, is read by the parser.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import yaml
from yaml._yaml import CParser
from yaml.composer import ComposerError
from yaml.error import Mark
from yaml.events import (
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from skavmap.format.model import Pos, made_in_order
from skavmap.format.phrases import NOTHING, Phrase, say

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 100
#: Aliases may expand a file to this many times its own node count (plus a little).
MAX_EXPANSION = 10
EXPANSION_SLACK = 10_000

_TAG = "tag:yaml.org,2002:"
_MERGE = _TAG + "merge"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "merge")}


class _Resolver(yaml.resolver.BaseResolver):
    """Implicit types that process files need, and no more."""


_Resolver.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
    ("merge", r"^<<$", "<"),
):
    _Resolver.add_implicit_resolver(_TAG + _tag, re.compile(_pattern), list(_first))


class _Composer(CParser, _Resolver):
    def __init__(self, stream: str):
        CParser.__init__(self, stream)
        _Resolver.__init__(self)

    # Called for every node the parser composes: the resolver's own methods, without the
    # path resolvers and wildcards this resolver never has.
    def resolve(self, kind, value, implicit):
        if kind is ScalarNode and implicit[0]:
            return _implicit_tag(value)
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


_IMPLICIT = _Resolver.yaml_implicit_resolvers
_STR = _Resolver.DEFAULT_SCALAR_TAG


def _implicit_tag(plain: str) -> str:
    """The type of a plain (unquoted, untagged) scalar."""
    for tag, regexp in _IMPLICIT.get(plain[:1], ()):
        if regexp.match(plain):
            return tag
    return _STR


_DEFAULT_TAGS = {
    ScalarNode: _Resolver.DEFAULT_SCALAR_TAG,
    SequenceNode: _Resolver.DEFAULT_SEQUENCE_TAG,
    MappingNode: _Resolver.DEFAULT_MAPPING_TAG,
}


@dataclass(frozen=True, slots=True)
class SourceError(Exception):
    pos: Pos
    message: str  # in English
    phrase: Phrase | None = None  # to say it in another language

    @classmethod
    def said(cls, pos: Pos, phrase: Phrase) -> SourceError:
        return cls(pos, phrase.text("en"), phrase)


#: Where one value was written: the place of its key (``None`` for a list's item and for the
#: whole document), the place of the value, and the entries of what it holds by key or
#: index (``None`` for a scalar).
_Entry = tuple[int | None, int, dict | None]


@dataclass
class Source:
    """Plain data from a file and the positions of everything in it.

    ``places`` holds the whole document's :data:`_Entry` under ``()``, and so, shaped as the
    data, every key's and value's place: ``("steps", "attest", "next", 1)`` is found by
    following ``"steps"``, ``"attest"``, ``"next"`` and ``1`` from there. A place is kept as
    one number (:func:`_place`) and becomes a :class:`Pos` only when asked for: most are
    never needed. (A table of every path would hold a million paths for a large file, and
    take a third of the time its reading does.)
    """

    data: object
    places: dict[tuple, _Entry] = field(default_factory=dict)

    def pos(self, path: tuple, key: bool = False) -> Pos:
        """The position of ``path`` (with ``key``, of its key, if it is a mapping's value), or
        of its nearest ancestor that was written down."""
        entry = self.places.get(())
        if entry is None:
            return Pos(1, 1)
        for part in path:
            inside = entry[2]
            found = inside.get(part) if inside is not None else None
            if found is None:
                break
            entry = found
        return entry_pos(entry, key)

    def entry(self, path: tuple, start: _Entry | None = None) -> _Entry | None:
        """The entry of ``path`` below ``start`` (by default the whole document's), or
        ``None`` when it was not written down: the loader asks for a step's once, and for
        the places of its fields below it."""
        entry = self.places.get(()) if start is None else start
        for part in path:
            inside = entry[2] if entry is not None else None
            entry = inside.get(part) if inside is not None else None
        return entry


_new_pos = made_in_order(Pos)


def entry_pos(entry: _Entry, key: bool = False) -> Pos:
    """The position of an entry's value (with ``key``, of its key, if it has one)."""
    key_place, place, _ = entry
    if key and key_place is not None:
        place = key_place
    # _place_pos, inlined: the loader asks for two positions of every step.
    return _new_pos((place >> 32) + 1, (place & 0xFFFFFFFF) + 1)


def _place(mark: Mark) -> int:
    """A mark's line and column as one number: a large file keeps a million of them."""
    return (mark.line << 32) | mark.column


def _place_pos(place: int) -> Pos:
    return Pos((place >> 32) + 1, (place & 0xFFFFFFFF) + 1)


def _mark_pos(mark: Mark) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


def _pos(node: Node) -> Pos:
    return _mark_pos(node.start_mark)


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or a :class:`SourceError` saying why it is not a usable text file."""
    try:
        # A pipe or device would block or never end: only regular files are read, and
        # never more than the limit, even if the file grows while it is read.
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = say("source.a_folder" if stat.S_ISDIR(info.st_mode) else "source.a_device")
            raise SourceError.said(Pos(1, 1), say("source.not_regular", what=kind))
        if info.st_size > max_bytes:
            raise SourceError.said(
                Pos(1, 1),
                say("source.too_large", size=f"{info.st_size / 1e6:.1f}",
                    limit=f"{max_bytes / 1e6:.0f}"),
            )  # fmt: skip
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise SourceError.said(Pos(1, 1), say("source.grew", limit=f"{max_bytes / 1e6:.0f}"))
    except OSError as err:
        raise SourceError.said(
            Pos(1, 1), say("source.unreadable", why=str(err.strerror or err))
        ) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        raise SourceError.said(Pos(1, 1), say("source.binary"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise SourceError.said(Pos(line, col), say("source.not_utf8")) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise SourceError.said(Pos(1, 1), say("source.empty"))
    return text


#: What a workshop participant should do about PyYAML's most common complaints.
_HINTS = (
    ("mapping values are not allowed", "source.hint_colon_value"),
    ("did not find expected key", "source.hint_key"),
    ("could not find expected ':'", "source.hint_colon"),
    ("did not find expected '-' indicator", "source.hint_dash"),
)


def _hint(err: yaml.MarkedYAMLError, text: str) -> Phrase:
    mark = err.problem_mark
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return say("source.hint_tabs")
    for problem, hint in _HINTS:
        if problem in (err.problem or ""):
            return say("source.hint", hint=say(hint))
    return NOTHING


def compose(text: str) -> Node:
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.YAMLError as err:
        raise _unreadable(err, text) from None
    finally:
        composer.dispose()
    if node is None:
        raise _empty()
    return node


def _empty() -> SourceError:
    return SourceError.said(Pos(1, 1), say("source.empty_document"))


def _unreadable(err: yaml.YAMLError, text: str) -> SourceError:
    """What the parser could not read, said where it stopped."""
    if isinstance(err, yaml.MarkedYAMLError):
        mark = err.problem_mark or err.context_mark
        pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
        problem = err.problem or err.context or "unreadable"
        context = NOTHING
        if err.problem and err.context and err.context_mark:
            where = err.context_mark
            context = say("source.context", context=err.context, line=where.line + 1,
                          col=where.column + 1)  # fmt: skip
        return SourceError.said(
            pos, say("source.bad_yaml", problem=problem, context=context, hint=_hint(err, text))
        )
    if isinstance(err, yaml.reader.ReaderError):
        before = text[: err.position]
        pos = Pos(before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1)
        code = err.character if isinstance(err.character, int) else ord(err.character)
        return SourceError.said(pos, say("source.control", code=f"{code:#04x}"))
    first_line = str(err).splitlines()[0] if str(err) else "unreadable"
    return SourceError.said(
        Pos(1, 1), say("source.bad_yaml", problem=first_line, context=NOTHING, hint=NOTHING)
    )


def _expanded_size(root: Node) -> int:
    """How many nodes the tree has once every alias is expanded, without expanding it."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise SourceError.said(_pos(node), say("source.self_alias"))
        in_progress.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            for item in node.value:
                total += size(item)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
        in_progress.discard(key)
        sizes[key] = total
        return total

    distinct = _count_distinct(root)
    expanded = size(root)
    if expanded > MAX_EXPANSION * distinct + EXPANSION_SLACK:
        raise SourceError.said(
            _pos(root), say("source.alias_bomb", distinct=distinct, expanded=expanded)
        )
    return expanded


def _count_distinct(root: Node) -> int:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
    return len(seen)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _scalar(tag: str, value: str, place: int) -> object:
    """A scalar as plain data: a number, true/false, null or NFC text."""
    kind = tag[len(_TAG) :]
    try:
        if kind == "null":
            return None if value in ("", "~", "null", "Null", "NULL") else value
        if kind == "bool":
            return value.lower() == "true"
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
    except ValueError:
        raise SourceError.said(
            _place_pos(place), say("source.bad_scalar", value=value, kind=kind)
        ) from None
    return unicodedata.normalize("NFC", value)


def _not_plain(tag: str, mark: Mark) -> SourceError:
    return SourceError.said(_mark_pos(mark), say("source.tag", tag=_short_tag(tag)))


def _too_deep(mark: Mark) -> SourceError:
    return SourceError.said(_mark_pos(mark), say("source.too_deep", depth=MAX_DEPTH))


def _not_a_name(mark: Mark) -> SourceError:
    return SourceError.said(_mark_pos(mark), say("source.key_not_plain"))


def _duplicate(key: str, mark: Mark, first: int) -> SourceError:
    line = _place_pos(first).line
    return SourceError.said(_mark_pos(mark), say("source.duplicate_key", key=key, line=line))


class _Builder:
    """Plain data from composed nodes (files with anchors, aliases or merge keys)."""

    def __init__(self) -> None:
        self.places: dict[tuple, _Entry] = {}
        self.errors: list[SourceError] = []

    def read(self, root: Node) -> object:
        return self.build(root, self.places, (), None, 0)

    def build(
        self, node: Node, inside: dict, part: object, key_place: int | None, depth: int
    ) -> object:
        """The value of ``node``, its places entered in ``inside`` under ``part``."""
        # A merge key enters a mapping's keys a second time, and what each entry held is kept
        # beside what the second one holds: a position is where a value was written last.
        before = inside.get(part)
        held = before[2] if before is not None else None
        if not isinstance(node, ScalarNode) and held is None:
            held = {}
        inside[part] = (key_place, _place(node.start_mark), held)
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark)
        if node.tag not in _PLAIN_TAGS:
            raise _not_plain(node.tag, node.start_mark)
        if isinstance(node, ScalarNode):
            return _scalar(node.tag, node.value, _place(node.start_mark))
        if isinstance(node, SequenceNode):
            return [self.build(item, held, i, None, depth + 1) for i, item in enumerate(node.value)]
        return self.mapping(node, held, depth)

    def mapping(self, node: MappingNode, inside: dict, depth: int) -> dict:
        result: dict = {}
        first_seen: dict[str, int] = {}
        merged: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.update(self.merge(value_node, inside, depth))
                continue
            if not isinstance(key_node, ScalarNode):
                raise _not_a_name(key_node.start_mark)
            # Composed and decomposed "ä" are the same id (macOS writes the one, Windows
            # the other): every key and every text is read in one normal form, NFC.
            key = unicodedata.normalize("NFC", key_node.value)
            key_mark = key_node.start_mark
            if key in first_seen:
                self.errors.append(_duplicate(key, key_mark, first_seen[key]))
                continue
            first_seen[key] = _place(key_mark)
            result[key] = self.build(value_node, inside, key, first_seen[key], depth + 1)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def merge(self, node: Node, inside: dict, depth: int) -> dict:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict = {}
        for source in sources:
            if not isinstance(source, MappingNode):
                raise SourceError.said(_pos(source), say("source.merge"))
            for key, value in self.mapping(source, inside, depth).items():
                merged.setdefault(key, value)
        return merged


class _NeedsNodes(Exception):
    """The file has a merge key after all: it is read again, composed."""


class _EventBuilder:
    """Plain data straight from the parser's events, for files without anchors, aliases and
    merge keys: what :class:`_Builder` makes of the composed nodes, without the nodes.

    A problem found on the way (a tag, a depth, a key that is a list) is raised only once
    the parser has read the rest of the file: a file that is not valid YAML further down
    says so first, as when the whole file is composed before it is built.
    """

    def __init__(self, text: str) -> None:
        self.parser = _Composer(text)
        self.places: dict[tuple, _Entry] = {}
        self.errors: list[SourceError] = []
        #: The types of plain scalars that could be numbers, by text: a process writes the
        #: same few durations ("30m", "1h") thousands of times.
        self.implicit_tags: dict[str, str] = {}

    def read(self) -> object:
        parser = self.parser
        try:
            parser.get_event()  # the stream starts
            if parser.check_event(StreamEndEvent):
                raise _empty()
            parser.get_event()  # the document starts
            root = parser.get_event()
            problem = None
            try:
                data = self.node(root, self.places, (), None, 0)
            except SourceError as found:
                data, problem = None, found
                while not parser.check_event(DocumentEndEvent):  # a YAML error further on
                    parser.get_event()
            parser.get_event()  # the document ends
            if not parser.check_event(StreamEndEvent):
                raise ComposerError(
                    "expected a single document in the stream",
                    root.start_mark,
                    "but found another document",
                    parser.get_event().start_mark,
                )
            if problem is not None:
                raise problem
            return data
        finally:
            parser.dispose()

    def node(self, event, inside: dict, part: object, key_place: int | None, depth: int) -> object:
        """The value that starts with ``event``, its places entered in ``inside`` under ``part``."""
        mark = event.start_mark
        place = (mark.line << 32) | mark.column  # _place, inlined: a million calls
        if depth > MAX_DEPTH:
            raise _too_deep(mark)
        kind = type(event)
        tag = event.tag
        if kind is ScalarEvent:
            inside[part] = (key_place, place, None)
            if tag is None or tag == "!":
                value = event.value
                # Quoted text, or text that no implicit type can start (a letter: nearly
                # every value), is text without asking the resolver.
                if event.implicit[0] and value[:1] in _IMPLICIT:
                    tag = self.implicit_tags.get(value)
                    if tag is None:
                        tag = _implicit_tag(value)
                        self.implicit_tags[value] = tag
                else:
                    tag = _STR
                if tag == _STR:  # plain text: no further checks
                    return unicodedata.normalize("NFC", value)
        elif tag is None or tag == "!":
            tag = _DEFAULT_TAGS[SequenceNode if kind is SequenceStartEvent else MappingNode]
        if tag not in _PLAIN_TAGS:
            raise _not_plain(tag, mark)
        if kind is ScalarEvent:
            return _scalar(tag, event.value, place)
        held: dict = {}
        inside[part] = (key_place, place, held)
        get = self.parser.get_event
        if kind is SequenceStartEvent:
            items: list = []
            while type(item := get()) is not SequenceEndEvent:
                items.append(self.node(item, held, len(items), None, depth + 1))
            return items
        result: dict = {}
        while type(key_event := get()) is not MappingEndEvent:
            if type(key_event) is not ScalarEvent:
                raise _not_a_name(key_event.start_mark)
            if key_event.tag == _MERGE:  # a merge key not written '<<': nodes needed
                raise _NeedsNodes
            key = unicodedata.normalize("NFC", key_event.value)
            mark = key_event.start_mark
            if key in result:
                self.errors.append(_duplicate(key, mark, held[key][0]))
                self.skip(get())
                continue
            key_place = (mark.line << 32) | mark.column  # _place, inlined
            result[key] = self.node(get(), held, key, key_place, depth + 1)
        return result

    def skip(self, event) -> None:
        """Read past a value that is not kept (a duplicate key's)."""
        open_ = 1 if type(event) in (MappingStartEvent, SequenceStartEvent) else 0
        while open_:
            kind = type(self.parser.get_event())
            if kind in (MappingStartEvent, SequenceStartEvent):
                open_ += 1
            elif kind in (MappingEndEvent, SequenceEndEvent):
                open_ -= 1


class _NotSimple(Exception):
    """The file leaves the shapes :class:`_SimpleReader` reads: the parser reads it."""


@cache
def _simple_patterns() -> SimpleNamespace:
    """The patterns of :class:`_SimpleReader`, compiled when a file is first read: at
    import they would cost every command's start 4 ms."""
    # Plain text that means the same in any place of a file: no ':', '#' or flow indicator
    # in it, no indicator first, no space at either end.
    text = r"[^ \n\-?:,\[\]{}#&*!|>'\"%@`][^\n:,\[\]{}#]*(?<! )"
    return SimpleNamespace(
        # Characters left to the parser: tabs, carriage returns, control characters, the
        # byte order mark and YAML's other line breaks (NEL, U+2028 and U+2029, which would
        # move every line after them).
        not_simple_character=re.compile(
            "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
        ),
        document_marker=re.compile(r"^(?:---|\.\.\.)", re.MULTILINE),
        # A line of a block mapping: indent, key and, unless the value follows on the next
        # lines, the value (plain text or a flow collection on this line).
        entry=re.compile(rf"( *)({text}):(?: +(\{{.*\}}|\[.*\]|{text}))?(?: +#.*)? *"),
        # A line of a block list: indent and the item (plain text or a flow collection).
        item=re.compile(rf"( *)- +(\{{.*\}}|\[.*\]|{text})(?: +#.*)? *"),
        blank_or_comment=re.compile(r" *(?:#.*)?"),
        # A flow mapping of plain texts written as YAML writers write it, split at ", " and
        # ": ".
        flat_mapping=re.compile(rf"\{{{text}: {text}(?:, {text}: {text})*\}}"),
        flow_token=re.compile(rf" *(?:([\[\]{{}},])|({text})(: +)?)"),
    )


#: Smaller files are read by the parser: in a few milliseconds, and without compiling the
#: simple reader's patterns, which would take as long again.
SIMPLE_FROM = 64 * 1024
#: Longer keys are left to the parser, which refuses keys over 1024 bytes.
_SIMPLE_KEY_LENGTH = 250
#: Deeper nesting is left to the parser, which counts it against :data:`MAX_DEPTH`.
_SIMPLE_DEPTH = 40
_UNSEEN = object()


class _SimpleReader:
    """Plain data and places straight from the text of a file written in the shapes that
    large files are written in: block mappings and lists whose entries hold plain text or a
    flow collection of plain text on one line, and comments. It gives what
    :class:`_EventBuilder` gives; a file in any other shape, or with a duplicate key, raises
    :class:`_NotSimple` and is read by the parser, which says what is wrong and where.
    """

    def __init__(self) -> None:
        self.places: dict[tuple, _Entry] = {}
        #: Scalars that could be numbers, as data by their text (see _EventBuilder).
        self.implicit: dict[str, object] = {}
        self.patterns = _simple_patterns()

    def read(self, text: str) -> dict:
        patterns = self.patterns
        if patterns.not_simple_character.search(text) or patterns.document_marker.search(text):
            raise _NotSimple
        root: dict = {}
        # The open collections, innermost last: the column of their keys or dashes, the
        # mapping or list, and the places of what it holds.
        levels: list[tuple[int, dict | list, dict]] = [(0, root, {})]
        pending: tuple[str, int] | None = None  # a key whose value starts on the next line
        entry = patterns.entry.fullmatch
        item = patterns.item.fullmatch
        normalize = unicodedata.normalize
        for number, line in enumerate(text.split("\n")):
            found = entry(line)
            is_item = found is None
            if is_item:
                found = item(line)
                if found is None:
                    if patterns.blank_or_comment.fullmatch(line):
                        continue
                    raise _NotSimple
            indent = found.end(1)
            line_place = number << 32
            if pending is not None:
                outer_indent, outer, outer_held = levels[-1]
                # A list may start at its key's column, a mapping only further in; a line
                # less indented leaves the key a null value.
                if indent < outer_indent + (not is_item) or len(levels) > _SIMPLE_DEPTH:
                    raise _NotSimple
                key, key_place = pending
                held: dict = {}
                outer[key] = container = [] if is_item else {}
                outer_held[key] = (key_place, line_place | indent, held)
                levels.append((indent, container, held))
                pending = None
            else:
                if not self.places:  # the first entry starts the whole document
                    if indent or is_item:
                        raise _NotSimple
                    self.places[()] = (None, line_place, levels[0][2])
                while indent < levels[-1][0]:
                    levels.pop()
                if not is_item and type(levels[-1][1]) is list and indent == levels[-1][0]:
                    levels.pop()  # a list written at its key's column ends at the next key
                level_indent, container, held = levels[-1]
                if indent != level_indent or is_item != (type(container) is list):
                    raise _NotSimple
            if is_item:
                value = self.value(found.group(2), found.start(2), line_place, held,
                                   len(container), None)  # fmt: skip
                container.append(value)
                continue
            raw_key = found.group(2)
            key = normalize("NFC", raw_key)
            if key in container or len(raw_key) > _SIMPLE_KEY_LENGTH:
                raise _NotSimple
            key_place = line_place | indent
            if found.group(3) is None:
                pending = (key, key_place)
                container[key] = None  # keeps the key's place in the mapping's order
            else:
                container[key] = self.value(found.group(3), found.start(3), line_place, held,
                                            key, key_place)  # fmt: skip
        if pending is not None or not self.places:
            raise _NotSimple
        return root

    def value(
        self,
        text: str,
        column: int,
        line_place: int,
        inside: dict,
        part: object,
        key_place: int | None,
    ) -> object:
        """The value written at ``column``, its places entered in ``inside`` under ``part``."""
        # Short enough that no key in it can be too long.
        if (
            text[0] == "{"
            and len(text) <= _SIMPLE_KEY_LENGTH
            and self.patterns.flat_mapping.fullmatch(text)
        ):
            return self.flat_mapping(text[1:-1], line_place, column, key_place, inside, part)
        if text[0] in "{[":
            tokens = self.tokens(text, column)
            data, end = self.flow(tokens, 0, line_place, inside, part, key_place, 1)
            if end != len(tokens):
                raise _NotSimple
            return data
        inside[part] = (key_place, line_place | column, None)
        return self.scalar(text)

    def scalar(self, text: str) -> object:
        if text[:1] not in _IMPLICIT:  # nearly every text: no number, flag or null
            return unicodedata.normalize("NFC", text)
        data = self.implicit.get(text, _UNSEEN)
        if data is _UNSEEN:
            tag = _implicit_tag(text)
            try:
                data = unicodedata.normalize("NFC", text) if tag == _STR else _scalar(tag, text, 0)
            except SourceError:  # the parser's reading says where
                raise _NotSimple from None
            self.implicit[text] = data
        return data

    def flat_mapping(
        self,
        pairs: str,
        line_place: int,
        column: int,
        key_place: int | None,
        inside: dict,
        part: object,
    ) -> dict:
        """The flat mapping whose ``{`` is at ``column``; ``pairs``: what its braces hold."""
        held: dict = {}
        inside[part] = (key_place, line_place | column, held)
        result: dict = {}
        # Text in ASCII is in NFC already; nearly every line of a large file is.
        ascii = pairs.isascii()
        normalize = unicodedata.normalize
        implicit = _IMPLICIT
        # The data of texts read before (durations such as 30m are), as scalar() finds them.
        seen = self.implicit
        column += 1
        written = pairs.split(", ")
        for pair in written:
            raw_key, value = pair.split(": ")
            key = raw_key if ascii else normalize("NFC", raw_key)
            value_column = column + len(raw_key) + 2
            held[key] = (line_place | column, line_place | value_column, None)
            if value[0] in implicit:
                data = seen.get(value, _UNSEEN)
                result[key] = self.scalar(value) if data is _UNSEEN else data
            else:
                result[key] = value if ascii else normalize("NFC", value)
            column = value_column + len(value) + 2
        if len(result) < len(written):
            raise _NotSimple  # a key written twice
        return result

    def tokens(self, text: str, column: int) -> list[tuple[str, str | None, int]]:
        """Flow indicators, texts and keys (texts before ': '), with their columns."""
        found = []
        at = 0
        for token in self.patterns.flow_token.finditer(text):
            if token.start() != at:
                raise _NotSimple  # something between the tokens
            indicator, plain, colon = token.groups()
            if indicator:
                found.append((indicator, None, column + token.start(1)))
            else:
                found.append(("key" if colon else "text", plain, column + token.start(2)))
            at = token.end()
        if at != len(text):
            raise _NotSimple
        return found

    def flow(
        self,
        tokens: list,
        at: int,
        line_place: int,
        inside: dict,
        part: object,
        key_place: int | None,
        depth: int,
    ) -> tuple[object, int]:
        """The flow value that starts at ``tokens[at]``, and the index after it."""
        if at >= len(tokens) or depth > _SIMPLE_DEPTH:
            raise _NotSimple
        kind, text, column = tokens[at]
        if kind == "text":
            inside[part] = (key_place, line_place | column, None)
            return self.scalar(text), at + 1
        held: dict = {}
        inside[part] = (key_place, line_place | column, held)
        closing = "}" if kind == "{" else "]" if kind == "[" else None
        if closing is None:
            raise _NotSimple
        at += 1
        items: list | dict = {} if closing == "}" else []
        if at < len(tokens) and tokens[at][0] == closing:
            return items, at + 1
        while True:
            if isinstance(items, dict):
                if at >= len(tokens) or tokens[at][0] != "key":
                    raise _NotSimple
                _, raw_key, key_column = tokens[at]
                key = unicodedata.normalize("NFC", raw_key)
                if key in items or len(raw_key) > _SIMPLE_KEY_LENGTH:
                    raise _NotSimple
                items[key], at = self.flow(
                    tokens, at + 1, line_place, held, key, line_place | key_column, depth + 1
                )
            else:
                item, at = self.flow(tokens, at, line_place, held, len(items), None, depth + 1)
                items.append(item)
            if at >= len(tokens):
                raise _NotSimple
            if tokens[at][0] == closing:
                return items, at + 1
            if tokens[at][0] != ",":
                raise _NotSimple
            at += 1


def load_source(path: Path, max_bytes: int = MAX_BYTES) -> tuple[Source, list[SourceError]]:
    """Plain data with positions, and the problems that still let the rest be read (duplicates).

    Raises :class:`SourceError` when nothing usable can be read.
    """
    text = read_text(path, max_bytes)
    return source_from_text(text)


def source_from_text(text: str) -> tuple[Source, list[SourceError]]:
    # Anchors and aliases are always written with '&' and '*', merge keys nearly always
    # as '<<' (one tagged '!!merge' is found on the way).
    if "&" not in text and "*" not in text and "<<" not in text:
        if len(text) >= SIMPLE_FROM:
            simple = _SimpleReader()
            try:
                return Source(simple.read(text), simple.places), []
            except _NotSimple:
                pass
        events = _EventBuilder(text)
        try:
            data = events.read()
        except yaml.YAMLError as err:
            raise _unreadable(err, text) from None
        except _NeedsNodes:
            pass
        else:
            return Source(data, events.places), events.errors
    root = compose(text)
    if "&" in text:  # without anchors there are no aliases to expand
        _expanded_size(root)
    builder = _Builder()
    data = builder.read(root)
    return Source(data, builder.places), builder.errors
