"""XES read two ways: the plain reader (a byte scan of the shape pm4py, ProM and skavmap
write) and expat. They must give the same events, the same lines and the same times, on the
real receipt log, on simulated logs and on hand-written files of every awkward shape; where
the scan does not know the shape it gives up and expat reads the file; broken files get one
message with the line, and exit 2.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import SHARED, run_cli

from skavmap.format import eventlog_sql, xes
from skavmap.format.eventlog import EventLogError, LogSpec
from skavmap.format.eventlog_sql import EventStore, WorkCalendar
from skavmap.format.xes import XesNames, read_xes

RECEIPT_LOG = SHARED / "corpus/pm4py/08_receipt.xes.gz"
OFFICE = WorkCalendar(7 * 60, 18 * 60, 8.0)
LOOP = "examples/loop.yaml"

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n'
    '\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n'
    '\t<global scope="event">\n\t\t<string key="concept:name" value="UNKNOWN"/>\n\t</global>\n'
    '\t<float key="meta" value="1.5">\n\t\t<float key="nested" value="2"/>\n\t</float>\n'
)  # fmt: skip


def event(activity: str, stamp: str, resource: str | None = None, life: str | None = None) -> str:
    parts = [f'<string key="concept:name" value="{activity}"/>',
             f'<date key="time:timestamp" value="{stamp}"/>']  # fmt: skip
    if resource is not None:
        parts.append(f'<string key="org:resource" value="{resource}"/>')
    if life is not None:
        parts.append(f'<string key="lifecycle:transition" value="{life}"/>')
    return "\t\t<event>\n" + "".join(f"\t\t\t{p}\n" for p in parts) + "\t\t</event>\n"


def trace(case: str, *events: str) -> str:
    name = f'<string key="concept:name" value="{case}"/>'
    return f"\t<trace>\n\t\t{name}\n{''.join(events)}\t</trace>\n"


#: A log in the usual shape, with what a real export has: references (&amp; &lt; &#229;),
#: Swedish letters, offsets and Z, fractions of a second, start and complete, a missing
#: resource, an attribute that is not a column, and cases that share an activity.
PLAIN = (
    HEAD
    + trace(
        "F-2026-001",
        event("Registrera &amp; skanna", "2026-03-16T08:00:00.000+01:00", "Åsa Öberg", "start"),
        event("Registrera &amp; skanna", "2026-03-16T08:30:00.250+01:00", "Åsa Öberg", "complete"),
        event("Granska &lt;attest&gt;", "2026-03-17T09:00:00Z", None, "complete"),
        event("Betala fakturan &#229;&#xe4;", "2026-03-18T10:15:00.123456789-02:30", "Per"),
    )
    + trace(
        "F-2026-002 ärende",
        event("Registrera &amp; skanna", "2026-03-16 11:00:00", "Åsa Öberg", "complete"),
        '\t\t<event>\n\t\t\t<int key="cost" value="12"/>\n'
        '\t\t\t<string key="concept:name" value="Granska &lt;attest&gt;"/>\n'
        '\t\t\t<date key="time:timestamp" value="2026-03-17T13:00:00.5"/>\n\t\t</event>\n',
    )
    + "</log>\n"
)


def rows(path: Path, plain: bool, **spec) -> tuple[list[tuple], set[str], int]:
    """Every event of ``path`` as (line, case, activity, timestamp, resource, lifecycle), the
    keys that are not columns, and how often the plain reader gave up. Timestamps the plain
    reader read itself are given as their microseconds."""
    names = XesNames()
    chunks: list = []
    restarts = []

    def restart() -> None:
        chunks.clear()
        restarts.append(1)

    chunks.extend(read_xes(LogSpec(path, **spec), names, restart, plain=plain))
    text = {
        column: {n: t for t, n in getattr(names, column).items()} | {-1: None}
        for column in ("case", "activity", "resource", "lifecycle")
    }
    found = []
    for chunk in chunks:
        for i in range(len(chunk)):
            stamp = (
                chunk.timestamp[i]
                if chunk.timestamp is not None
                else (int(chunk.wall[i]), int(chunk.instant[i]))
            )
            found.append((int(chunk.line[i]), text["case"][chunk.case[i]],
                          text["activity"][chunk.activity[i]], stamp,
                          text["resource"][chunk.resource[i]],
                          text["lifecycle"][chunk.lifecycle[i]]))  # fmt: skip
    return found, names.keys, len(restarts)


def events_table(path: Path, plain: bool, monkeypatch, **spec) -> list[tuple]:
    """The engine's events of ``path`` read one way: every column, times included."""

    def reader(spec_, names, restart):
        return read_xes(spec_, names, restart, plain=plain)

    with monkeypatch.context() as patched:
        patched.setattr(eventlog_sql, "read_xes", reader)
        with EventStore(LogSpec(path, **spec), OFFICE) as store:
            return store.con.execute(
                "SELECT ev.row, r.line, nc.name, na.name, nr.name, lc.life, ev.kind, ev.t, ev.w "
                "FROM ev JOIN raw r USING (row) LEFT JOIN names_case nc ON nc.c = ev.c "
                "LEFT JOIN names_activity na ON na.a = ev.a "
                "LEFT JOIN names_resource nr ON nr.r = ev.r "
                "LEFT JOIN lifecycles lc ON lc.l = ev.l ORDER BY ev.row"
            ).fetchall()


def same(path: Path, *, plain_taken: bool, **spec) -> list[tuple]:
    """Both readers give ``path`` the same events; the plain one read it itself (or gave
    up, as ``plain_taken`` says). The events, as expat read them."""
    fast, fast_keys, restarts = rows(path, plain=True, **spec)
    slow, slow_keys, _ = rows(path, plain=False, **spec)
    assert restarts == (0 if plain_taken else 1)
    assert fast_keys == slow_keys
    assert len(fast) == len(slow)
    for got, want in zip(fast, slow, strict=True):
        if isinstance(got[3], tuple):  # read here: compared in the engine below
            got, want = got[:3] + got[4:], want[:3] + want[4:]
        assert got == want
    return slow


def write(path: Path, text: str) -> Path:
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8", newline="") as stream:
            stream.write(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


# --- the same events both ways ---------------------------------------------------------------


@pytest.mark.skipif(not RECEIPT_LOG.exists(), reason="the shared corpus is not beside the repo")
def test_the_receipt_log_reads_the_same_both_ways(monkeypatch):
    events = same(RECEIPT_LOG, plain_taken=True)
    assert len(events) == 8577 and len({e[1] for e in events}) == 1434
    assert events_table(RECEIPT_LOG, True, monkeypatch) == events_table(
        RECEIPT_LOG, False, monkeypatch
    )


@pytest.mark.parametrize("name", ["invoice.xes", "invoice.xes.gz"])
def test_a_simulated_log_reads_the_same_both_ways(name, tmp_path, monkeypatch):
    log = tmp_path / name
    done = run_cli("simulate", "processes/invoice.yaml", "--cases", "300", "--seed", "3",
                   "-o", str(log))  # fmt: skip
    assert done.returncode == 0, done.stderr
    events = same(log, plain_taken=True)
    assert {e[5] for e in events} == {"start", "complete"}
    assert None in {e[4] for e in events} and "Leverantör 2" in {e[4] for e in events}
    assert events_table(log, True, monkeypatch) == events_table(log, False, monkeypatch)


def test_references_swedish_letters_offsets_and_missing_attributes(tmp_path, monkeypatch):
    for name in ("plain.xes", "plain.xes.gz"):
        log = write(tmp_path / name, PLAIN)
        events = same(log, plain_taken=True)
        assert [e[2] for e in events] == [
            "Registrera & skanna", "Registrera & skanna", "Granska <attest>",
            "Betala fakturan åä", "Registrera & skanna", "Granska <attest>",
        ]  # fmt: skip
        assert [e[1] for e in events][-2:] == ["F-2026-002 ärende"] * 2
        assert [e[4] for e in events][:3] == ["Åsa Öberg", "Åsa Öberg", None]
        assert [e[5] for e in events] == ["start", "complete", "complete", None, "complete", None]
        assert [e[0] for e in events] == [12, 18, 24, 29, 37, 43]
        table = events_table(log, True, monkeypatch)
        assert table == events_table(log, False, monkeypatch)
        # The offset orders the events; the time as written is the local time.
        first, second = table[0][7], table[1][7]
        assert second - first == 30 * 60 * 1_000_000 + 250_000
    keys = rows(tmp_path / "plain.xes", plain=True)[1]
    assert keys == {"cost"}


@pytest.mark.parametrize(
    ("shape", "text", "plain_taken"),
    [
        ("value before key", '<string value="Granska" key="concept:name"/>', False),
        ("single quotes", "<string key='concept:name' value='Granska'/>", False),
        ("a space before />", '<string key="concept:name" value="Granska" />', False),
        ("a comment", '<!-- x --><string key="concept:name" value="Granska"/>', False),
        ("a nested attribute", '<list key="concept:name"><int key="a" value="1"/></list>', False),
        ("a CDATA section", '<string key="concept:name" value="Granska"/><![CDATA[x]]>', False),
        ("text between elements", 'x > y<string key="concept:name" value="Granska"/>', True),
        ("a line break in a value", '<string key="concept:name" value="Granska\n\tnu"/>', True),
        ("a reference to a line break", '<string key="concept:name" value="A&#10;B"/>', True),
        ("two tags on a line", '<string key="concept:name" value="A"/><int key="n" value="1"/>',
         True),
    ],
)  # fmt: skip
def test_awkward_shapes_read_the_same(shape, text, plain_taken, tmp_path):
    body = (
        HEAD
        + '\t<trace>\n\t\t<string key="concept:name" value="c1"/>\n'
        + f'\t\t<event>\n\t\t\t<date key="time:timestamp" value="2024-01-08T09:00:00"/>{text}\n'
        + "\t\t</event>\n\t</trace>\n"
        + trace("c2", event("Fatta beslut", "2024-01-09T09:00:00+01:00"))
        + "</log>\n"
    )
    events = same(write(tmp_path / "shape.xes", body), plain_taken=plain_taken)
    assert len(events) == 2 and events[1][2] == "Fatta beslut"


def test_a_log_whose_elements_carry_a_namespace_prefix_reads_the_same(tmp_path):
    # <x:log xmlns:x="…"> names the same elements as <log xmlns="…">: expat reads it.
    prefixed = re.sub(r"<(/?)(log|trace|event|string|date|int|float|global|extension)\b",
                      r"<\1x:\2", PLAIN).replace('xmlns="', 'xmlns:x="')  # fmt: skip
    assert "<x:trace>" in prefixed and "<trace>" not in prefixed
    events = rows(write(tmp_path / "prefixed.xes", prefixed), plain=True)[0]
    assert events == rows(write(tmp_path / "plain.xes", PLAIN), plain=False)[0]


def test_windows_line_breaks_and_a_byte_order_mark(tmp_path):
    text = "\ufeff" + PLAIN.replace("\n", "\r\n")
    events = same(write(tmp_path / "crlf.xes", text), plain_taken=True)
    assert [e[0] for e in events] == [12, 18, 24, 29, 37, 43]
    lone = write(tmp_path / "cr.xes", PLAIN.replace("\n", "\r"))
    same(lone, plain_taken=False)


def test_a_minified_log_reads_the_same(tmp_path):
    text = PLAIN.replace("\n", "").replace("\t", "")
    events = same(write(tmp_path / "one-line.xes", text), plain_taken=True)
    assert {e[0] for e in events} == {1}


def test_other_names_for_the_columns_and_an_explicit_time_format(tmp_path):
    log = write(tmp_path / "plain.xes", PLAIN)
    events = same(log, plain_taken=True, names={"resource": "cost", "activity": "org:resource"})
    assert [e[2] for e in events] == ["Åsa Öberg"] * 2 + [None, "Per", "Åsa Öberg", None]
    assert [e[4] for e in events] == [None] * 5 + ["12"]
    texts = same(log, plain_taken=True, time_format="%Y-%m-%dT%H:%M:%S")
    assert texts[2][3] == "2026-03-17T09:00:00Z"


def test_the_scanned_times_are_the_engines(tmp_path):
    # Every form the scan reads itself, against DuckDB reading the text: equal to the
    # microsecond, for local time and instant; forms it does not read fall to the engine.
    import duckdb
    import numpy as np

    rng = random.Random(11)
    start = datetime(1900, 1, 1)
    forms = []
    for _ in range(400):
        at = start + timedelta(seconds=rng.randrange(0, 200 * 365 * 86400),
                               microseconds=rng.randrange(0, 1_000_000))  # fmt: skip
        text = at.strftime("%Y-%m-%d") + rng.choice("T ") + at.strftime("%H:%M:%S")
        digits = rng.choice([0, 1, 3, 6, 9])
        if digits:
            text += "." + f"{at.microsecond:06d}{rng.randrange(1000):03d}"[:digits]
        zone = rng.choice(["", "Z", "+01:00", "-02:30", "+14:00", "-00:00"])
        forms.append(text + zone)
    forms += [
        "2024-02-29T10:00:00", "2023-02-29T10:00:00", "2024-01-08T24:00:00",
        "2024-13-01T10:00:00", "0000-01-01T00:00:00", "2024-01-08T09:00:00+24:00",
        "2024-01-08T09:00:00.", "2024-01-08T09:00:00+0100", "2024-01-08t09:00:00",
    ]  # fmt: skip
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    read = 0
    for text in forms:
        data = np.frombuffer(b" " * 8 + text.encode() + b" " * 16, dtype=np.uint8)
        words = xes._words(data)
        got = xes._iso_times(words, np.array([8]), np.array([len(text)]))
        wall, instant = con.execute(
            "SELECT epoch_us(try_cast(? AS TIMESTAMP)), epoch_us(try_cast(? AS TIMESTAMPTZ))",
            [text, text],
        ).fetchone()
        if got is not None:
            read += 1
            assert (int(got[0][0]), int(got[1][0])) == (wall, instant), text
    assert read > 380  # the usual forms are read here, not by the engine


# --- broken files ------------------------------------------------------------------------------


def failing(log: Path) -> str:
    done = run_cli("evidence", LOOP, "--log", str(log))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and not done.stdout
    return done.stderr.strip()


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        ('<string key="concept:name" value="a<b"/>', 19, "not well-formed"),
        ('<string key="concept:name" value="a"/></trace>', 19, "mismatched tag"),
        ('<string key="concept:name" value="&nbsp;"/>', 19, "undefined entity"),
        ('<string key="concept:name" value="a\x01"/>', 19, "not well-formed"),
        ('<string key="concept:name" value="a&#0;"/>', 19, "reference to invalid character"),
        ('<string key="concept:name" value="a"/>]]>', 19, "not well-formed"),
        ('<string key="concept:name" value="a" value="b"/>', 19, "duplicate attribute"),
    ],
)
def test_broken_xes_is_reported_at_its_line_as_expat_says(broken, line, message, tmp_path):
    body = (
        HEAD
        + trace("c1", event("Granska ansökan", "2024-01-08T09:00:00"))
        + f"\t<trace>\n\t\t<event>\n\t\t\t{broken}\n\t\t</event>\n\t</trace>\n</log>\n"
    )
    log = write(tmp_path / "broken.xes", body)
    assert failing(log).startswith(f"{log}:{line}:")
    assert message in failing(log)
    with pytest.raises(EventLogError):
        rows(log, plain=True)


def test_invalid_utf8_and_files_that_break_off(tmp_path):
    bad = tmp_path / "latin1.xes"
    bad.write_bytes(PLAIN.replace("Åsa", "\xc5sa").encode("latin-1", errors="replace"))
    assert "not valid XML: not well-formed (invalid token)" in failing(bad)
    short = write(tmp_path / "short.xes", PLAIN[: PLAIN.index("</log>") - 30])
    assert failing(short) == f"{short}:46:4: error: not valid XML: unclosed token"
    cut = tmp_path / "cut.xes.gz"
    cut.write_bytes(gzip.compress(PLAIN.encode())[:-20])
    assert failing(cut).startswith(f"{cut}: error: cannot read the log")


def test_a_doctype_is_refused_before_anything_is_expanded(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE log [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        + PLAIN[PLAIN.index("<log") :].replace("c1", "&b;")
    )
    log = write(tmp_path / "bomb.xes", bomb)
    message = failing(log)
    assert message.startswith(f"{log}:2:1: error: the file declares a DOCTYPE")
    external = write(tmp_path / "external.xes", '<?xml version="1.0"?>\n<!DOCTYPE log SYSTEM '
                     '"file:///etc/passwd">\n' + PLAIN[PLAIN.index("<log") :])  # fmt: skip
    assert "declares a DOCTYPE" in failing(external)


def test_the_root_must_be_a_log(tmp_path):
    text = PLAIN.replace("<log ", "<logg ").replace("</log>", "</logg>")
    other = write(tmp_path / "other.xes", text)
    assert failing(other).startswith(f"{other}:2:1: error: not an XES log")


def test_a_left_out_xes_event_does_not_make_its_step_recorded(tmp_path):
    # A 'schedule' of a step no case does: the step stays "not in the log" and the cases fit.
    cases = [
        trace(
            case,
            event("Sökande skickar ansökan", f"2024-01-08T0{h}:00:00", life="complete"),
            event("Granska ansökan", f"2024-01-10T0{h}:00:00", life="complete"),
            *(
                [event("Begär komplettering", "2024-01-10T10:00:00", life="schedule")]
                if h == 9
                else []
            ),
            event("Fatta beslut", f"2024-01-11T0{h}:00:00", life="complete"),
        )  # fmt: skip
        for case, h in (("c1", 9), ("c2", 8))
    ]
    log = write(tmp_path / "log.xes", HEAD + "".join(cases) + "</log>\n")
    done = run_cli("evidence", LOOP, "--log", str(log), "--format", "json")
    assert done.returncode == 0, done.stderr
    ev = json.loads(done.stdout)["processes"][0]["evidence"]
    assert ev["conformance"]["fitting_cases"] == 2 and ev["finished_cases"] == 2
    begar = next(s for s in ev["steps"] if s["id"] == "begar")
    assert begar["events"] == 0 and begar["visits"]["measured"] is None
