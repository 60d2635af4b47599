"""What a report is asked for, and which processes it compares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
