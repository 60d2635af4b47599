"""Read an XML file safely into a small tree that remembers where every element was written.

Only plain XML comes in: a document type declaration (``<!DOCTYPE``), and with it every
entity a file could define, is refused before anything is expanded, so neither an entity
bomb ("billion laughs") nor an external entity (a file or URL pulled into the text) can
reach the reader. Names are namespace-qualified as ``{uri}local``. Every element keeps the
1-based line and column of its start tag, so that a reader of BPMN (or any XML format) can
say ``FILE:LINE:COL`` about each one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skavmap.format.model import Pos
from skavmap.format.phrases import Phrase, plain, say

#: Larger files are refused (the largest real BPMN models are a few megabytes).
MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class XmlError(Exception):
    pos: Pos
    phrase: Phrase

    @property
    def message(self) -> str:
        return self.phrase.text("en")


@dataclass(slots=True, eq=False)
class Element:
    """An element: its qualified tag, attributes, children, the text directly inside it,
    its start tag's position and the namespace prefixes in scope there."""

    tag: str
    attrib: dict[str, str]
    pos: Pos
    prefixes: dict[str, str]
    children: list[Element] = field(default_factory=list)
    text: str = ""

    @property
    def ns(self) -> str:
        return self.tag[1:].split("}", 1)[0] if self.tag.startswith("{") else ""

    @property
    def local(self) -> str:
        return self.tag.rsplit("}", 1)[-1]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrib.get(name, default)

    def iter(self):
        """This element and every element inside it, in document order."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(element.children))


def parse_file(path: Path, max_bytes: int = MAX_BYTES) -> Element:
    """The root element of the XML file ``path``; :class:`XmlError` when it is not
    well-formed XML, declares a DOCTYPE, or is larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise XmlError(
                Pos(1, 1),
                say("xml.too_large", size=f"{size / 1048576:.1f}", top=max_bytes // 1048576),
            )
        data = path.read_bytes()
    except OSError as error:
        raise XmlError(Pos(1, 1), say("source.unreadable", why=error.strerror or error)) from None
    return parse_bytes(data)


def parse_bytes(data: bytes) -> Element:
    """The root element of the XML document ``data`` (see :func:`parse_file`).

    >>> root = parse_bytes(b'<a xmlns="urn:x"><b id="1">hi</b></a>')
    >>> root.tag, root.children[0].attrib, root.children[0].text, root.children[0].pos
    ('{urn:x}a', {'id': '1'}, 'hi', Pos(line=1, col=18))
    >>> try:
    ...     parse_bytes(b'<?xml version="1.0"?>\\n<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')
    ... except XmlError as error:
    ...     print(error.pos, error.message[:27])
    2:1 the file declares a DOCTYPE
    """
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Element] = []
    texts: list[list[str]] = []
    scope: list[dict[str, str]] = [{"xml": "http://www.w3.org/XML/1998/namespace"}]
    pending: dict[str, str] = {}
    found: list[Element] = []

    def here() -> Pos:
        return Pos(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def refuse(*_args) -> None:
        raise XmlError(
            position_of(data, b"<!DOCTYPE") or here(),
            say("xml.doctype"),
        )

    def start_namespace(prefix: str | None, uri: str) -> None:
        pending[prefix or ""] = uri

    def start(name: str, attributes: dict[str, str]) -> None:
        prefixes = scope[-1]
        if pending:
            prefixes = {**prefixes, **pending}
            pending.clear()
        scope.append(prefixes)
        tag = "{" + name if "}" in name else name
        attrib = {("{" + k if "}" in k else k): v for k, v in attributes.items()}
        element = Element(tag, attrib, here(), prefixes)
        if stack:
            stack[-1].children.append(element)
        else:
            found.append(element)
        stack.append(element)
        texts.append([])

    def end(_name: str) -> None:
        element = stack.pop()
        element.text = "".join(texts.pop())
        scope.pop()

    def characters(data: str) -> None:
        if texts:
            texts[-1].append(data)

    refuse_declarations(parser, refuse)
    parser.StartNamespaceDeclHandler = start_namespace
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        message = expat.ErrorString(error.code)
        raise XmlError(
            Pos(error.lineno, error.offset + 1), say("xml.not_well_formed", why=plain(message))
        ) from None
    if not found:
        raise XmlError(Pos(1, 1), say("xml.empty"))
    return found[0]


def refuse_declarations(parser: Any, refuse: Callable[..., None]) -> None:
    """Make expat's ``parser`` call ``refuse`` at a DOCTYPE or any entity declaration or
    reference: no XML read here can expand or fetch anything."""
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse


def position_of(data: bytes, needle: bytes) -> Pos | None:
    """Where ``needle`` first occurs in ``data`` (an 8-bit encoding), if it does."""
    index = data.find(needle)
    if index < 0:
        return None
    return Pos(data.count(b"\n", 0, index) + 1, index - data.rfind(b"\n", 0, index))


def qname_local(value: str) -> str:
    """The local part of a QName written as an attribute value (``bpmn:tFormalExpression``).

    >>> qname_local("bpmn:tFormalExpression"), qname_local("Process_1")
    ('tFormalExpression', 'Process_1')
    """
    return value.rsplit(":", 1)[-1]
