"""The hotspot analysers: small functions over the step graph, one module each.

An analyser is a function ``(Context) -> Iterable[Finding]`` registered with :func:`analyser`.
Its module name is its kebab-case name with underscores; its docstring is its documentation
(the first line is the summary ``skavmap explain`` and ``skavmap hotspots --list`` print, the
rest explains when it fires and its score formula). Codes are permanent and never reused; the
hundreds digit is the family:

===  ========================================
1xx  flow and handoffs
2xx  loops and rework
3xx  time: bottlenecks and waiting
4xx  notifications
5xx  systems and double entry
6xx  people: reported pain
7xx  approvals and forms
===  ========================================

The engine (:func:`run_all`) adds the code, name and kind, bounds each score to 0..100,
drops findings that round to 0 and ranks the rest.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from skavmap.analysis.engine import Hotspot, Metrics
from skavmap.outputs.vocabulary import format_hours, format_number, format_percent
from skavmap.analysis.metrics import Flow
from skavmap.format.model import Process

#: Family of each code's hundreds digit.
FAMILIES = {
    "1": "flow and handoffs",
    "2": "loops and rework",
    "3": "time: bottlenecks and waiting",
    "4": "notifications",
    "5": "systems and double entry",
    "6": "people: reported pain",
    "7": "approvals and forms",
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


@dataclass(frozen=True)
class Finding:
    """What an analyser found: the steps, a score by its documented formula, a message."""

    steps: tuple[str, ...]
    score: float
    message: str
    role: str | None = None


class Context:
    """What an analyser sees: the process, its graph, its metrics, and the output language."""

    def __init__(
        self, process: Process, graph: nx.DiGraph, metrics: Metrics, flow: Flow, lang: str
    ):
        self.process = process
        self.graph = graph
        self.metrics = metrics
        self.flow = flow
        self.lang = lang

    def name(self, step: str) -> str:
        return self.graph.nodes[step]["name"]

    def visits(self, step: str) -> float:
        return self.metrics.per_step[step].visits

    def hours(self, hours: float) -> str:
        return format_hours(hours, self.process.calendar.day_hours, self.lang)

    def percent(self, share: float) -> str:
        return format_percent(share, self.lang)

    def number(self, value: float, decimals: int = 1) -> str:
        return format_number(value, self.lang, decimals)

    def times(self, count: float) -> str:
        """``1,2 gånger per ärende`` / ``1.2 times per case``."""
        text = format_number(count, self.lang, 2 if count < 1 else 1)
        if self.lang == "sv":
            return f"{text} {'gång' if text == '1' else 'gånger'} per ärende"
        return f"{text} {'time' if text == '1' else 'times'} per case"

    def say(self, phrases: Mapping[str, str], **values: object) -> str:
        return phrases[self.lang].format(**values)

    @cached_property
    def system_arrivals(self):
        """:meth:`~skavmap.analysis.metrics.Flow.arrivals` by the set of systems a step uses; steps
        without systems are transparent."""
        return self.flow.arrivals(lambda n: frozenset(self.graph.nodes[n]["systems"]) or None)


@dataclass(frozen=True)
class Analyser:
    code: str
    name: str
    kind: str
    title: Mapping[str, str]  # the summary line in each language
    doc: str  # the whole docstring
    run: Callable[[Context], Iterable[Finding]]


_registered: dict[str, Analyser] = {}


def analyser(code: str, kind: str, sv: str):
    """Register the decorated function as the analyser of its module.

    ``sv`` is the Swedish summary line; the English one is the docstring's first line.
    """

    def register(run: Callable[[Context], Iterable[Finding]]):
        doc = inspect.cleandoc(run.__doc__ or "")
        name = run.__module__.rsplit(".", 1)[-1].replace("_", "-")
        if kind not in KINDS:
            raise ValueError(f"{run.__module__}: unknown kind {kind!r}")
        if code in _registered and _registered[code].name != name:
            raise ValueError(f"{run.__module__}: code {code} is taken by {_registered[code].name}")
        title = {"en": doc.splitlines()[0] if doc else name, "sv": sv}
        _registered[code] = Analyser(code, name, kind, title, doc, run)
        return run

    return register


def registry() -> tuple[Analyser, ...]:
    """Every analyser, by code."""
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}")
    return tuple(sorted(_registered.values(), key=lambda a: a.code))


def find(code_or_name: str) -> Analyser | None:
    """The analyser with this code (``SKV201``, ``skv201``, ``201``) or name."""
    wanted = code_or_name.strip().lower()
    for candidate in registry():
        if wanted in (candidate.code.lower(), candidate.code[3:], candidate.name):
            return candidate
    return None


def run_all(context: Context) -> tuple[Hotspot, ...]:
    """Every analyser's findings as hotspots, highest score first.

    Ties are broken by code, then by the steps' positions in the file, then by role.
    """
    order = {n: i for i, n in enumerate(context.graph)}
    hotspots = []
    for unit in registry():
        for finding in unit.run(context):
            score = round(min(100.0, max(0.0, float(finding.score))), 1)
            if score > 0:
                hotspots.append(
                    Hotspot(
                        unit.code,
                        unit.name,
                        unit.kind,
                        finding.steps,
                        score,
                        finding.message,
                        finding.role,
                    )
                )
    hotspots.sort(key=lambda h: (-h.score, h.code, [order[s] for s in h.steps], h.role or ""))
    return tuple(hotspots)
