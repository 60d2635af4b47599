"""Which output formats each command has, and the reporter that writes each one.

The command line offers exactly these choices for ``--format`` (an unknown one is a usage
error, exit 2, before anything is read); the commands look their reporter up here. Reporters
are named as ``module:function`` and imported only when used, so that a usage error never
loads the analysis. A new format is one entry here and one function in its module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

#: command → format → "module:function". The first format is the default.
REPORTERS: dict[str, dict[str, str]] = {
    "check": {
        "text": "skavmap.reporters.check_text:text_report",
        "json": "skavmap.reporters.check_json:json_report",
        "github": "skavmap.reporters.github:github_report",
        "sarif": "skavmap.reporters.sarif:sarif_report",
        "junit": "skavmap.reporters.junit:junit_report",
    },
    "hotspots": {
        "text": "skavmap.reporters.hotspots:text_report",
        "json": "skavmap.reporters.hotspots:json_report",
        "markdown": "skavmap.reporters.hotspots:markdown_report",
        "csv": "skavmap.reporters.hotspots:csv_report",
    },
    "diff": {
        "text": "skavmap.reporters.diff_text:text_report",
        "markdown": "skavmap.reporters.diff_markdown:markdown_report",
        "json": "skavmap.reporters.diff_json:json_report",
    },
    "actions": {
        "text": "skavmap.reporters.actions:text_report",
        "markdown": "skavmap.reporters.actions:markdown_report",
        "csv": "skavmap.reporters.actions:csv_report",
        "json": "skavmap.reporters.actions:json_report",
    },
    "evidence": {
        "text": "skavmap.reporters.evidence:text_report",
        "markdown": "skavmap.reporters.evidence:markdown_report",
        "json": "skavmap.reporters.evidence:json_report",
    },
    "whatif": {
        "text": "skavmap.reporters.whatif:text_report",
        "markdown": "skavmap.reporters.whatif:markdown_report",
        "json": "skavmap.reporters.whatif:json_report",
    },
    "compare": {
        "text": "skavmap.reporters.compare:text_report",
        "markdown": "skavmap.reporters.compare:markdown_report",
        "json": "skavmap.reporters.compare:json_report",
    },
}
#: Formats of commands that write files rather than print a report.
DRAWN = {
    "render": ("svg", "png", "jpeg", "pdf", "dot", "json"),
    "watch": ("svg", "png", "jpeg", "pdf", "dot"),
    "report": ("html", "json"),
}


def choices(command: str) -> tuple[str, ...]:
    """The formats ``command`` offers, the default first.

    >>> choices("diff")
    ('text', 'markdown', 'json')
    """
    if command in REPORTERS:
        return tuple(REPORTERS[command])
    return DRAWN[command]


def reporter(command: str, fmt: str) -> Callable[..., Any]:
    """The function that writes ``command``'s output as ``fmt``."""
    module, function = REPORTERS[command][fmt].split(":")
    return getattr(importlib.import_module(module), function)
