"""The one progress bar of the commands: on a terminal only, never in a pipe or a CI log, and
only once the command has run for :data:`DELAY` seconds.

A command opens one bar for its whole run (``with progress(terminal) as bar``) and tells it
each stage as it comes: files read (:meth:`Bar.reading`, a callback for
:func:`skavmap.format.inputs.read`), processes analysed (:meth:`Bar.counted`), diagrams
drawn (:meth:`Bar.drawing`, :meth:`Bar.advance`), or a stage of its own
(:meth:`Bar.stage`, :meth:`Bar.update`). The bar goes to standard error, in the terminal's
language, and disappears when the command ends. While it shows, what the terminal prints
(:class:`skavmap.commands.common.Terminal`) goes above it: error lines, and lines meant for
standard output when that is the same terminal (so the bar never breaks them up); to a file
or a pipe they go straight. Nothing of rich is loaded unless the bar appears.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

#: Seconds before the bar appears: a quick command shows none.
DELAY = 1.0


class _Terminal(Protocol):
    bar: Bar | None

    def say(self, key: str, **values: Any) -> str: ...


def wanted(stream=None) -> bool:
    """Whether a progress bar may be shown on ``stream`` (standard error): a terminal, not
    a CI run, not a dumb terminal."""
    stream = stream or sys.stderr
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Bar:
    """What the command is doing and how far it has come; shows itself after
    :data:`DELAY` seconds when ``show``, on ``stream`` (standard error)."""

    def __init__(self, terminal: _Terminal, show: bool, stream=None):
        self._terminal = terminal
        self._show = show
        self._stream = stream
        self._lock = threading.Lock()
        self._progress: Any = None
        self._task: Any = None
        self._timer: threading.Timer | None = None
        self._key = ""
        self.label = ""
        self.done = 0
        self.total: int | None = None

    def start(self) -> None:
        if not self._show:
            return
        if DELAY <= 0:
            self._appear()
            return
        self._timer = threading.Timer(DELAY, self._appear)
        self._timer.daemon = True
        self._timer.start()

    def _appear(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        with self._lock:
            if not self._show:  # stopped while the timer fired
                return
            progress = Progress(
                BarColumn(bar_width=30),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(file=self._stream or sys.stderr),
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._task = progress.add_task(self.label, total=self.total, completed=self.done)
            progress.start()
            self._progress = progress

    def _refresh(self) -> None:
        if self._progress is not None:
            self._progress.update(
                self._task, description=self.label, completed=self.done, total=self.total
            )

    def stage(self, key: str, total: int | None = None, **values: Any) -> None:
        """A new stage, said by the vocabulary's ``progress.KEY``, of ``total`` things
        (``None``: not known)."""
        label = self._terminal.say(f"progress.{key}", **values)
        with self._lock:
            self._key, self.label, self.done, self.total = key, label, 0, total
            self._refresh()

    def update(self, done: int, total: int | None = None) -> None:
        with self._lock:
            self.done = done
            if total is not None:
                self.total = total
            self._refresh()

    def at(self, key: str, done: int, total: int | None = None) -> None:
        """How far the stage ``key`` has come (a new stage when it is another)."""
        if key != self._key:
            self.stage(key, total)
        self.update(done, total)

    def advance(self) -> None:
        self.update(self.done + 1)

    def reading(self) -> Callable[[int, int], None]:
        """The stage "reading files", and a callback for each file read (done, total)."""
        self.stage("reading")
        return self.update

    def counted(self, items: Iterable[T], key: str = "analysing") -> list[T]:
        """The stage ``key`` over ``items``: a list of them that advances the bar as each is
        taken from it (the bar counts what the consumer has finished)."""
        self.stage(key)
        return _Counted(items, self)

    def drawing(self, name: str, total: int) -> None:
        """Say which of ``total`` diagrams is being drawn (the count goes on)."""
        done = self.done if self._key == "drawing" else 0
        self.stage("drawing", total=total, name=_short(name))
        self.update(done)

    def above(self, text: str, err: bool) -> bool:
        """Print ``text`` above the bar while it shows, when it goes to the bar's terminal
        (standard error, or standard output that is the same terminal); whether it did."""
        with self._lock:
            progress = self._progress
            if progress is None or not (err or _stdout_is_terminal()):
                return False
            progress.console.print(text, markup=False, highlight=False, soft_wrap=True, end="")
            return True

    @property
    def showing(self) -> bool:
        return self._progress is not None

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._show = False
            if self._progress is not None:
                self._progress.stop()
                self._progress = None


class _Counted(list):
    """A list whose iteration advances a bar: the count is what the consumer has
    finished (one more each time it asks for the next item)."""

    def __init__(self, items: Iterable, bar: Bar):
        super().__init__(items)
        self._bar = bar
        bar.update(0, len(self))

    def __iter__(self) -> Iterator:
        for index, item in enumerate(super().__iter__()):
            self._bar.update(index, len(self))
            yield item
        self._bar.update(len(self), len(self))


#: Characters of a file's path shown: the bar and its count keep their place on a line of
#: 80, however long the path.
PATH = 36


def _short(path: str) -> str:
    """``path``, its start cut when it is long (it keeps its file name)."""
    return path if len(path) <= PATH else "…" + path[len(path) - PATH + 1 :]


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(terminal: _Terminal, show: bool | None = None, stream=None) -> Iterator[Bar]:
    """A :class:`Bar` for the run of a command on ``terminal`` (which prints above it while
    it shows); ``show`` defaults to :func:`wanted` of ``stream`` (standard error)."""
    bar = Bar(terminal, wanted(stream) if show is None else show, stream)
    terminal.bar = bar
    bar.start()
    try:
        yield bar
    finally:
        bar.stop()
        terminal.bar = None
