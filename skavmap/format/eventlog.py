"""Event logs: what a log file is, how its columns are named, XES read as a stream, and the
mapping from a log's activity names to a process's steps.

An event log has one event per row: case id, activity, timestamp, and optionally resource and
lifecycle (``start``/``complete``). CSV and Parquet files are read by the SQL engine
(:mod:`skavmap.format.eventlog_sql`); an XES file (IEEE 1849, also ``.xes.gz``) is streamed
here, never as a tree, into the same columns: the header by the standard library's expat
parser, the traces by a byte scan when they are in the common shape (:func:`read_xes`), by
expat otherwise. Every problem is an :class:`EventLogError` that names the file and the line
(or row) where it is. XES files are read in :mod:`skavmap.format.xes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from skavmap.format.diagnostics import Diagnostic, said
from skavmap.format.model import Pos, Process
from skavmap.format.phrases import Phrase, say, suggested

#: The log's columns and their default names in CSV and Parquet files.
COLUMNS = ("case", "activity", "timestamp", "resource", "lifecycle")
CSV_NAMES = {
    "case": "case_id",
    "activity": "activity",
    "timestamp": "timestamp",
    "resource": "resource",
    "lifecycle": "lifecycle",
}
#: The standard XES keys (the case id is the trace's ``concept:name``).
XES_NAMES = {
    "case": "concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "resource": "org:resource",
    "lifecycle": "lifecycle:transition",
}
#: Columns a log may leave out: without lifecycle every event is a ``complete``.
OPTIONAL = frozenset({"resource", "lifecycle"})
#: The option that names each column on the command line.
OPTIONS = {c: f"--{c}" for c in COLUMNS}
#: Characters that make a spreadsheet read a cell as a formula. CSV written by skavmap puts
#: an apostrophe before them (the usual guard); the reader takes that apostrophe away again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

KINDS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet", ".xes": "xes"}


class EventLogError(Exception):
    """A log that cannot be used: ``FILE:LINE:COL: error: ...``, or ``FILE: error: ...``
    naming the row when a line cannot be known (Parquet)."""

    def __init__(self, file: str, message: Phrase, line: int | None = None, col: int = 1):
        super().__init__(message.text("en"))
        self.file = file
        self.message = message.text("en")
        self.phrase = message
        self.line = line
        self.col = col

    def __str__(self) -> str:
        return self.said()

    def said(self, lang: str = "en") -> str:
        """The error as a line, its message in ``lang``."""
        message = self.phrase.text(lang)
        if self.line is None:
            return f"{self.file}: error: {message}"
        return f"{self.file}:{self.line}:{self.col}: error: {message}"


@dataclass(frozen=True)
class LogSpec:
    """Which log to read and how: column names (``None``: the default for the file's kind),
    an explicit timestamp format (``None``: ISO 8601) and the time zone of the calendar."""

    path: Path
    names: Mapping[str, str | None] = field(default_factory=dict)
    time_format: str | None = None
    timezone: str | None = None

    @property
    def kind(self) -> str:
        return log_kind(self.path)

    @property
    def shown(self) -> str:
        from skavmap.format.diagnostics import display_path

        return display_path(self.path)

    def name(self, column: str) -> str:
        """The column's name in the file (the key in XES)."""
        given = self.names.get(column)
        if given:
            return given
        return (XES_NAMES if self.kind == "xes" else CSV_NAMES)[column]

    def given(self, column: str) -> bool:
        return bool(self.names.get(column))


def log_kind(path: Path) -> str:
    """``csv``, ``parquet`` or ``xes`` by the file's suffix (``.xes.gz``, ``.csv.gz`` too).

    >>> log_kind(Path("a.xes.gz")), log_kind(Path("b.CSV")), log_kind(Path("c.parquet"))
    ('xes', 'csv', 'parquet')
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return KINDS.get(suffixes[-1] if suffixes else "", "csv")


def unguard(value: str) -> str:
    """A cell without the apostrophe that guards a formula character.

    >>> unguard("'=SUMMA(A1)"), unguard("'tjena"), unguard("Granska")
    ('=SUMMA(A1)', "'tjena", 'Granska')
    """
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def guard(value: str) -> str:
    """A cell a spreadsheet shows as text: an apostrophe before a formula character.

    >>> guard("=1+1"), guard("-"), guard("Granska")
    ("'=1+1", "'-", 'Granska')
    """
    return "'" + value if value.startswith(FORMULA_START) else value


# --- the mapping from activities to steps -----------------------------------------------------


@dataclass(frozen=True)
class ActivityMap:
    """An explicit mapping: activity → step id, or ``None`` for an activity to leave out
    on purpose. ``file`` is where it was written."""

    steps: Mapping[str, str | None]
    file: str


def read_mapping(path: Path, process: Process) -> ActivityMap:
    """The mapping file at ``path``: YAML (``activity: step``, ``~`` to leave one out) or CSV
    (columns ``activity`` and ``step``; an empty step leaves it out). A step is named by its
    id or its name. Raises :class:`~skavmap.format.diagnostics.LoadError` with every problem.
    """
    from skavmap.format.diagnostics import LoadError, display_path

    shown = display_path(path)
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        entries, problems = _mapping_csv(path, shown)
    else:
        entries, problems = _mapping_yaml(path, shown)
    steps: dict[str, str | None] = {}
    by_name: dict[str, list[str]] = {}
    for step in process.steps.values():
        by_name.setdefault(step.name, []).append(step.id)
    for activity, target, pos in entries:
        if target is None:
            steps[activity] = None
            continue
        if target in process.steps:
            steps[activity] = target
        elif len(by_name.get(target, ())) == 1:
            steps[activity] = by_name[target][0]
        elif target in by_name:
            named = ", ".join(by_name[target])
            problems.append(
                said(shown, pos, "error", say("map.several", target=target, named=named))
            )
        else:
            problems.append(
                said(
                    shown,
                    pos,
                    "error",
                    say(
                        "map.no_step",
                        target=target,
                        file=display_path(process.file),
                        suggestion=suggested(target, [*process.steps, *by_name]),
                    ),
                )  # fmt: skip
            )
    if problems:
        raise LoadError(problems)
    return ActivityMap(steps, shown)


def _mapping_yaml(path: Path, shown: str) -> tuple[list, list[Diagnostic]]:
    from skavmap.format.yamlsource import SourceError, load_source

    try:
        source, duplicates = load_source(path)
    except SourceError as error:
        return [], [Diagnostic(shown, error.pos, "error", error.message, phrase=error.phrase)]
    problems = [Diagnostic(shown, d.pos, "error", d.message, phrase=d.phrase) for d in duplicates]
    if not isinstance(source.data, dict):
        message = say("map.not_mapping")
        return [], [*problems, said(shown, source.pos(()), "error", message)]
    entries = []
    for activity, target in source.data.items():
        pos = source.pos((activity,))
        if target is not None and not isinstance(target, (str, int)):
            problems.append(said(shown, pos, "error", say("map.not_one", activity=activity)))
            continue
        entries.append((str(activity), None if target is None else str(target), pos))
    return entries, problems


def _mapping_csv(path: Path, shown: str) -> tuple[list, list[Diagnostic]]:
    import csv

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        why = "it is not UTF-8" if isinstance(error, UnicodeDecodeError) else error.strerror
        return [], [said(shown, Pos(1, 1), "error", say("map.unreadable", why=why))]
    dialect = csv.excel
    if text.strip():
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            # No separator the sniffer knows: one column, so never both that are needed.
            return [], [said(shown, Pos(1, 1), "error", say("map.csv_separator"))]
    rows = list(csv.reader(text.splitlines(), dialect))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if "activity" not in header or "step" not in header:
        return [], [said(shown, Pos(1, 1), "error", say("map.csv_columns"))]
    a, s = header.index("activity"), header.index("step")
    entries = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        activity = unguard(row[a]) if a < len(row) else ""
        target = (row[s] if s < len(row) else "").strip()
        entries.append((activity, target or None, Pos(number, 1)))
    return entries, []


# --- writing ---------------------------------------------------------------------------------

#: One event to write: (case, activity, timestamp, resource, lifecycle).
Row = tuple[str, str, datetime, str, str]


def _stamp(at: datetime) -> str:
    return at.isoformat(timespec="seconds")


def write_csv(stream: TextIO, cases: Iterable[Sequence[Row]]) -> int:
    import csv

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([CSV_NAMES[c] for c in COLUMNS])
    count = 0
    for events in cases:
        writer.writerows(
            (guard(case), guard(activity), _stamp(at), guard(resource), life)
            for case, activity, at, resource, life in events
        )
        count += len(events)
    return count


def _xml(value: str) -> str:
    """Text for an XML attribute: escaped, and without characters XML 1.0 cannot hold."""
    from xml.sax.saxutils import quoteattr

    clean = "".join(c for c in value if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff"))
    return quoteattr(clean, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def write_xes(stream: TextIO, cases: Iterable[Sequence[Row]]) -> int:
    stream.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n'
        '\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n'
        '\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n'
        '\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>\n'
        '\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>\n'
    )  # fmt: skip
    count = 0
    for events in cases:
        if not events:
            continue
        parts = [f'\t<trace>\n\t\t<string key="concept:name" value={_xml(events[0][0])}/>\n']
        for _, activity, at, resource, life in events:
            stamp = at.isoformat(timespec="milliseconds")
            who = f'\t\t\t<string key="org:resource" value={_xml(resource)}/>\n' if resource else ""
            parts.append(
                f'\t\t<event>\n\t\t\t<string key="concept:name" value={_xml(activity)}/>\n'
                f'\t\t\t<date key="time:timestamp" value="{stamp}"/>\n{who}'
                f'\t\t\t<string key="lifecycle:transition" value="{life}"/>\n\t\t</event>\n'
            )
        parts.append("\t</trace>\n")
        stream.write("".join(parts))
        count += len(events)
    stream.write("</log>\n")
    return count
