"""``skavmap actions`` and ``skavmap compare``: the improvement plan, and units side by side."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from skavmap.commands.common import Terminal, UsageError, analysed


def actions(
    terminal: Terminal,
    paths: Sequence[Path] | None,
    group: str | None,
    fmt: str,
    threshold: float,
    fail_uncovered: bool,
    lang: str | None,
    by: str = "group",
) -> int:
    """Exit status: 0; 1 with ``fail_uncovered`` when a hotspot at the threshold has no
    action; 2 when a file cannot be read."""
    from skavmap.analysis.plan import build_plan

    if by == "effect" and group is not None:
        raise UsageError(terminal.say("usage.by_effect"))
    group = group or "level"
    from skavmap.commands.progress import progress
    from skavmap.outputs.formats import reporter
    from skavmap.outputs.vocabulary import words

    with progress(terminal) as bar:
        plan = build_plan(analysed(terminal, paths, bar=bar), threshold)
    output = reporter("actions", fmt)(plan, group, words(lang), by)
    terminal.show(output)
    return 1 if fail_uncovered and plan.uncovered else 0


def compare(
    terminal: Terminal, paths: Sequence[Path], fmt: str, min_score: float, lang: str | None
) -> int:
    """The first file is the reference. Exit status: 0, or 2 on a usage or input error."""
    from skavmap.analysis.compare import compare as compare_variants
    from skavmap.commands.progress import progress
    from skavmap.outputs.formats import reporter
    from skavmap.outputs.vocabulary import words

    with progress(terminal) as bar:
        analyses = analysed(terminal, paths, bar=bar)
        if len(analyses) < 2:
            raise UsageError(terminal.say("usage.compare_two"))
        bar.stage("comparing")
        comparison = compare_variants(analyses, min_score=min_score)
    output = reporter("compare", fmt)(comparison, words(lang))
    terminal.show(output)
    return 0
