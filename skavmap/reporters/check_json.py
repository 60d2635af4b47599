"""``skavmap check --format json``: the format specification's JSON, plus every finding.

``processes`` follows the contract of the specification (the same entries as ``skavmap
hotspots --format json``, holding the hotspots the configuration kept); ``findings`` lists
every validation problem, hotspot and threshold breach with its file, line, column and
severity; ``summary`` has the counts and the exit status.
"""

from __future__ import annotations

from collections.abc import Callable

from skavmap.analysis.checking import CheckReport, Result
from skavmap.format.model import Process
from skavmap.outputs.jsontext import indented
from skavmap.outputs.messages import Sentences, result_text, sentences
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry


def result_json(
    result: Result, words: Words, said_of: Callable[[Process], Sentences] | None = None
) -> dict:
    """A finding as ``findings`` lists it; ``said_of``: the sentences of each process
    (:func:`~skavmap.outputs.messages.sentences`), for a report of many."""
    return {
        "file": result.file,
        "line": result.line,
        "column": result.col,
        "severity": result.severity,
        "code": result.code,
        "name": result.name,
        "kind": result.kind,
        "message": result_text(result, words, said_of),
        "steps": list(result.steps),
        "role": result.role,
        "score": result.score,
        "process": result.process.id if result.process is not None else None,
    }


def json_report(report: CheckReport, words: Words) -> str:
    processes = []
    kept = {(f.file, f.code, f.steps, f.role) for f in report.results if f.score is not None}
    for analysis in report.analyses:
        file = str(analysis.process.file)
        hotspots = [h for h in analysis.hotspots if (file, h.code, h.steps, h.role) in kept]
        # The path as given, as in ``findings``, so that the two can be matched.
        processes.append(contract_entry(analysis, words, hotspots, file))
    said_of = sentences(words)
    document = {
        "skavmap": FORMAT_VERSION,
        "processes": processes,
        "findings": [result_json(r, words, said_of) for r in report.results],
        "summary": {
            "files": len(report.files),
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "info": report.count("info"),
            "fail_level": report.fail_level,
            "exit_code": report.exit_code,
        },
    }
    return indented(document) + "\n"
