"""Every rule skavmap has, as one kind of record: analysers, thresholds and ratchet rules.

A rule is a permanent code (``SKV`` and three digits, never reused), a kebab-case name, a
kind, the configuration keys it reads (with their types and defaults), its docstring, and a
pure function that yields :class:`~skavmap.analysis.results.Finding` objects: ids and
numbers, no words. The engine adds location, severity and score; the outputs make the words
(:mod:`skavmap.outputs.messages`). ``skavmap explain``, ``hotspots --list``, the validation
of the configuration and the SARIF rule list are all derived from these records.

The hundreds digit of a code is its family (:data:`FAMILIES`):

- analysers (1xx to 7xx) run on every analysed process; their findings are hotspots;
- ratchet rules (8xx) run on the diff of two versions (``skavmap diff``), once configured;
- thresholds (9xx) run on a process's figures, once configured.

An analyser's name is its module's name (``rework_loop.py`` is ``rework-loop``); a threshold's
or ratchet rule's name is the configuration key that turns it on, so that every code, name
and key works with ``skavmap explain``.

This module imports nothing heavy: listing or explaining rules never loads the analysis.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Severities from lowest to highest.
SEVERITIES = ("info", "warning", "error")
LEVEL = {name: rank for rank, name in enumerate(SEVERITIES)}

#: Family of each code's hundreds digit.
FAMILIES = {
    "1": "flow and handoffs",
    "2": "loops and rework",
    "3": "time: bottlenecks and waiting",
    "4": "notifications",
    "5": "systems and double entry",
    "6": "people: reported pain",
    "7": "approvals and forms",
    "8": "ratchet: what a change may not make worse",
    "9": "thresholds set in the configuration",
}
#: Every hotspot kind; the first seven are the format specification's.
KINDS = (
    "handoff",
    "loop",
    "bottleneck",
    "wait",
    "night-notification",
    "system-switch",
    "pain",
    "approval-chain",
    "form-burden",
)
#: What a configuration value is, for :mod:`skavmap.analysis.config`.
SETTING_TYPES = (
    "duration",  # "10d": working time, resolved with each process's calendar
    "share",  # 0.05 or "5%"
    "number",  # 0 or more
    "count",  # a whole number, 0 or more
    "duration-change",  # "10%" of the old value, or a duration
    "number-change",  # "10%" of the old value, or a number
    "flag",  # true or false
    "selectors",  # a list of codes, code prefixes or rule names
)


@dataclass(frozen=True)
class Setting:
    """A configuration key a rule reads. ``default`` ``None`` leaves the rule off."""

    key: str
    type: str
    default: Any = None


@dataclass(frozen=True)
class Rule:
    """One rule: code, name, kind, settings, documentation and the function that checks.

    ``check`` takes a :class:`~skavmap.analysis.context.Context` (analysers), a context and
    the configured limit (thresholds), or a process diff and the configured value (ratchet
    rules), and yields findings.
    """

    code: str
    name: str
    kind: str  # a hotspot kind (analysers), "threshold" or "ratchet"
    title: Mapping[str, str]  # the summary line in each language
    doc: str
    check: Callable[..., Iterable[Any]]
    settings: tuple[Setting, ...] = ()

    @property
    def family(self) -> str:
        return FAMILIES[self.code[3]]

    @property
    def is_analyser(self) -> bool:
        return self.kind in KINDS

    @property
    def default_severity(self) -> str:
        """Analyser findings are reported, never failing; a broken limit is an error."""
        return "info" if self.is_analyser else "error"


_registered: dict[str, Rule] = {}


def rule(code: str, kind: str, sv: str, name: str | None = None, settings: Iterable[Setting] = ()):
    """Register the decorated function as a rule.

    ``sv`` is the Swedish summary line; the English one is the docstring's first line.
    ``name`` defaults to the module's name in kebab-case (analysers).
    """

    def register(check: Callable[..., Iterable[Any]]):
        doc = inspect.cleandoc(check.__doc__ or "")
        rule_name = name or check.__module__.rsplit(".", 1)[-1].replace("_", "-")
        if kind not in (*KINDS, "threshold", "ratchet"):
            raise ValueError(f"{check.__module__}: unknown kind {kind!r}")
        taken = _registered.get(code)
        if taken is not None and taken.name != rule_name:
            raise ValueError(f"{check.__module__}: code {code} is taken by {taken.name}")
        title = {"en": doc.splitlines()[0] if doc else rule_name, "sv": sv}
        _registered[code] = Rule(code, rule_name, kind, title, doc, check, tuple(settings))
        return check

    return register


def registry() -> tuple[Rule, ...]:
    """Every rule, by code."""
    from skavmap.analysis import analysers

    for module in sorted(m.name for m in pkgutil.iter_modules(analysers.__path__)):
        importlib.import_module(f"{analysers.__name__}.{module}")
    importlib.import_module("skavmap.analysis.ratchet")
    importlib.import_module("skavmap.analysis.thresholds")
    return tuple(sorted(_registered.values(), key=lambda r: r.code))


def analysers() -> tuple[Rule, ...]:
    """The rules that run on every analysed process."""
    return tuple(r for r in registry() if r.is_analyser)


def find(wanted: str) -> Rule | None:
    """The rule with this code (``SKV201``, ``skv201``, ``201``), name or configuration key.

    >>> find("SKV201").name, find("201").name, find("max-lead-time").code
    ('rework-loop', 'rework-loop', 'SKV901')
    >>> find("SKV999") is None
    True
    """
    text = wanted.strip().lower()
    for candidate in registry():
        keys = {s.key for s in candidate.settings}
        if text in (candidate.code.lower(), candidate.code[3:], candidate.name) or text in keys:
            return candidate
    return None


def at_least(severity: str, level: str) -> bool:
    """True when ``severity`` is ``level`` or higher.

    >>> at_least("error", "warning"), at_least("info", "warning")
    (True, False)
    """
    return LEVEL[severity] >= LEVEL[level]
