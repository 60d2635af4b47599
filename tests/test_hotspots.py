"""``skavmap hotspots`` and ``skavmap explain``: the reporters against saved output, the JSON
contract of the format specification, filters, languages and exit codes.

Saved outputs live in tests/golden/hotspots/; after a deliberate change of output, rewrite
them with ``SKAVMAP_UPDATE_GOLDEN=1 uv run pytest tests/test_hotspots.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import ROOT, analyses_of, golden_checker, shipped, shipped_copy

from skavmap.outputs.jsontext import encode
from skavmap.outputs.vocabulary import Words
from skavmap.reporters import hotspots as report

GOLDEN = ROOT / "tests" / "golden" / "hotspots"
EXAMPLES = "examples/analysers"


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # file paths in reports are shown relative to the working folder


def analysed(lang: str):
    analyses, errors = analyses_of(ROOT / EXAMPLES)
    assert errors == []
    return analyses


matches_golden = golden_checker(GOLDEN)


def test_hotspots_json_report_golden(at_root):
    analyses = analysed("en")
    matches_golden(
        "examples.json", report.json_report(analyses, report.rank(analyses), Words("en"))
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_hotspot_line_of_the_json_is_its_entry_encoded(lang):
    """The JSON writes a hotspot's line from its pieces, each encoded once for a large
    process: the line says what the contract's entry of the hotspot says, byte for byte
    (in the layout's indent, with its comma and line break); so does the entry the check's
    JSON lays out."""
    from dataclasses import replace

    from skavmap.analysis.results import Impact
    from skavmap.outputs.jsontext import indented
    from skavmap.outputs.messages import Sentences

    analyses, _ = analyses_of(*shipped(), ROOT / "tests" / "hostile")
    words = Words(lang)
    for analysis in analyses:
        hotspots = list(analysis.hotspots)
        # Whole numbers stay whole, money brings its currency; an impact shared by two
        # hotspots, and one's taken away, are written as each one's own.
        shared = Impact(2, 0.5, 3, 1800.0, 7)
        hotspots += [replace(h, impact=shared) for h in hotspots[:2]]
        hotspots += [replace(h, impact=None) for h in hotspots[:1]]
        entries = [report.hotspot_json(report.Ranked(analysis, h), words) for h in hotspots]
        lines = report._hotspot_lines(analysis, hotspots, words)
        assert list(lines) == [f"        {encode(entry)},\n" for entry in entries]
        said = Sentences(analysis.process, words)
        laid = report.laid_out_hotspots(analysis, hotspots, 4, said)
        assert list(laid) == [indented(entry, 4) for entry in entries]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_report_says_each_sentence_as_a_sentence_said_alone(lang):
    """One :class:`Sentences` says all the sentences of a report, each put together once
    for what it is made of (the same roles handing over as often as people read it, a
    wait but the step's name): each says what it would say alone."""
    from skavmap.outputs.messages import Sentences

    analyses, _ = analyses_of(*shipped(), ROOT / "tests" / "hostile")
    words = Words(lang)
    codes = {code for a in analyses for h in a.hotspots for code in h.codes}
    assert {"SKV101", "SKV303", "SKV501"} <= codes, "the files have the sentences said once"
    for analysis in analyses:
        process = analysis.process
        said = Sentences(process, words)
        for hotspot in analysis.hotspots:
            assert said.hotspot(hotspot) == Sentences(process, words).hotspot(hotspot)
            for r in hotspot.related:
                assert said.related(r, hotspot) == Sentences(process, words).related(r, hotspot)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_hotspots_markdown_report_golden(at_root, lang):
    analyses = analysed(lang)
    text = report.markdown_report(analyses, report.rank(analyses), Words(lang))
    matches_golden(f"examples.{lang}.md", text)


def test_hotspots_csv_report_golden(at_root):
    analyses = analysed("sv")
    text = report.csv_report(analyses, report.rank(analyses, top=8), Words("sv"))
    matches_golden("examples.top8.csv", text)
    rows = list(csv.DictReader(io.StringIO(text)))
    # The 3-day wait at the attest: 24 hours per case, 1,800 cases a year.
    assert len(rows) == 8 and rows[0]["score"] == "34.0"
    assert rows[0]["lead_time_hours_per_year"] == "43200.0" and rows[0]["votes"] == "0"


def test_hotspots_command_prints_the_golden_json(cli):
    done = cli("hotspots", EXAMPLES, "--format", "json", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (GOLDEN / "examples.json").read_text(encoding="utf-8")


def test_hotspots_json_contract(cli):
    files = [str(p) for p in shipped("processes", "examples")]
    done = cli("hotspots", *files, "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["skavmap"] == 1
    assert len(document["processes"]) >= 2
    spec_kinds = {
        "handoff",
        "loop",
        "bottleneck",
        "wait",
        "night-notification",
        "system-switch",
        "pain",
    }
    documented = spec_kinds | {"approval-chain", "form-burden"}
    for process in document["processes"]:
        assert {"id", "name", "file", "metrics", "hotspots"} <= process.keys()
        assert {
            "steps",
            "lead_time_hours",
            "work_time_hours",
            "flow_efficiency",
            "handoffs",
            "cross_department_handoffs",
            "loops",
        } <= process["metrics"].keys()
        scores = [h["score"] for h in process["hotspots"]]
        assert scores == sorted(scores, reverse=True)
        for hotspot in process["hotspots"]:
            assert {"code", "kind", "steps", "score", "message"} <= hotspot.keys()
            assert hotspot["kind"] in documented
            assert 0 <= hotspot["score"] <= 100
            assert hotspot["code"].startswith("SKV")
    kinds = {h["kind"] for p in document["processes"] for h in p["hotspots"]}
    assert spec_kinds <= kinds  # the shipped maps and examples show every kind


def test_hotspots_json_is_byte_identical_between_runs(cli, tmp_path):
    work = shipped_copy(tmp_path, "processes")
    first = cli("hotspots", "--format", "json", "--lang", "sv", cwd=work)
    second = cli("hotspots", "--format", "json", "--lang", "sv", cwd=work)
    assert first.returncode == 0 and first.stdout == second.stdout


def test_hotspots_default_folder_and_both_languages(cli, tmp_path):
    work = shipped_copy(tmp_path, "processes")
    swedish = cli("hotspots", "--lang", "sv", env={"COLUMNS": "160"}, cwd=work)
    english = cli("hotspots", "--lang", "en", env={"COLUMNS": "160"}, cwd=work)
    assert swedish.returncode == english.returncode == 0
    assert "Var skaver det?" in swedish.stdout and "Nyckeltal per process" in swedish.stdout
    assert "Leverantörsfaktura" in swedish.stdout and "av ledtiden" in swedish.stdout
    assert "Where does it chafe?" in english.stdout and "of lead time" in english.stdout


def test_language_follows_the_locale(cli):
    done = cli("hotspots", EXAMPLES, "--format", "markdown", env={"LC_ALL": "sv_SE.UTF-8"})
    assert done.stdout.startswith("# Var skaver det?")
    done = cli("hotspots", EXAMPLES, "--format", "markdown", env={"LC_ALL": "C", "LANG": ""})
    assert done.stdout.startswith("# Where does it chafe?")


def test_filters(cli):
    done = cli("hotspots", EXAMPLES, "--format", "json", "--kind", "loop", "--kind", "wait")
    hotspots = [h for p in json.loads(done.stdout)["processes"] for h in p["hotspots"]]
    kinds = [{h["kind"], *(r["kind"] for r in h["related"])} for h in hotspots]
    # A bottleneck with its long wait joined is a wait too.
    assert all(k & {"loop", "wait"} for k in kinds)
    assert {"loop", "wait"} <= set().union(*kinds)
    done = cli("hotspots", EXAMPLES, "--format", "csv", "--top", "3")
    assert len(done.stdout.splitlines()) == 4
    done = cli("hotspots", EXAMPLES, "--format", "csv", "--min-score", "30")
    scores = [float(row["score"]) for row in csv.DictReader(io.StringIO(done.stdout))]
    assert scores and min(scores) >= 30


def test_rank_merges_processes_by_score():
    analyses = analysed("en")
    ranked = report.rank(analyses)
    scores = [line.hotspot.score for line in ranked]
    assert scores == sorted(scores, reverse=True)
    assert len(ranked) == sum(len(a.hotspots) for a in analyses)
    none = report.rank(analyses, top=0)
    assert list(none) == [] and none.more == len(ranked)


@pytest.mark.parametrize("by", ["impact", "votes", "lead", "work"])
def test_by_orders_by_what_it_names(by):
    def value(line):
        h = line.hotspot
        if by == "votes":
            return h.votes
        if by == "impact":
            return h.score
        if h.impact is None:
            return -1.0
        if by == "lead":
            return h.impact.lead_time_hours
        return h.impact.work_hours_per_year if h.impact.cases_per_year else -1.0

    ranking = report.rank(analysed("en"), by=by)
    values = [value(line) for line in ranking]
    assert values == sorted(values, reverse=True) and ranking.by == by


def test_people_see_the_top_ten_and_how_many_more(cli):
    text = cli("hotspots", "processes", "--lang", "en", env={"COLUMNS": "80"})
    assert text.returncode == 0
    total = sum(
        len(p["hotspots"])
        for p in json.loads(cli("hotspots", "processes", "--format", "json").stdout)["processes"]
    )
    assert f"{total - 10} more: --all shows them all" in text.stdout
    assert max(len(line) for line in text.stdout.splitlines()) <= 80
    assert re.search(r"^\s+10\s", text.stdout, re.MULTILINE)
    assert not re.search(r"^\s+11\s", text.stdout, re.MULTILINE)
    everything = cli("hotspots", "processes", "--all", "--format", "markdown")
    rows = [line for line in everything.stdout.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == total and "--all" not in everything.stdout
    csv_rows = cli("hotspots", "processes", "--format", "csv").stdout.splitlines()
    assert len(csv_rows) == total + 1  # machines get every one


def test_the_columns_are_hours_per_case_per_year_and_votes(cli):
    done = cli(
        "hotspots",
        "examples/analysers/system-switch.yaml",
        "--lang",
        "sv",
        env={"COLUMNS": "100"},
    )
    # 10 minutes a case, 4,800 cases a year: 800 work hours and 360,000 SEK at 450 SEK/h.
    assert "Ledtid/ärende" in done.stdout and "Arbete/år" in done.stdout
    row = next(line for line in done.stdout.splitlines() if line.strip().startswith("1 "))
    assert "10 min" in row and "800 h" in row
    assert "360\xa0000 SEK" in done.stdout


def test_broken_file_is_reported_and_the_rest_ranked(cli, tmp_path):
    (tmp_path / "bad.yaml").write_text("process: Trasig\nsteps:\n  a: {kind: start, nxet: b}\n")
    (tmp_path / "good.yaml").write_text(
        (ROOT / EXAMPLES / "long-wait.yaml").read_text(encoding="utf-8")
    )
    done = cli("hotspots", str(tmp_path), "--format", "json")
    assert done.returncode == 2
    assert "bad.yaml:3:" in done.stderr and ": error: " in done.stderr
    assert "Traceback" not in done.stderr
    assert [p["id"] for p in json.loads(done.stdout)["processes"]] == ["good"]


def test_missing_path_and_bad_options_exit_2(cli):
    done = cli("hotspots", "finns-inte.yaml")
    assert done.returncode == 2 and "finns-inte.yaml:1:1: error: no such file" in done.stderr
    assert cli("hotspots", EXAMPLES, "--format", "xml").returncode == 2
    done = cli("hotspots", EXAMPLES, "--kind", "skav")
    assert done.returncode == 2 and "handoff" in done.stderr


def test_list_analysers(cli):
    done = cli("hotspots", "--list", "--lang", "en")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert len(lines) == 10
    assert lines[1].split()[:3] == ["SKV201", "rework-loop", "loop"]


def test_explain(cli):
    done = cli("explain", "SKV303", "--lang", "en")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "SKV303 long-wait (wait)"
    assert lines[1] == "Long wait: a step where cases wait far longer than anyone works on them."
    assert "Cost:" in done.stdout
    swedish = cli("explain", "long-wait", "--lang", "sv")
    assert swedish.stdout.splitlines()[1].startswith("Lång väntan")


def test_explain_unknown_code(cli):
    done = cli("explain", "SKV999")
    assert done.returncode == 2 and "SKV201 rework-loop" in done.stderr


@pytest.mark.parametrize("back", ["0.6", "0.5"])
def test_branches_that_restart_their_block_are_an_input_error(cli, tmp_path, back):
    # Both branches jump back before the split: the loader refuses such a block.
    (tmp_path / "p.yaml").write_text(
        "process: P\ndepartments: {a: A}\nroles: {x: {name: X, department: a}}\nsteps:\n"
        "  s: {kind: start, next: t}\n"
        "  t: {role: x, work: 1h, next: p}\n"
        "  p: {kind: parallel, next: [b1, b2]}\n"
        f"  b1: {{kind: decision, role: x, work: 1h, next: [{{to: t, p: {back}}}, {{to: j}}]}}\n"
        f"  b2: {{kind: decision, role: x, work: 1h, next: [{{to: t, p: {back}}}, {{to: j}}]}}\n"
        "  j: {role: x, work: 1h, next: e}\n"
        "  e: {kind: end}\n"
    )
    done = cli("hotspots", str(tmp_path / "p.yaml"))
    assert done.returncode == 2, done.stdout
    assert "p.yaml:8:50: error: a branch of parallel 'p' goes back from 'b1' to 't'" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_two_reasons_of_a_hotspot_differ_only_in_their_numbers():
    """Handoffs between the same roles from different steps are one line, counts added."""
    from skavmap.outputs.messages import hotspot_reasons

    analysed, _ = analyses_of(*shipped("processes"), *shipped("examples"))
    words = Words("sv")
    merged = 0
    for analysis in analysed:
        for hotspot in analysis.hotspots:
            lines = hotspot_reasons(hotspot, analysis.process, words)
            shapes = [re.sub(r"[\d,]+", "#", line) for line in lines]
            assert len(shapes) == len(set(shapes)), lines
            handoffs = [r for r in hotspot.related if r.code == "SKV101"]
            merged += len(handoffs) - sum(line.startswith("Överlämning") for line in lines[1:])
    assert merged > 0, "the shipped files have handoffs between the same roles to merge"
