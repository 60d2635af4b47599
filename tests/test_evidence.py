"""``skavmap evidence`` and ``skavmap simulate``: a process measured from an event log.

A log simulated from a model measures back to that model (the oracle); the calendar rule is
checked by hand on weekends, nights, windows across midnight and offsets; the real receipt
log of a Dutch municipality is measured against a hand-written model; broken logs get one
clear message with the line, and exit 2.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import random
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, run_cli

from skavmap.analysis.engine import analyse
from skavmap.analysis.evidence import measure
from skavmap.analysis.worktime import clock_time, working_hours
from skavmap.format.eventlog import LogSpec
from skavmap.format.eventlog_sql import EventStore, WorkCalendar, write_log
from skavmap.format.loader import load
from skavmap.format.update import percent_texts

LOOP = "examples/loop.yaml"
PARALLEL = "examples/parallel.yaml"
INVOICE = "processes/invoice.yaml"
RECEIPT = ROOT / "examples/evidence/receipt.yaml"
RECEIPT_MAP = ROOT / "examples/evidence/receipt-mapping.yaml"
RECEIPT_LOG = SHARED / "corpus/pm4py/08_receipt.xes.gz"
OFFICE = WorkCalendar(7 * 60, 18 * 60, 8.0)  # 07:00-18:00, 11 clock hours = 8 working hours
NIGHT = WorkCalendar(22 * 60, 6 * 60, 8.0)  # 22:00-06:00 across midnight


def simulated(process: str, cases: int, path: Path, seed: int = 7) -> Path:
    from skavmap.analysis.simulate import simulate

    analysis = analyse(load(ROOT / process))
    rows = (
        [(e.case, e.activity, e.timestamp, e.resource, e.lifecycle) for e in events]
        for events in simulate(analysis, cases, seed)
    )
    write_log(path, rows)
    return path


def evidence_json(*args: str) -> dict:
    done = run_cli("evidence", *args, "--format", "json", "--lang", "en")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["processes"][0]["evidence"]


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the calendar rule ---------------------------------------------------------------------------


def between(a: datetime, b: datetime, cal: WorkCalendar = OFFICE) -> float:
    return working_hours(b, cal) - working_hours(a, cal)


def test_working_time_counts_only_weekday_windows_scaled_to_a_working_day():
    friday, monday = datetime(2024, 1, 5), datetime(2024, 1, 8)
    # A whole window is one working day.
    assert between(monday.replace(hour=7), monday.replace(hour=18)) == pytest.approx(8.0)
    # Friday 17:00 to Monday 08:00: one clock hour each side of the weekend.
    assert between(friday.replace(hour=17), monday.replace(hour=8)) == pytest.approx(16 / 11)
    # The night and the weekend count nothing.
    assert between(friday.replace(hour=19), monday.replace(hour=6)) == 0
    assert between(datetime(2024, 1, 6, 9), datetime(2024, 1, 7, 15)) == 0
    # A full week is five working days.
    assert between(monday, monday + timedelta(weeks=1)) == pytest.approx(40.0)


def test_a_window_across_midnight_counts_weekday_mornings_and_evenings():
    monday = datetime(2024, 1, 8)
    assert between(monday.replace(hour=22), monday + timedelta(days=1, hours=6), NIGHT) == (
        pytest.approx(8.0)
    )
    # Friday 22:00 to Monday 06:00: Friday's evening and Monday's morning, never Saturday's.
    friday = datetime(2024, 1, 5)
    assert between(friday.replace(hour=22), monday.replace(hour=6), NIGHT) == pytest.approx(8.0)
    assert between(monday.replace(hour=6), monday.replace(hour=22), NIGHT) == 0


def test_clock_time_inverts_working_hours():
    rng = random.Random(3)
    for cal in (OFFICE, NIGHT, WorkCalendar(8 * 60, 16 * 60 + 30, 7.5)):
        for _ in range(200):
            hours = rng.uniform(0, 500_000)
            assert working_hours(clock_time(hours, cal), cal) == pytest.approx(hours, abs=1e-6)


def test_the_sql_counts_working_time_exactly_as_the_rule(tmp_path):
    rng = random.Random(5)
    start = datetime(2023, 1, 1)
    stamps = [start + timedelta(seconds=rng.randrange(0, 3 * 365 * 86400)) for _ in range(300)]
    lines = ["case_id,activity,timestamp"] + [
        f"c{i},a,{t.isoformat()}+0{i % 3}:00" for i, t in enumerate(stamps)
    ]
    log = write_csv(tmp_path / "stamps.csv", "\n".join(lines) + "\n")
    for cal in (OFFICE, NIGHT):
        with EventStore(LogSpec(log), cal) as store:
            got = dict(store.con.execute("SELECT row, w FROM ev").fetchall())
        # The time as written is the local time: the offset only orders the events.
        for i, t in enumerate(stamps):
            assert got[i + 1] == pytest.approx(working_hours(t, cal), abs=1e-6)


def test_offsets_and_daylight_saving_keep_the_local_working_hours(tmp_path):
    # Friday 16:00 summer time, Monday 09:00 winter time (Europe/Stockholm changed between);
    # the receipt model works 08:00-17:00: one hour each side, 2 of 9 clock hours of 8 h.
    log = write_csv(
        tmp_path / "dst.csv",
        "case_id,activity,timestamp\n"
        "c1,Ansökan registreras,2024-10-25T16:00:00+02:00\n"
        "c1,Kontrollera mottagningsbekräftelsen,2024-10-28T09:00:00+01:00\n",
    )
    evidence = evidence_json(str(RECEIPT), "--log", str(log))
    wait = next(s for s in evidence["steps"] if s["id"] == "kontroll")["wait_hours"]
    assert wait["mean"] == pytest.approx(2 * 8 / 9, abs=1e-3)
    # The same instants in UTC, placed in Stockholm's local time, measure the same.
    utc = write_csv(
        tmp_path / "utc.csv",
        "case_id,activity,timestamp\n"
        "c1,Ansökan registreras,2024-10-25T14:00:00Z\n"
        "c1,Kontrollera mottagningsbekräftelsen,2024-10-28T08:00:00Z\n",
    )
    evidence = evidence_json(str(RECEIPT), "--log", str(utc), "--timezone", "Europe/Stockholm")
    again = next(s for s in evidence["steps"] if s["id"] == "kontroll")["wait_hours"]
    assert again["mean"] == pytest.approx(wait["mean"], abs=1e-6)


def test_instants_of_a_parquet_log_are_counted_in_utc_unless_a_zone_is_given(tmp_path):
    # A Parquet column with a time zone keeps instants, not the time as written: the same
    # Friday 16:00 to Monday 09:00 (Stockholm) as above, stored as UTC instants.
    import duckdb

    log = tmp_path / "instants.parquet"
    with duckdb.connect() as con:
        con.execute(
            "COPY (SELECT * FROM (VALUES ('c1', 'Ansökan registreras', "
            "TIMESTAMPTZ '2024-10-25 14:00:00+00'), ('c1', "
            "'Kontrollera mottagningsbekräftelsen', TIMESTAMPTZ '2024-10-28 08:00:00+00')) "
            f"AS t(case_id, activity, timestamp)) TO '{log}' (FORMAT parquet)"
        )
    note = "working hours are counted in UTC. Give --timezone"
    utc = evidence_json(str(RECEIPT), "--log", str(log))
    assert any(note in line for line in utc["notes"])
    local = evidence_json(str(RECEIPT), "--log", str(log), "--timezone", "Europe/Stockholm")
    assert not any(note in line for line in local["notes"])
    waits = [
        next(s for s in ev["steps"] if s["id"] == "kontroll")["wait_hours"]["mean"]
        for ev in (utc, local)
    ]
    # UTC: Friday 14:00-17:00 and Monday 08:00-08:00, 3 of 9 clock hours; Stockholm: 2 of 9.
    assert waits == [pytest.approx(3 * 8 / 9, abs=1e-3), pytest.approx(2 * 8 / 9, abs=1e-3)]


def test_times_read_by_a_format_with_an_offset_say_that_they_count_in_utc(tmp_path):
    log = write_csv(
        tmp_path / "offsets.csv",
        "case_id,activity,timestamp\nc1,Sökande skickar ansökan,2024-01-08 09:00:00+0100\n"
        "c1,Granska ansökan,2024-01-08 11:00:00+0100\n",
    )
    note = "working hours are counted in UTC. Give --timezone"
    given = evidence_json(LOOP, "--log", str(log), "--time-format", "%Y-%m-%d %H:%M:%S%z")
    assert any(note in line for line in given["notes"])
    zoned = evidence_json(LOOP, "--log", str(log), "--time-format", "%Y-%m-%d %H:%M:%S%z",
                          "--timezone", "Europe/Stockholm")  # fmt: skip
    assert not any(note in line for line in zoned["notes"])


def test_a_zone_s_own_offsets_of_centuries_past_are_not_refused(tmp_path):
    # Sitka kept its local mean time, nearly 15 hours from UTC, until 1867: a zone's own
    # offset is not an offset written in the log.
    log = write_csv(
        tmp_path / "old.csv",
        "case_id,activity,timestamp\nc1,Sökande skickar ansökan,1850-03-18 08:00:00\n"
        "c1,Granska ansökan,1850-03-18 10:00:00\n",
    )
    evidence_json(LOOP, "--log", str(log), "--timezone", "America/Sitka")


# --- the oracle: a simulated log measures back to its model --------------------------------------


def test_a_simulated_log_measures_back_to_its_model(tmp_path):
    log = simulated(INVOICE, 4000, tmp_path / "invoice.csv")
    analysis = analyse(load(ROOT / INVOICE))
    ev = measure(analysis, LogSpec(log))
    assert ev.cases == ev.finished == ev.conformance.fitting == 4000
    assert ev.conformance.fitness == 1.0 and not ev.unmapped and not ev.complete_only
    for step in ev.steps:
        if step.events == 0 or analysis.process.steps[step.step].kind == "start":
            continue
        assert step.visits.measured == pytest.approx(step.visits.model, rel=0.1, abs=0.01)
        assert step.wait.mean == pytest.approx(step.wait.model, rel=1e-3, abs=1e-3)
        assert step.work.mean == pytest.approx(step.work.model, rel=0.1, abs=2 / 60)
    for decision in ev.decisions:
        for branch in decision.branches:
            assert branch.share.measured == pytest.approx(branch.share.model, abs=0.02)
    lead = dict(ev.lead)["mean"]
    assert lead.measured == pytest.approx(lead.model, rel=0.03)
    assert ev.handoffs.measured == pytest.approx(ev.handoffs.model, rel=0.03)
    assert ev.cross_department_handoffs.measured == pytest.approx(
        ev.cross_department_handoffs.model, rel=0.03
    )
    assert ev.rework.measured == pytest.approx(ev.rework.model, rel=0.15)
    assert not any(f.differs for _, f in ev.lead if f.model is not None)


@pytest.mark.parametrize("fmt", ["xes", "parquet"])
def test_the_same_log_measures_the_same_in_every_format(fmt, tmp_path):
    # The oracle above reads CSV; the same events written as XES or Parquet must give
    # every figure of it, to the last digit (a smaller log: the readers are what differ).
    from skavmap.outputs.vocabulary import words
    from skavmap.reporters.evidence import evidence_json

    analysis = analyse(load(ROOT / INVOICE))
    figures = {}
    for kind in ("csv", fmt):
        log = simulated(INVOICE, 300, tmp_path / f"invoice.{kind}")
        figures[kind] = evidence_json(measure(analysis, LogSpec(log)), words("en"))
        figures[kind].pop("log")
    assert figures[fmt]["cases"] == 300 and figures[fmt]["steps"]
    assert figures[fmt] == figures["csv"]


def test_parallel_branches_measure_their_waits_from_the_split_not_the_other_branch(tmp_path):
    # miljo waits 2 w and brand 1 w, both from the split; the join waits for the longer.
    ev = measure(
        analyse(load(ROOT / PARALLEL)), LogSpec(simulated(PARALLEL, 50, tmp_path / "p.csv"))
    )
    waits = {s.step: s.wait.mean for s in ev.steps}
    assert waits["miljo"] == pytest.approx(80.0) and waits["brand"] == pytest.approx(40.0)
    assert waits["sammanstall"] == pytest.approx(0.0)
    assert dict(ev.lead)["mean"].measured == pytest.approx(ev.analysis.metrics.lead_time_hours)
    assert ev.handoffs.measured == pytest.approx(ev.analysis.metrics.handoffs)


def test_simulate_is_deterministic_and_writes_every_format(tmp_path):
    for name in ("a.csv", "b.csv", "c.xes.gz"):
        done = run_cli("simulate", LOOP, "--cases", "20", "--seed", "4", "-o", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
        assert "20 cases" in done.stdout
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    with gzip.open(tmp_path / "c.xes.gz", "rt", encoding="utf-8") as stream:
        assert stream.read().count("<trace>") == 20


# --- the real receipt log ------------------------------------------------------------------------


@pytest.mark.skipif(not RECEIPT_LOG.exists(), reason="the shared corpus is not beside the repo")
def test_the_receipt_log_measured_against_its_hand_written_model():
    ev = evidence_json(str(RECEIPT), "--log", str(RECEIPT_LOG), "--mapping", str(RECEIPT_MAP))
    assert (ev["cases"], ev["events"], ev["lifecycle"]) == (1434, 8577, "complete")
    assert all(a["step"] for a in ev["activities"]) and len(ev["activities"]) == 27
    c = ev["conformance"]
    # 116 cases end after their first event: still running when the log was taken.
    assert c["variants"] == 105 and c["deviations"][0]["cases"] == 116
    assert c["deviations"][0]["steps"] == ["mottagen"] and not c["deviations"][0]["finished"]
    assert 0.8 < c["fitting_share"] < 0.9 and 0.95 < c["fitness"] < 1
    assert ev["finished_cases"] == 1274
    steps = {s["id"]: s for s in ev["steps"]}
    assert steps["mottagen"]["events"] == 1434 and steps["kontroll"]["events"] == 1368
    assert steps["kontroll"]["work_hours"]["n"] == 0  # complete events only: no work measured
    branches = {b["to"]: b for d in ev["decisions"] for b in d["branches"]}
    assert branches["justera"]["taken"] == 49  # T03 Adjust, as the receipt log has it
    assert any("single event" in note for note in ev["notes"])


# --- broken logs ---------------------------------------------------------------------------------


def failing(args: list[str]) -> str:
    done = run_cli("evidence", LOOP, *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and not done.stdout
    return done.stderr.strip()


def test_a_missing_column_is_named_with_the_columns_there_are(tmp_path):
    log = write_csv(
        tmp_path / "log.csv", "case,activity,timestamp\nc1,Granska ansökan,2024-01-08T09:00\n"
    )
    message = failing(["--log", str(log)])
    assert message.startswith(
        f"{log}:1:1: error: no column 'case_id' in the log; did you mean 'case'?"
    )
    assert "--case COLUMN" in message
    ok = run_cli("evidence", LOOP, "--log", str(log), "--case", "case")
    assert ok.returncode == 0, ok.stderr


def test_an_unparseable_timestamp_is_reported_at_its_line(tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        "case_id,activity,timestamp\nc1,Granska ansökan,2024-01-08T09:00\n"
        'c1,"Fatta\nbeslut",2024-01-09T09:00\nc1,Fatta beslut,9/1/2024 10:00\n',
    )
    message = failing(["--log", str(log)])
    # Line 5: the quoted field before it spans two lines.
    assert message.startswith(
        f"{log}:5:1: error: timestamp '9/1/2024 10:00' does not match ISO 8601"
    )
    ok = run_cli("evidence", LOOP, "--log", str(log), "--time-format", "%d/%m/%Y %H:%M")
    assert (
        ok.returncode == 2 and "timestamp '2024-01-08T09:00' does not match the format" in ok.stderr
    )


@pytest.mark.parametrize(
    ("stamp", "kind"),
    [("2024-01-09T09:00:00+25:00", "csv"), ("99999-01-09T09:00:00", "csv"),
     ("2024-01-09T09:00:00-15:30", "xes")],
)  # fmt: skip
def test_a_timestamp_the_engine_reads_but_no_log_can_mean_is_named_at_its_line(
    stamp, kind, tmp_path
):
    rows = [("Granska ansökan", "2024-01-08T09:00:00"), ("Fatta beslut", stamp)]
    if kind == "csv":
        text = "case_id,activity,timestamp\n" + "".join(f"c1,{a},{t}\n" for a, t in rows)
    else:
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n<trace>\n'
            '<string key="concept:name" value="c1"/>\n'
            + "".join(
                f'<event>\n<string key="concept:name" value="{a}"/>\n'
                f'<date key="time:timestamp" value="{t}"/>\n</event>\n'
                for a, t in rows
            )
            + "</trace>\n</log>\n"
        )
    log = write_csv(tmp_path / f"log.{kind}", text)
    line = 3 if kind == "csv" else 9
    assert failing(["--log", str(log)]) == (
        f"{log}:{line}:1: error: timestamp '{stamp}' is out of range: the year must be 1 to 9999 "
        "and an offset at most 14 hours (+14:00)"
    )


def test_an_empty_log_and_an_empty_file_say_so(tmp_path):
    header = write_csv(tmp_path / "empty.csv", "case_id,activity,timestamp\n")
    assert failing(["--log", str(header)]) == f"{header}: error: the log is empty: it has no events"
    for name, text in (("nothing.csv", ""), ("blank.csv", "\ufeff\n\n")):
        nothing = write_csv(tmp_path / name, text)
        assert failing(["--log", str(nothing)]) == (
            f"{nothing}: error: the file is empty; a CSV log starts with a line of column "
            "names, such as case_id,activity,timestamp"
        )
    xes = tmp_path / "empty.xes"
    xes.write_text('<?xml version="1.0"?>\n<log xes.version="1.0"></log>\n')
    assert failing(["--log", str(xes)]) == f"{xes}: error: the log is empty: it has no events"


FEWER = "the row has fewer fields than the first line's 3 (case_id, activity, timestamp)"
MORE = "the row has more fields than the first line's 3 (case_id, activity, timestamp)"


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        ([["c1", "Fatta beslut"]], 4, FEWER),
        ([["c1", "Fatta beslut", "2024-01-09T09:00", "x"]], 4, MORE),
        ([["\x00" * 20]], 4, FEWER),
        # A field that spans lines before it pushes the line down.
        ([["c1", "Fatta\nbeslut", "2024-01-09T09:00"], ["c1", "Fatta beslut"]], 6, FEWER),
    ],
    ids=["missing", "extra", "nul", "after-a-field-of-two-lines"],
)
def test_a_row_with_the_wrong_number_of_fields_is_named_at_its_line(rows, line, message, tmp_path):
    log = tmp_path / "r.csv"
    good = [["case_id", "activity", "timestamp"], ["c1", "Sökande skickar ansökan", "2024-01-08"],
            ["c1", "Granska ansökan", "2024-01-08T09:00"]]  # fmt: skip
    with log.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream, lineterminator="\n").writerows(good + rows)
    assert failing(["--log", str(log)]).startswith(f"{log}:{line}:1: error: {message}")
    # Late in a large file (beyond what the engine looks at to guess the separator) too.
    big = tmp_path / "big.csv"
    rows = [f"c{i},Granska ansökan,2024-01-08T09:00" for i in range(30_000)]
    write_csv(big, "case_id;activity;timestamp\n".replace(";", ",") + "\n".join(rows)
              + "\nc1,Fatta beslut\n")  # fmt: skip
    assert failing(["--log", str(big)]).startswith(f"{big}:30002:1: error: {FEWER}")


def test_a_log_that_is_not_utf8_is_named_at_its_line(tmp_path):
    log = tmp_path / "latin.csv"
    log.write_bytes(
        "case_id,activity,timestamp\nc1,Granska ansökan,2024-01-08T09:00\n"
        "c1,Fatta beslut,2024-01-09T09:00\n".encode("latin-1")
    )
    assert failing(["--log", str(log)]) == (
        f"{log}:2:1: error: cannot read the log: the file is not UTF-8 (perhaps Windows-1252 "
        "or Latin-1); save it as UTF-8"
    )


def test_a_log_or_mapping_that_is_a_folder_or_a_device_says_what_it_is(tmp_path):
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)  # never opened: reading it would wait for a writer
    for option, what in (("--log", "log"), ("--mapping", "mapping")):
        args = ["--log", "examples/evidence/loop-log.csv"] if option == "--mapping" else []
        for path, said in (
            (tmp_path, f"is a folder; {option} names one {what} file"),
            (Path("/dev/zero"), f"is not a regular file (a device or a pipe); {option} names"),
            (pipe, "is not a regular file"),
            (tmp_path / "nothing.csv", f"no such {what} file"),
        ):
            done = run_cli("evidence", LOOP, *args, option, str(path), "--lang", "en")
            assert done.returncode == 2 and not done.stdout
            assert done.stderr.startswith(f"error: {path}: {said}"), done.stderr


def test_a_case_with_one_event_is_noted_and_left_out_of_lead_time(tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        "case_id,activity,timestamp\n"
        "c1,Sökande skickar ansökan,2024-01-08T09:00\nc1,Granska ansökan,2024-01-10T09:00\n"
        "c1,Fatta beslut,2024-01-11T09:00\nc2,Sökande skickar ansökan,2024-01-08T10:00\n",
    )
    ev = evidence_json(LOOP, "--log", str(log))
    assert ev["cases"] == 2 and ev["finished_cases"] == 1
    assert ev["lead_time_hours"]["mean"]["measured"] == pytest.approx(3 * 8)
    assert "1 case has a single event (c2, line 5)." in ev["notes"]
    assert ev["conformance"]["deviations"][0]["example_case"] == "c2"


def test_the_line_of_a_case_counts_the_fields_that_span_lines_before_it(tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        "case_id,activity,timestamp,resource\n"
        'c1,Sökande skickar ansökan,2024-01-08T09:00,"Anna\nSvensson"\n'
        "c1,Granska ansökan,2024-01-10T09:00,\nc1,Fatta beslut,2024-01-11T09:00,\n"
        "c2,Sökande skickar ansökan,2024-01-08T10:00,\n",
    )
    ev = evidence_json(LOOP, "--log", str(log))
    assert "1 case has a single event (c2, line 6)." in ev["notes"]
    assert ev["conformance"]["deviations"][0]["line"] == 6


def test_a_one_event_case_is_a_visit_with_no_wait(tmp_path):
    # c2 has only its review: the event is a visit of the step (its events count it), but
    # nothing came before it, so it adds no wait; and as the model cannot start there, the
    # case is a deviation that reached no end, left out of the per-case figures.
    log = write_csv(
        tmp_path / "log.csv",
        "case_id,activity,timestamp\n"
        "c1,Sökande skickar ansökan,2024-01-08T09:00\nc1,Granska ansökan,2024-01-10T09:00\n"
        "c1,Fatta beslut,2024-01-11T09:00\nc2,Granska ansökan,2024-01-08T10:00\n",
    )
    ev = evidence_json(LOOP, "--log", str(log))
    review = next(s for s in ev["steps"] if s["id"] == "granska")
    assert review["events"] == 2
    assert review["wait_hours"]["n"] == 1 and review["wait_hours"]["mean"] == pytest.approx(16)
    assert review["visits"]["measured"] == 1.0
    assert ev["finished_cases"] == 1
    assert ev["conformance"]["deviations"][0]["example_case"] == "c2"
    assert "1 case has a single event (c2, line 5)." in ev["notes"]


def test_a_log_where_every_case_has_one_event_is_measured_not_refused(tmp_path):
    # Most likely the wrong column was named as the case id; the note and the conformance
    # say so, and a log of one-event cases is still a log the spec allows. e2 (a review
    # alone) replays to an end, yet one instant has no lead time.
    log = write_csv(
        tmp_path / "log.csv",
        "case_id,event_id,activity,timestamp\n"
        "c1,e1,Sökande skickar ansökan,2024-01-08T09:00\nc1,e2,Granska ansökan,2024-01-10T09:00\n"
        "c2,e3,Sökande skickar ansökan,2024-01-08T10:00\n",
    )
    ev = evidence_json(LOOP, "--log", str(log), "--case", "event_id")
    assert ev["cases"] == 3 and ev["finished_cases"] == 1
    assert "3 cases have a single event (the first: e1, line 2)." in ev["notes"]
    assert all(s["wait_hours"]["n"] == 0 for s in ev["steps"])
    assert ev["lead_time_hours"]["mean"]["measured"] is None
    assert ev["conformance"]["fitting_cases"] == 0


def test_events_out_of_order(tmp_path):
    # Listed out of time order: sorted, and said.
    shuffled = write_csv(
        tmp_path / "shuffled.csv",
        "case_id,activity,timestamp\n"
        "c1,Fatta beslut,2024-01-11T09:00\nc1,Sökande skickar ansökan,2024-01-08T09:00\n"
        "c1,Granska ansökan,2024-01-10T09:00\n",
    )
    ev = evidence_json(LOOP, "--log", str(shuffled))
    assert ev["conformance"]["fitting_cases"] == 1
    assert any(note.startswith("1 case lists its events out of time order") for note in ev["notes"])
    # A complete before its own start cannot be measured.
    backwards = write_csv(
        tmp_path / "backwards.csv",
        "case_id,activity,timestamp,lifecycle\n"
        "c1,Granska ansökan,2024-01-10T09:00,start\nc1,Granska ansökan,2024-01-10T08:00,complete\n",
    )
    assert failing(["--log", str(backwards)]) == (
        f"{backwards}:3:1: error: 'Granska ansökan' in case 'c1' completes before it starts "
        "(line 2); the events are out of order"
    )


def test_broken_xes_is_reported_at_its_line(tmp_path):
    xes = tmp_path / "broken.xes"
    xes.write_text('<?xml version="1.0"?>\n<log>\n<trace>\n<event>\n</trace>\n</log>\n')
    assert failing(["--log", str(xes)]).startswith(
        f"{xes}:5:3: error: not valid XML: mismatched tag"
    )
    other = tmp_path / "other.xes"
    other.write_text('<?xml version="1.0"?>\n<html></html>\n')
    assert failing(["--log", str(other)]).startswith(f"{other}:2:1: error: not an XES log")


def test_a_bad_mapping_is_reported_at_its_line_and_column(tmp_path):
    mapping = write_csv(tmp_path / "map.yaml", "Granska ansökan: granska\nFatta beslut: beslt\n")
    done = run_cli(
        "evidence", LOOP, "--log", "examples/evidence/loop-log.csv", "--mapping", str(mapping)
    )
    assert done.returncode == 2
    expected = f"{mapping}:2:15: error: no step 'beslt' in examples/loop.yaml"
    assert done.stderr.startswith(f"{expected}; did you mean 'beslut'?")


@pytest.mark.parametrize(("name", "text"), [("one.csv", "activity\nKontera\n"), ("map.txt", "x")])
def test_a_mapping_csv_of_one_column_says_what_it_needs(name, text, tmp_path):
    mapping = write_csv(tmp_path / name, text)
    args = ["--log", "examples/evidence/loop-log.csv", "--mapping", str(mapping)]
    assert failing(args) == (
        f"{mapping}:1:1: error: no columns 'activity' and 'step' in the first line: a mapping "
        "CSV separates them by a comma, a semicolon or a tab"
    )
    done = run_cli("evidence", LOOP, *args, "--lang", "sv")
    assert done.returncode == 2 and done.stderr.startswith(
        f"{mapping}:1:1: error: inga kolumner 'activity' och 'step' på första raden"
    )


def test_unmapped_activities_are_listed_never_dropped(tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        "case_id,activity,timestamp\n"
        "c1,Sökande skickar ansökan,2024-01-08T09:00\nc1,Granska ansokan,2024-01-10T09:00\n"
        "c1,Skicka faktura,2024-01-10T10:00\nc1,Fatta beslut,2024-01-11T09:00\n",
    )
    ev = evidence_json(LOOP, "--log", str(log))
    unmapped = [a for a in ev["activities"] if a["mapped_by"] == "unmapped"]
    assert [(a["activity"], a["hint"]) for a in unmapped] == [
        ("Granska ansokan", "granska"),
        ("Skicka faktura", None),
    ]
    text = run_cli("evidence", LOOP, "--log", str(log), "--lang", "en").stdout
    assert "Activities that map to no step" in text and "Skicka faktura" in text
    ignoring = write_csv(
        tmp_path / "map.csv", "activity,step\nSkicka faktura,\nGranska ansokan,granska\n"
    )
    ev = evidence_json(LOOP, "--log", str(log), "--mapping", str(ignoring))
    assert [a["mapped_by"] for a in ev["activities"] if a["activity"] == "Skicka faktura"] == [
        "ignored"
    ]
    assert ev["conformance"]["fitting_cases"] == 1


# --- writing the measured values into the file ---------------------------------------------------


def test_write_changes_only_the_measured_values_and_keeps_the_text(tmp_path):
    original = (ROOT / LOOP).read_text(encoding="utf-8")
    # Reality: granska waits 4 days, and 40 % of applications are incomplete.
    truth = original.replace("wait: 2d", "wait: 4d").replace('p: "25%"', 'p: "40%"')
    (tmp_path / "truth.yaml").write_text(truth, encoding="utf-8")
    log = tmp_path / "log.csv"
    done = run_cli("simulate", str(tmp_path / "truth.yaml"), "--cases", "400", "-o", str(log))
    assert done.returncode == 0, done.stderr
    target = tmp_path / "loop.yaml"
    shutil.copyfile(ROOT / LOOP, target)
    done = run_cli("evidence", str(target), "--log", str(log), "--write", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stderr
    measured = json.loads(done.stdout)["processes"][0]["evidence"]
    (decision,) = measured["decisions"]
    shares = percent_texts([b["taken"] for b in decision["branches"]])
    new = target.read_text(encoding="utf-8")
    assert len(new.splitlines()) == len(original.splitlines())
    changed = [
        (a, b) for a, b in zip(original.splitlines(), new.splitlines(), strict=True) if a != b
    ]
    assert [b for _, b in changed] == [
        "    wait: 4d                        # kötid innan steget börjar, i arbetsdagar",
        f"      - {{to: beslut, when: ja, p: {shares[0]}}}                   "
        "# utan p: får det som blir över (75 %)",
        f'      - {{to: begar, when: nej, p: "{shares[1]}"}}         '
        "# p som procent, eller som 0.25",
    ]
    assert run_cli("check", str(target)).returncode == 0
    # Measured again, the written model matches its log.
    again = evidence_json(str(target), "--log", str(log))
    assert not any(b["differs"] for d in again["decisions"] for b in d["branches"])


def test_update_writes_elsewhere_and_leaves_the_file(tmp_path):
    out = tmp_path / "measured.yaml"
    before = (ROOT / LOOP).read_bytes()
    done = run_cli(
        "evidence", LOOP, "--log", "examples/evidence/loop-log.csv", "--update", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert (ROOT / LOOP).read_bytes() == before and out.is_file()
    assert run_cli("check", str(out)).returncode == 0


# --- reports and hostile names -------------------------------------------------------------------


HOSTILE = "[bold red]x[/] | *y* <script>"


def test_hostile_names_are_escaped_in_every_output(tmp_path):
    original = (ROOT / LOOP).read_text(encoding="utf-8")
    text = original.replace("name: Begär komplettering", f'name: "{HOSTILE}"')
    model = tmp_path / "loop.yaml"
    model.write_text(text, encoding="utf-8")
    log = tmp_path / "log.xes"
    assert run_cli("simulate", str(model), "--cases", "50", "-o", str(log)).returncode == 0
    plain = run_cli("evidence", str(model), "--log", str(log), "--lang", "en")
    assert plain.returncode == 0 and "[bold red]x[/]" in plain.stdout
    markdown = run_cli("evidence", str(model), "--log", str(log), "--format", "markdown").stdout
    assert r"\[bold red\]x\[/\] \| \*y\* \<script\>" in markdown
    report = tmp_path / "report.html"
    done = run_cli("report", str(model), "--log", str(log), "-o", str(report), "--lang", "en")
    assert done.returncode == 0, done.stderr
    html = report.read_text(encoding="utf-8")
    assert "Measured from the event log" in html and "&lt;script&gt;" in html
    # The page's one script is its own (the map's zoom); the name's never gets in.
    assert html.count("<script>") == 1 and "<script> y" not in html


#: What no terminal may receive raw: C0 and C1 controls (but the line break), DEL, bidi.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_hostile_names_from_the_model_and_the_log_reach_the_terminal_as_text(lang, tmp_path):
    names = ROOT / "tests/hostile/names.yaml"
    simulated_log = tmp_path / "simulated.csv"
    done = run_cli("simulate", str(names), "--cases", "20", "-o", str(simulated_log))
    assert done.returncode == 0, done.stderr
    with simulated_log.open(newline="", encoding="utf-8") as stream:
        head, *rows = list(csv.reader(stream))
    start = rows[0][1]
    # Two cases that stop early (each named as a deviation), one of a single event (named in
    # a note too), with an activity that maps to no step (listed).
    link = "\x1b]8;;https://evil.example\x07klick\x1b]8;;\x07"
    alone = "  ::notice::ensam\r\n##[error]x"
    unknown = "\x1b[31mOkänd\r\n::warning::x"
    rows += [[link, start, "2026-01-05T07:00", "", "complete"],
             [link, unknown, "2026-01-05T08:00", "", "complete"],
             [alone, unknown, "2026-01-05T07:00", "", "complete"]]  # fmt: skip
    log = tmp_path / "hostile.csv"
    with log.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([head, *rows])
    for columns in ("80", "400"):  # wrapped and folded, and each row on one line
        done = run_cli("evidence", str(names), "--log", str(log), "--lang", lang,
                       env={"COLUMNS": columns})  # fmt: skip
        assert done.returncode == 0, done.stderr
        out = done.stdout
        assert not RAW_CONTROL.search(out), RAW_CONTROL.search(out)
        assert not re.search(r"(?m)^\s*::", out), "a line GitHub would run as a command"
        assert "##[" not in out
    # Shown, not acted on: the process, a step, a decision, a case, an activity.
    for shown in (
        "Fientliga namn \\x1b[31m<b>&amp;</b>",
        "Start \\x1b[2J\\x1b]8;;https://evil.example\\x07klick",
        "Attest\\r\\n## ratchet",
        ":\u200b:error file=processes/x.yaml",
        ":\u200b:notice:\u200b:ensam\\r\\n#\u200b#[error]x",
        "\\x1b]8;;https://evil.example\\x07klick\\x1b]8;;\\x07",
        "\\x1b[31mOkänd\\r\\n:\u200b:warning:\u200b:x",
        "[bold red]röd[/]",
    ):
        assert shown in out, shown


def test_csv_written_by_simulate_guards_formulas_and_reads_back(tmp_path):
    text = (ROOT / LOOP).read_text(encoding="utf-8").replace("Fatta beslut", "=HYPERLINK(1)")
    model = tmp_path / "loop.yaml"
    model.write_text(text, encoding="utf-8")
    log = tmp_path / "log.csv"
    assert run_cli("simulate", str(model), "--cases", "5", "-o", str(log)).returncode == 0
    assert "'=HYPERLINK(1)" in log.read_text(encoding="utf-8")
    ev = evidence_json(str(model), "--log", str(log))
    assert ev["conformance"]["fitting_cases"] == 5


def test_report_with_a_log_needs_an_id_when_there_are_several_processes():
    done = run_cli(
        "report", LOOP, INVOICE, "--log", "examples/evidence/loop-log.csv", "--format", "json"
    )
    assert done.returncode == 2 and "--log ID=PATH" in done.stderr
    done = run_cli(
        "report", LOOP, INVOICE, "--log", "loop=examples/evidence/loop-log.csv", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    processes = json.loads(done.stdout)["processes"]
    assert [p["id"] for p in processes] == ["loop"] and "evidence" in processes[0]


# --- the reports, against saved output ------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "lang", "name"),
    [("text", "sv", "loop.sv.txt"), ("markdown", "en", "loop.en.md"), ("json", "en", "loop.json")],
)
def test_the_reports_match_the_saved_output(fmt, lang, name):
    from conftest import golden_checker, rich_text

    from skavmap.outputs.formats import reporter
    from skavmap.outputs.vocabulary import Words

    analysis = analyse(load(ROOT / LOOP))
    ev = measure(analysis, LogSpec(ROOT / "examples/evidence/loop-log.csv"))
    output = reporter("evidence", fmt)([ev], Words(lang))
    text = output if isinstance(output, str) else rich_text(output, width=110)
    golden_checker(ROOT / "tests/golden/evidence")(name, text)


# --- events left out -----------------------------------------------------------------------------

FITTING = (
    "c1,Sökande skickar ansökan,2024-01-08T09:00,complete\n"
    "c1,Granska ansökan,2024-01-10T09:00,complete\n"
    "c1,Fatta beslut,2024-01-11T09:00,complete\n"
    "c2,Sökande skickar ansökan,2024-01-08T10:00,complete\n"
    "c2,Granska ansökan,2024-01-10T10:00,complete\n"
    "c2,Fatta beslut,2024-01-11T10:00,complete\n"
)


@pytest.mark.parametrize("life", ["schedule", "start"])
def test_a_left_out_event_does_not_make_its_step_recorded(life, tmp_path):
    # Only a left-out event names 'Begär komplettering': the step stays "not in the log", and
    # the replay does not wait for it, so both cases still fit.
    extra = f"c1,Begär komplettering,2024-01-10T10:00,{life}\n"
    log = write_csv(
        tmp_path / "log.csv", "case_id,activity,timestamp,lifecycle\n" + FITTING + extra
    )
    ev = evidence_json(LOOP, "--log", str(log))
    assert ev["conformance"]["fitting_cases"] == 2 and ev["finished_cases"] == 2
    begar = next(s for s in ev["steps"] if s["id"] == "begar")
    assert begar["events"] == 0 and begar["visits"]["measured"] is None
    assert ev["lead_time_hours"]["mean"]["measured"] == pytest.approx(24)
    # The same log without the left-out event measures the same.
    clean = write_csv(tmp_path / "clean.csv", "case_id,activity,timestamp,lifecycle\n" + FITTING)
    again = evidence_json(LOOP, "--log", str(clean))
    assert again["steps"] == ev["steps"] and again["conformance"] == ev["conformance"]
    text = run_cli("evidence", LOOP, "--log", str(log), "--lang", "en").stdout
    assert "100% of cases (2 of 2)" in text
