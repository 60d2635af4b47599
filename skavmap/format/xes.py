"""XES event logs (IEEE 1849, also ``.xes.gz``) read as a stream, never as a tree, into the
columns of :mod:`skavmap.format.eventlog`: the header by the standard library's expat parser,
the traces by a byte scan when they are in the common shape (:func:`read_xes`), by expat
otherwise. Every problem is an :class:`~skavmap.format.eventlog.EventLogError` with the line
and column where it is.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from skavmap.format.eventlog import EventLogError, LogSpec
from skavmap.format.model import Pos
from skavmap.format.phrases import say
from skavmap.format.xmlsafe import position_of, refuse_declarations

#: Events the expat reader hands on at a time, so that a log larger than memory streams.
CHUNK = 200_000
#: Bytes the plain reader scans at a time (whole traces; small enough for the processor's
#: cache, which makes the scan a third faster than in pieces of 16 MB).
SCAN_BYTES = 2 << 20


@dataclass
class XesNames:
    """The texts of an XES file: its case ids, activities, resources and lifecycle values,
    each numbered in the order found (a chunk holds these numbers), and the keys of event
    attributes that are not columns."""

    case: dict[str, int] = field(default_factory=dict)
    activity: dict[str, int] = field(default_factory=dict)
    resource: dict[str, int] = field(default_factory=dict)
    lifecycle: dict[str, int] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)

    def numbers(self, column: str, texts: Iterable[str | None]) -> Any:
        """The numbers of ``texts`` in ``column`` (-1 for ``None``), new ones numbered."""
        import numpy as np

        found = getattr(self, column)
        return np.array([-1 if t is None else found.setdefault(t, len(found)) for t in texts],
                        dtype=np.int32)  # fmt: skip


@dataclass(frozen=True)
class XesChunk:
    """Events of an XES file as columns (numpy arrays), in file order.

    ``line`` is the line of each ``<event>``; ``case``, ``activity``, ``resource`` and
    ``lifecycle`` hold the numbers of their texts in :class:`XesNames` (-1 where the event has
    no such attribute), ``timestamp`` the timestamps as text (``None`` where missing). When
    every timestamp of the chunk is plain ISO 8601, the plain reader reads it itself:
    ``timestamp`` is ``None`` then, and ``wall`` (the local time as written) and ``instant``
    hold microseconds since 1970, as the SQL engine would read the text.
    """

    line: Any
    case: Any
    activity: Any
    timestamp: Any
    resource: Any
    lifecycle: Any
    wall: Any = None
    instant: Any = None

    def __len__(self) -> int:
        return len(self.line)

    @staticmethod
    def joined(chunks: Sequence[XesChunk]) -> XesChunk:
        """Chunks one after the other; their timestamps are all text, or all read."""
        import numpy as np

        if len(chunks) == 1:
            return chunks[0]

        def join(name: str):
            parts = [getattr(c, name) for c in chunks]
            return None if parts[0] is None else np.concatenate(parts)

        return XesChunk(**{f.name: join(f.name) for f in fields(XesChunk)})


def read_xes(
    spec: LogSpec, names: XesNames, restart: Callable[[], None], plain: bool = True
) -> Iterator[XesChunk]:
    """Stream the events of an XES file in chunks, in file order, numbering their texts in
    ``names``.

    The case id is the trace's attribute ``spec.name("case")``; the other columns are event
    attributes. Attributes nested inside another attribute are skipped. A file in the shape
    that pm4py, ProM and skavmap write is scanned as bytes (:func:`_read_plain`), many times
    faster than expat. At the first thing that scan does not know (a comment, a namespace
    prefix, a nested attribute, single quotes, an attribute after a trace's events, anything
    not well-formed) it gives up: ``restart`` is called, so that the caller forgets the chunks
    it was given (``names`` stays valid), and expat reads the file from the start. Both give
    the same events; ``plain=False`` uses expat only.
    Raises :class:`EventLogError` for a file that is not XES, or XML that breaks off.
    """
    if plain:
        try:
            yield from _read_plain(spec, names)
            return
        except _NotPlain:
            restart()
    yield from _read_expat(spec, names)


def _open(path: Path):
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")


#: What the readers take as a file that cannot be read (``zlib.error``: a damaged gzip file).
def _read_errors() -> tuple[type[BaseException], ...]:
    import zlib

    return (OSError, EOFError, zlib.error)


def _read_expat(spec: LogSpec, names: XesNames) -> Iterator[XesChunk]:
    """The events of an XES file by expat, :data:`CHUNK` at a time."""
    from xml.parsers import expat

    wanted = ("activity", "timestamp", "resource", "lifecycle")
    columns = {spec.name(c): i for i, c in enumerate(wanted)}
    case_key = spec.name("case")
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.ordered_attributes = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    seen = names.keys
    rows: list[tuple] = []
    pending: list[tuple[int, list]] = []  # the current trace's events
    depth = event_depth = trace_depth = 0
    case: str | None = None
    values: list = []
    root: list[str] = []

    def start(name: str, attrs: list) -> None:
        nonlocal depth, event_depth, trace_depth, case, values
        depth += 1
        # An element is known by its local name: <x:trace> of a file that binds the XES
        # namespace to a prefix is a trace.
        local = name.rsplit(":", 1)[-1]
        if not root:
            root.append(name)
            if local != "log":
                raise EventLogError(
                    spec.shown,
                    say("log.not_xes", name=name),
                    parser.CurrentLineNumber,
                    parser.CurrentColumnNumber + 1,
                )
        elif event_depth and depth == event_depth + 1:
            # The hot path: XES writers put key before value; anything else is unpacked.
            if attrs[0] == "key" and len(attrs) >= 4 and attrs[2] == "value":
                key, value = attrs[1], attrs[3]
            else:
                key, value = _key_value(attrs)
            if key in columns:
                values[columns[key]] = value
            elif key is not None and key not in seen:
                seen.add(key)
        elif local == "event":
            if trace_depth:
                event_depth = depth
                values = [None, None, None, None]
                pending.append((parser.CurrentLineNumber, values))
        elif trace_depth and depth == trace_depth + 1:
            key, value = _key_value(attrs)
            if key == case_key:
                case = value
        elif local == "trace":
            trace_depth = depth
            case = None

    def end(name: str) -> None:
        nonlocal depth, event_depth, trace_depth
        if depth == event_depth:
            event_depth = 0
        elif depth == trace_depth:
            trace_depth = 0
            rows.extend((line, case, *event) for line, event in pending)
            pending.clear()
        depth -= 1

    first: list[bytes] = []  # the first block read: a DOCTYPE is at the start of a file

    def refuse(*_args) -> None:
        here = Pos(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        at = (position_of(first[0], b"<!DOCTYPE") if first else None) or here
        raise EventLogError(spec.shown, say("log.doctype"), at.line, at.col)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    refuse_declarations(parser, refuse)
    try:
        with _open(spec.path) as stream:
            while True:
                data = stream.read(1 << 20)
                if not first:
                    first.append(data)
                parser.Parse(data, not data)
                if len(rows) >= CHUNK or (not data and rows):
                    yield _columns(rows, names)
                    rows = []
                if not data:
                    break
    except expat.ExpatError as error:
        message = expat.ErrorString(error.code)
        if error.code == expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]:
            raise EventLogError(spec.shown, say("log.empty")) from None
        raise EventLogError(spec.shown, say("log.bad_xml", problem=message), error.lineno,
                            error.offset + 1) from None  # fmt: skip
    except _read_errors() as error:
        why = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise EventLogError(spec.shown, say("log.unreadable", why=why)) from None


def _columns(rows: list[tuple], names: XesNames) -> XesChunk:
    """Rows of (line, case, activity, timestamp, resource, lifecycle) as a chunk."""
    import numpy as np

    line, case, activity, timestamp, resource, lifecycle = zip(*rows, strict=True)
    stamps = np.empty(len(rows), dtype=object)
    stamps[:] = timestamp
    return XesChunk(
        line=np.array(line, dtype=np.int64),
        case=names.numbers("case", case),
        activity=names.numbers("activity", activity),
        timestamp=stamps,
        resource=names.numbers("resource", resource),
        lifecycle=names.numbers("lifecycle", lifecycle),
    )


def _key_value(attrs: list) -> tuple[str | None, str]:
    """The ``key`` and ``value`` of an XES attribute element (attributes as expat's list)."""
    if len(attrs) >= 4 and attrs[0] == "key" and attrs[2] == "value":
        return attrs[1], attrs[3]
    named = dict(zip(attrs[::2], attrs[1::2], strict=False))
    return named.get("key"), named.get("value", "")


# The plain reader. XES as pm4py, ProM and skavmap write it is a <log> with a header
# (extensions, globals, classifiers, log attributes), then traces, each a few attributes and
# events, each event a few attributes, every attribute one element `<TYPE key="K" value="V"/>`.
# expat reads the header, up to the first <trace>; from there the bytes are scanned with numpy,
# a chunk of whole traces at a time: every '<' must be followed by a '>' before the next '<',
# each tag must be one of that shape, and counts of quotes prove that an attribute has no more
# than its key and value. Text between the tags is left alone, as expat leaves it (what could
# make it not well-formed is checked for the whole chunk: references, control characters,
# UTF-8). Anything else raises _NotPlain, and expat reads the file.


class _NotPlain(Exception):
    """The file is not in the shape the plain reader scans (or is not well-formed there)."""


#: Tags the plain reader knows, by kind: the exact tags, and the start of an attribute's.
_TRACE, _END_TRACE, _EVENT, _END_EVENT, _ATTRIBUTE = range(5)
_TAGS = {b"<trace>": _TRACE, b"</trace>": _END_TRACE, b"<event>": _EVENT,
         b"</event>": _END_EVENT}  # fmt: skip
_TYPES = (b"string", b"date", b"int", b"float", b"boolean", b"id")
#: Kinds in the sequence check: an attribute of a trace, of an event, and anywhere else.
_OF_TRACE, _OF_EVENT, _WRONG = 5, 6, 7
_FOLLOWS = {
    _TRACE: (_OF_TRACE, _EVENT, _END_TRACE),
    _OF_TRACE: (_OF_TRACE, _EVENT, _END_TRACE),
    _EVENT: (_OF_EVENT, _END_EVENT),
    _OF_EVENT: (_OF_EVENT, _END_EVENT),
    _END_EVENT: (_EVENT, _END_TRACE),
    _END_TRACE: (_TRACE,),
}
#: Deleting every other byte leaves these to count: references, line breaks, ']' (of a ']]>',
#: which text may not hold) and the control characters XML does not allow.
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r")
_ORDINARY = bytes(b for b in range(256) if b not in b"&\r\n]" + _CONTROL)
_SPACE = b" \t\r\n"
_VALUE = b'" value="'
_REFERENCE = rb"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));"
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _word(text: bytes) -> tuple[int, int]:
    """``text`` (at most 8 bytes) as a little-endian word, and the mask of its bytes."""
    return int.from_bytes(text.ljust(8, b"\0"), "little"), (1 << (8 * len(text))) - 1


def _read_plain(spec: LogSpec, names: XesNames) -> Iterator[XesChunk]:
    """The events of an XES file in the common shape, a chunk of traces at a time."""
    wanted = ("activity", "timestamp", "resource", "lifecycle")
    scanner = _Scanner(
        columns={spec.name(c): i for i, c in enumerate(wanted)},
        case_key=spec.name("case"),
        times=spec.time_format is None and spec.timezone is None,
    )
    try:
        with _open(spec.path) as stream:
            data, line = _first_trace(stream)
            found: list[XesChunk] = []
            while True:
                block = stream.read(SCAN_BYTES)
                data += block
                at = data.rfind(b"</trace>")
                if at >= 0:
                    end = at + len(b"</trace>")
                    scanned = scanner.scan(data[:end])
                    data = data[end:]
                    piece = scanned.chunk(names, line)
                    line += scanned.breaks
                    if found and (found[0].wall is None) != (piece.wall is None):
                        yield XesChunk.joined(found)
                        found = []
                    found.append(piece)
                if found and (not block or sum(map(len, found)) >= CHUNK):
                    yield XesChunk.joined(found)
                    found = []
                if not block:
                    break
    except (*_read_errors(), UnicodeDecodeError):
        raise _NotPlain from None
    if data.strip(_SPACE) != b"</log>":
        raise _NotPlain


def _first_trace(stream) -> tuple[bytes, int]:
    """The file from its first ``<trace>`` on, and that line. expat reads what comes before:
    it is well-formed, its root is ``<log>`` and it declares no DOCTYPE and no encoding but
    UTF-8."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    class Found(Exception):
        pass

    def start(name: str, _attrs: dict) -> None:
        nonlocal depth
        depth += 1
        if depth == 1 and name != "log":
            raise _NotPlain
        if name == "trace":
            if depth != 2:
                raise _NotPlain
            raise Found(parser.CurrentByteIndex, parser.CurrentLineNumber)

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    def declaration(_version: str, encoding: str | None, _standalone: int) -> None:
        if encoding is not None and encoding.upper() != "UTF-8":
            raise _NotPlain

    def unusual(*_args) -> None:
        raise _NotPlain

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.XmlDeclHandler = declaration
    refuse_declarations(parser, unusual)
    read = b""
    while True:
        block = stream.read(1 << 16)
        if not read and block.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise _NotPlain  # UTF-16
        read += block
        try:
            parser.Parse(block, not block)
        except Found as found:
            at, line = found.args
            return read[at:], line
        except expat.ExpatError:
            raise _NotPlain from None
        if not block:
            raise _NotPlain  # no trace: expat says what the file is


class _Scanner:
    """Scans chunks of whole traces (bytes from a ``<trace>`` to a ``</trace>``)."""

    def __init__(self, columns: dict[str, int], case_key: str, times: bool):
        import numpy as np

        self.columns = columns
        self.case_key = case_key
        self.times = times
        follows = np.zeros((8, 8), dtype=bool)
        for kind, nexts in _FOLLOWS.items():
            follows[kind, list(nexts)] = True
        self.follows = follows
        # The tags by the two bytes after their '<': each one's kind, its first eight bytes
        # (as a word, with the mask of those that count), for attributes the rest of the
        # start (`key="` and what is left of it) and where the key starts.
        tags = [(b"<trace>", _TRACE), (b"</trace>", _END_TRACE), (b"<event>", _EVENT),
                (b"</event>", _END_EVENT)]  # fmt: skip
        tags += [(b"<" + name + b' key="', _ATTRIBUTE) for name in _TYPES]
        self.of_pair = np.full(1 << 16, -1, dtype=np.int64)
        for number, (text, _) in enumerate(tags):
            self.of_pair[int.from_bytes(text[1:3], "little")] = number
        self.kind = np.array([kind for _, kind in tags], dtype=np.int8)
        firsts = [_word(text[:8]) for text, _ in tags]
        rests = [_word(text[8:]) for text, _ in tags]
        self.first = np.array([w for w, _ in firsts], dtype=np.uint64)
        self.first_mask = np.array([m for _, m in firsts], dtype=np.uint64)
        self.rest = np.array([w for w, _ in rests], dtype=np.uint64)
        self.rest_mask = np.array([m for _, m in rests], dtype=np.uint64)
        self.size = np.array([len(text) for text, _ in tags], dtype=np.int64)

    def scan(self, chunk: bytes) -> _Scanned:
        """The events of ``chunk``, with lines counted from its first byte's (line 0)."""
        import numpy as np

        special = chunk.translate(None, _ORDINARY)
        references, returns, breaks, brackets = (special.count(c) for c in b"&\r\n]")
        if references + returns + breaks + brackets != len(special):
            raise _NotPlain  # a control character
        if brackets and b"]]>" in chunk:
            raise _NotPlain
        if returns and returns != chunk.count(b"\r\n"):
            raise _NotPlain  # a lone carriage return: a line break of its own
        if not chunk.isascii():
            text = chunk.decode("utf-8")  # UnicodeDecodeError: expat says where
            if "\ufffe" in text or "\uffff" in text:
                raise _NotPlain
        if references:
            _check_references(chunk)
        # Spaces after the chunk, so that two words read at any of its bytes stay inside.
        a = np.frombuffer(chunk + b" " * 16, dtype=np.uint8)
        body = a[: len(chunk)]
        words = _words(a)
        lt = np.flatnonzero(body == 60)
        quotes = np.flatnonzero(body == 34)
        if not len(lt) or len(quotes) % 4:
            raise _NotPlain
        tag = self._tags(words, lt)
        attributes = np.flatnonzero(tag >= len(_TAGS))
        quotes = quotes.reshape(-1, 4)
        if len(quotes) != len(attributes):
            raise _NotPlain  # a quote in a value, or attributes other than key and value
        self._check_attributes(a, words, quotes, lt, attributes, self.size[tag[attributes]])
        kinds = self._in_context(self.kind[tag])
        # One past each tag's '>', to see whether each is on a line of its own.
        ends = lt + self.size[tag]
        ends[attributes] = quotes[:, 3] + len(b'"/>')
        lead = chunk.count(b"\n", 0, int(lt[0]))
        if breaks == lead + len(lt) - 1 and (a[ends[:-1]] == 10).all():
            # One tag a line, the usual layout: the lines count the tags.
            lines = lead + np.arange(len(lt))
        else:
            lines = np.searchsorted(np.flatnonzero(body == 10), lt)
        return self._events(a, words, kinds, lines, attributes, quotes, breaks)

    def _tags(self, words, lt):
        """Which of the known tags each tag is (a number into them); :class:`_NotPlain` for
        a tag of another shape."""
        import numpy as np

        low = words[lt]
        tag = self.of_pair[((low >> np.uint64(8)) & np.uint64(0xFFFF)).astype(np.intp)]
        if (tag < 0).any() or ((low & self.first_mask[tag]) != self.first[tag]).any():
            raise _NotPlain
        long = np.flatnonzero(self.rest_mask[tag] != 0)
        of = tag[long]
        if ((words[lt[long] + 8] & self.rest_mask[of]) != self.rest[of]).any():
            raise _NotPlain
        return tag

    @staticmethod
    def _check_attributes(a, words, quotes, lt, attributes, prefix) -> None:
        """The chunk's quotes, in order, must be four to an attribute: around its key (right
        after ``key="``), and around its value, which ``"/>`` follows before the next tag."""
        import numpy as np

        word, _ = _word(_VALUE[:8])
        key_end, value_end = quotes[:, 1], quotes[:, 3]
        if (
            (quotes[:, 0] != lt[attributes] + prefix - 1).any()
            or (quotes[:, 2] != key_end + len(_VALUE) - 1).any()
            or (words[key_end] != np.uint64(word)).any()
            or (a[value_end + 1] != ord("/")).any()
            or (a[value_end + 2] != ord(">")).any()
            or (value_end + 2 >= lt[attributes + 1]).any()
        ):
            raise _NotPlain

    def _in_context(self, kinds):
        """Kinds with attributes told apart by where they are (of a trace or of an event),
        after checking that the tags follow the shape of traces and events."""
        import numpy as np

        holder = np.maximum.accumulate(np.where(kinds != _ATTRIBUTE, np.arange(len(kinds)), 0))
        context = kinds[holder]
        attribute = kinds == _ATTRIBUTE
        kinds = kinds.copy()
        kinds[attribute & (context == _TRACE)] = _OF_TRACE
        kinds[attribute & (context == _EVENT)] = _OF_EVENT
        kinds[kinds == _ATTRIBUTE] = _WRONG
        if (
            kinds[0] != _TRACE
            or kinds[-1] != _END_TRACE
            or not self.follows[kinds[:-1], kinds[1:]].all()
        ):
            raise _NotPlain
        return kinds

    def _events(self, a, words, kinds, lines, attributes, quotes, breaks: int) -> _Scanned:
        """The events of the tags: each attribute (numbered in the order of the chunk's
        attributes) goes to the event or trace it is in."""
        import numpy as np

        is_event = kinds == _EVENT
        events = np.flatnonzero(is_event)
        event_of = (np.cumsum(is_event) - 1)[attributes]
        trace_of = np.cumsum(kinds == _TRACE) - 1
        key_start, key_end = quotes[:, 0] + 1, quotes[:, 1]
        value_start, value_end = quotes[:, 2] + 1, quotes[:, 3]
        key_codes, first = _distinct(words, key_start, key_end - key_start)
        keys = _texts(a, key_start[first], (key_end - key_start)[first])
        column_of = np.array([self.columns.get(k, -1) for k in keys], dtype=np.int64)
        of_event = kinds[attributes] == _OF_EVENT
        column = np.where(of_event, column_of[key_codes], -2)
        other = column == -1
        others = {keys[k] for k in np.unique(key_codes[other]).tolist()} if other.any() else set()
        is_case = np.array([k == self.case_key for k in keys], dtype=bool)
        of_trace = np.flatnonzero(~of_event & is_case[key_codes])
        cases = _last_per(of_trace, trace_of[attributes], int(trace_of[-1]) + 1)

        def texts(picked):
            """The values of attributes ``picked`` (-1: none): each one's number in the
            distinct texts (-1: none), and those texts."""
            present = picked >= 0
            start = value_start[picked[present]]
            length = value_end[picked[present]] - start
            codes, first = _distinct(words, start, length)
            numbers = np.full(len(picked), -1, dtype=np.int64)
            numbers[present] = codes
            return numbers, _texts(a, start[first], length[first])

        activity, stamp, resource, lifecycle = (
            _last_per(np.flatnonzero(column == c), event_of, len(events)) for c in range(4)
        )
        wall = instant = timestamp = None
        if self.times and (stamp >= 0).all():
            start = value_start[stamp]
            read = _iso_times(words, start, value_end[stamp] - start)
            if read is not None:
                wall, instant = read
        if wall is None:
            numbers, values = texts(stamp)
            timestamp = np.array([*values, None], dtype=object)[numbers]
        case_numbers, case_texts = texts(cases)
        return _Scanned(
            line=lines[events],
            texts={
                "case": (case_numbers[trace_of[events]], case_texts),
                "activity": texts(activity),
                "resource": texts(resource),
                "lifecycle": texts(lifecycle),
            },
            timestamp=timestamp,
            wall=wall,
            instant=instant,
            keys=others,
            breaks=breaks,
        )


@dataclass(frozen=True)
class _Scanned:
    """A scanned chunk: lines counted from its start, and its texts as numbers into the
    chunk's own distinct texts (-1: none), to be numbered for the whole file."""

    line: Any
    texts: dict[str, tuple[Any, list[str]]]
    timestamp: Any
    wall: Any
    instant: Any
    keys: set[str]
    breaks: int

    def chunk(self, names: XesNames, first_line: int) -> XesChunk:
        """The chunk with its first byte on line ``first_line``, its texts numbered in
        ``names``."""

        names.keys |= self.keys
        numbered = {}
        for column, (numbers, texts) in self.texts.items():
            lookup = names.numbers(column, [*texts, None])  # the last: -1 stays -1
            numbered[column] = lookup[numbers]
        return XesChunk(line=self.line + first_line, timestamp=self.timestamp,
                        wall=self.wall, instant=self.instant, **numbered)  # fmt: skip


def _check_references(chunk: bytes) -> None:
    """Every '&' must start a reference to a character XML allows."""
    import re

    found = re.findall(_REFERENCE, chunk)
    if len(found) != chunk.count(b"&"):
        raise _NotPlain
    for _, decimal, hexadecimal in found:
        if decimal or hexadecimal:
            code = int(decimal) if decimal else int(hexadecimal, 16)
            if not _xml_char(code):
                raise _NotPlain


def _words(a):
    """The eight bytes of ``a`` from each of its bytes on, as little-endian words (a view:
    ``_words(a)[i]`` is bytes ``i`` to ``i + 7``)."""
    from numpy.lib.stride_tricks import sliding_window_view

    return sliding_window_view(a, 8).view("<u8")[:, 0]


def _covering(words, start, length, count: int) -> list:
    """``count`` words that cover each text ``start, length`` (at least 8 bytes before it
    are in the array): from its start on, 8 bytes apart, the last ending where it ends. Equal
    texts of one length have equal words (they may include bytes before a short text)."""
    import numpy as np

    end = start + length - 8
    return [words[np.minimum(start + 8 * i, end)] for i in range(count)]


def _last_per(tags, group_of, groups: int):
    """For each group, the last of ``tags`` (in file order) in it, or -1."""
    import numpy as np

    chosen = np.full(groups, -1, dtype=np.int64)
    if len(tags):
        group = group_of[tags]
        last = np.ones(len(tags), dtype=bool)
        last[:-1] = group[1:] != group[:-1]
        chosen[group[last]] = tags[last]
    return chosen


#: Slots of the table that numbers distinct texts by their hash, and an odd number to hash
#: with (2^64 divided by the golden ratio).
_SLOTS, _ODD = 1 << 16, 0x9E3779B97F4A7C15


def _distinct(words, start, length) -> tuple[Any, Any]:
    """The distinct texts ``start, length`` (byte offsets into ``words``' array): each one's
    number, and for each number one of the texts that have it (an index into ``start``)."""
    import numpy as np

    if not len(start):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    count = max(1, (int(length.max()) + 7) // 8)
    if count > 32:
        # Long texts are few: compared as bytes.
        found: dict[bytes, int] = {}
        codes = [found.setdefault(_bytes(words, s, n), len(found)) for s, n in
                 zip(start.tolist(), length.tolist(), strict=True)]  # fmt: skip
        numbered = np.array(codes, dtype=np.int64)
        _, first = np.unique(numbered, return_index=True)
        return numbered, first
    parts = _covering(words, start, length, count)
    # A multiplicative hash (its top bits depend on every bit of the words); each text's slot
    # by it. One text of each slot stands for it, and every text is checked to equal the one
    # that stands for its slot.
    digest = length.astype(np.uint64) * np.uint64(_ODD)
    for i, part in enumerate(parts, 1):
        digest += part * np.uint64((_ODD * (2 * i + 1)) % (1 << 64))
    slot = (digest >> np.uint64(48)).astype(np.int64)
    stand = np.full(_SLOTS, -1, dtype=np.int64)
    stand[slot] = np.arange(len(start))
    first = stand[slot]
    if any((part != part[first]).any() for part in parts) or (length != length[first]).any():
        # Two texts in one slot: numbered by sorting instead.
        rows = np.stack([*parts, length.astype(np.uint64)], axis=1)
        _, first, codes = np.unique(rows, axis=0, return_index=True, return_inverse=True)
        codes = codes.reshape(-1)
    else:
        used = np.flatnonzero(stand >= 0)
        number = np.zeros(_SLOTS, dtype=np.int64)
        number[used] = np.arange(len(used))
        codes, first = number[slot], stand[used]
    return codes, first


def _texts(a, start, length) -> list[str]:
    """The texts at bytes ``start, length`` of ``a``, as :func:`_text` reads each: taken out
    in one piece, and when that piece is plain ASCII, decoded once and cut."""
    import numpy as np

    bounds = np.zeros(len(start) + 1, dtype=np.int64)
    np.cumsum(length, out=bounds[1:])
    blob = a[np.arange(bounds[-1]) + np.repeat(start - bounds[:-1], length)].tobytes()
    cuts = bounds.tolist()
    if blob.isascii() and not any(special in blob for special in (b"&", b"\r", b"\n", b"\t")):
        text = blob.decode("ascii")
        return [text[i:j] for i, j in zip(cuts, cuts[1:], strict=False)]
    return [_text(blob[i:j]) for i, j in zip(cuts, cuts[1:], strict=False)]


def _bytes(words, start: int, length: int) -> bytes:
    """The bytes ``start`` to ``start + length`` of ``words``' array."""
    import numpy as np

    full = (length + 7) // 8
    return np.ascontiguousarray(words[start : start + 8 * full : 8]).tobytes()[:length]


def _text(value: bytes) -> str:
    """An attribute value as expat gives it: UTF-8, white space made spaces (a line break
    written as CR LF one space), references replaced."""
    text = value.decode("utf-8")
    if "\r" in text or "\n" in text or "\t" in text:
        text = text.replace("\r\n", " ").translate({13: " ", 10: " ", 9: " "})
    if "&" not in text:
        return text
    import re

    def replace(match: re.Match) -> str:
        named, decimal, hexadecimal = match.groups()
        if named:
            return _NAMED[named]
        return chr(int(decimal) if decimal else int(hexadecimal, 16))

    return re.sub(_REFERENCE.decode(), replace, text)


def _xml_char(code: int) -> bool:
    """Whether XML 1.0 allows the character ``code`` (as a reference too)."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _iso_times(words, start, length) -> tuple[Any, Any] | None:
    """The local time as written and the instant, in microseconds since 1970, of ISO 8601
    timestamps (``2024-03-18T09:30:00``, a fraction of a second, ``Z`` or an offset such as
    ``+01:00``), exactly as DuckDB reads them; ``None`` when one is in another form (then the
    engine reads the text)."""
    import numpy as np

    if len(start) and length.min() == length.max():
        return _iso_layout(words, start, int(length[0]))
    wall = np.empty(len(start), dtype=np.int64)
    instant = np.empty(len(start), dtype=np.int64)
    for size in np.unique(length).tolist():
        rows = np.flatnonzero(length == size)
        read = _iso_layout(words, start[rows], size)
        if read is None:
            return None
        wall[rows], instant[rows] = read
    return wall, instant


def _iso_layout(words, start, size: int) -> tuple[Any, Any] | None:
    """:func:`_iso_times` for timestamps of one length."""
    import numpy as np

    if size < 19:
        return None
    text = np.stack([words[start + 8 * i] for i in range((size + 7) // 8)], axis=1)
    text = text.view(np.uint8)[:, :size]
    first = text[0].tobytes()
    zone = 1 if first.endswith(b"Z") else 6 if size >= 25 and first[-6:-5] in (b"+", b"-") else 0
    fraction = size - 19 - zone
    if fraction == 1 or (fraction and first[19:20] != b".") or first[10:11] not in (b"T", b" "):
        return None
    fixed = {4: b"-", 7: b"-", 10: first[10:11], 13: b":", 16: b":"}
    digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, *range(20, 19 + fraction)]
    if fraction:
        fixed[19] = b"."
    if zone == 1:
        fixed[size - 1] = b"Z"
    elif zone == 6:
        fixed[size - 3] = b":"
        digits += [size - 5, size - 4, size - 2, size - 1]
    at = list(fixed)
    if (text[:, at] != np.frombuffer(b"".join(fixed.values()), dtype=np.uint8)).any():
        return None
    d = text - np.uint8(48)
    if (d[:, digits] > 9).any():
        return None

    def number(*at: int):
        value = d[:, at[0]].astype(np.int64)
        for i in at[1:]:
            value = value * 10 + d[:, i]
        return value

    year, month, day = number(0, 1, 2, 3), number(5, 6), number(8, 9)
    hour, minute, second = number(11, 12), number(14, 15), number(17, 18)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    if (
        (year < 1).any()
        or (month < 1).any()
        or (month > 12).any()
        or (day < 1).any()
        or (day > month_days[np.clip(month, 0, 12)] + (leap & (month == 2))).any()
        or (hour > 23).any()
        or (minute > 59).any()
        or (second > 59).any()
    ):
        return None
    micro = 0
    if fraction > 1:
        # Microseconds: the first six digits (DuckDB leaves out the rest).
        shown = list(range(20, 20 + min(fraction - 1, 6)))
        micro = number(*shown) * 10 ** (6 - len(shown))
    offset = 0
    if zone == 6:
        hours, minutes = number(size - 5, size - 4), number(size - 2, size - 1)
        # An offset beyond 14 hours is left to the engine, whose reading of the text is then
        # refused with that text (eventlog_sql._in_range).
        if (minutes > 59).any() or (hours * 60 + minutes > 14 * 60).any():
            return None
        offset = np.where(text[:, size - 6] == ord("-"), -1, 1) * (hours * 60 + minutes)
    # Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    y = year - (month <= 2)
    era = y // 400
    of_era = y - era * 400
    of_year = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    days = era * 146097 + of_era * 365 + of_era // 4 - of_era // 100 + of_year - 719468
    wall = ((days * 24 + hour) * 60 + minute) * 60_000_000 + second * 1_000_000 + micro
    return wall, wall - offset * 60_000_000
