"""``skavmap hotspots``: one ranking of where the processes chafe, then figures per process."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from skavmap.commands.common import Terminal, UsageError, read


def list_rules(terminal: Terminal, lang: str | None) -> int:
    """The analysers with their codes, one a line."""
    from skavmap.analysis.rules import analysers
    from skavmap.outputs.vocabulary import words

    language = words(lang).lang
    for unit in analysers():
        terminal.out(f"{unit.code}  {unit.name:<26} {unit.kind:<20} {unit.title[language]}")
    return 0


def run(
    terminal: Terminal,
    paths: Sequence[Path] | None,
    top: int | None,
    kinds: Sequence[str],
    min_score: float,
    fmt: str,
    lang: str | None,
    show_all: bool = False,
    by: str = "impact",
) -> int:
    """Exit status: 0, or 2 when a file cannot be read (the others are still ranked).

    The people's views (text, Markdown) show the :data:`~skavmap.reporters.hotspots.SHOWN`
    highest unless ``top`` or ``show_all`` says otherwise; JSON and CSV list every hotspot
    unless ``top`` cuts them.
    """
    from skavmap.analysis.engine import analyse_all
    from skavmap.outputs.formats import reporter
    from skavmap.outputs.vocabulary import words
    from skavmap.reporters.hotspots import SHOWN, rank

    if show_all and top is not None:
        raise UsageError(terminal.say("usage.all_or_top"))
    from skavmap.commands.progress import progress

    with progress(terminal) as bar:
        inputs = read(paths, bar)
        analyses, problems = analyse_all(bar.counted(inputs.processes))
    errors = inputs.errors + problems
    terminal.diagnostics(errors)
    if errors and not analyses:
        return 2  # nothing to rank: no "no hotspots found" that reads like a result
    if top is None and not show_all and fmt in ("text", "markdown"):
        top = SHOWN
    ranking = rank(analyses, top, kinds, min_score, by)
    if fmt == "json":
        from skavmap.reporters.hotspots import json_pieces

        terminal.write(json_pieces(analyses, ranking, words(lang)))
    else:
        terminal.show(reporter("hotspots", fmt)(analyses, ranking, words(lang)))
    terminal.keep(inputs, analyses, ranking)
    return 2 if errors else 0
