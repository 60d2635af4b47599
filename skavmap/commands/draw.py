"""``skavmap render``, ``skavmap watch`` and ``skavmap report``: pictures and pages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from skavmap.commands.common import Stop, Terminal, UsageError, analysed


def _options(
    lanes: str,
    plain: bool,
    highlight: str | None,
    lang: str | None,
    wrap: int | None,
    paper: str | None = None,
    landscape: bool | None = None,
):
    from skavmap.outputs.vocabulary import resolve_lang
    from skavmap.render import Options

    return Options(
        lanes=lanes,
        plain=plain,
        highlight=highlight,
        lang=resolve_lang(lang),
        wrap=wrap,
        paper=paper,
        landscape=landscape,
    )


def contract(terminal: Terminal, paths: Sequence[Path] | None, lang: str | None) -> int:
    """The format specification's JSON of every process, on standard output."""
    from skavmap.outputs.vocabulary import words
    from skavmap.reporters.hotspots import contract_json

    analyses = analysed(terminal, paths, required=True)
    terminal.out(contract_json(analyses, words(lang)), end="")
    return 0


def render(
    terminal: Terminal,
    paths: Sequence[Path],
    output: Path | None,
    fmt: str | None,
    lanes: str,
    plain: bool,
    highlight: str | None,
    wrap: int | None,
    diff_base: str | None,
    lang: str | None,
    paper: str | None = None,
    landscape: bool | None = None,
) -> int:
    """Exit status: 0, or 2 when a file (or the ``diff_base`` version) cannot be used
    (then nothing is written)."""
    if fmt == "json":
        # The analysis the annotations show, without loading the renderer.
        if output is not None or diff_base is not None:
            raise UsageError(
                "--format json prints the analysis on standard output; leave out -o and "
                "--diff-base (a change as JSON: skavmap diff --format json)"
            )
        return contract(terminal, paths, lang)
    from skavmap.render.files import render_paths

    return render_paths(
        paths,
        output,
        fmt,
        _options(lanes, plain, highlight, lang, wrap, paper, landscape),
        out=terminal.out,
        err=terminal.err,
        diff_base=diff_base,
    )


def watch(
    terminal: Terminal,
    path: Path,
    output: Path | None,
    fmt: str | None,
    lanes: str,
    plain: bool,
    highlight: str | None,
    wrap: int | None,
    lang: str | None,
    interval: float,
    paper: str | None = None,
    landscape: bool | None = None,
) -> int:
    """Draw again on every save until Ctrl-C; a file with a mistake keeps the last good
    diagram."""
    from skavmap.render import output_format
    from skavmap.render.files import plan_outputs
    from skavmap.render.watch import Watcher
    from skavmap.render.watch import watch as watch_loop

    options = _options(lanes, plain, highlight, lang, wrap, paper, landscape)
    if not path.is_file():
        terminal.err(f"{path}: error: no such file")
        raise Stop(2)
    try:
        chosen = output_format(output, fmt)
        (target,) = plan_outputs([path], output, chosen)
    except ValueError as error:
        raise UsageError(str(error)) from None
    watcher = Watcher(path, target, chosen, options, out=terminal.out, err=terminal.err)
    terminal.out(f"watching {path} (Ctrl-C stops)")
    try:
        watch_loop(watcher, interval)
    except KeyboardInterrupt:
        terminal.out("stopped")
    return 0


def report(
    terminal: Terminal,
    paths: Sequence[Path] | None,
    output: Path | None,
    paper: str,
    title: str | None,
    date: str | None,
    threshold: float,
    force: bool,
    fmt: str,
    lang: str | None,
) -> int:
    """Exit status: 0, or 2 on a usage or input error (nothing is written then)."""
    from skavmap.outputs.vocabulary import resolve_lang

    if fmt == "json":
        if output is not None:
            raise UsageError("--format json prints on standard output; leave out -o")
        return contract(terminal, paths, lang)
    output = output or Path("report.html")
    from skavmap.render import write_atomically
    from skavmap.report import ReportOptions, build_report, is_report

    if not force and not is_report(output):
        raise UsageError(
            f"{output} exists and is not a skavmap report; choose another -o or add --force"
        )
    analyses = analysed(terminal, paths, required=True)
    result = build_report(
        analyses, ReportOptions(resolve_lang(lang), paper, title, date, threshold)
    )
    for warning in result.warnings:
        terminal.err(f"warning: {warning}")
    write_atomically(output, result.html.encode("utf-8"))
    terminal.out(f"wrote {output}")
    return 0
