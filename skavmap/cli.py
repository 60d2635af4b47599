"""The ``skavmap`` command: thin wrappers that parse arguments, call the library, return a code.

Exit status: 0 clean, 1 findings at or above the fail level, 2 usage or input error.
Heavy modules (pydantic, networkx, pygraphviz) are imported inside the commands so that
``skavmap --help`` starts fast.
"""

# No ``from __future__ import annotations`` here: typer reads the annotations of every
# command's parameters on each start, and as strings each costs a compile and an eval.

import gc
from pathlib import Path
from typing import Annotated

import typer

from skavmap import __version__

app = typer.Typer(
    name="skavmap",
    help="Map administrative processes, find where they chafe (skav), draw swimlane diagrams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _check_lang(value: str | None) -> str | None:
    if value is not None and value not in ("sv", "en"):
        raise typer.BadParameter(f"'{value}' is not a language skavmap speaks; use sv or en")
    return value


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of the output: sv or en (default: from the locale).",
        callback=_check_lang,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"skavmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Map administrative processes, find where they chafe (skav), draw swimlane diagrams."""


def main() -> None:
    # A command makes tens of thousands of objects that live until it ends (modules,
    # classes, schemas, the graph). With the default threshold the garbage collector walks
    # them again and again while they are made, and once more as the interpreter exits:
    # a sixth of the time of a command on a small file, more on a large one. Rarer young
    # collections, and a heap frozen before exit, save that; garbage is still collected.
    gc.set_threshold(5000)
    try:
        app()
    finally:
        gc.freeze()


def _print_diagnostics(diagnostics, stream_err: bool = True) -> None:
    for diagnostic in diagnostics:
        typer.echo(str(diagnostic), err=stream_err)


CHECK_FORMATS = ("text", "json", "github", "sarif", "junit")
FAIL_LEVELS = ("error", "warning", "info")
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Configuration file (default: skavmap.toml or [tool.skavmap] in pyproject.toml, "
        "found from the first path upwards).",
    ),
]


def _usage_error(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _load_config(paths: list[Path], explicit: Path | None):
    from skavmap.analysis.config import ConfigError, config_for

    try:
        return config_for(paths, explicit)
    except ConfigError as err:
        _print_diagnostics(err.diagnostics)
        raise typer.Exit(2) from None


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Process files or folders (default: processes/).", metavar="PATHS"),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too (exit 1): --fail-level warning.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print errors only: no warnings, no summary.")
    ] = False,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Output: text, json, github, sarif or junit "
            "(default: github when GITHUB_ACTIONS=true, else text).",
        ),
    ] = None,
    config: ConfigOption = None,
    fail_level: Annotated[
        str | None,
        typer.Option(
            "--fail-level",
            help="Exit 1 on findings at this severity or above: error, warning or info "
            "(default: error, or fail-level in the configuration).",
        ),
    ] = None,
    lang: LangOption = None,
    only_processes: Annotated[
        bool,
        typer.Option(
            "--only-processes",
            help="Skip named files that are not process files, as in folders (for pre-commit).",
        ),
    ] = False,
) -> None:
    """Validate process files and run the analysers: every finding, with file, line and column.

    Exit status: 0 clean, 1 findings at or above the fail level (with --strict: warnings),
    2 a file that cannot be loaded, or a bad option or configuration.
    """
    import dataclasses
    import os

    chosen = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if chosen not in CHECK_FORMATS:
        _usage_error(f"unknown --format {chosen}; choose one of {', '.join(CHECK_FORMATS)}")
    if fail_level is not None and fail_level not in FAIL_LEVELS:
        _usage_error(f"unknown --fail-level {fail_level}; choose one of {', '.join(FAIL_LEVELS)}")
    targets = paths or [Path("processes")]
    settings = _load_config(targets, config)

    from skavmap.analysis.checking import run_check
    from skavmap.outputs.vocabulary import resolve_lang
    from skavmap.analysis.rules import at_least

    level = fail_level or settings.fail_level
    if strict and at_least(level, "warning"):
        level = "warning"
    settings = dataclasses.replace(settings, fail_level=level)
    report = run_check(targets, settings, resolve_lang(lang), only_processes)
    if chosen == "json":
        from skavmap.reporters.check_json import json_report

        typer.echo(json_report(report), nl=False)
    elif chosen == "sarif":
        from skavmap.reporters.sarif import sarif_report

        typer.echo(sarif_report(report), nl=False)
    elif chosen == "junit":
        from skavmap.reporters.junit import junit_report

        typer.echo(junit_report(report), nl=False)
    else:
        from skavmap.reporters.check_text import summary, text_report
        from skavmap.reporters.github import github_report

        lines = github_report(report, quiet) if chosen == "github" else text_report(report, quiet)
        typer.echo(lines, nl=False)
        if not quiet:
            from rich.console import Console

            errors, warnings = report.count("error"), report.count("warning")
            colour = "red" if errors else "yellow" if warnings else "green"
            Console(highlight=False).print(f"[{colour}]{summary(report)}[/]")
    raise typer.Exit(report.exit_code)


DIFF_FORMATS = ("text", "markdown", "json")


@app.command()
def diff(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="OLD NEW: two process files; with --base: files or folders to compare "
            "(default: processes/)."
        ),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Compare each process file as it is at this git revision (a branch, tag, "
            "commit, HEAD~1) with the working tree.",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="Output: text, markdown (for a PR comment) or json.")
    ] = "text",
    config: ConfigOption = None,
    lang: LangOption = None,
) -> None:
    """What a change means: steps, handoffs, loops, figures and hotspots, old against new.

    Exit status: 0, 1 when a ratchet rule of the configuration is broken, 2 when a file
    (new, or at the base revision) cannot be loaded or git cannot answer.
    """
    if output_format not in DIFF_FORMATS:
        _usage_error(f"unknown --format {output_format}; choose one of {', '.join(DIFF_FORMATS)}")
    targets = list(paths or [])
    if base is None and len(targets) != 2:
        _usage_error("give two files (skavmap diff OLD NEW) or a revision (--base REF [PATHS])")
    if base is not None and not targets:
        targets = [Path("processes")]
    settings = _load_config(targets[-1:] if base is None else targets, config)

    from skavmap.analysis.diff import apply_ratchet, diff_files, diff_revision
    from skavmap.format.gitrefs import GitError
    from skavmap.outputs.vocabulary import resolve_lang

    language = resolve_lang(lang)
    try:
        result = (
            diff_files(targets[0], targets[1], language)
            if base is None
            else diff_revision(base, targets, language)
        )
    except GitError as err:
        _usage_error(f"git: {err}")
    for process_diff in result.diffs:
        result.breaches += apply_ratchet(process_diff, settings.ratchet, language)
    _print_diagnostics(result.errors)
    active = settings.ratchet.active
    if output_format == "json":
        from skavmap.reporters.diff_json import json_report

        typer.echo(json_report(result), nl=False)
    elif output_format == "markdown":
        from skavmap.reporters.diff_markdown import markdown_report

        typer.echo(markdown_report(result, language, active), nl=False)
    else:
        from skavmap.reporters.diff_text import text_report

        typer.echo(text_report(result, language, active), nl=False)
    raise typer.Exit(result.exit_code)


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the process format (for editor completion and CI)."""
    import json

    from skavmap.format.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}")


@app.command()
def new(
    name: Annotated[
        str, typer.Argument(help="File to create, e.g. processes/bygglov.yaml.", metavar="NAME")
    ],
    title: Annotated[
        str | None, typer.Option("--title", help="Process name (default: from the file name).")
    ] = None,
) -> None:
    """Write a commented starter process (in Swedish) that passes `skavmap check`."""
    from skavmap.format.starter import default_title, starter_text

    path = Path(name)
    if path.suffix.lower() not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    if path.exists():
        typer.echo(f"{path}: error: the file exists already; choose another name", err=True)
        raise typer.Exit(2)
    if not path.parent.is_dir():
        typer.echo(f"{path}: error: the folder {path.parent} does not exist", err=True)
        raise typer.Exit(2)
    path.write_text(starter_text(path, title or default_title(path)), encoding="utf-8")
    typer.echo(f"wrote {path}; check it with: skavmap check {path}")


FORMATS = ("text", "json", "markdown", "csv")


@app.command()
def hotspots(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Process files or folders (default: processes/).", metavar="PATHS"),
    ] = None,
    top: Annotated[int | None, typer.Option("--top", help="Show the N highest only.")] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="Only this kind (repeatable): handoff, loop, wait, ..."),
    ] = None,
    min_score: Annotated[
        float, typer.Option("--min-score", help="Only hotspots scoring at least this (0-100).")
    ] = 0.0,
    output_format: Annotated[
        str, typer.Option("--format", help="Output: text, json, markdown or csv.")
    ] = "text",
    lang: LangOption = None,
    list_analysers: Annotated[
        bool, typer.Option("--list", help="List the analysers with their codes and stop.")
    ] = False,
) -> None:
    """Rank where the processes chafe most: one list over all files, then figures per process.

    Exit status: 0, or 2 when a file cannot be read (the others are still ranked).
    """
    from skavmap.outputs.vocabulary import resolve_lang

    language = resolve_lang(lang)
    if list_analysers:
        from skavmap.analysis.analysers import registry

        for unit in registry():
            typer.echo(f"{unit.code}  {unit.name:<26} {unit.kind:<20} {unit.title[language]}")
        return
    from skavmap.analysis.analysers import KINDS

    unknown = [k for k in kind or [] if k not in KINDS]
    if output_format not in FORMATS or unknown:
        wrong = f"--format {output_format}" if output_format not in FORMATS else unknown[0]
        choices = FORMATS if output_format not in FORMATS else KINDS
        typer.echo(f"error: unknown {wrong}; choose one of {', '.join(choices)}", err=True)
        raise typer.Exit(2)

    from skavmap.analysis.engine import analyse_paths
    from skavmap.reporters import hotspots as report

    analyses, errors = analyse_paths(paths or [Path("processes")], language)
    _print_diagnostics(errors)
    ranked = report.rank(analyses, top, kind or (), min_score)
    if output_format == "json":
        typer.echo(report.json_report(analyses, ranked), nl=False)
    elif output_format == "markdown":
        typer.echo(report.markdown_report(analyses, ranked, language), nl=False)
    elif output_format == "csv":
        typer.echo(report.csv_report(ranked), nl=False)
    else:
        from rich.console import Console

        console = Console(highlight=False)
        for part in report.text_report(analyses, ranked, language):
            console.print(part)
    raise typer.Exit(2 if errors else 0)


@app.command()
def explain(
    code: Annotated[
        str,
        typer.Argument(help="An analyser's code (SKV201) or name (rework-loop).", metavar="CODE"),
    ],
    lang: LangOption = None,
) -> None:
    """Explain an analyser or threshold: what it finds and how it scores."""
    from skavmap.outputs.vocabulary import resolve_lang
    from skavmap.analysis.rules import all_rules

    rules = all_rules()
    unit = next((r for r in rules if code.strip().lower() in (r.code.lower(), r.name)), None)
    if unit is None:
        from skavmap.format.loader import suggest

        known = ", ".join(f"{r.code} {r.name}" for r in rules)
        hint = suggest(code, [r.name for r in rules] + [r.code for r in rules])
        hint = hint or "."
        typer.echo(f"error: no analyser or threshold '{code}'{hint} Known: {known}", err=True)
        raise typer.Exit(2)
    language = resolve_lang(lang)
    typer.echo(f"{unit.code} {unit.name} ({unit.kind})")
    typer.echo(unit.title[language].replace("``", ""))
    body = unit.doc.split("\n", 1)[1].strip() if "\n" in unit.doc else ""
    if body:
        typer.echo("")
        typer.echo(body.replace("``", ""))  # the docstring's code markup, for a terminal


LanesOption = Annotated[
    str,
    typer.Option("--lanes", help="One lane per department (default) or per role."),
]
PlainOption = Annotated[
    bool, typer.Option("--plain", help="No annotations: only lanes, steps and arrows.")
]
HighlightOption = Annotated[
    str | None,
    typer.Option("--highlight", help="Dim all but one theme: handoffs, loops, bottlenecks, pain."),
]
WrapOption = Annotated[
    int | None,
    typer.Option(
        "--wrap",
        help="Columns per row of lanes before a long diagram wraps (0: never; default 40).",
        min=0,
    ),
]
DiagramFormatOption = Annotated[
    str | None,
    typer.Option("--format", help="svg, png, pdf or dot (default: from the -o suffix, else svg)."),
]


def _render_options(
    lanes: str, plain: bool, highlight: str | None, lang: str | None, wrap: int | None
):
    from skavmap.outputs.vocabulary import resolve_lang
    from skavmap.render import Options

    try:
        return Options(
            lanes=lanes, plain=plain, highlight=highlight, lang=resolve_lang(lang), wrap=wrap
        )
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


@app.command()
def render(
    paths: Annotated[list[Path], typer.Argument(help="Process files or folders.", metavar="PATHS")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write, or a folder (default: <name>.svg here)."
        ),
    ] = None,
    diagram_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="svg, png, pdf or dot (default: from the -o suffix, else svg); json prints "
            "the analysis (the format specification's JSON) and draws nothing.",
        ),
    ] = None,
    lanes: LanesOption = "department",
    plain: PlainOption = False,
    highlight: HighlightOption = None,
    wrap: WrapOption = None,
    diff_base: Annotated[
        str | None,
        typer.Option(
            "--diff-base",
            help="Mark what changed since an earlier version: a process file, or a git "
            "revision (main, HEAD~1) at which the same file is read.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Draw annotated swimlane diagrams; prints the path of each file written.

    Exit status: 0, or 2 when a file (or the --diff-base version) cannot be used (then
    nothing is written).
    """
    if diagram_format == "json":
        # The analysis the annotations show, without loading the renderer.
        if output is not None or diff_base is not None:
            _usage_error(
                "--format json prints the analysis on standard output; leave out -o and "
                "--diff-base (a change as JSON: skavmap diff --format json)"
            )
        from skavmap.outputs.vocabulary import resolve_lang
        from skavmap.reporters.hotspots import contract_json

        analyses = _analyses(paths, resolve_lang(lang))
        if not analyses:
            _usage_error("no process files found in " + ", ".join(str(p) for p in paths))
        typer.echo(contract_json(analyses), nl=False)
        return
    from skavmap.render.files import render_paths

    options = _render_options(lanes, plain, highlight, lang, wrap)
    raise typer.Exit(
        render_paths(
            paths,
            output,
            diagram_format,
            options,
            out=typer.echo,
            err=lambda line: typer.echo(line, err=True),
            diff_base=diff_base,
        )
    )


@app.command()
def watch(
    path: Annotated[Path, typer.Argument(help="The process file to watch.", metavar="FILE")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: <name>.svg here)."),
    ] = None,
    diagram_format: DiagramFormatOption = None,
    lanes: LanesOption = "department",
    plain: PlainOption = False,
    highlight: HighlightOption = None,
    wrap: WrapOption = None,
    lang: LangOption = None,
    interval: Annotated[
        float, typer.Option("--interval", help="Seconds between looks at the file.", min=0.05)
    ] = 0.5,
) -> None:
    """Draw the diagram again on every save, for a live workshop. Ctrl-C stops.

    A file with a mistake is reported and the last good diagram is kept.
    """
    from skavmap.render import output_format
    from skavmap.render.files import plan_outputs
    from skavmap.render.watch import Watcher
    from skavmap.render.watch import watch as watch_loop

    options = _render_options(lanes, plain, highlight, lang, wrap)
    if not path.is_file():
        typer.echo(f"{path}: error: no such file", err=True)
        raise typer.Exit(2)
    try:
        fmt = output_format(output, diagram_format)
        (target,) = plan_outputs([path], output, fmt)
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    watcher = Watcher(
        path, target, fmt, options, out=typer.echo, err=lambda line: typer.echo(line, err=True)
    )
    typer.echo(f"watching {path} (Ctrl-C stops)")
    try:
        watch_loop(watcher, interval)
    except KeyboardInterrupt:
        typer.echo("stopped")


def _analyses(paths: list[Path], language: str) -> list:
    """Load and analyse every process under ``paths``; on any error print them and exit 2."""
    from skavmap.analysis.engine import analyse
    from skavmap.format.inputs import load_paths

    processes, result = load_paths(paths)
    if result.errors:
        _print_diagnostics([d for d in result.diagnostics if d.severity == "error"])
        raise typer.Exit(2)
    return [analyse(process, language) for process in processes]


def _print_rich(parts: list) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    for part in parts:
        console.print(part)


@app.command()
def actions(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Process files or folders (default: processes/).", metavar="PATHS"),
    ] = None,
    group: Annotated[
        str, typer.Option("--group", help="Group the plan by level, owner or status.")
    ] = "level",
    output_format: Annotated[
        str, typer.Option("--format", help="Output: text, markdown, csv or json.")
    ] = "text",
    threshold: Annotated[
        float,
        typer.Option("--threshold", help="Hotspots scoring at least this need an action."),
    ] = 50.0,
    fail_uncovered: Annotated[
        bool,
        typer.Option(
            "--fail-uncovered", help="Exit 1 when a hotspot at the threshold has no action."
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """The action plan across processes, grouped; flags high hotspots no action addresses
    and actions that address no hotspot.

    Exit status: 0; 1 with --fail-uncovered when a hotspot at the threshold has no action;
    2 when a file cannot be read.
    """
    from skavmap.analysis import plan as plan_module
    from skavmap.outputs.vocabulary import resolve_lang

    if group not in plan_module.GROUPINGS:
        typer.echo(f"error: unknown --group {group}; choose one of level, owner, status", err=True)
        raise typer.Exit(2)
    if output_format not in plan_module.FORMATS:
        choices = ", ".join(plan_module.FORMATS)
        typer.echo(f"error: unknown --format {output_format}; choose one of {choices}", err=True)
        raise typer.Exit(2)
    language = resolve_lang(lang)
    analyses = _analyses(paths or [Path("processes")], language)
    plan = plan_module.build_plan(analyses, threshold)
    if output_format == "json":
        typer.echo(plan_module.json_report(plan, group, language), nl=False)
    elif output_format == "markdown":
        typer.echo(plan_module.markdown_report(plan, group, language), nl=False)
    elif output_format == "csv":
        typer.echo(plan_module.csv_report(plan, group, language), nl=False)
    else:
        _print_rich(plan_module.text_report(plan, group, language))
    raise typer.Exit(1 if fail_uncovered and plan.uncovered else 0)


@app.command()
def compare(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Two or more variants of one process (files or folders).", metavar="PATHS"
        ),
    ],
    output_format: Annotated[
        str, typer.Option("--format", help="Output: text, markdown or json.")
    ] = "text",
    min_score: Annotated[
        float,
        typer.Option("--min-score", help="List hotspots that differ from this score up."),
    ] = 25.0,
    lang: LangOption = None,
) -> None:
    """Compare the same process as different units run it: figures side by side, steps
    found in one variant only, steps done differently, hotspots that differ.

    The first file is the reference. Exit status: 0, or 2 on a usage or input error.
    """
    from skavmap.analysis import compare as compare_module
    from skavmap.outputs.vocabulary import resolve_lang

    if output_format not in compare_module.FORMATS:
        choices = ", ".join(compare_module.FORMATS)
        typer.echo(f"error: unknown --format {output_format}; choose one of {choices}", err=True)
        raise typer.Exit(2)
    language = resolve_lang(lang)
    analyses = _analyses(paths, language)
    if len(analyses) < 2:
        typer.echo("error: compare needs at least two process files", err=True)
        raise typer.Exit(2)
    comparison = compare_module.compare(analyses, language, min_score=min_score)
    if output_format == "json":
        typer.echo(compare_module.json_report(comparison), nl=False)
    elif output_format == "markdown":
        typer.echo(compare_module.markdown_report(comparison), nl=False)
    else:
        _print_rich(compare_module.text_report(comparison))


@app.command()
def report(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Process files or folders (default: processes/).", metavar="PATHS"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The HTML file to write (default: report.html)."),
    ] = None,
    paper: Annotated[
        str, typer.Option("--paper", help="Paper for printing: a4 or a3 (landscape).")
    ] = "a4",
    title: Annotated[
        str | None, typer.Option("--title", help="The heading on the first page.")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="A date to print on the first page.")
    ] = None,
    threshold: Annotated[
        float,
        typer.Option("--threshold", help="Hotspots scoring at least this need an action."),
    ] = 50.0,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the output even if it is not a report.")
    ] = False,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="html (write the report) or json (print the format specification's JSON "
            "of every process and write nothing).",
        ),
    ] = "html",
    lang: LangOption = None,
) -> None:
    """Write one self-contained HTML report (inline diagrams and styles, works offline):
    overview, each process with diagram, hotspots, pain and actions, and comparisons.

    Exit status: 0, or 2 on a usage or input error (nothing is written then).
    """
    from skavmap.outputs.vocabulary import resolve_lang

    if output_format not in ("html", "json"):
        _usage_error(f"unknown --format {output_format}; choose html or json")
    if output_format == "json":
        if output is not None:
            _usage_error("--format json prints on standard output; leave out -o")
        from skavmap.reporters.hotspots import contract_json

        analyses = _analyses(paths or [Path("processes")], resolve_lang(lang))
        if not analyses:
            _usage_error("no process files found; nothing to report")
        typer.echo(contract_json(analyses), nl=False)
        return
    output = output or Path("report.html")
    from skavmap.report import ReportOptions, build_report, is_report

    if paper not in ("a4", "a3"):
        typer.echo(f"error: unknown --paper {paper}; choose a4 or a3", err=True)
        raise typer.Exit(2)
    if not force and not is_report(output):
        typer.echo(
            f"error: {output} exists and is not a skavmap report; choose another -o or add --force",
            err=True,
        )
        raise typer.Exit(2)
    language = resolve_lang(lang)
    analyses = _analyses(paths or [Path("processes")], language)
    if not analyses:
        typer.echo("error: no process files found; nothing to report", err=True)
        raise typer.Exit(2)
    options = ReportOptions(language, paper, title, date, threshold)
    result = build_report(analyses, options)
    from skavmap.render import write_atomically

    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    write_atomically(output, result.html.encode("utf-8"))
    typer.echo(f"wrote {output}")
