"""``skavmap check --format json``: the format specification's JSON, plus every finding.

``processes`` follows the contract of the specification (the same entries as ``skavmap
hotspots --format json``, holding the hotspots the configuration kept); ``findings`` lists
every validation problem, hotspot and threshold breach with its file, line, column and
severity; ``summary`` has the counts and the exit status.
"""

from __future__ import annotations

import json

from skavmap.analysis.checking import CheckReport, Finding
from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry


def finding_json(finding: Finding) -> dict:
    return {
        "file": finding.file,
        "line": finding.line,
        "column": finding.col,
        "severity": finding.severity,
        "code": finding.code,
        "name": finding.name,
        "kind": finding.kind,
        "message": finding.message,
        "steps": list(finding.steps),
        "role": finding.role,
        "score": finding.score,
        "process": finding.process,
    }


def json_report(report: CheckReport) -> str:
    processes = []
    for analysis in report.analyses:
        file = str(analysis.process.file)
        kept = {
            (f.code, f.steps, f.role)
            for f in report.findings
            if f.file == file and f.score is not None
        }
        hotspots = [h for h in analysis.hotspots if (h.code, h.steps, h.role) in kept]
        # The path as given, as in ``findings``, so that the two can be matched.
        processes.append(contract_entry(analysis, hotspots, file))
    document = {
        "skavmap": FORMAT_VERSION,
        "processes": processes,
        "findings": [finding_json(f) for f in report.findings],
        "summary": {
            "files": len(report.files),
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "info": report.count("info"),
            "fail_level": report.fail_level,
            "exit_code": report.exit_code,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
