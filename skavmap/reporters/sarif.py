"""``skavmap check`` as SARIF 2.1.0, the format code-scanning services read.

One run of the tool ``skavmap``; one result per finding with its rule, level, message and
the file, line and column it is about. Rules are listed for the codes that occur (with their
documentation); validation problems of the loader use the rule ``validation``. No time stamps
or absolute paths are written unless a file was named by an absolute path, so the same
input gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from skavmap import __version__
from skavmap.analysis.checking import VALIDATION, CheckReport, Result
from skavmap.format.model import Process
from skavmap.outputs.messages import Sentences, result_text, sentences
from skavmap.outputs.vocabulary import Words

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
VALIDATION_RULE = {
    "id": VALIDATION,
    "name": "process-file-validation",
    "shortDescription": {"text": "The process file breaks the format: it cannot be analysed."},
    "fullDescription": {
        "text": "Errors and warnings of the loader: YAML, unknown fields, references, "
        "durations, start and end steps. Errors stop the analysis of the file; warnings "
        "weaken it. See docs/format.md."
    },
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["validation"]},
}


def artifact(file: str) -> dict:
    """A SARIF artifact location: relative paths stay relative (to the checkout), percent-encoded.

    >>> artifact("processes/lön.yaml")
    {'uri': 'processes/l%C3%B6n.yaml', 'uriBaseId': '%SRCROOT%'}
    """
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(PurePosixPath(*path.parts).as_posix()), "uriBaseId": "%SRCROOT%"}


def _rule(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _plain(rule.title["en"])},
        "fullDescription": {"text": _plain(rule.doc or rule.title["en"])},
        "help": {"text": _help(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.default_severity]},
        "properties": {"tags": [rule.kind]},
    }


def _plain(text: str) -> str:
    """A docstring's ````code```` markup as the single backticks code scanning shows."""
    return text.replace("``", "`")


def _help(rule) -> str:
    if rule.kind == "threshold":
        return f"Set by the configuration; see docs/ci.md, thresholds ({rule.code})."
    if rule.kind == "ratchet":
        return f"Set by the configuration; see docs/ci.md, ratchet ({rule.code})."
    return f"skavmap explain {rule.code}"


def _result(
    finding: Result, index: dict[str, int], words: Words, said_of: Callable[[Process], Sentences]
) -> dict:
    rule_id = finding.code if finding.code in index else VALIDATION
    result: dict = {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": LEVEL[finding.severity],
        "message": {"text": result_text(finding, words, said_of)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact(finding.file),
                    "region": {"startLine": finding.line, "startColumn": finding.col},
                }
            }
        ],
    }
    properties: dict = {}
    if finding.process is not None:
        properties["process"] = finding.process.id
    if finding.steps:
        properties["steps"] = list(finding.steps)
    if finding.role is not None:
        properties["role"] = finding.role
    if finding.score is not None:
        properties["score"] = finding.score
        # SARIF's rank is 0..100 like the score: code scanning sorts by it.
        result["rank"] = finding.score
    if properties:
        result["properties"] = properties
    return result


def sarif_report(report: CheckReport, words: Words, version: str = __version__) -> str:
    rules = [_rule(rule) for rule in report.rules.values()]
    if any(f.code not in report.rules for f in report.results):
        rules.append(VALIDATION_RULE)
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    said_of = sentences(words)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "skavmap",
                        "version": version,
                        "rules": rules,
                    }
                },
                "invocations": [{"executionSuccessful": True, "exitCode": report.exit_code}],
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index, words, said_of) for f in report.results],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
