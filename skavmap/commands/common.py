"""What every command needs: a terminal to print on, and its inputs read and analysed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skavmap.analysis.config import Config
    from skavmap.analysis.results import Analysis
    from skavmap.commands.progress import Bar
    from skavmap.format.diagnostics import Diagnostic
    from skavmap.format.inputs import Inputs

#: Where a command reads when it is given no paths.
DEFAULT_PATHS = (Path("processes"),)
#: Characters written to standard output at a time.
PIECE = 1 << 20


class UsageError(Exception):
    """A request that cannot be met: printed as ``error: MESSAGE``, exit status 2.

    ``message`` is said already, in the terminal's language; code with no terminal to hand
    gives the vocabulary's ``key`` and its ``values`` instead, said at the edge
    (:meth:`said`)."""

    def __init__(self, message: str = "", *, key: str | None = None, **values: Any):
        super().__init__(message or key)
        self.message, self.key, self.values = message, key, values

    def said(self, terminal: Terminal) -> str:
        """The message in the terminal's language."""
        return self.message if self.key is None else terminal.say(self.key, **self.values)

    @classmethod
    def not_a_file(cls, path: Path, what: str) -> UsageError:
        """``path``, given as the ``what`` file to read (``log``, ``mapping``), is no
        regular file: the error says whether nothing is there, a folder or something else
        (a device or a pipe, never opened)."""
        if path.is_dir():
            return cls(key=f"usage.{what}_folder", path=path)
        if path.exists():
            return cls(key=f"usage.{what}_not_regular", path=path)
        return cls(key=f"usage.no_{what}", path=path)


class Stop(Exception):
    """Stop the command now with ``status`` (what was to say has been said)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class Terminal:
    """Standard output and standard error, as the command line has them, in the language
    of the command's ``--lang`` (by default the locale's).

    Everything printed passes :func:`skavmap.outputs.escape.terminal_output`: no control
    character from a file reaches the terminal raw, and no line can act as a GitHub
    workflow command, except the ``github`` format's own (``raw``).
    """

    def __init__(self, lang: str | None = None) -> None:
        from skavmap.outputs.vocabulary import resolve_lang

        self.lang = resolve_lang(lang)
        self.kept: list[Any] = []

    def keep(self, *objects: Any) -> None:
        """Keep ``objects`` (what the command read and made) as long as the terminal: when
        skavmap's own process runs the command, it ends without freeing them one by one
        (:func:`skavmap.cli.main`), half a second for a 100,000-step process."""
        self.kept.extend(objects)

    def say(self, key: str, **values: Any) -> str:
        """The phrase ``key`` of the vocabulary in the terminal's language."""
        from skavmap.outputs.vocabulary import words

        return words(self.lang)(key, **values)

    #: The progress bar of the command while it runs (:mod:`skavmap.commands.progress`).
    bar: Bar | None = None

    def out(self, text: str, end: str = "\n", raw: bool = False) -> None:
        from skavmap.outputs.escape import terminal_output

        self._write(text + end if raw else terminal_output(text + end), raw)

    def write(self, pieces: Iterable[str]) -> None:
        """A document made in pieces (never joined: the check of 100,000 steps is 173 MB) on
        standard output, as :meth:`out` prints its text with ``end=""``.

        Through the safety net in chunks of whole lines, so that it sees each line's start
        where the line starts."""
        from skavmap.outputs.escape import terminal_output

        chunk: list[str] = []
        size = 0
        for piece in pieces:
            chunk.append(piece)
            size += len(piece)
            if size >= PIECE:
                text = "".join(chunk)
                cut = text.rfind("\n") + 1
                if cut:
                    self._write(terminal_output(text[:cut]), raw=False)
                text = text[cut:]
                chunk, size = [text], len(text)
        self._write(terminal_output("".join(chunk)), raw=False)

    def _write(self, text: str, raw: bool) -> None:
        import typer

        if self.bar is not None and self.bar.above(text, err=False):
            return
        # In pieces: encoded all at once, the hotspots of 100,000 steps took 200 MB more.
        # Colour kept: text through the safety net holds no escape sequence for click to
        # take out, which it would look for in all of it (a raw one may hold some).
        colour = None if raw else True
        for start in range(0, len(text), PIECE):
            typer.echo(text[start : start + PIECE], nl=False, color=colour)

    def err(self, text: str) -> None:
        import typer

        from skavmap.outputs.escape import terminal_output

        text = terminal_output(text)
        if self.bar is None or not self.bar.above(text + "\n", err=True):
            typer.echo(text, err=True)

    def coloured(self, text: str, colour: str) -> None:
        """A line on standard output, in ``colour`` (red, yellow, green) when that is a
        terminal that shows colours, as rich decides it (``NO_COLOR``, ``FORCE_COLOR``,
        ``TERM=dumb``); for one line, loading rich would take longer than the check."""
        import os
        import sys

        from skavmap.outputs.escape import terminal_output

        try:
            shows = sys.stdout.isatty()
        except (AttributeError, ValueError):
            shows = False
        shows = (shows or bool(os.environ.get("FORCE_COLOR"))) and not (
            os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb"
        )
        if not shows:
            self.out(text)
            return
        code = {"red": 31, "yellow": 33, "green": 32}[colour]
        self.out(f"\x1b[{code}m{terminal_output(text)}\x1b[0m\n", end="", raw=True)

    def rich(self, parts: Iterable[Any]) -> None:
        """Rich renderables (tables, styled text) on standard output."""
        from rich.console import Console

        console = Console(highlight=False)
        for part in parts:
            console.print(part)

    def show(self, output: str | Iterable[Any]) -> None:
        """What a reporter made: text as it is, rich renderables through rich."""
        if isinstance(output, str):
            self.out(output, end="")
        else:
            self.rich(output)

    def diagnostics(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.err(diagnostic.line(self.lang))


def rule_codes() -> frozenset[str]:
    """The codes an action may address: every analyser's."""
    from skavmap.analysis.rules import analysers

    return frozenset(rule.code for rule in analysers())


def read(paths: Sequence[Path] | None, bar: Bar | None = None, **options: Any) -> Inputs:
    """The inputs under ``paths`` (default: ``processes/``), each file counted on ``bar``."""
    from skavmap.format.inputs import read as read_inputs

    progress = bar.reading() if bar is not None else None
    return read_inputs(list(paths or DEFAULT_PATHS), codes=rule_codes(), progress=progress,
                       **options)  # fmt: skip


def analysed(
    terminal: Terminal, paths: Sequence[Path] | None, required: bool = False, bar: Bar | None = None
) -> list[Analysis]:
    """Every process under ``paths``, analysed (files and processes counted on ``bar``); on
    any error, print them all and stop with status 2 (nothing is printed on standard output
    then). ``required``: finding no process file at all is a usage error too."""
    from skavmap.analysis.engine import analyse_all

    inputs = read(paths, bar)
    processes = bar.counted(inputs.processes) if bar is not None else inputs.processes
    analyses, problems = analyse_all(processes)
    errors = inputs.errors + [p for p in problems if p.severity == "error"]
    if errors:
        terminal.diagnostics(errors)
        raise Stop(2)
    if required and not analyses:
        shown = ", ".join(str(p) for p in (paths or DEFAULT_PATHS))
        raise UsageError(terminal.say("status.no_files", paths=shown))
    return analyses


def config(terminal: Terminal, paths: Sequence[Path], explicit: Path | None) -> Config:
    """The configuration for a run over ``paths``; on a problem, print it and stop (2)."""
    from skavmap.analysis.config import ConfigError, config_for

    try:
        return config_for(paths, explicit)
    except ConfigError as error:
        terminal.diagnostics(error.diagnostics)
        raise Stop(2) from None
