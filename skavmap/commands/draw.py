"""``skavmap render``, ``skavmap watch`` and ``skavmap report``: pictures and pages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from skavmap.commands.common import Stop, Terminal, UsageError, analysed, read, rule_codes

if TYPE_CHECKING:
    from skavmap.render.changes import Base


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
    apply: Sequence[str] | None = None,
) -> int:
    """Exit status: 0, or 2 when a file (or the ``diff_base`` version) cannot be used
    (then nothing is written). With ``apply`` (action ids, or ``all``) each process is drawn
    as those actions would leave it, marked against today's."""
    if fmt == "json":
        # The analysis the annotations show, without loading the renderer.
        given = [
            name
            for name, value in (("-o", output), ("--diff-base", diff_base), ("--apply", apply))
            if value is not None
        ]
        if given:
            given_text = terminal.say("status.and").join(given)
            raise UsageError(terminal.say("usage.json_stdout", given=given_text))
        return contract(terminal, paths, lang)
    from skavmap.commands.progress import progress
    from skavmap.render import FORMATS

    options = _options(lanes, plain, highlight, lang, wrap, paper, landscape)
    chosen = _chosen(output, fmt, FORMATS)
    with progress(terminal) as bar:
        return _render(terminal, bar, paths, output, chosen, options, diff_base, lang, apply)


def _render(terminal, bar, paths, output, chosen, options, diff_base, lang, apply) -> int:
    """:func:`render` once its options are known, with the command's progress ``bar``."""
    from skavmap.format.diagnostics import display_path
    from skavmap.outputs.writing import OutputError, write_atomically
    from skavmap.render import RenderError, render

    inputs = read(paths, bar)
    if inputs.errors:
        terminal.diagnostics(inputs.errors)
        raise Stop(2)
    sources = inputs.files
    if not sources:
        shown = ", ".join(str(p) for p in paths)
        raise UsageError(terminal.say("status.no_files", paths=shown))
    targets = _targets(sources, output, chosen, [p for p in paths if p.is_dir()])
    bases: list = [None] * len(sources)
    processes = list(inputs.processes)
    if diff_base is not None and apply is not None:
        raise UsageError(terminal.say("usage.apply_diff_base"))
    if diff_base is not None:
        bases = load_bases(terminal, diff_base, sources)
    if apply is not None:
        processes, bases = after_actions(processes, apply, lang)
    # Every picture is drawn before any is written: one that cannot be drawn (a sheet too
    # small for it) leaves every file as it was.
    drawn = []
    for process, base, target in zip(processes, bases, targets, strict=True):
        bar.drawing(display_path(process.file), len(processes))
        try:
            drawn.append((target, render(process, chosen, options, base)))
        except RenderError as error:
            terminal.err(f"{display_path(process.file)}: error: {error}")
            return 2
        bar.advance()
    for target, data in drawn:
        try:
            write_atomically(target, data, inputs=sources)
        except OutputError as error:
            terminal.err(error.said(terminal.lang))
            return 2
        terminal.out(display_path(target))
    return 0


def _targets(sources, output: Path | None, fmt: str, folders=()) -> list[Path]:
    from skavmap.outputs.writing import OutputError, targets_for

    try:
        return targets_for(sources, output, f".{fmt}", folders)
    except OutputError as error:
        raise UsageError(key=error.key, **error.values) from None


def _chosen(output: Path | None, fmt: str | None, formats) -> str:
    from skavmap.outputs.writing import OutputError, output_format

    try:
        return output_format(output, fmt, formats)
    except OutputError as error:
        raise UsageError(key=error.key, **error.values) from None


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
    from skavmap.commands.watch import Watcher
    from skavmap.commands.watch import watch as watch_loop
    from skavmap.render import FORMATS

    options = _options(lanes, plain, highlight, lang, wrap, paper, landscape)
    if not path.is_file():
        terminal.err(terminal.say("status.no_such_file", path=path))
        raise Stop(2)
    chosen = _chosen(output, fmt, FORMATS)
    (target,) = _targets([path], output, chosen)
    watcher = Watcher(path, target, chosen, options, out=terminal.out, err=terminal.err)
    terminal.out(terminal.say("status.watching", path=path))
    try:
        watch_loop(watcher, interval)
    except KeyboardInterrupt:
        terminal.out(terminal.say("status.stopped"))
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
    logs: dict | None = None,
) -> int:
    """Exit status: 0, or 2 on a usage or input error (nothing is written then).

    ``logs``: the event logs to measure processes by (``skavmap report --log``), with their
    mappings, column names, time format and zone."""
    from skavmap.outputs.vocabulary import resolve_lang

    if fmt == "json":
        if output is not None:
            raise UsageError(terminal.say("usage.report_json"))
        if logs and logs["logs"]:
            from skavmap.outputs.vocabulary import words
            from skavmap.reporters.evidence import json_report

            analyses = analysed(terminal, paths, required=True)
            found = _evidence(terminal, analyses, logs)
            terminal.out(json_report([found[id(a)] for a in analyses if id(a) in found],
                                     words(lang)), end="")  # fmt: skip
            return 0
        return contract(terminal, paths, lang)
    output = output or Path("report.html")
    from skavmap.outputs.writing import OutputError, write_atomically
    from skavmap.report import ReportOptions, build_report, draw_diagram, is_report

    _chosen(output, None, ("html",))
    if not force and not is_report(output):
        raise UsageError(terminal.say("status.not_a_report", path=output))
    from skavmap.commands.progress import progress

    with progress(terminal) as bar:
        analyses = analysed(terminal, paths, required=True, bar=bar)
        found = _evidence(terminal, analyses, logs) if logs and logs["logs"] else {}
        chosen = ReportOptions(resolve_lang(lang), paper, title, date, threshold)
        diagram = _counting(bar, draw_diagram(chosen.lang, paper), len(analyses))
        result = build_report(analyses, chosen, diagram=diagram, evidence=found)
    for warning in result.warnings:
        terminal.err(f"warning: {warning}")
    try:
        write_atomically(
            output, result.html.encode("utf-8"), inputs=[a.process.file for a in analyses]
        )
    except OutputError as error:
        terminal.err(error.said(terminal.lang))
        return 2
    terminal.out(terminal.say("status.wrote", path=output))
    return 0


def _counting(bar, draw, total: int):
    """``draw`` (a diagram of an analysis), each analysis counted once on ``bar`` (the
    report may draw one again at another size)."""
    from skavmap.format.diagnostics import display_path

    seen: set[int] = set()

    def counted(analysis, *args, **kwargs):
        bar.drawing(display_path(analysis.process.file), total)
        try:
            return draw(analysis, *args, **kwargs)
        finally:
            if id(analysis) not in seen:
                seen.add(id(analysis))
                bar.advance()

    return counted


def after_actions(processes: Sequence, names: Sequence[str], lang: str | None) -> tuple[list, list]:
    """Each process as the actions ``names`` would leave it, and today's process as the
    base to mark the changes against. A name that is no action of a process, or an action
    without changes, is a usage error."""
    from skavmap.format.changes import actions_named, planned
    from skavmap.outputs.vocabulary import words
    from skavmap.render.changes import Base

    after, bases = [], []
    for process in processes:
        try:
            chosen = actions_named(process.actions, names)
        except KeyError as missing:
            from skavmap.format.phrases import closest

            name = missing.args[0]
            language = words(lang)
            changing = ", ".join(a.id for a in process.actions if a.changes)
            close = closest(name, [a.id for a in process.actions])
            hint = language("usage.did_you_mean", name=close) if close is not None else (
                language("usage.changing_actions", ids=changing or language("usage.none"))
            )  # fmt: skip
            raise UsageError(language("usage.apply_no_action", file=process.file, name=name,
                                      hint=hint)) from None  # fmt: skip
        idle = [a.id for a in chosen if not a.changes]
        if idle:
            raise UsageError(words(lang)("usage.apply_idle", ids=", ".join(idle)))
        if not chosen:
            raise UsageError(words(lang)("usage.apply_nothing", file=process.file))
        after.append(planned(process, chosen))
        ids = ", ".join(a.id for a in chosen)
        bases.append(Base(process, words(lang)("render.today", ids=ids)))
    return after, bases


def load_bases(terminal: Terminal, value: str, sources: Sequence[Path]) -> list[Base]:
    """The version to compare each of ``sources`` with.

    ``value`` is a process file (only for one source), or else a git revision: each source
    as it is at that revision, found under its old name when git sees it was renamed since.
    When the file or revision cannot be used, say why and stop (status 2).
    """
    from skavmap.format.diagnostics import display_path
    from skavmap.format.loader import Loader
    from skavmap.render.changes import Base

    path = Path(value)
    if path.is_file():
        if len(sources) != 1:
            raise UsageError(terminal.say("usage.diff_base_file", value=value))
        process, diagnostics = Loader(rule_codes()).load_file(path)
        if process is None:
            terminal.diagnostics(d for d in diagnostics if d.severity == "error")
            raise Stop(2)
        return [Base(process, display_path(path))]
    return _bases_at_revision(terminal, value, sources)


def _bases_at_revision(terminal: Terminal, ref: str, sources: Sequence[Path]) -> list[Base]:
    from skavmap.format import gitrefs
    from skavmap.format.diagnostics import said
    from skavmap.format.loader import Loader
    from skavmap.format.model import Pos
    from skavmap.format.phrases import say
    from skavmap.format.revisions import Revision
    from skavmap.render.changes import Base

    try:
        root = gitrefs.toplevel(sources[0])
        names = [gitrefs.repo_path(root, source) for source in sources]
        revision = Revision(root, ref, Loader(rule_codes()), names)
    except gitrefs.GitError as error:
        raise UsageError(terminal.say("usage.diff_base_neither", ref=ref,
                                      error=error.said(terminal.lang))) from None  # fmt: skip
    commit = revision.commit
    label = ref if commit.startswith(ref) else f"{ref} ({commit[:7]})"
    bases: list[Base] = []
    problems: list = []
    try:
        with revision:
            renamed: dict[str, str] | None = None
            for source in sources:
                name = gitrefs.repo_path(root, source)
                old_name = name
                if not revision.has(name):
                    if renamed is None:
                        renamed = {
                            c.new: c.old
                            for c in gitrefs.changes(root, commit, [])
                            if c.status == "R" and c.new and c.old
                        }
                    old_name = renamed.get(name, name)
                if not revision.has(old_name):
                    missing = say("git.nothing_to_compare", ref=ref)
                    problems.append(said(f"{ref}:{name}", Pos(1, 1), "error", missing))
                    continue
                process, errors = revision.load(old_name)
                problems += errors
                if process is not None:
                    bases.append(Base(process, label))
    except gitrefs.GitError as error:
        raise UsageError(terminal.say("usage.git", error=error.said(terminal.lang))) from None
    if problems:
        terminal.diagnostics(problems)
        raise Stop(2)
    return bases


def _evidence(terminal: Terminal, analyses: Sequence, logs: dict) -> dict:
    """The evidence of each analysis that a ``--log`` names, by the analysis's identity."""
    from skavmap.commands.evidence import log_spec, measure_log, parse_pairs, read_mapping

    ids = [a.process.id for a in analyses]
    if len(set(ids)) != len(ids) and len(logs["logs"]) > 0 and len(ids) > 1:
        raise UsageError(terminal.say("usage.log_ids"))
    chosen = parse_pairs(logs["logs"], ids, "log")
    maps = parse_pairs(logs["mappings"], ids, "mapping")
    found = {}
    for analysis in analyses:
        log = chosen.get(analysis.process.id)
        if log is None:
            continue
        spec = log_spec(log, logs["names"], logs["time_format"], logs["timezone"])
        mapping = read_mapping(terminal, maps.get(analysis.process.id), analysis.process)
        found[id(analysis)] = measure_log(terminal, analysis, spec, mapping)
    return found
