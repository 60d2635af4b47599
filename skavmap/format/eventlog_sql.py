"""Every SQL statement skavmap runs on an event log, and the engine that runs it (DuckDB).

This is the only module that speaks SQL, so that the measuring can move to another engine
when a region's logs outgrow one machine. DuckDB reads CSV and Parquet itself (columnar,
streaming, spilling to disk beyond its memory limit); an XES file arrives as columns from
:func:`skavmap.format.xes.read_xes`. The engine answers with plain Python values and
numpy arrays; what they mean is decided in :mod:`skavmap.analysis.evidence`.

Clock time becomes working time once per event: ``w`` is the working hours from a fixed
Monday to the event's local time (only Monday to Friday inside the calendar's hours count,
one full window scaled to one working day), so the working time between two events is the
difference of their ``w``.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skavmap.format.eventlog import (
    COLUMNS,
    OPTIONAL,
    OPTIONS,
    EventLogError,
    LogSpec,
    Row,
    log_kind,
    write_csv,
    write_xes,
)
from skavmap.format.phrases import Phrase, say, suggested
from skavmap.format.xes import XesNames, read_xes

#: The columns held as numbers in the engine, each with a table ``names_COLUMN`` of its texts.
CODES = {"case": "c", "activity": "a", "resource": "r", "lifecycle": "l"}
#: Their texts in the table ``raw`` of a CSV or Parquet log.
RAW_TEXT = {"case": "case_id", "activity": "activity", "resource": "resource", "lifecycle": "life"}

#: Characters that separate the fields of a CSV file.
_SEPARATORS = frozenset(",;\t|")

#: The engine's memory: enough for ten million events, well under the 1 GB a million may use.
MEMORY_LIMIT = "600MB"

#: A log file smaller than this is read on one thread: for a few thousand events, waking the
#: engine's other threads costs more than they take over.
ONE_THREAD_BYTES = 4_000_000


def _engine_config(path: Path) -> dict[str, object]:
    try:
        size = path.stat().st_size
    except OSError:
        return {"memory_limit": MEMORY_LIMIT}
    # A log compressed with gzip holds several times its size.
    small = size * (8 if path.suffix.lower() == ".gz" else 1) < ONE_THREAD_BYTES
    return {"memory_limit": MEMORY_LIMIT, **({"threads": 1} if small else {})}


@dataclass(frozen=True)
class WorkCalendar:
    """The calendar's numbers: the working window in minutes after midnight (``start`` may be
    after ``end``: a window across midnight) and the length of a working day in hours."""

    start: int
    end: int
    day_hours: float

    @property
    def window(self) -> int:
        """Minutes in one window."""
        return (self.end - self.start) % 1440


@dataclass(frozen=True)
class LogFacts:
    """What loading the log found out."""

    events: int
    cases: int
    other_lifecycle: tuple[
        tuple[str, int], ...
    ]  # (value, events) left out: neither start nor complete
    unsorted_cases: int  # cases whose events the file does not list in time order
    one_event_cases: int
    first_one_event: tuple[str, int | None] | None  # (case, line) of the first such case
    #: The timestamps are instants (a Parquet column with a time zone, or times read with
    #: a --time-format with %z) and no --timezone was given: their local time is UTC's.
    local_is_utc: bool


def _in_range(as_written: bool) -> str:
    """SQL true for a time the engine read that a log can mean (it reads +25:00 and the
    year 99999 too): a year from 1 to 9999 and, where the local time is the one written, an
    offset of at most 14 hours. A zone given by --timezone has offsets of its own, which in
    centuries past were not whole hours and passed 14."""
    years = (
        "wall_us BETWEEN epoch_us(TIMESTAMP '0001-01-01') AND "
        "epoch_us(TIMESTAMP '9999-12-31 23:59:59.999999')"
    )
    return f"{years} AND abs(wall_us - t) <= 14 * 3600000000" if as_written else years


def working_hours_sql(wall: str, calendar: WorkCalendar) -> str:
    """SQL for the working hours from Monday 1969-12-29 00:00 to the local time ``wall``."""
    start, end, window = calendar.start, calendar.end, calendar.window
    scale = calendar.day_hours / window
    minute = f"(({wall}_us - {wall}_day * 86400000000) / 60000000.0)"
    if start < end:
        today = f"least(greatest({minute} - {start}, 0), {window})"
    else:
        today = f"(least({minute}, {end}) + greatest({minute} - {start}, 0))"
    # Days since Monday 1969-12-29: whole weeks have five working days, then the weekday.
    days = f"({wall}_day + 3)"
    weeks = f"floor({days} / 7)"
    weekday = f"({days} - 7 * {weeks})"
    return (
        f"(({weeks} * 5 + least({weekday}, 5)) * {window}"
        f" + CASE WHEN {weekday} < 5 THEN {today} ELSE 0 END) * {scale!r}"
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _unguard(column: str) -> str:
    """SQL that takes away the apostrophe guarding a formula character (CSV written by
    spreadsheet-safe tools, skavmap's own included)."""
    return (
        f"CASE WHEN left({column}, 1) = '''' AND substr({column}, 2, 1) IN "
        f"('=', '+', '-', '@', chr(9), chr(13)) THEN substr({column}, 2) ELSE {column} END"
    )


class EventStore:
    """An event log loaded into the engine, checked, with working time on every event.

    Raises :class:`EventLogError` for a log that cannot be used: a missing column, an empty
    log, an empty case id or activity, a timestamp that does not parse, a ``complete``
    before its own ``start``.
    """

    def __init__(self, spec: LogSpec, calendar: WorkCalendar):
        import duckdb

        self.spec = spec
        self.calendar = calendar
        self.con = duckdb.connect(config=_engine_config(spec.path))
        self.con.execute("SET TimeZone = 'UTC'")
        self.present: set[str] = set()
        self.local_is_utc = False
        self._spanning: bool | None = None  # whether a field of a CSV log spans lines
        try:
            self._load()
            self.facts = self._facts()
        except duckdb.Error as error:
            raise self._engine_error(error) from None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- loading ------------------------------------------------------------------------

    def _engine_error(self, error: Exception) -> EventLogError:
        text = str(error).strip()
        first = text.splitlines()[0] if text else type(error).__name__
        # Not any mention of UTF-8: the engine names the encoding it tried in every
        # message about a file it cannot make sense of.
        if re.search(r"invalid unicode|not utf-?8|invalid utf-?8", text, re.IGNORECASE):
            return EventLogError(self.spec.shown, say("log.not_utf8"))
        return EventLogError(self.spec.shown, say("log.unreadable", why=first))

    def _source(self) -> tuple[str, list[str], dict[str, str]]:
        """The relation a CSV or Parquet log is read from, its column names and each column's
        type."""
        import duckdb

        path = str(self.spec.path)
        if self.spec.kind == "parquet":
            relation = f"read_parquet({_text(path)}, file_row_number = true)"
        else:
            relation = f"read_csv({_text(path)}, header = true, skip = 0, all_varchar = true)"
        try:
            described = self.con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
        except duckdb.Error:
            if self.spec.kind == "csv":
                self._rejected()
            raise
        if self.spec.kind == "csv" and len(described) == 1 and _SEPARATORS & set(described[0][0]):
            # The engine reads a file with a row of the wrong number of fields as one column
            # named by the whole first line: that row is the problem, not a missing column.
            self._rejected()
        types = {row[0]: row[1] for row in described}
        return relation, [row[0] for row in described], types

    def _load_xes(self) -> None:
        """Stream the XES file into the table ``raw``, a chunk at a time, its texts as numbers
        into the tables of names. Timestamps the reader has read itself go in as microseconds
        (``wall_us``, ``t_us``), the others as text."""
        import numpy as np

        con = self.con
        self.xes = names = XesNames()
        con.execute(
            "CREATE TEMP TABLE raw (row BIGINT, line BIGINT, c INTEGER, a INTEGER, r INTEGER, "
            "l INTEGER, ts VARCHAR, wall_us BIGINT, t_us BIGINT)"
        )
        done = 0

        def restart() -> None:
            nonlocal done
            con.execute("DELETE FROM raw")
            done = 0

        for chunk in read_xes(self.spec, names, restart):
            columns = {
                "row": np.arange(done + 1, done + len(chunk) + 1, dtype=np.int64),
                "line": chunk.line,
                "c": chunk.case,
                "a": chunk.activity,
                "r": chunk.resource,
                "l": chunk.lifecycle,
            }
            if chunk.wall is None:
                columns["ts"] = chunk.timestamp
                times = "CAST(ts AS VARCHAR), NULL, NULL"
            else:
                columns["wall_us"], columns["t_us"] = chunk.wall, chunk.instant
                times = "NULL, wall_us, t_us"
            con.register("chunk", columns)
            con.execute(
                "INSERT INTO raw SELECT row, line, nullif(c, -1), nullif(a, -1), nullif(r, -1), "
                f"nullif(l, -1), {times} FROM chunk"
            )
            con.unregister("chunk")
            done += len(chunk)
        for column, code in CODES.items():
            texts = getattr(names, column)
            con.register("texts", {code: np.arange(len(texts), dtype=np.int32),
                                   "name": np.array(list(texts), dtype=object)})  # fmt: skip
            con.execute(
                f"CREATE TEMP TABLE names_{column} AS SELECT {code}, "
                "CAST(name AS VARCHAR) AS name FROM texts"
            )
            con.unregister("texts")
        counts = con.execute(
            "SELECT count(c), count(a), count(ts) + count(wall_us), count(r), count(l) FROM raw"
        ).fetchone()
        self.xes_found = {c for c, n in zip(COLUMNS, counts, strict=True) if n}

    def _column(self, column: str, names: Sequence[str]) -> str | None:
        """The file's name for ``column``, or ``None`` when an optional one is absent."""
        spec = self.spec
        wanted = spec.name(column)
        if spec.kind == "xes":
            if column in self.xes_found:
                return column
            if column in OPTIONAL and not spec.given(column):
                return None
            known = sorted(self.xes.keys | {spec.name(c) for c in COLUMNS if c in self.xes_found})
            where = "log.no_trace_attribute" if column == "case" else "log.no_event_attribute"
            raise EventLogError(
                spec.shown,
                say(where, wanted=wanted, suggestion=suggested(wanted, known),
                    known=", ".join(known) or say("log.no_attributes"), option=OPTIONS[column]),
            )  # fmt: skip
        if wanted in names:
            return wanted
        folded = [n for n in names if n.lower() == wanted.lower()]
        if len(folded) == 1:
            return folded[0]
        if column in OPTIONAL and not spec.given(column):
            return None
        shown = [n for n in names if n != "file_row_number"]
        raise EventLogError(
            spec.shown,
            say(
                "log.no_column",
                wanted=wanted,
                suggestion=suggested(wanted, shown),
                columns=", ".join(shown),
                column=column,
                option=OPTIONS[column],
            ),  # fmt: skip
            1 if spec.kind == "csv" else None,
        )

    def _load(self) -> None:
        spec = self.spec
        con = self.con
        if spec.kind == "xes":
            self._load_xes()
            self._not_empty()
            found = {c: self._column(c, ()) for c in COLUMNS}
            ts_type = "VARCHAR"
        else:
            found, ts_type = self._load_table()
            self._not_empty()
        self.present = {c for c, name in found.items() if name is not None}
        # A lifecycle value read once: its kind (start, complete or other) and its own text.
        con.execute(
            "CREATE TEMP TABLE lifecycles AS SELECT l, life, CASE life WHEN 'start' THEN 's' "
            "WHEN 'complete' THEN 'c' ELSE 'o' END AS kind FROM (SELECT l, CASE WHEN "
            "name IS NULL OR trim(name) = '' THEN 'complete' ELSE lower(trim(name)) END AS life "
            "FROM names_lifecycle)"
        )  # fmt: skip
        wall, instant = self._time_sql(ts_type)
        wall_us, t = f"epoch_us({wall})", f"epoch_us({instant})"
        if spec.kind == "xes":
            # Timestamps the reader has read (plain ISO 8601) are not read again.
            source = (
                f"SELECT row, c, a, r, l, coalesce(wall_us, {wall_us}) AS wall_us, "
                f"coalesce(t_us, {t}) AS t FROM raw"
            )
        else:
            source = (
                f"SELECT row, nc.c, na.a, nr.r, nl.l, {wall_us} AS wall_us, {t} AS t FROM raw "
                "LEFT JOIN names_case nc ON raw.case_id = nc.name "
                "LEFT JOIN names_activity na ON raw.activity = na.name "
                "LEFT JOIN names_resource nr ON raw.resource = nr.name "
                "LEFT JOIN names_lifecycle nl ON raw.life = nl.name"
            )
        in_range = _in_range(spec.timezone is None)
        con.execute(
            "CREATE TEMP TABLE ev AS SELECT s.row, s.c, s.a, s.r, s.l, "
            f"coalesce(lc.kind, 'c') AS kind, s.t, CASE WHEN {in_range} THEN "
            f"{working_hours_sql('wall', self.calendar)} END AS w FROM (SELECT *, "
            f"floor(wall_us / 86400000000) AS wall_day FROM ({source})) s "
            "LEFT JOIN lifecycles lc USING (l)"
        )
        blank = "name IS NULL OR trim(name) = ''"
        no_case, no_activity, no_time = con.execute(
            "SELECT min(row) FILTER (WHERE c IS NULL OR c IN "
            f"(SELECT c FROM names_case WHERE {blank})), "
            "min(row) FILTER (WHERE a IS NULL OR a IN "
            f"(SELECT a FROM names_activity WHERE {blank})), "
            "min(row) FILTER (WHERE w IS NULL OR t IS NULL) FROM ev"
        ).fetchone()
        for bad, column in ((no_case, "case"), (no_activity, "activity")):
            if bad is not None:
                raise self._at(bad, say(f"log.no_{column}", option=OPTIONS[column]))
        if no_time is not None:
            self._bad_timestamp(no_time)

    def _not_empty(self) -> None:
        if not self.con.execute("SELECT count(*) FROM raw").fetchone()[0]:
            raise EventLogError(self.spec.shown, say("log.empty"))

    def _load_table(self) -> tuple[dict[str, str | None], str]:
        """Read a CSV or Parquet log into the table ``raw``: each column's name in the file
        (``None``: an optional column it does not have), and the timestamp's type."""
        import duckdb

        spec = self.spec
        if spec.kind == "csv" and _empty(spec.path):
            raise EventLogError(spec.shown, say("log.empty_file"))
        relation, names, types = self._source()
        found = {c: self._column(c, names) for c in COLUMNS}
        guard = spec.kind == "csv"

        def text(column: str) -> str:
            name = found[column]
            if name is None:
                return "NULL::VARCHAR"
            value = f"CAST({_quote(name)} AS VARCHAR)"
            return _unguard(value) if guard else value

        if spec.kind == "parquet":
            row, line = "file_row_number + 1", "NULL::BIGINT"
            numbered = relation
        else:
            # One line per row unless a field spans lines; a message recounts when it must.
            row, line = "row", "row + 1"
            numbered = f"(SELECT row_number() OVER () AS row, * FROM {relation})"
        try:
            self.con.execute(
                f"CREATE TEMP TABLE raw AS SELECT {row} AS row, {line} AS line, "
                f"{text('case')} AS case_id, {text('activity')} AS activity, "
                f"{text('resource')} AS resource, {text('lifecycle')} AS life, "
                f"{_quote(found['timestamp'])} AS ts FROM {numbered}"
            )
        except duckdb.Error:
            if spec.kind == "csv":
                self._rejected()
            raise
        for column, code in CODES.items():
            text = RAW_TEXT[column]
            self.con.execute(
                f"CREATE TEMP TABLE names_{column} AS SELECT CAST(row_number() OVER "
                f"(ORDER BY name) - 1 AS INTEGER) AS {code}, name FROM "
                f"(SELECT DISTINCT {text} AS name FROM raw WHERE {text} IS NOT NULL)"
            )
        return found, types.get(found["timestamp"], "VARCHAR").upper()

    def _rejected(self) -> None:
        """Raise for the first row of the CSV file that cannot be read (a row with too few or
        too many fields, bytes that are not UTF-8), at its line; return if there is none.

        Read again with ``store_rejects``, the engine sets such rows aside and says where
        they are; it is not the first reading, whose guess at the separator and the header
        the same option changes."""
        con = self.con
        rejecting = (f"read_csv({_text(str(self.spec.path))}, header = true, skip = 0, "
                     "all_varchar = true, store_rejects = true)")  # fmt: skip
        con.execute(f"SELECT count(COLUMNS(*)) FROM {rejecting}").fetchall()
        first = con.execute(
            "SELECT line_byte_position, error_type, error_message FROM reject_errors "
            "ORDER BY line LIMIT 1"
        ).fetchone()
        if first is None:
            return
        at, kind, why = first
        names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {rejecting}").fetchall()]
        columns = ", ".join(names)
        if kind == "MISSING COLUMNS":
            message = say("log.fewer_fields", n=len(names), columns=columns)
        elif kind == "TOO MANY COLUMNS":
            message = say("log.more_fields", n=len(names), columns=columns)
        elif kind == "INVALID ENCODING":
            message = say("log.not_utf8")
        else:
            message = say("log.unreadable", why=str(why).strip().splitlines()[0])
        raise EventLogError(self.spec.shown, message, _line_at(self.spec.path, at))

    def _time_sql(self, ts_type: str) -> tuple[str, str]:
        """SQL for (the local wall time, the instant) of column ``ts``."""
        spec = self.spec
        zone = _text(spec.timezone) if spec.timezone is not None else None
        if zone is not None:
            self._check_zone(spec.timezone)
        if ts_type.startswith("TIMESTAMP WITH TIME ZONE") or ts_type == "TIMESTAMPTZ":
            self.local_is_utc = zone is None
            return f"timezone({zone or _text('UTC')}, ts)", "ts"
        if ts_type.startswith("TIMESTAMP") or ts_type == "DATE":
            wall = "CAST(ts AS TIMESTAMP)"
            return wall, (f"timezone({zone}, {wall})" if zone else wall)
        text = "trim(CAST(ts AS VARCHAR))"
        fmt = spec.time_format
        if fmt is None:
            instant = f"try_cast({text} AS TIMESTAMPTZ)"
            if zone is not None:
                # Naive times are local in the zone; times with an offset are moved into it.
                instant = (
                    f"CASE WHEN regexp_matches({text}, '(Z|[+-]\\d\\d(:?\\d\\d)?)$') "
                    f"THEN {instant} ELSE timezone({zone}, try_cast({text} AS TIMESTAMP)) END"
                )
                return f"timezone({zone}, {instant})", instant
            return f"try_cast({text} AS TIMESTAMP)", instant
        self._check_format(fmt)
        parsed = f"try_strptime({text}, {_text(fmt)})"
        if "%z" in fmt or "%Z" in fmt:
            self.local_is_utc = zone is None
            return f"timezone({zone or _text('UTC')}, {parsed})", parsed
        return parsed, (f"timezone({zone}, {parsed})" if zone else parsed)

    def _check_format(self, fmt: str) -> None:
        """A --time-format the engine cannot read is the option's fault, not the log's."""
        import duckdb

        try:
            self.con.execute("SELECT try_strptime('2024-01-01', ?)", [fmt])
        except duckdb.Error:
            raise EventLogError(self.spec.shown, say("log.bad_format", format=fmt)) from None

    def _check_zone(self, zone: str) -> None:
        import duckdb

        try:
            self.con.execute(f"SELECT timezone({_text(zone)}, TIMESTAMP '2024-01-01')")
        except duckdb.Error:
            raise EventLogError(
                self.spec.shown,
                say("log.bad_zone", zone=zone),
            ) from None

    def _bad_timestamp(self, row: int) -> None:
        value, empty = self.con.execute(
            "SELECT CAST(ts AS VARCHAR), ts IS NULL OR trim(CAST(ts AS VARCHAR)) = '' "
            "FROM raw WHERE row = ?",
            [row],
        ).fetchone()
        if empty:
            raise self._at(row, say("log.no_timestamp", option=OPTIONS["timestamp"]))
        (read,) = self.con.execute("SELECT t IS NOT NULL FROM ev WHERE row = ?", [row]).fetchone()
        if read:
            raise self._at(row, say("log.time_out_of_range", value=value))
        fmt = self.spec.time_format
        expected = say("log.format_given", format=fmt) if fmt else say("log.iso")
        raise self._at(row, say("log.bad_time", value=value, expected=expected))

    def _at(self, row: int, message: Phrase) -> EventLogError:
        """An error at ``row``: with its line where the file has lines."""
        line = self._line(row)
        if line is None:
            return EventLogError(self.spec.shown, say("log.row", row=row, message=message))
        return EventLogError(self.spec.shown, message, line)

    def _line(self, row: int) -> int | None:
        """The line where ``row`` starts (``None``: the file has no lines, Parquet)."""
        line = self.con.execute("SELECT line FROM raw WHERE row = ?", [row]).fetchone()[0]
        if self.spec.kind != "csv" or line is None:
            return line
        # Fields that span lines push the line down by their line breaks.
        fields = (
            "coalesce(case_id, '') || coalesce(activity, '') || coalesce(resource, '') || "
            "coalesce(life, '') || coalesce(CAST(ts AS VARCHAR), '')"
        )
        if self._spanning is None:
            self._spanning = bool(self.con.execute(
                f"SELECT coalesce(bool_or(contains({fields}, chr(10))), false) FROM raw"
            ).fetchone()[0])  # fmt: skip
        if not self._spanning:
            return int(line)
        extra = self.con.execute(
            f"SELECT coalesce(sum(length({fields}) - "
            f"length(replace({fields}, chr(10), ''))), 0) FROM raw WHERE row < ?",
            [row],
        ).fetchone()[0]
        return int(line) + int(extra)

    def _facts(self) -> LogFacts:
        con = self.con
        events, cases = con.execute("SELECT count(*), count(DISTINCT c) FROM ev").fetchone()
        other = con.execute(
            "SELECT lc.life, count(*) FROM ev JOIN lifecycles lc USING (l) WHERE ev.kind = 'o' "
            "GROUP BY lc.life ORDER BY 2 DESC, 1"
        ).fetchall()
        unsorted = con.execute(
            "SELECT count(DISTINCT c) FROM (SELECT c, t < lag(t) OVER "
            "(PARTITION BY c ORDER BY row) AS back FROM ev) WHERE back"
        ).fetchone()[0]
        one, row = con.execute(
            "SELECT count(*), min(first_row) FROM "
            "(SELECT min(row) AS first_row, count(*) AS n FROM ev GROUP BY c) WHERE n = 1"
        ).fetchone()
        first_one = None
        if one:
            case = con.execute(
                "SELECT n.name FROM ev JOIN names_case n USING (c) WHERE ev.row = ?", [row]
            ).fetchone()[0]
            first_one = (case, self._line(row))
        return LogFacts(events, cases, tuple(other), unsorted, one, first_one, self.local_is_utc)

    # --- measuring ----------------------------------------------------------------------

    def activities(self) -> list[tuple[str, int, int]]:
        """Every activity with its events and cases, most events first."""
        return self.con.execute(
            "SELECT n.name, x.events, x.cases FROM (SELECT a, count(*) AS events, "
            "count(DISTINCT c) AS cases FROM ev GROUP BY a) x JOIN names_activity n USING (a) "
            "ORDER BY 2 DESC, 1"
        ).fetchall()

    def build_visits(self, step_of: Mapping[str, int]) -> int:
        """Pair each mapped ``complete`` with its ``start`` (the k-th start of an activity in a
        case with its k-th complete, in time order) and give every case its path of step
        numbers. Returns the number of starts left without a complete."""
        import numpy as np

        con = self.con
        con.register(
            "mapping",
            {
                "activity": np.asarray(list(step_of), dtype=object),
                "step": np.asarray(list(step_of.values()), dtype=np.int32),
            },
        )
        con.execute(
            "CREATE TEMP TABLE steps AS SELECT n.a, m.step FROM names_activity n "
            "JOIN mapping m ON n.name = m.activity"
        )
        # Only the columns each step needs: the engine carries every column through a sort.
        con.execute(
            "CREATE TEMP TABLE mapped AS SELECT e.row, e.c, e.a, s.step, e.kind, e.t, e.w, e.r, "
            "row_number() OVER (PARTITION BY e.c, e.a, e.kind ORDER BY e.t, e.row) AS k "
            "FROM ev e JOIN steps s USING (a) WHERE e.kind IN ('s', 'c')"
        )
        con.execute(
            "CREATE TEMP TABLE visits AS SELECT c.c, c.step, c.row, c.t, c.w AS wc, "
            "s.w AS ws, s.t AS t_start, s.row AS start_row, c.r "
            "FROM (SELECT * FROM mapped WHERE kind = 'c') c LEFT JOIN "
            "(SELECT * FROM mapped WHERE kind = 's') s USING (c, a, k)"
        )
        bad = con.execute(
            "SELECT v.row, v.start_row, na.name, nc.name FROM visits v JOIN ev e USING (row) "
            "JOIN names_activity na ON na.a = e.a JOIN names_case nc ON nc.c = v.c "
            "WHERE v.t_start > v.t ORDER BY v.row LIMIT 1"
        ).fetchone()
        if bad:
            start_line = self._line(bad[1])
            where = (
                say("log.at_line", line=start_line)
                if start_line is not None
                else say("log.at_row", row=bad[1])
            )
            raise self._at(
                bad[0],
                say("log.out_of_order", activity=bad[2], case=bad[3], where=where),
            )
        # Each start is paired with at most one complete: the starts left over are unmatched.
        unmatched = con.execute(
            "SELECT (SELECT count(*) FROM mapped WHERE kind = 's') - "
            "(SELECT count(start_row) FROM visits)"
        ).fetchone()[0]
        con.execute("DROP TABLE mapped")
        con.execute(
            "CREATE TEMP TABLE cases AS SELECT c, min(row) AS first_row, count(*) AS n, "
            "arg_min(w, t) AS w_first, arg_max(w, t) AS w_last FROM ev GROUP BY c"
        )
        con.execute(
            "CREATE TEMP TABLE ordered AS SELECT c, step, wc, ws, "
            "row_number() OVER byt - 1 AS ord, r <> lag(r) OVER byt AS changed "
            "FROM visits WINDOW byt AS (PARTITION BY c ORDER BY t, row)"
        )
        # A case of one event has one instant: no lead time to measure (not a lead time of 0).
        con.execute(
            "CREATE TEMP TABLE paths AS SELECT cs.c, cs.first_row, CASE WHEN cs.n = 1 THEN "
            "'NaN'::DOUBLE ELSE cs.w_last - cs.w_first END AS lead, coalesce(p.path, '') AS path, "
            "coalesce(p.changes, 0) AS changes FROM cases cs LEFT JOIN "
            "(SELECT c, string_agg(CAST(step AS VARCHAR), ',' ORDER BY ord) AS path, "
            "count(*) FILTER (WHERE changed) AS changes FROM ordered GROUP BY c) p "
            "USING (c)"
        )  # fmt: skip
        con.execute(
            "CREATE TEMP TABLE variants AS SELECT path, count(*) AS cases, "
            "row_number() OVER (ORDER BY count(*) DESC, min(first_row)) - 1 AS vid "
            "FROM paths GROUP BY path"
        )
        return int(unmatched)

    def variants(self) -> list[tuple[int, str, int]]:
        """(variant number, path of step numbers joined by commas, cases), most cases first."""
        return self.con.execute("SELECT vid, path, cases FROM variants ORDER BY vid").fetchall()

    def visit_arrays(self) -> dict[str, Any]:
        """Every visit as numpy arrays, ordered by variant, case and position in the case:
        ``vid``, ``pos`` (position in the case's path), ``step`` (its number), ``wc``
        (working hours at the complete) and ``ws`` (at the start; NaN without one)."""
        return self.con.execute(
            "SELECT v.vid, o.ord AS pos, o.step, o.wc, coalesce(o.ws, 'NaN'::DOUBLE) AS ws "
            "FROM ordered o JOIN paths p USING (c) JOIN variants v USING (path) "
            "ORDER BY v.vid, p.first_row, o.ord"
        ).fetchnumpy()

    def case_arrays(self) -> dict[str, Any]:
        """Every case as numpy arrays: ``vid``, ``lead`` (working hours from its first event
        to its last; NaN for a case of one event) and ``changes`` (changes of resource
        between its visits)."""
        return self.con.execute(
            "SELECT v.vid, p.lead, p.changes FROM paths p JOIN variants v USING (path) "
            "ORDER BY p.first_row"
        ).fetchnumpy()

    def has_resources(self) -> bool:
        return "resource" in self.present

    def variant_example(self, vid: int) -> tuple[str, int | None]:
        """The first case of a variant and its first line (or row)."""
        case, row = self.con.execute(
            "SELECT n.name, p.first_row FROM paths p JOIN variants v USING (path) "
            "JOIN names_case n ON n.c = p.c WHERE v.vid = ? ORDER BY p.first_row LIMIT 1",
            [vid],
        ).fetchone()
        line = self._line(row)
        return case, (line if line is not None else row)


def _line_at(path: Path, position: int) -> int:
    """The line that byte ``position`` (counted from 0) is on. The engine gives a line's
    first byte or its second, as the line before ends in CR LF or LF: either is on it."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    breaks = 0
    with opener(path, "rb") as stream:
        while position > 0 and (block := stream.read(min(position, 1 << 20))):
            breaks += block.count(b"\n")
            position -= len(block)
    return breaks + 1


def _empty(path: Path) -> bool:
    """Whether the file holds nothing but white space (a CSV file then has no columns)."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rb") as stream:
        while block := stream.read(1 << 16):
            if block.lstrip(b"\xef\xbb\xbf").strip():
                return False
    return True


def csv_to_parquet(source: Path, target: Path) -> None:
    """Write the CSV log ``source`` (skavmap's own columns) as Parquet to ``target``."""
    import duckdb

    with duckdb.connect(config={"memory_limit": MEMORY_LIMIT}) as con:
        con.execute(
            f"COPY (SELECT * FROM read_csv({_text(str(source))}, header = true, "
            f"all_varchar = true)) TO {_text(str(target))} (FORMAT parquet)"
        )


def write_log(path: Path, cases: Iterable[Sequence[Row]]) -> int:
    """Write the events of ``cases`` to ``path`` as CSV, XES (``.xes``, ``.xes.gz``) or
    Parquet, by its suffix; returns the number of events. The file appears whole or not at
    all."""
    import os
    import tempfile

    kind = log_kind(path)
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    os.close(handle)
    written = Path(temporary)
    try:
        if kind == "xes":
            opener = gzip.open if path.suffix.lower() == ".gz" else open
            with opener(written, "wt", encoding="utf-8", newline="\n") as stream:
                count = write_xes(stream, cases)
        elif kind == "parquet":
            text = written.with_suffix(".csv")
            try:
                with text.open("w", encoding="utf-8", newline="") as stream:
                    count = write_csv(stream, cases)
                csv_to_parquet(text, written)
            finally:
                text.unlink(missing_ok=True)
        else:
            with written.open("w", encoding="utf-8", newline="") as stream:
                count = write_csv(stream, cases)
        os.replace(written, path)
    finally:
        written.unlink(missing_ok=True)
    return count
