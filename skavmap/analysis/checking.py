"""The engine step of ``skavmap check``: analyses and thresholds become located findings.

Analysers report hotspots about step ids; the thresholds report breaches about a process or a
step. This module gives each one its file, line and column (from the positions the loader
kept), its severity (from the configuration) and keeps its score, so that reporters only
format. Validation problems of the loader join the same list as findings of kind
``validation``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skavmap.analysis.engine import Analysis, Hotspot
from skavmap.analysis.config import Config, ignored_in_file, is_selected, severity_of
from skavmap.format.diagnostics import Diagnostic
from skavmap.format.model import Pos, Process
from skavmap.analysis.rules import LEVEL, Rule, at_least

VALIDATION = "validation"


@dataclass(frozen=True)
class Finding:
    """One line of a report: where, how serious, what, and (for analysers) how much it chafes."""

    file: str
    line: int
    col: int
    severity: str  # error, warning or info
    message: str
    code: str | None = None
    name: str | None = None  # the rule's kebab-case name; None for validation problems
    kind: str = VALIDATION  # hotspot kind, "threshold", or "validation"
    steps: tuple[str, ...] = ()
    score: float | None = None  # analyser findings only
    process: str | None = None  # the process id, once the file has loaded
    role: str | None = None

    def __str__(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}{code}"

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
            self.message,
        )


@dataclass
class CheckReport:
    """Everything ``skavmap check`` found, ready for a reporter."""

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    analyses: list[Analysis] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)  # code → rule, for those reported
    fail_level: str = "error"

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def exit_code(self) -> int:
        """2 when a file does not load, 1 when a finding is at or above the fail level, else 0."""
        if any(f.is_load_error for f in self.findings):
            return 2
        return 1 if any(at_least(f.severity, self.fail_level) for f in self.findings) else 0

    def failing(self, finding: Finding) -> bool:
        return finding.is_load_error or at_least(finding.severity, self.fail_level)


def from_diagnostic(diagnostic: Diagnostic) -> Finding:
    return Finding(
        diagnostic.file,
        diagnostic.pos.line,
        diagnostic.pos.col,
        diagnostic.severity,
        diagnostic.message,
        code=diagnostic.code,
    )


def locate(
    process: Process,
    steps: Sequence[str],
    kind: str,
    role: str | None,
    analysis: Analysis | None = None,
) -> Pos:
    """The position a finding about ``steps`` is reported at.

    A role-level finding points at the role; a handoff at the ``next`` entry that hands the
    work over; a loop at the ``next`` entry that goes back (its rework edge); anything else at
    its first step, and a finding without steps at the process.
    """
    if role is not None and role in process.roles:
        return process.roles[role].pos
    known = [s for s in steps if s in process.steps]
    if kind == "handoff" and len(known) == 2:
        branch = _branch(process, *known)
        if branch is not None:
            return branch
    if kind == "loop" and analysis is not None:
        members = set(known)
        back = sorted(
            (edge for edge in analysis.metrics.rework_edges if set(edge) <= members),
            key=lambda edge: (process.steps[edge[0]].pos.line, process.steps[edge[0]].pos.col),
        )
        for u, v in back:
            branch = _branch(process, u, v)
            if branch is not None:
                return branch
    if known:
        return process.steps[known[0]].pos
    return process.pos


def _branch(process: Process, u: str, v: str) -> Pos | None:
    return next((b.pos for b in process.steps[u].next if b.to == v), None)


def evaluate(
    analysis: Analysis, config: Config, rules: dict[str, Rule], lang: str = "en"
) -> list[Finding]:
    """The findings of one analysed process under ``config``.

    Hotspots of analysers that ``select``/``ignore``, ``severity = "off"``,
    ``per-file-ignores`` or ``min-score`` leave out are dropped; every threshold the
    configuration sets is checked.
    """
    from skavmap.analysis.thresholds import THRESHOLDS, Limit

    process = analysis.process
    file = str(process.file)
    findings: list[Finding] = []

    def severity(code: str, name: str, default: str) -> str | None:
        if not is_selected(config, code, name) or ignored_in_file(config, file, code, name):
            return None
        chosen = severity_of(config, code, name, default)
        return None if chosen == "off" else chosen

    for hotspot in analysis.hotspots:
        rule = rules.get(hotspot.code)
        level = severity(hotspot.code, hotspot.name, rule.default_severity if rule else "info")
        if level is None or hotspot.score < config.min_score:
            continue
        findings.append(_from_hotspot(analysis, hotspot, level))

    day = process.calendar.day_hours
    for check in THRESHOLDS:
        setting = config.thresholds.get(check.key)
        if setting is None:
            continue
        level = severity(check.code, check.name, "error")
        if level is None:
            continue
        limit = Limit(setting.hours(day)[0], setting.text) if check.duration else setting
        for breach in check.check(analysis, limit, lang):
            pos = locate(process, breach.steps, check.kind, None)
            findings.append(
                Finding(
                    file,
                    pos.line,
                    pos.col,
                    level,
                    breach.message,
                    check.code,
                    check.name,
                    check.kind,
                    breach.steps,
                    None,
                    process.id,
                )
            )
    return findings


def _from_hotspot(analysis: Analysis, hotspot: Hotspot, level: str) -> Finding:
    process = analysis.process
    pos = locate(process, hotspot.steps, hotspot.kind, hotspot.role, analysis)
    return Finding(
        str(process.file),
        pos.line,
        pos.col,
        level,
        hotspot.message,
        hotspot.code,
        hotspot.name,
        hotspot.kind,
        hotspot.steps,
        hotspot.score,
        process.id,
        hotspot.role,
    )


def run_check(
    paths: Sequence[Path], config: Config, lang: str = "en", only_processes: bool = False
) -> CheckReport:
    """Validate and analyse every process file under ``paths``.

    With ``only_processes``, files named directly that are not process files (no top-level
    ``process:`` or ``steps:`` key) are skipped, as they are in folders.
    """
    from skavmap.analysis.engine import analyse
    from skavmap.format.inputs import load_paths
    from skavmap.format.files import looks_like_process
    from skavmap.analysis.rules import all_rules

    if only_processes:
        paths = [p for p in paths if p.is_dir() or not p.is_file() or looks_like_process(p)]
    processes, result = load_paths(list(paths))
    rules = {rule.code: rule for rule in all_rules()}
    findings = [from_diagnostic(d) for d in result.diagnostics]
    analyses = []
    for process in processes:
        analysis = analyse(process, lang)
        analyses.append(analysis)
        findings.extend(evaluate(analysis, config, rules, lang))
    findings.sort(key=Finding.order)
    used = {f.code for f in findings if f.code in rules}
    return CheckReport(
        files=[str(p) for p in result.files],
        findings=findings,
        analyses=analyses,
        rules={code: rules[code] for code in sorted(used)},
        fail_level=config.fail_level,
    )
