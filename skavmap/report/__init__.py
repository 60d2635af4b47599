"""``skavmap report``: one self-contained HTML page for a workshop or a steering group.

The page holds everything it shows (inline CSS, inline SVG diagrams, one inline script, no
web addresses), so it opens offline and can be mailed as one file. It opens with a summary
(the largest hotspots and what they cost) and an overview that ranks the processes, then a
section per process (figures, annotated map to zoom and move, hotspots, reported pain,
actions, and on paper the map on pages of its own at a legible scale), a comparison
wherever several files share a process ``id`` with different ``unit``, and a short
glossary. The same input gives the same bytes: there is no timestamp unless ``date`` is
given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from skavmap.analysis.results import Analysis
from skavmap.report.options import GENERATOR, ReportOptions, comparison_groups

if TYPE_CHECKING:
    from skavmap.analysis.evidence import Evidence
    from skavmap.render.changes import Base
    from skavmap.report.diagram import Drawing

__all__ = ["GENERATOR", "Report", "ReportOptions", "build_report", "comparison_groups", "is_report"]


@dataclass(frozen=True)
class Report:
    html: str
    warnings: tuple[str, ...]  # what the page lacks (a diagram that could not be drawn)


def build_report(
    analyses: Sequence[Analysis],
    options: ReportOptions,
    diagram: Callable[..., Drawing] | None = None,
    evidence: Mapping[int, Evidence] | None = None,
) -> Report:
    """The report page.

    ``diagram`` draws one analysis with the pages that print it (given a base version, its
    analysis and the wrap of its map: marked with what changed since, and wrapped alike); by
    default the annotated swimlane map of :mod:`skavmap.render` for the report's paper
    (tests pass a stand-in so they need not draw). ``evidence``: what an event log
    measured, by the ``id()`` of the analysis it measured.
    """
    from skavmap.report.page import Page

    draw = diagram or draw_diagram(options.lang, options.paper)
    page = Page(list(analyses), options, draw, evidence or {})
    text = page.html()
    return Report(text, tuple(page.warnings))


def draw_diagram(lang: str, paper: str = "a4") -> Callable[..., Drawing]:
    """The annotated map of an analysis's process in ``lang``, for pages of ``paper``."""

    def draw(
        analysis: Analysis, base: Base | None = None, base_analysis=None, wrap: int | None = None
    ) -> Drawing:
        from skavmap.report.css import map_area
        from skavmap.report.diagram import draw_map

        return draw_map(analysis, lang, map_area(paper), base, base_analysis, wrap)

    return draw


def is_report(path: Path) -> bool:
    """Whether ``path`` is missing or a page this command wrote (safe to overwrite)."""
    if not path.exists():
        return True
    if not path.is_file():
        return False
    with path.open("rb") as stream:
        head = stream.read(4096)
    return f'<meta name="generator" content="{GENERATOR}'.encode() in head
