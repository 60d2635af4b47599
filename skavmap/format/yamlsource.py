"""Read a YAML file safely into plain data, remembering where every key and value was written.

Only plain data comes out: text, whole and decimal numbers, ``true``/``false``, null, lists and
mappings. No tag ever constructs an object. Scalars that YAML 1.1 would turn into sexagesimal
numbers or dates (``07:00``, ``2026-01-31``) stay text, so clock times need no quotes. Aliases
are allowed, but a file whose aliases expand far beyond its own size is refused before any
expansion happens, so an alias bomb costs neither time nor memory.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml._yaml import CParser
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from skavmap.format.model import Pos
from skavmap.format.phrases import NOTHING, Phrase, say

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 100
#: Aliases may expand a file to this many times its own node count (plus a little).
MAX_EXPANSION = 10
EXPANSION_SLACK = 10_000

_TAG = "tag:yaml.org,2002:"
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


@dataclass(frozen=True, slots=True)
class SourceError(Exception):
    pos: Pos
    message: str  # in English
    phrase: Phrase | None = None  # to say it in another language

    @classmethod
    def said(cls, pos: Pos, phrase: Phrase) -> SourceError:
        return cls(pos, phrase.text("en"), phrase)


@dataclass
class Source:
    """Plain data from a file and the positions of everything in it.

    ``marks`` maps a path of keys and indexes, such as ``("steps", "attest", "next", 1)``,
    to the YAML mark where that value starts; ``key_marks`` maps it to where its key was
    written. Marks become :class:`Pos` only when asked for: most are never needed.
    """

    data: object
    marks: dict[tuple, Mark] = field(default_factory=dict)
    key_marks: dict[tuple, Mark] = field(default_factory=dict)

    def pos(self, path: tuple, key: bool = False) -> Pos:
        """The position of ``path``, or of its nearest ancestor that was written down."""
        table = self.key_marks if key else self.marks
        while path:
            if path in table:
                return _mark_pos(table[path])
            if key and path in self.marks:
                return _mark_pos(self.marks[path])
            path = path[:-1]
        return _mark_pos(self.marks[()]) if () in self.marks else Pos(1, 1)


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
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
        problem = err.problem or err.context or "unreadable"
        context = NOTHING
        if err.problem and err.context and err.context_mark:
            where = err.context_mark
            context = say("source.context", context=err.context, line=where.line + 1,
                          col=where.column + 1)  # fmt: skip
        raise SourceError.said(
            pos, say("source.bad_yaml", problem=problem, context=context, hint=_hint(err, text))
        ) from None
    except yaml.reader.ReaderError as err:
        before = text[: err.position]
        pos = Pos(before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1)
        code = err.character if isinstance(err.character, int) else ord(err.character)
        raise SourceError.said(pos, say("source.control", code=f"{code:#04x}")) from None
    except yaml.YAMLError as err:
        first_line = str(err).splitlines()[0] if str(err) else "unreadable"
        raise SourceError.said(
            Pos(1, 1), say("source.bad_yaml", problem=first_line, context=NOTHING, hint=NOTHING)
        ) from None
    finally:
        composer.dispose()
    if node is None:
        raise SourceError.said(Pos(1, 1), say("source.empty_document"))
    return node


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


class _Builder:
    def __init__(self) -> None:
        self.marks: dict[tuple, Mark] = {}
        self.key_marks: dict[tuple, Mark] = {}
        self.errors: list[SourceError] = []

    def build(self, node: Node, path: tuple, depth: int = 0) -> object:
        self.marks[path] = node.start_mark
        if depth > MAX_DEPTH:
            raise SourceError.said(_pos(node), say("source.too_deep", depth=MAX_DEPTH))
        if node.tag not in _PLAIN_TAGS:
            raise SourceError.said(_pos(node), say("source.tag", tag=_short_tag(node.tag)))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.mapping(node, path, depth)

    def scalar(self, node: ScalarNode) -> object:
        kind = node.tag[len(_TAG) :]
        value = node.value
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
                _pos(node), say("source.bad_scalar", value=value, kind=kind)
            ) from None
        return unicodedata.normalize("NFC", value)

    def mapping(self, node: MappingNode, path: tuple, depth: int) -> dict:
        result: dict = {}
        first_seen: dict[str, Mark] = {}
        merged: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merged.update(self.merge(value_node, path, depth))
                continue
            if not isinstance(key_node, ScalarNode):
                raise SourceError.said(_pos(key_node), say("source.key_not_plain"))
            # Composed and decomposed "ä" are the same id (macOS writes the one, Windows
            # the other): every key and every text is read in one normal form, NFC.
            key = unicodedata.normalize("NFC", key_node.value)
            key_mark = key_node.start_mark
            if key in first_seen:
                first = _mark_pos(first_seen[key])
                self.errors.append(
                    SourceError.said(
                        _mark_pos(key_mark), say("source.duplicate_key", key=key, line=first.line)
                    )
                )
                continue
            first_seen[key] = key_mark
            self.key_marks[(*path, key)] = key_mark
            result[key] = self.build(value_node, (*path, key), depth + 1)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def merge(self, node: Node, path: tuple, depth: int) -> dict:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict = {}
        for source in sources:
            if not isinstance(source, MappingNode):
                raise SourceError.said(_pos(source), say("source.merge"))
            for key, value in self.mapping(source, path, depth).items():
                merged.setdefault(key, value)
        return merged


def load_source(path: Path, max_bytes: int = MAX_BYTES) -> tuple[Source, list[SourceError]]:
    """Plain data with positions, and the problems that still let the rest be read (duplicates).

    Raises :class:`SourceError` when nothing usable can be read.
    """
    text = read_text(path, max_bytes)
    return source_from_text(text)


def source_from_text(text: str) -> tuple[Source, list[SourceError]]:
    root = compose(text)
    if "&" in text:  # without anchors there are no aliases to expand
        _expanded_size(root)
    builder = _Builder()
    data = builder.build(root, ())
    return Source(data, builder.marks, builder.key_marks), builder.errors
