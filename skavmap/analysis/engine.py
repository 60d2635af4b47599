"""Analyse a loaded process: exact per-case metrics plus ranked hotspots.

This module is the public face of the analysis; :func:`analyse` is what commands and the
renderer call. The figures come from :mod:`skavmap.analysis.metrics`, the findings from the analysers
in :mod:`skavmap.analysis.analysers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from skavmap.format.diagnostics import Diagnostic
from skavmap.format.model import Pos, Process


@dataclass(frozen=True)
class StepFigures:
    """Per-case figures of one step."""

    visits: float  # expected visits per case
    hours: float  # visits × (wait + work) in working hours (subprocess: its lead time)
    share: float  # hours / process lead time (0..1)


@dataclass(frozen=True)
class RoleFigures:
    """Per-case figures of one role."""

    work_per_case: float  # expected working hours per case
    utilisation: float | None  # None without volume/capacity


@dataclass(frozen=True)
class Metrics:
    """Expected per-case figures of a process (see docs/analysis.md for every definition).

    ``loop_groups``: each loop (a strongly connected group of steps with more than one step,
    or one step that leads to itself) as its step ids in file order; the groups are ordered
    by their first step in file order.

    ``rework_edges``: the edges ``(u, v)`` that a depth-first walk from the start step, taking
    each step's ``next`` entries in the order written, finds pointing back to a step on the
    walk's current path (``v`` is ``u`` itself or an ancestor of ``u``). Every loop holds at
    least one; in a plain rework loop it is the branch that goes back. Draw them as rework.

    ``cross_department_edges``: the graph edges ``(u, v)`` where a cross-department handoff
    lands. ``v`` is always a step with a role; ``u`` is either a step with a role of another
    department, or a step without a role through which, with positive probability, work
    arrives whose last role before was of another department than ``v``'s role. In a path
    ``A (role x) → gateway → B (role y)`` the marked edge is ``(gateway, B)``: the edge that
    enters the next step with a role. External roles, and roles without a department, count
    as departments of their own.

    ``edge_traversals``: expected traversals per case of each edge of the step graph.
    """

    steps: int
    lead_time_hours: float
    work_time_hours: float
    flow_efficiency: float
    handoffs: float
    cross_department_handoffs: float
    loops: int
    departments_touched: int
    per_step: Mapping[str, StepFigures]
    per_role: Mapping[str, RoleFigures]
    loop_groups: tuple[tuple[str, ...], ...]
    rework_edges: frozenset[tuple[str, str]]
    cross_department_edges: frozenset[tuple[str, str]]
    edge_traversals: Mapping[tuple[str, str], float]


@dataclass(frozen=True)
class Hotspot:
    """One finding: where a process chafes, how much (score 0..100), and why."""

    code: str  # "SKV201"
    name: str  # the analyser's kebab-case name, e.g. "rework-loop"
    kind: str  # handoff, loop, bottleneck, wait, night-notification, system-switch, pain, ...
    steps: tuple[str, ...]
    score: float  # 0..100, comparable across processes
    message: str  # one line with the numbers, in the requested language
    role: str | None = None  # for role-level findings (utilisation)


@dataclass(frozen=True)
class Analysis:
    process: Process
    metrics: Metrics
    hotspots: tuple[Hotspot, ...]  # highest score first, deterministic tie-break


def analyse(process: Process, lang: str = "en") -> Analysis:
    """Compute the metrics of ``process`` and run every analyser over it.

    Messages are written in ``lang`` ("sv" or "en").
    """
    # Imported here because these modules build the dataclasses defined above.
    from skavmap.analysis.analysers import Context, run_all
    from skavmap.analysis.graph import build_graph
    from skavmap.analysis.metrics import Flow, compute_metrics

    graph = build_graph(process)
    flow = Flow(graph, process.start)
    metrics = compute_metrics(process, graph, flow)
    return Analysis(process, metrics, run_all(Context(process, graph, metrics, flow, lang)))


def analyse_paths(paths: list[Path], lang: str = "en") -> tuple[list[Analysis], list[Diagnostic]]:
    """Analyse every process file under ``paths`` (folders: ``*.yaml``/``*.yml``, recursive).

    Returns the analyses of the files that load, in file order, and the errors of those that
    do not (each error once, also when several files run the same broken sub-process).
    """
    from skavmap.format.files import find_process_files
    from skavmap.format.loader import Loader

    files, missing = find_process_files(paths)
    errors = [
        Diagnostic(str(path), Pos(1, 1), "error", "no such file or folder") for path in missing
    ]
    loader = Loader()
    analyses = []
    for path in files:
        process, diagnostics = loader.load_file(path)
        errors.extend(d for d in diagnostics if d.severity == "error" and d not in errors)
        if process is None:
            continue
        try:
            analyses.append(analyse(process, lang))
        except ValueError as problem:  # a file the loader accepts but that cannot be counted
            errors.append(Diagnostic(str(path), process.pos, "error", str(problem)))
    return analyses, errors
