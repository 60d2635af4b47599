"""Analyse a loaded process: exact per-case figures, then every analyser's hotspots.

:func:`analyse` is what commands and outputs call. The figures come from
:mod:`skavmap.analysis.metrics`; the findings from the analysers registered in
:mod:`skavmap.analysis.rules`, made hotspots (joined, costed, scored) by
:mod:`skavmap.analysis.ranking`. A rule that raises does not stop the run: it becomes one
problem in :attr:`~skavmap.analysis.results.Analysis.problems`, naming the rule and the file,
and every other rule still reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from skavmap.analysis.ranking import hotspots
from skavmap.analysis.results import Analysis, Finding
from skavmap.analysis.rules import Rule, analysers
from skavmap.format.diagnostics import Diagnostic, said
from skavmap.format.model import Pos, Process
from skavmap.format.phrases import say

FIRST = Pos(1, 1)


class Uncountable(ValueError):
    """A process the loader accepts but whose figures cannot be computed; ``pos`` is where."""

    def __init__(self, message: str, pos: Pos = FIRST):
        super().__init__(message)
        self.pos = pos


def analyse(process: Process) -> Analysis:
    """Compute the metrics of ``process`` and run every analyser over it.

    Raises :class:`Uncountable` when the figures cannot be computed.
    """
    from skavmap.analysis.context import Context
    from skavmap.analysis.metrics import Flow, compute_metrics, step_graph

    graph = step_graph(process)
    try:
        flow = Flow(graph, process.start)
    except ValueError as error:
        raise Uncountable(str(error), process.pos) from error
    metrics = compute_metrics(process, graph, flow)
    context = Context(process, graph, metrics, flow)
    found: list[tuple[Rule, list[Finding]]] = []
    problems: list[Diagnostic] = []
    for unit in analysers():
        findings, problem = run_rule(unit, process, context)
        if problem is not None:
            problems.append(problem)
        found.append((unit, findings))
    ranked = hotspots(context, found)
    context.settle()
    return Analysis(process, metrics, ranked, tuple(problems), context)


def analyse_all(processes: Iterable[Process]) -> tuple[list[Analysis], list[Diagnostic]]:
    """The analyses of ``processes`` that can be counted, and a problem for each that
    cannot or whose rules failed (those are still analysed with the other rules)."""
    analyses: list[Analysis] = []
    problems: list[Diagnostic] = []
    for process in processes:
        try:
            analysis = analyse(process)
        except Uncountable as error:
            problems.append(Diagnostic(str(process.file), error.pos, "error", str(error)))
            continue
        analyses.append(analysis)
        problems.extend(analysis.problems)
    return analyses, problems


def run_rule(unit: Rule, process: Process, *args: Any) -> tuple[list[Finding], Diagnostic | None]:
    """Every finding of one rule, or none and a problem when the rule raises.

    A crashing rule is a defect of skavmap, not of the file: the run goes on without it, and
    the problem tells the user what to report.
    """
    try:
        return list(unit.check(*args)), None
    except Exception as error:  # any failure of one rule: report it, keep the others
        message = say("rule_failed", code=unit.code, name=unit.name,
                      error=f"{type(error).__name__}: {error}")  # fmt: skip
        return [], said(str(process.file), process.pos, "error", message, unit.code)
