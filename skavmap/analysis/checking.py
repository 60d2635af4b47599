"""The engine of ``skavmap check``: analyses and configured rules become located results.

Analysers report hotspots about step ids; thresholds report findings about a process or a
step. This module gives each one its file, line and column (from the positions the loader
kept) and its severity (from the configuration), and keeps its score, so that reporters only
format. Problems of the loader, and rules that failed, join the same list as results of kind
``validation``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from skavmap.analysis.config import Config, ignored_in_file, is_selected, severity_of
from skavmap.analysis.results import Analysis, Figures, Finding, Hotspot, Related
from skavmap.analysis.rules import LEVEL, Rule, at_least, registry
from skavmap.format.diagnostics import Diagnostic
from skavmap.format.model import Pos, Process
from skavmap.format.phrases import Phrase

VALIDATION = "validation"


# A large process has 150,000 of them: slotted, and not frozen, for a frozen dataclass sets
# each field through object.__setattr__, three times as slow to make.
@dataclass(slots=True)
class Result:
    """One line of a check report: where, how serious, which rule, and its figures.

    A validation problem carries the loader's ``text``; a rule's result is put in words
    by :mod:`skavmap.outputs.messages` from ``code``, ``steps``, ``role`` and ``figures``.
    """

    file: str
    line: int
    col: int
    severity: str  # error, warning or info
    code: str | None = None
    name: str | None = None  # the rule's kebab-case name; None for validation problems
    kind: str = VALIDATION  # hotspot kind, "threshold", or "validation"
    steps: tuple[str, ...] = ()
    score: float | None = None  # analyser results only
    process: Process | None = field(default=None, compare=False)
    role: str | None = None
    figures: Figures = field(default_factory=dict, compare=False)
    text: str | None = None  # the message of a validation problem, in English
    phrase: Phrase | None = field(default=None, compare=False)  # ... to say in another

    @property
    def is_load_error(self) -> bool:
        return self.kind == VALIDATION and self.severity == "error"

    def order(self) -> tuple:
        return (
            self.file,
            self.line,
            self.col,
            -LEVEL[self.severity],
            self.code or "",
            -(self.score or 0.0),
            self.steps,
            self.text or "",
        )


@dataclass
class CheckReport:
    """Everything ``skavmap check`` found, ready for a reporter."""

    files: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    analyses: list[Analysis] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)  # code → rule, for those reported
    fail_level: str = "error"

    def count(self, severity: str) -> int:
        return self._counts[severity]

    @cached_property
    def _counts(self) -> Counter[str]:
        # Counted once: the summary and the exit status ask again and again, and a large
        # process has 150,000 results.
        return Counter(r.severity for r in self.results)

    @property
    def exit_code(self) -> int:
        """2 when a file does not load, 1 when a result is at or above the fail level, else 0."""
        if self.count("error") and any(r.is_load_error for r in self.results):
            return 2
        return 1 if any(at_least(severity, self.fail_level) for severity in self._counts) else 0

    def failing(self, result: Result) -> bool:
        return result.is_load_error or at_least(result.severity, self.fail_level)


def from_diagnostic(diagnostic: Diagnostic) -> Result:
    return Result(
        diagnostic.file,
        diagnostic.pos.line,
        diagnostic.pos.col,
        diagnostic.severity,
        code=diagnostic.code,
        text=diagnostic.message,
        phrase=diagnostic.phrase,
    )


def locate(
    process: Process,
    steps: Sequence[str],
    kind: str,
    role: str | None,
    analysis: Analysis | None = None,
) -> Pos:
    """The position a result about ``steps`` is reported at.

    A role-level result points at the role; a handoff at the ``next`` entry that hands the
    work over; a loop at the ``next`` entry that goes back (its rework edge); anything else at
    its first step, and a result without steps at the process.
    """
    if role is not None and role in process.roles:
        return process.roles[role].pos
    if kind in ("handoff", "loop"):
        branch = _branch_reported(process, steps, kind, analysis)
        if branch is not None:
            return branch
    # Its first step, looked for without a list of them: most results are about one step,
    # and a large process has 150,000.
    for step in steps:
        if step in process.steps:
            return process.steps[step].pos
    return process.pos


def _branch_reported(
    process: Process, steps: Sequence[str], kind: str, analysis: Analysis | None
) -> Pos | None:
    """The ``next`` entry a handoff or a loop is reported at, if it has one."""
    known = [s for s in steps if s in process.steps]
    if kind == "handoff" and len(known) == 2:
        return _branch(process, *known)
    if kind == "loop" and analysis is not None:
        members = set(known)
        rework = analysis.metrics.rework_edges
        back = sorted(
            (
                (u, b.to)
                for u in members
                for b in process.steps[u].next
                if b.to in members and (u, b.to) in rework
            ),
            key=lambda edge: (process.steps[edge[0]].pos.line, process.steps[edge[0]].pos.col),
        )
        for u, v in back:
            branch = _branch(process, u, v)
            if branch is not None:
                return branch
    return None


def _branch(process: Process, u: str, v: str) -> Pos | None:
    for branch in process.steps[u].next:
        if branch.to == v:
            return branch.pos
    return None


def evaluate(analysis: Analysis, config: Config, rules: Mapping[str, Rule]) -> list[Result]:
    """The results of one analysed process under ``config``.

    Hotspots of analysers that ``select``/``ignore``, ``severity = "off"``,
    ``per-file-ignores`` or ``min-score`` leave out are dropped; every threshold the
    configuration sets is checked (a threshold that fails becomes a validation result).
    """
    from skavmap.analysis.engine import run_rule
    from skavmap.analysis.thresholds import Limit

    process = analysis.process
    file = str(process.file)
    results: list[Result] = []

    # Once per rule, not per hotspot: a large process has a hundred thousand.
    levels = {code: _level(config, file, unit) for code, unit in rules.items()}
    min_score = config.min_score
    for hotspot in analysis.hotspots:
        if hotspot.score < min_score:
            continue
        # A joined finding (the long wait at a bottleneck) speaks for the hotspot when the
        # configuration leaves out the hotspot's own rule but not the joined one.
        for found in (hotspot, *hotspot.related):
            level = levels[found.code]
            if level is not None:
                results.append(_from_hotspot(analysis, file, hotspot, level, found))
                break

    thresholds = [r for r in rules.values() if r.kind == "threshold" and config.value(r)]
    if not thresholds:
        return results
    day = process.calendar.day_hours
    for unit in thresholds:
        level = levels[unit.code]
        if level is None:
            continue
        setting = config.value(unit)
        limit = Limit(setting.hours(day)[0], setting.text) if hasattr(setting, "hours") else setting
        findings, problem = run_rule(unit, process, analysis.context, limit)
        if problem is not None:
            results.append(from_diagnostic(problem))
        results.extend(_from_finding(process, unit, finding, level) for finding in findings)
    return results


def _level(config: Config, file: str, unit: Rule) -> str | None:
    """The severity ``config`` gives ``unit`` in ``file``, or ``None`` when it is left out."""
    if not is_selected(config, unit.code, unit.name):
        return None
    if ignored_in_file(config, file, unit.code, unit.name):
        return None
    chosen = severity_of(config, unit.code, unit.name, unit.default_severity)
    return None if chosen == "off" else chosen


def _from_finding(process: Process, unit: Rule, finding: Finding, level: str) -> Result:
    pos = locate(process, finding.steps, unit.kind, finding.role)
    return Result(
        str(process.file),
        pos.line,
        pos.col,
        level,
        unit.code,
        unit.name,
        unit.kind,
        finding.steps,
        None,
        process,
        finding.role,
        finding.figures,
    )


def _from_hotspot(
    analysis: Analysis, file: str, hotspot: Hotspot, level: str, found: Hotspot | Related
) -> Result:
    """The result of ``hotspot`` as ``found`` (the hotspot itself or a finding joined to it)
    reports it: that rule's code, name, kind and figures, at the hotspot's place (in
    ``file``, the process's) and score."""
    process = analysis.process
    pos = locate(process, hotspot.steps, hotspot.kind, hotspot.role, analysis)
    return Result(
        file,
        pos.line,
        pos.col,
        level,
        found.code,
        found.name,
        found.kind,
        hotspot.steps,
        hotspot.score,
        process,
        hotspot.role,
        found.figures,
    )


def check(
    files: Sequence[str],
    processes: Sequence[Process],
    diagnostics: Sequence[Diagnostic],
    config: Config,
) -> CheckReport:
    """Analyse ``processes`` and check them under ``config``; ``diagnostics`` are what the
    loader found in ``files``."""
    from skavmap.analysis.engine import analyse_all

    rules = {rule.code: rule for rule in registry()}
    results = [from_diagnostic(d) for d in diagnostics]
    analyses, problems = analyse_all(processes)
    results.extend(from_diagnostic(p) for p in problems)
    for analysis in analyses:
        results.extend(evaluate(analysis, config, rules))
    results.sort(key=Result.order)
    used = {r.code for r in results if r.code in rules}
    return CheckReport(
        files=list(files),
        results=results,
        analyses=analyses,
        rules={code: rules[code] for code in sorted(used)},
        fail_level=config.fail_level,
    )
