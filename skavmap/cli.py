"""The ``skavmap`` command line: parse the options, call a command, exit with its status.

Exit status: 0 clean, 1 findings at or above the fail level, 2 usage or input error. Every
choice (formats, languages, levels) is declared here as a choice of the option, so a wrong
value is a usage error in one style before anything is read; the commands live in
:mod:`skavmap.commands` and import what they need when they run, so that ``--help`` and
usage errors start fast.
"""

# No ``from __future__ import annotations`` here: typer reads the annotations of every
# command's parameters on each start, and as strings each costs a compile and an eval.

import gc
import os
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from skavmap import __version__
from skavmap.outputs.formats import choices


class _Commands(TyperGroup):
    """skavmap's commands: a usage error that the parser finds (an unknown option, a missing
    argument, a value that is not one of the choices) is said in the language of ``--lang``
    or the locale, as every other message is."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        from typer._click.exceptions import ClickException

        try:
            status = super().main(args, prog_name, complete_var, False, **extra)
        except typer.Abort:
            print("Aborted!", file=sys.stderr)
            sys.exit(1)
        except ClickException as error:
            _said(error, _lang_asked(sys.argv[1:] if args is None else args))
            sys.exit(error.exit_code)
        sys.exit(status or 0)


def _lang_asked(args) -> str:
    """The language ``--lang`` asks for among ``args`` (parsed or not), else the locale's."""
    from skavmap.outputs.vocabulary import resolve_lang

    asked = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            asked = args[i + 1]
        elif arg.startswith("--lang="):
            asked = arg.partition("=")[2]
    return resolve_lang(asked)


def _said(error, lang: str) -> None:
    """Print the parser's ``error`` as click does, in ``lang``."""
    from typer._click.exceptions import (
        BadParameter,
        MissingParameter,
        NoArgsIsHelpError,
        NoSuchOption,
        UsageError,
    )

    if isinstance(error, NoArgsIsHelpError) or not isinstance(error, UsageError):
        error.show()
        return
    from skavmap.outputs.escape import terminal
    from skavmap.outputs.vocabulary import words

    language = words(lang)
    ctx = error.ctx
    if isinstance(error, NoSuchOption):
        message = language("usage.click.no_such_option", option=error.option_name)
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            message += " " + language("usage.click.possible", options=options)
    elif isinstance(error, MissingParameter):
        option = error.param is not None and error.param.param_type_name == "option"
        key = "usage.click.missing_option" if option else "usage.click.missing_argument"
        message = language(key, name=_hint(error))
    elif isinstance(error, BadParameter):
        if isinstance(error, _NotAChoice):
            choices = ", ".join(error.choices)
            problem = language("usage.click.not_one_of", value=repr(error.value), choices=choices)
        elif error.message.startswith("Input should be a valid integer"):  # typer's, by pydantic
            problem = language("usage.click.not_integer")
        elif least := re.fullmatch(
            r"Input should be greater than or equal to (\S+)", error.message
        ):
            problem = language("usage.click.at_least", least=least.group(1))
        else:
            problem = error.message
        message = language("usage.click.invalid", name=_hint(error), problem=problem)
    elif said := _parser_said(error.message, language):
        message = said
    else:
        message = error.format_message()
    if ctx is not None:
        usage = ctx.get_usage().removeprefix("Usage:")
        print(language("usage.click.usage", usage=usage.strip()), file=sys.stderr)
        print(
            language("usage.click.help", command=f"{ctx.command_path} --help") + "\n",
            file=sys.stderr,
        )
    # What the user typed is in the message (an option's name): said as text, one line.
    print(language("usage.click.error", message=terminal(message)), file=sys.stderr)


#: The parser's other refusals, by their English text: the vocabulary key that says each.
_PARSER_SAYS = (
    (re.compile(r"No such command '(?P<name>.*)'\."), "usage.click.no_such_command"),
    (re.compile(r"Option '(?P<option>.*)' requires an argument\."), "usage.click.needs_value"),
    (re.compile(r"Option '(?P<option>.*)' does not take a value\."), "usage.click.takes_no_value"),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)"), "usage.click.extra"),
)


def _parser_said(message: str, language) -> str | None:
    """``message`` of the parser in ``language``, when it is one of :data:`_PARSER_SAYS`."""
    for pattern, key in _PARSER_SAYS:
        if found := pattern.fullmatch(message):
            return language(key, **found.groupdict())
    return None


def _hint(error) -> str:
    """The option or argument a parser's ``error`` is about, as click names it."""
    hint = error.param_hint if error.param_hint is not None else error.param.get_error_hint()
    return hint if isinstance(hint, str) else " / ".join(f"'{h}'" for h in hint)


class _NotAChoice(typer.BadParameter):
    """A value that is not one of an option's choices (said in the user's language)."""

    def __init__(self, value: str, choices: tuple[str, ...]):
        super().__init__(f"{value!r} is not one of {', '.join(choices)}")
        self.value, self.choices = value, choices


app = typer.Typer(
    cls=_Commands,
    name="skavmap",
    help="Map administrative processes, find where they chafe (skav), draw swimlane diagrams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

LANGS = ("sv", "en")
SEVERITIES = ("error", "warning", "info")
#: Hotspot kinds, as the analysers report them (skavmap.analysis.rules.KINDS; a test keeps
#: the two the same, so that a usage error never loads the rules).
KINDS = (
    "handoff",
    "loop",
    "bottleneck",
    "wait",
    "night-notification",
    "system-switch",
    "pain",
    "approval-chain",
    "form-burden",
)
#: What ``hotspots --by`` ranks by (skavmap.reporters.hotspots.ORDERS, kept the same by a test).
ORDERS = ("impact", "votes", "lead", "work")


def _choice(*values: str):
    """An option that takes one of ``values``: anything else is a usage error (exit 2)."""

    def parse(value: str) -> str:
        if value not in values:
            raise _NotAChoice(value, values)
        return value

    return {"parser": parse, "metavar": "|".join(values)}


def _applied(value: str | None) -> tuple[str, ...] | None:
    """``--apply A2,A3`` as action ids (``all``: every action that changes the model)."""
    if value is None:
        return None
    ids = tuple(part.strip() for part in value.split(",") if part.strip())
    if not ids:
        raise typer.BadParameter("name the actions: --apply A2,A3 or --apply all")
    return ids


ApplyOption = Annotated[
    str | None,
    typer.Option(
        "--apply",
        help="Draw or compare the process after these actions' changes: ids (A2,A3) or all.",
        metavar="IDS",
    ),
]


def _format(command: str, help: str = "Output."):
    return typer.Option("--format", help=help, **_choice(*choices(command)))


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang", help="Language of the output (default: from the locale).", **_choice(*LANGS)
    ),
]
PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Process files or folders (default: processes/).", metavar="PATHS"),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Configuration file (default: skavmap.toml or [tool.skavmap] in pyproject.toml, "
        "found from the first path upwards).",
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
    # A command makes objects that live until it ends (modules, the model, the graph, the
    # figures): a million and more for a large process. The cyclic garbage collector would
    # walk them again and again while they are made, and once more as the interpreter exits:
    # half the time of a command on a 100,000-step process. A command leaves little cyclic
    # garbage and ends, so it runs without the collector (``watch``, which runs for hours,
    # switches it on again); a heap frozen before exit spares the last walk.
    gc.disable()
    # The models that check process files are skavmap's own business: no pydantic plugin
    # watches them, and looking for plugins scans every installed package's metadata.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    global _finished
    _finished = []
    try:
        app()
    except SystemExit as end:
        # What a command kept (a large process's model and analysis: millions of objects)
        # would be freed one by one as the process ends, for nothing: the process ends at
        # once instead, as mypy does, when its output is out.
        if isinstance(end.code, int) and any(terminal.kept for terminal in _finished):
            _exit_at_once(end.code)
        raise
    finally:
        gc.freeze()


#: The terminals of the commands that have run, with what each kept (:meth:`Terminal.keep
#: <skavmap.commands.common.Terminal.keep>`), when skavmap's own process runs them
#: (:func:`main`); None under a test's runner, whose process goes on and frees them.
_finished: list | None = None


def _exit_at_once(status: int) -> None:
    """End the process with ``status`` now, its output flushed; return instead when flushing
    fails, so that the ordinary exit says what went wrong, as it always has, and when the
    caller has put other streams in the place of the process's own (as a test that reads
    the output does): they are read after :func:`main` returns."""
    if sys.stdout is not sys.__stdout__ or sys.stderr is not sys.__stderr__:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(status)


def _call(command, *args, **kwargs) -> None:
    """Run a command with a terminal; its status is the exit status."""
    import inspect

    from skavmap.commands.common import Stop, Terminal, UsageError

    # Every message of the command, its status lines and problems too, in its --lang.
    given = inspect.signature(command).bind_partial(None, *args, **kwargs).arguments
    terminal = Terminal(given.get("lang"))
    try:
        status = command(terminal, *args, **kwargs)
    except UsageError as error:
        from skavmap.outputs.escape import terminal as one_line

        # A usage error is one line, whatever the user typed into it (a line break in --apply).
        terminal.err(f"error: {one_line(error.said(terminal))}")
        status = 2
    except Stop as stop:
        status = stop.status
    if _finished is not None:
        _finished.append(terminal)
    raise typer.Exit(status)


@app.command()
def check(
    paths: PathsArgument = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too (exit 1): --fail-level warning.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print errors only: no warnings, no summary.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Print info findings too (the text format leaves them out)."
        ),
    ] = False,
    output_format: Annotated[
        str | None,
        _format("check", "Output (default: github when GITHUB_ACTIONS=true, else text)."),
    ] = None,
    config: ConfigOption = None,
    fail_level: Annotated[
        str | None,
        typer.Option(
            "--fail-level",
            help="Exit 1 on findings at this severity or above "
            "(default: error, or fail-level in the configuration).",
            **_choice(*SEVERITIES),
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
    from skavmap.commands import check as command

    _call(command.run, paths, output_format, config, fail_level, strict, quiet, lang,
          only_processes, verbose)  # fmt: skip


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
    output_format: Annotated[str, _format("diff", "Output (markdown: for a PR comment).")] = (
        "text"
    ),
    config: ConfigOption = None,
    lang: LangOption = None,
    mermaid: Annotated[
        bool,
        typer.Option(
            "--mermaid/--no-mermaid",
            help="With --format markdown: a Mermaid picture of the changed part of each "
            "process (GitHub and GitLab draw it). Default: on.",
        ),
    ] = True,
    apply: ApplyOption = None,
) -> None:
    """What a change means: steps, handoffs, loops, figures and hotspots, old against new.

    Exit status: 0, 1 when a ratchet rule of the configuration is broken, 2 when a file
    (new, or at the base revision) cannot be loaded or git cannot answer.
    """
    from skavmap.commands import diff as command

    _call(command.run, paths, base, output_format, config, lang, mermaid, _applied(apply))


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Print the JSON Schema of the process format (for editor completion and CI)."""
    from skavmap.commands import files

    _call(files.schema, output, lang)


@app.command()
def new(
    name: Annotated[
        str, typer.Argument(help="File to create, e.g. processes/bygglov.yaml.", metavar="NAME")
    ],
    title: Annotated[
        str | None, typer.Option("--title", help="Process name (default: from the file name).")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="Language of the names and comments (default: sv).", **_choice(*LANGS)
        ),
    ] = None,
) -> None:
    """Write a commented starter process (in Swedish, or --lang en) that passes `skavmap check`."""
    from skavmap.commands import files

    _call(files.new, name, title, lang)


@app.command()
def hotspots(
    paths: PathsArgument = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            help="Show the N highest only (text and Markdown show 10 unless told).",
            min=1,
        ),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every hotspot in text and Markdown too.")
    ] = False,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Rank by impact (hours per case), votes, lead (lead time per case) or "
            "work (work hours per year).",
            **_choice(*ORDERS),
        ),
    ] = "impact",
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="Only this kind (repeatable).", **_choice(*KINDS)),
    ] = None,
    min_score: Annotated[
        float, typer.Option("--min-score", help="Only hotspots scoring at least this (0-100).")
    ] = 0.0,
    output_format: Annotated[str, _format("hotspots")] = "text",
    lang: LangOption = None,
    list_analysers: Annotated[
        bool, typer.Option("--list", help="List the analysers with their codes and stop.")
    ] = False,
) -> None:
    """Rank where the processes chafe most: one list over all files, then figures per process.

    Exit status: 0, or 2 when a file cannot be read (the others are still ranked).
    """
    from skavmap.commands import hotspots as command

    if list_analysers:
        _call(command.list_rules, lang)
    _call(command.run, paths, top, kind or (), min_score, output_format, lang, show_all, by)


@app.command()
def explain(
    code: Annotated[
        str,
        typer.Argument(
            help="A rule's code (SKV201), name (rework-loop) or configuration key (max-lead-time).",
            metavar="CODE",
        ),
    ],
    lang: LangOption = None,
) -> None:
    """Explain an analyser, threshold or ratchet rule: what it finds and how it scores."""
    from skavmap.commands import explain as command

    _call(command.run, code, lang)


LanesOption = Annotated[
    str,
    typer.Option(
        "--lanes",
        help="One lane per department (default) or per role.",
        **_choice("department", "role"),
    ),
]
PlainOption = Annotated[
    bool, typer.Option("--plain", help="No annotations: only lanes, steps and arrows.")
]
HighlightOption = Annotated[
    str | None,
    typer.Option(
        "--highlight",
        help="Dim all but one theme.",
        **_choice("handoffs", "loops", "bottlenecks", "pain"),
    ),
]
WrapOption = Annotated[
    int | None,
    typer.Option(
        "--wrap",
        help="Columns per row of lanes (0: one row; default: chosen for the paper).",
        min=0,
    ),
]
PaperOption = Annotated[
    str | None,
    typer.Option(
        "--paper",
        help="Shape and scale the diagram for this sheet, step names at 9 pt or more "
        "(a pdf too large for one sheet becomes a poster of several). Default: pdf on A3 "
        "landscape; svg, png and jpeg shaped for A3 landscape at their own size.",
        **_choice("A4", "A3", "A2", "A1", "A0"),
    ),
]
LandscapeOption = Annotated[
    bool | None,
    typer.Option("--landscape/--portrait", help="The sheet's way round (default: the better)."),
]


def _column_option(column: str, default: str):
    return Annotated[
        str | None,
        typer.Option(
            f"--{column}",
            help=f"The log's {column} column (XES: attribute key; default {default}).",
            show_default=False,
        ),
    ]


CaseOption = _column_option("case", "case_id; XES: the trace's concept:name")
ActivityOption = _column_option("activity", "activity; XES: concept:name")
TimestampOption = _column_option("timestamp", "timestamp; XES: time:timestamp")
ResourceOption = _column_option("resource", "resource if present; XES: org:resource")
LifecycleOption = _column_option("lifecycle", "lifecycle if present; XES: lifecycle:transition")
TimeFormatOption = Annotated[
    str | None,
    typer.Option(
        "--time-format",
        help="How the log writes timestamps, e.g. '%d/%m/%Y %H:%M' (default: ISO 8601).",
    ),
]
TimezoneOption = Annotated[
    str | None,
    typer.Option(
        "--timezone",
        help="Place timestamps in this zone's local time (Europe/Stockholm); default: as written.",
    ),
]


def _names(case, activity, timestamp, resource, lifecycle) -> dict:
    return {"case": case, "activity": activity, "timestamp": timestamp, "resource": resource,
            "lifecycle": lifecycle}  # fmt: skip


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
        _format(
            "render",
            "Default: from the -o suffix, else svg; json prints the analysis (the format "
            "specification's JSON) and draws nothing.",
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
    paper: PaperOption = None,
    landscape: LandscapeOption = None,
    apply: ApplyOption = None,
) -> None:
    """Draw annotated swimlane diagrams; prints the path of each file written.

    Exit status: 0, or 2 when a file (or the --diff-base version) cannot be used (then
    nothing is written).
    """
    from skavmap.commands import draw

    _call(draw.render, paths, output, diagram_format, lanes, plain, highlight, wrap, diff_base,
          lang, paper, landscape, _applied(apply))  # fmt: skip


@app.command()
def watch(
    path: Annotated[Path, typer.Argument(help="The process file to watch.", metavar="FILE")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: <name>.svg here)."),
    ] = None,
    diagram_format: Annotated[
        str | None, _format("watch", "Default: from the -o suffix, else svg.")
    ] = None,
    lanes: LanesOption = "department",
    plain: PlainOption = False,
    highlight: HighlightOption = None,
    wrap: WrapOption = None,
    lang: LangOption = None,
    interval: Annotated[
        float, typer.Option("--interval", help="Seconds between looks at the file.", min=0.05)
    ] = 0.5,
    paper: PaperOption = None,
    landscape: LandscapeOption = None,
) -> None:
    """Draw the diagram again on every save, for a live workshop. Ctrl-C stops.

    A file with a mistake is reported and the last good diagram is kept.
    """
    from skavmap.commands import draw

    _call(draw.watch, path, output, diagram_format, lanes, plain, highlight, wrap, lang,
          interval, paper, landscape)  # fmt: skip


@app.command()
def export(
    paths: Annotated[list[Path], typer.Argument(help="Process files or folders.", metavar="PATHS")],
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="bpmn: BPMN 2.0 XML with the diagram's layout, for BPMN tools; mermaid: a "
            "flowchart for GitHub and GitLab.",
            **_choice("bpmn", "mermaid"),
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write, or a folder (default: <name>.bpmn or <name>.mmd here); "
            "- for standard output; a .md file holds the Mermaid in a fenced block.",
        ),
    ] = None,
    lanes: LanesOption = "department",
    plain: Annotated[
        bool, typer.Option("--plain", help="No heat (share of the lead time) on the steps.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Write processes as BPMN 2.0 (lanes and layout as `render` draws them) or Mermaid.

    Exit status: 0, or 2 when a file cannot be used or the output cannot be written as
    asked (then nothing is written).
    """
    from skavmap.commands import exchange

    _call(exchange.export, paths, to, output, lanes, plain, lang)


@app.command("import")
def import_(
    paths: Annotated[
        list[Path], typer.Argument(help="BPMN files, or folders of them.", metavar="PATHS")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Process file to write, or a folder (default: <name>.yaml here)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a process file that exists.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Write BPMN 2.0 files as process files, with comments where something was guessed.

    What BPMN has and skavmap does not (message flows, data objects, other pools) is a
    warning with its line and column. Exit status: 0, or 2 when a file cannot be read or a
    process file exists (then nothing is written).
    """
    from skavmap.commands import exchange

    _call(exchange.import_, paths, output, force, lang)


@app.command()
def actions(
    paths: PathsArgument = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            help="Group the plan by (default level).",
            **_choice("level", "owner", "status"),
        ),
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="group: the plan in its groups; effect: one list by the hours each action "
            "saves a year.",
            **_choice("group", "effect"),
        ),
    ] = "group",
    output_format: Annotated[str, _format("actions")] = "text",
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
    from skavmap.commands import plan

    _call(plan.actions, paths, group, output_format, threshold, fail_uncovered, lang, by)


@app.command()
def whatif(
    path: Annotated[Path, typer.Argument(help="The process file.", metavar="FILE")],
    change: Annotated[
        list[str] | None,
        typer.Option(
            "--change",
            "-c",
            help="A change to try (repeatable): STEP.FIELD=VALUE (wait, work, at, role, "
            "system, manual, forms), STEP->NEXT=P, remove STEP, ROLE.capacity=N, or as the "
            "file writes it: '{step: ID, FIELD: VALUE}'.",
        ),
    ] = None,
    output_format: Annotated[str, _format("whatif")] = "text",
    lang: LangOption = None,
) -> None:
    """What some changes would do to a process, without editing the file: every figure
    today and after, per case and per year.

    Exit status: 0, or 2 when the file or a change cannot be used.
    """
    from skavmap.commands import whatif as command

    _call(command.run, path, change or [], output_format, lang)


@app.command()
def compare(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Two or more variants of one process (files or folders).", metavar="PATHS"
        ),
    ],
    output_format: Annotated[str, _format("compare")] = "text",
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score",
            help="List counted hotspots that differ from this score up (those that cannot be "
            "counted always).",
        ),
    ] = 5.0,
    lang: LangOption = None,
) -> None:
    """Compare the same process as different units run it: figures side by side, steps
    found in one variant only, steps done differently, hotspots that differ.

    The first file is the reference. Exit status: 0, or 2 on a usage or input error.
    """
    from skavmap.commands import plan

    _call(plan.compare, paths, output_format, min_score, lang)


@app.command()
def report(
    paths: PathsArgument = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The HTML file to write (default: report.html)."),
    ] = None,
    paper: Annotated[
        str, typer.Option("--paper", help="Paper for printing (landscape).", **_choice("a4", "a3"))
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
        _format(
            "report",
            "html (write the report) or json (print the format specification's JSON "
            "of every process and write nothing).",
        ),
    ] = "html",
    lang: LangOption = None,
    log: Annotated[
        list[str] | None,
        typer.Option(
            "--log",
            help="An event log to measure a process by (evidence section): PATH with one "
            "process, else ID=PATH (repeatable).",
        ),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--mapping", help="Activity mapping for a log: PATH or ID=PATH (repeatable)."),
    ] = None,
    case: CaseOption = None,
    activity: ActivityOption = None,
    timestamp: TimestampOption = None,
    resource: ResourceOption = None,
    lifecycle: LifecycleOption = None,
    time_format: TimeFormatOption = None,
    timezone: TimezoneOption = None,
) -> None:
    """Write one self-contained HTML report (inline diagrams and styles, works offline):
    overview, each process with diagram, hotspots, pain and actions, and comparisons; with
    --log, what the event log measured beside the model.

    Exit status: 0, or 2 on a usage or input error (nothing is written then).
    """
    from skavmap.commands import draw

    logs = {
        "logs": log or [],
        "mappings": mapping or [],
        "names": _names(case, activity, timestamp, resource, lifecycle),
        "time_format": time_format,
        "timezone": timezone,
    }
    _call(draw.report, paths, output, paper, title, date, threshold, force, output_format, lang,
          logs)  # fmt: skip


@app.command()
def evidence(
    path: Annotated[Path, typer.Argument(help="The process file.", metavar="FILE")],
    log: Annotated[
        Path,
        typer.Option(
            "--log", help="The event log: CSV, XES (.xes, .xes.gz) or Parquet.", show_default=False
        ),
    ],
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="Activity → step id: YAML (activity: step, ~ to leave out) or CSV "
            "(activity,step). Default: an activity maps to the step with that id or name.",
        ),
    ] = None,
    case: CaseOption = None,
    activity: ActivityOption = None,
    timestamp: TimestampOption = None,
    resource: ResourceOption = None,
    lifecycle: LifecycleOption = None,
    time_format: TimeFormatOption = None,
    timezone: TimezoneOption = None,
    output_format: Annotated[str, _format("evidence")] = "text",
    lang: LangOption = None,
    write: Annotated[
        bool,
        typer.Option("--write", help="Write the measured waits, work and branch shares into FILE."),
    ] = False,
    update: Annotated[
        Path | None,
        typer.Option(
            "--update",
            help="Write FILE with the measured values to this path instead (FILE stays).",
        ),
    ] = None,
    min_observations: Annotated[
        int,
        typer.Option("--min-observations", help="Write only values measured this often.", min=1),
    ] = 5,
) -> None:
    """Measure a process from its systems' event log, beside the model: visits, waits and
    work per step, branch shares, lead time, handoffs, rework, and which cases follow the model.

    Exit status: 0, or 2 when the file, the mapping or the log cannot be used.
    """
    from skavmap.commands import evidence as command

    names = _names(case, activity, timestamp, resource, lifecycle)
    _call(command.run, path, log, mapping, names, time_format, timezone, output_format, lang,
          write, update, min_observations)  # fmt: skip


@app.command()
def simulate(
    path: Annotated[Path, typer.Argument(help="The process file.", metavar="FILE")],
    cases: Annotated[
        int, typer.Option("--cases", help="How many cases to simulate.", min=1)
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random draws.")] = 0,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The log to write: .csv, .xes, .xes.gz or .parquet.",
            show_default=False,
        ),
    ] = Path("log.csv"),
    lang: LangOption = None,
) -> None:
    """Write a synthetic event log from the model: random branches and loops, durations in
    their ranges, start and complete events with resources, on the process's calendar.

    Exit status: 0, or 2 when the file cannot be used.
    """
    from skavmap.commands import evidence as command

    _call(command.simulate, path, cases, seed, output, lang)
