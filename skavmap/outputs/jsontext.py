"""JSON text as skavmap writes it: byte for byte what :mod:`json` writes, made faster for the
documents of a large process (150,000 hotspots, as many check results).

:func:`encode` writes a value on one line, :func:`indented` lays a document out as
``json.dumps(indent=2)`` does, :func:`indented_pieces` the same in pieces. Strings go through
:func:`~skavmap.outputs.escape.json_string`, as json writes them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

from skavmap.outputs.escape import json_string

#: ``json.dumps`` on one line, without making a new encoder for each of many values.
#: Without indent, json uses its C encoder: ten times faster.
encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


class Laid(str):
    """JSON text laid out already as :func:`indented` lays out its value where it stands in
    the document: :func:`indented` writes it as it is (for the many entries of a large
    process, written from pieces each made once)."""

    __slots__ = ()


def indented(document: object, depth: int = 0) -> str:
    """``json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)``, nearly
    twice as fast for a large document: with an indent, json writes every value through
    Python, each container with a generator of its own, and each key again. Mappings have
    strings for keys, as skavmap's documents do. With ``depth``: the value as it is laid out
    that deep in a document (its lines but the first indented as much).

    >>> document = {"a": [1, 2.5, None, True], "b": {}, "c": "ö", "d": [{"e": []}]}
    >>> indented(document) == json.dumps(document, indent=2, ensure_ascii=False)
    True
    >>> indented({"a": [Laid('"as it is"')]}, 1)
    '{\\n    "a": [\\n      "as it is"\\n    ]\\n  }'
    """
    out: list[str] = []
    # A key with its comma, line break and indent before it, by depth: written once for
    # the 150,000 findings of a large process that have it.
    keys: dict[tuple[int, str], str] = {}

    def value(item: object, depth: int) -> None:
        # What json writes for each, without its encoder's look at what it is each time.
        kind = type(item)
        if kind is str:
            out.append(json_string(item))
        elif kind is Laid:
            out.append(item)
        elif kind is int:
            out.append(int.__repr__(item))
        elif kind is float and math.isfinite(item):  # json refuses the others
            out.append(float.__repr__(item))
        elif item is None:
            out.append("null")
        elif kind is bool:
            out.append("true" if item else "false")
        elif isinstance(item, dict) and item:
            mapping(item, depth)
        elif isinstance(item, list | tuple) and item:
            sequence(item, depth)
        else:  # an empty one, another type, a float json refuses: as json does
            out.append(encode(item))

    def mapping(items: dict, depth: int) -> None:
        first = True
        for key, item in items.items():
            before = keys.get((depth, key))
            if before is None:
                before = keys[depth, key] = f",\n{'  ' * (depth + 1)}{json_string(key)}: "
            out.append("{" + before[1:] if first else before)
            first = False
            value(item, depth + 1)
        out.append("\n" + "  " * depth + "}")

    def sequence(items: list | tuple, depth: int) -> None:
        next_line = "\n" + "  " * (depth + 1)
        before = "[" + next_line
        for item in items:
            out.append(before)
            before = "," + next_line
            value(item, depth + 1)
        out.append("\n" + "  " * depth + "]")

    value(document, depth)
    return "".join(out)


def indented_pieces(document: object, depth: int = 0) -> Iterator[str]:
    """:func:`indented`'s text in pieces, never joined: each member of a mapping and each
    item of a list a piece of its own (a :class:`Laid` one as it is), all the way down. A
    list may be an iterator, its items made as they are written.

    For a document too large to hold twice, written as it comes (the check of 100,000
    steps: 173 MB, held as a string of two bytes a character when one arrow is in it).

    >>> document = {"a": [1, {"b": [Laid('"c"')]}], "d": {}, "e": "ö", "f": iter([])}
    >>> "".join(indented_pieces(document)) == indented({**document, "f": []})
    True
    """
    if type(document) is Laid:
        yield document
    elif isinstance(document, dict) and document:
        opening = "{"
        for key, item in document.items():
            yield f"{opening}\n{'  ' * (depth + 1)}{json_string(key)}: "
            opening = ","
            yield from indented_pieces(item, depth + 1)
        yield "\n" + "  " * depth + "}"
    elif isinstance(document, list | tuple | Iterator):
        next_line = "\n" + "  " * (depth + 1)
        first = before = "[" + next_line
        for item in document:
            yield before
            before = "," + next_line
            if type(item) is Laid:  # the many entries of a large process: no generator each
                yield item
            else:
                yield from indented_pieces(item, depth + 1)
        yield "[]" if before is first else "\n" + "  " * depth + "]"
    else:
        yield indented(document, depth)
