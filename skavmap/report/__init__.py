"""``skavmap report``: one self-contained HTML page for a workshop or a steering group.

The page holds everything it shows (inline CSS, inline SVG diagrams, no scripts, no web
addresses), so it opens offline and can be mailed as one file. It has an overview that ranks
the processes, a section per process (figures, annotated diagram, hotspots, reported pain,
actions), a comparison wherever several files share a process ``id`` with different
``unit``, and a short glossary. The same input gives the same bytes: there is no timestamp
unless ``date`` is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from skavmap.analysis.plan import HIGH_SCORE
from skavmap.analysis.results import Analysis

#: Shown in ``<meta name="generator">``; ``skavmap report`` only overwrites files carrying it.
GENERATOR = "skavmap report"


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "en"
    paper: str = "a4"  # a4 or a3, landscape
    title: str | None = None  # the cover heading (default: "Where does it chafe?")
    date: str | None = None  # printed on the cover when given
    threshold: float = HIGH_SCORE  # hotspots at or above this need an action


def comparison_groups(analyses: Sequence[Analysis]) -> list[list[Analysis]]:
    """Analyses that share a process id and differ in unit, one group per id, in the order
    of their first file; within a group the first file of each unit, in file order."""
    groups: dict[str, list[Analysis]] = {}
    for analysis in analyses:
        members = groups.setdefault(analysis.process.id, [])
        if analysis.process.unit and all(m.process.unit != analysis.process.unit for m in members):
            members.append(analysis)
    return [members for members in groups.values() if len(members) > 1]


@dataclass(frozen=True)
class Report:
    html: str
    warnings: tuple[str, ...]  # what the page lacks (a diagram that could not be drawn)


def build_report(
    analyses: Sequence[Analysis],
    options: ReportOptions,
    diagram: Callable[[Analysis], str] | None = None,
) -> Report:
    """The report page.

    ``diagram`` draws one analysis as SVG text; by default the annotated swimlane diagram
    of :mod:`skavmap.render` (tests pass a stand-in so they need not draw).
    """
    from skavmap.report.page import Page

    page = Page(list(analyses), options, diagram or draw_diagram(options.lang))
    text = page.html()
    return Report(text, tuple(page.warnings))


def draw_diagram(lang: str) -> Callable[[Analysis], str]:
    """The annotated SVG of an analysis's process, in ``lang``."""

    def draw(analysis: Analysis) -> str:
        from skavmap.render import Options, render

        return render(analysis.process, "svg", Options(lang=lang)).decode("utf-8")

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
