"""The CI reporters of ``skavmap check``: text, JSON, GitHub annotations, SARIF and JUnit.

Saved outputs live in tests/golden/ci/; after a deliberate change of output, rewrite them with
``SKAVMAP_UPDATE_GOLDEN=1 uv run pytest tests/test_reporters_ci.py`` and review the diff.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import jsonschema
import pytest
from conftest import ROOT, golden_checker, run_cli, shipped

from skavmap.analysis.checking import CheckReport, Result
from skavmap.analysis.rules import find
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.check_json import json_report
from skavmap.reporters.check_text import summary, text_report
from skavmap.reporters.github import github_report
from skavmap.reporters.junit import junit_report
from skavmap.reporters.sarif import sarif_report

GOLDEN = ROOT / "tests" / "golden" / "ci"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-2.1.0.json").read_text("utf-8"))

FAKTURA = SimpleNamespace(id="faktura")
RULES = {code: find(code) for code in ("SKV101", "SKV901")}
FINDINGS = [
    Result(
        "processes/faktura.yaml", 1, 1, "error", "SKV901", "max-lead-time", "threshold",
        process=FAKTURA,
        text="ledtiden 13,8 d per ärende är över max-lead-time = 10d",
    ),
    Result(
        "processes/faktura.yaml", 12, 9, "info",
        "SKV101", "cross-department-handoff", "handoff", ("kontera", "attest"), 33.3, FAKTURA,
        text="överlämning Ekonomi → Verksamhet (Reskontraekonom → Chef), 1,1 gånger per ärende",
    ),
    Result(
        "processes/faktura.yaml", 20, 5, "warning",
        "SKV101", "cross-department-handoff", "handoff", ("attest", "betala"), 30.0, FAKTURA,
        text="50%: a message, with: every\nspecial character",
    ),
    Result(
        "processes/lön.yaml", 4, 18, "error",
        text="unknown field 'nxt' in step 'e'; did you mean 'next'?",
    ),
    Result("processes/lön.yaml", 7, 3, "warning", text="task 't' has neither 'work' nor 'wait'"),
]  # fmt: skip
WORDS = Words("sv")


def report(fail_level: str = "error") -> CheckReport:
    return CheckReport(
        files=["processes/faktura.yaml", "processes/lön.yaml", "processes/tom.yaml"],
        results=FINDINGS,
        analyses=[],
        rules=RULES,
        fail_level=fail_level,
    )


matches_golden = golden_checker(GOLDEN)


def validate_sarif(document: dict) -> None:
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)


# --- golden outputs --------------------------------------------------------------------------


def test_text_golden():
    matches_golden("check.txt", text_report(report(), WORDS) + summary(report()) + "\n")
    assert text_report(report(), WORDS, quiet=True).count("\n") == 2


def test_github_golden():
    matches_golden("check.github.txt", github_report(report(), WORDS))


def test_sarif_golden_and_valid():
    text = sarif_report(report(), WORDS, version="0.0.0")
    matches_golden("check.sarif.json", text)
    validate_sarif(json.loads(text))


def test_junit_golden():
    matches_golden("check.junit.xml", junit_report(report("warning"), WORDS))


def test_json_golden():
    matches_golden("check.json", json_report(report(), WORDS))


# --- behaviour -------------------------------------------------------------------------------


def test_exit_code_follows_the_fail_level():
    assert report().exit_code == 2  # a file that does not load wins
    loaded = [f for f in FINDINGS if not f.is_load_error]
    assert CheckReport(results=loaded, fail_level="error").exit_code == 1
    info_only = [f for f in loaded if f.severity == "info"]
    assert CheckReport(results=info_only, fail_level="warning").exit_code == 0
    assert CheckReport(results=info_only, fail_level="info").exit_code == 1


def test_github_escapes_properties_and_data():
    line = github_report(report(), WORDS).splitlines()[2]
    assert line == (
        "::warning file=processes/faktura.yaml,line=20,col=5,"
        "title=SKV101 cross-department-handoff::50%25: a message, with: every\\nspecial character"
    )


def test_junit_has_one_suite_per_file_and_failures_at_the_fail_level():
    root = ET.fromstring(junit_report(report("error"), WORDS))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "processes/faktura.yaml",
        "processes/lön.yaml",
        "processes/tom.yaml",
    ]
    assert all(len(s.findall("testcase")) == 1 for s in suites)
    failures = {s.get("name"): [f.get("type") for f in s.iter("failure")] for s in suites}
    assert failures == {
        "processes/faktura.yaml": ["SKV901"],
        "processes/lön.yaml": ["validation"],
        "processes/tom.yaml": [],
    }
    assert root.get("failures") == "2"
    assert "SKV101" in suites[0].find("testcase/system-out").text


def test_sarif_of_the_shipped_processes_validates():
    files = [str(p) for p in shipped("processes", "examples")]
    result = run_cli("check", "--format", "sarif", *files)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    validate_sarif(document)
    results = document["runs"][0]["results"]
    assert results and {r["level"] for r in results} == {"note"}
    rules = [rule["id"] for rule in document["runs"][0]["tool"]["driver"]["rules"]]
    assert all(r["ruleId"] == rules[r["ruleIndex"]] for r in results)


def test_sarif_of_a_broken_file_validates(tmp_path):
    (tmp_path / "trasig.yaml").write_text(
        "process: X\nsteps:\n  s: {kind: start, next: e}\n  e: {kind: end, nxt: s}\n"
    )
    result = run_cli("check", "--format", "sarif", str(tmp_path))
    assert result.returncode == 2
    document = json.loads(result.stdout)
    validate_sarif(document)
    (found,) = document["runs"][0]["results"]
    assert found["ruleId"] == "validation" and found["level"] == "error"
    region = found["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 18)


def test_sarif_output_is_deterministic():
    first = run_cli("check", "--format", "sarif", "processes/invoice.yaml").stdout
    second = run_cli("check", "--format", "sarif", "processes/invoice.yaml").stdout
    assert first == second


def test_schema_copy_is_the_official_one():
    assert SARIF_SCHEMA["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert SARIF_SCHEMA["id"] == (
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    )
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})


def test_github_format_is_chosen_on_github_actions():
    night = "examples/analysers/night-notification.yaml"
    result = run_cli("check", night, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 0
    assert result.stdout.startswith("::notice file=examples/analysers/night-notification.yaml,")
    plain = run_cli("check", night, "--verbose", env={"GITHUB_ACTIONS": "false"})
    assert plain.stdout.startswith("examples/analysers/night-notification.yaml:")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_check_json_writes_each_entry_and_finding_as_json_would(lang):
    """The check's JSON writes each hotspot and finding from its pieces, each made once for
    a large process: laid out as json lays it out, and saying what their entries say
    (:func:`~skavmap.reporters.hotspots.hotspot_json`,
    :func:`~skavmap.reporters.check_json.result_json`), byte for byte."""
    from skavmap.analysis.checking import check
    from skavmap.analysis.config import Config
    from skavmap.format.inputs import read
    from skavmap.reporters.check_json import result_json
    from skavmap.reporters.hotspots import Ranked, hotspot_json

    def plain(value: object) -> object:
        return json.loads(json.dumps(value, ensure_ascii=False))

    inputs = read([*shipped(), ROOT / "tests" / "hostile"])
    report = check([str(f) for f in inputs.files], inputs.processes, inputs.diagnostics, Config())
    words = Words(lang)
    text = json_report(report, words)
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert document["findings"] == plain([result_json(r, words) for r in report.results])
    listed = 0
    for entry, analysis in zip(document["processes"], report.analyses, strict=True):
        hotspots = {(h.code, h.steps, h.role): h for h in analysis.hotspots}
        shown = [hotspots[h["code"], tuple(h["steps"]), h["role"]] for h in entry["hotspots"]]
        assert entry["hotspots"] == plain([hotspot_json(Ranked(analysis, h), words) for h in shown])
        listed += len(shown)
    assert listed > 100


def test_check_json_keeps_the_format_contract():
    result = run_cli("check", "--format", "json", "processes/invoice.yaml")
    document = json.loads(result.stdout)
    assert document["skavmap"] == 1
    (process,) = document["processes"]
    assert set(process["metrics"]) >= {
        "steps", "lead_time_hours", "work_time_hours", "flow_efficiency",
        "handoffs", "cross_department_handoffs", "loops",
    }  # fmt: skip
    scores = [h["score"] for h in process["hotspots"]]
    assert scores == sorted(scores, reverse=True) and scores
    assert document["summary"]["exit_code"] == 0
