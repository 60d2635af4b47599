"""``skavmap diff --format json``: every compared process with what changed, and the ratchet.

Each process carries the format specification's keys (``id``, ``name``, ``file``,
``metrics``, ``hotspots``) for its new version, or for its old one when the change removed
it (``status`` is then ``removed``); what changed follows under keys of its own.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from skavmap.analysis.diff import DiffResult, ProcessDiff
from skavmap.analysis.results import Hotspot
from skavmap.format.model import Process
from skavmap.outputs.messages import hotspot_text
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.diff_text import breach_process, breach_text
from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry, figure


def process_json(diff: ProcessDiff, words: Words) -> dict:
    def listed(entries) -> list[dict]:
        return [asdict(entry) for entry in entries]

    def hotspots(entries: list[Hotspot], process: Process | None) -> list[dict]:
        return [
            {
                "code": h.code,
                "name": h.name,
                "kind": h.kind,
                "steps": list(h.steps),
                "score": h.score,
                "message": hotspot_text(h, process, words),
                "role": h.role,
            }
            for h in entries
        ]

    def changed_steps() -> list[dict]:
        # Durations as written in the file, as everything else in this list.
        return [
            {
                "id": change.id,
                "name": change.name,
                "changes": [
                    {"field": f.field, "old": _written(f.old), "new": _written(f.new)}
                    for f in change.changes
                ],
            }
            for change in diff.steps_changed
        ]

    gained, lost = listed(diff.handoffs_gained), listed(diff.handoffs_lost)
    return {
        **contract_entry(diff.analysis, words, file=diff.file),
        "status": diff.status,
        "changed": diff.changed,
        "old_file": diff.old_file,
        "new_file": diff.new_file,
        "figures": {
            f.key: {"old": figure(f.old), "new": figure(f.new), "delta": figure(f.delta)}
            for f in diff.figures
        },
        "steps": {
            "added": listed(diff.steps_added),
            "removed": listed(diff.steps_removed),
            "renamed": listed(diff.steps_renamed),
            "changed": changed_steps(),
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
            "new": hotspots(diff.hotspots_new, diff.analysis.process),
            "resolved": hotspots(
                diff.hotspots_resolved, diff.before.process if diff.before else None
            ),
        },
    }


def _written(value: object) -> object:
    """A field's value as written: a duration's text, ``–`` for none."""
    if value is None:
        return "–"
    return getattr(value, "text", value)


def json_report(result: DiffResult, words: Words) -> str:
    broken = [
        {
            "rule": b.setting,
            "code": b.rule.code,
            "file": b.file,
            "message": breach_text(b, breach_process(result, b), words),
        }
        for b in result.breaches
    ]
    document = {
        "skavmap": FORMAT_VERSION,
        "base": result.base,
        "processes": [process_json(d, words) for d in result.diffs],
        "ratchet": {"broken": broken},
        "errors": [
            {"file": d.file, "line": d.pos.line, "column": d.pos.col, "message": d.message}
            for d in result.errors
        ],
        "exit_code": result.exit_code,
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
