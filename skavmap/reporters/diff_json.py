"""``skavmap diff --format json``: every compared process with what changed, and the ratchet.

Each process carries the format specification's keys (``id``, ``name``, ``file``,
``metrics``, ``hotspots``) for its new version, or for its old one when the change removed
it (``status`` is then ``removed``); what changed follows under keys of its own.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from skavmap.analysis.diff import DiffResult, ProcessDiff
from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    rounded = round(value, 4)
    return 0.0 if rounded == 0 else rounded


def process_json(diff: ProcessDiff) -> dict:
    def listed(entries) -> list[dict]:
        return [asdict(entry) for entry in entries]

    gained, lost = listed(diff.handoffs_gained), listed(diff.handoffs_lost)
    return {
        **contract_entry(diff.analysis, file=diff.file),
        "status": diff.status,
        "changed": diff.changed,
        "old_file": diff.old_file,
        "new_file": diff.new_file,
        "figures": {
            f.key: {"old": _round(f.old), "new": _round(f.new), "delta": _round(f.delta)}
            for f in diff.figures
        },
        "steps": {
            "added": listed(diff.steps_added),
            "removed": listed(diff.steps_removed),
            "renamed": listed(diff.steps_renamed),
            "changed": listed(diff.steps_changed),
        },
        "handoffs": {"gained": gained, "lost": lost},
        "cross_department_handoffs": {
            "gained": [h for h in gained if h["cross"]],
            "lost": [h for h in lost if h["cross"]],
        },
        "loops": {
            "introduced": listed(diff.loops_introduced),
            "removed": listed(diff.loops_removed),
        },
        "hotspot_changes": {
            "new": listed(diff.hotspots_new),
            "resolved": listed(diff.hotspots_resolved),
        },
    }


def json_report(result: DiffResult) -> str:
    document = {
        "skavmap": FORMAT_VERSION,
        "base": result.base,
        "processes": [process_json(d) for d in result.diffs],
        "ratchet": {"broken": [asdict(b) for b in result.breaches]},
        "errors": [
            {"file": d.file, "line": d.pos.line, "column": d.pos.col, "message": d.message}
            for d in result.errors
        ],
        "exit_code": result.exit_code,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
