"""Every rule ``skavmap check`` can report: the hotspot analysers and the configured thresholds.

The analysers live in :mod:`skavmap.analysis.analysers` (codes 1xx to 7xx); the thresholds of the
configuration in :mod:`skavmap.analysis.thresholds` (codes 9xx). This module puts them in one list with
the severity each has when the configuration says nothing: analyser findings are ``info``
(reported, never failing), threshold breaches are ``error``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: Severities from lowest to highest.
SEVERITIES = ("info", "warning", "error")
LEVEL = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    title: Mapping[str, str]  # one-line summary per language
    doc: str
    default_severity: str


def all_rules() -> tuple[Rule, ...]:
    """Analysers, then thresholds, each by code."""
    from skavmap.analysis.analysers import registry
    from skavmap.analysis.thresholds import THRESHOLDS

    rules = [
        Rule(unit.code, unit.name, unit.kind, unit.title, unit.doc, "info") for unit in registry()
    ]
    rules += [
        Rule(t.code, t.name, t.kind, t.title, t.doc, "error")
        for t in sorted(THRESHOLDS, key=lambda t: t.code)
    ]
    return tuple(rules)


def at_least(severity: str, level: str) -> bool:
    """True when ``severity`` is ``level`` or higher.

    >>> at_least("error", "warning"), at_least("info", "warning")
    (True, False)
    """
    return LEVEL[severity] >= LEVEL[level]
