"""``skavmap check``: validate process files and run the rules, for people and CI servers."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from skavmap.commands.common import Terminal, config, read


def run(
    terminal: Terminal,
    paths: Sequence[Path] | None,
    fmt: str | None,
    config_file: Path | None,
    fail_level: str | None,
    strict: bool,
    quiet: bool,
    lang: str | None,
    only_processes: bool,
    verbose: bool = False,
) -> int:
    """Exit status: 0 clean, 1 results at or above the fail level (with ``strict``:
    warnings), 2 a file that cannot be loaded, or a bad configuration.

    The text format leaves out info results unless ``verbose`` (or they fail the run); the
    other formats hold every result."""
    import os

    from skavmap.analysis.checking import check
    from skavmap.analysis.rules import at_least
    from skavmap.outputs.formats import reporter
    from skavmap.outputs.vocabulary import words

    chosen = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    targets = list(paths or [Path("processes")])
    settings = config(terminal, targets, config_file)
    level = fail_level or settings.fail_level
    if strict and at_least(level, "warning"):
        level = "warning"
    settings = dataclasses.replace(settings, fail_level=level)
    from skavmap.commands.progress import progress

    with progress(terminal) as bar:
        inputs = read(targets, bar, only_processes=only_processes)
        files = [str(f) for f in inputs.files]
        report = check(files, bar.counted(inputs.processes), inputs.diagnostics, settings)
    language = words(lang)
    write = reporter("check", chosen)
    if chosen in ("text", "github"):
        shown = verbose or chosen == "github"
        if chosen == "text":
            terminal.out(write(report, language, quiet, shown), end="")
        else:
            terminal.out(write(report, language, quiet), end="", raw=True)
        if not quiet:
            from skavmap.reporters.check_text import summary

            errors, warnings = report.count("error"), report.count("warning")
            colour = "red" if errors else "yellow" if warnings else "green"
            terminal.coloured(summary(report, language, shown), colour)
    elif chosen == "json":
        from skavmap.reporters.check_json import json_pieces

        terminal.write(json_pieces(report, language))
    else:
        terminal.out(write(report, language), end="")
    terminal.keep(inputs, report)
    return report.exit_code
