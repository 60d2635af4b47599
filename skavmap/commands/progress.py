"""A progress bar for drawing that takes a while: on a terminal only, never in a pipe or a
CI log, and only once the drawing has run for :data:`DELAY` seconds.

The bar goes to standard error and counts the diagrams drawn. While it shows, lines meant
for standard output go above it when standard output is the same terminal (so the bar
never breaks them up), and straight to standard output when that is a file or a pipe.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Echo = Callable[[str], None]

#: Seconds before the bar appears: a quick render shows none.
DELAY = 1.0


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
    """Counts diagrams drawn; shows itself after :data:`DELAY` seconds."""

    def __init__(self, total: int, out: Echo, show: bool):
        self.total, self._out, self._show = total, out, show
        self._lock = threading.Lock()
        self._progress = None
        self._task = None
        self._timer = None
        self.done = 0
        self.current = ""

    def start(self) -> None:
        if self._show:
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
            progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._task = progress.add_task(self._label(), total=self.total, completed=self.done)
            progress.start()
            self._progress = progress

    def _label(self) -> str:
        return f"drawing {self.current}" if self.current else "drawing"

    def drawing(self, name: str) -> None:
        """Say which diagram is being drawn."""
        with self._lock:
            self.current = name
            if self._progress is not None:
                self._progress.update(self._task, description=self._label())

    def advance(self) -> None:
        with self._lock:
            self.done += 1
            if self._progress is not None:
                self._progress.update(self._task, completed=self.done)

    def out(self, text: str) -> None:
        """A line for standard output, kept clear of the bar."""
        with self._lock:
            progress = self._progress
            if progress is not None and _stdout_is_terminal():
                progress.console.print(text, markup=False, highlight=False)
                return
        self._out(text)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._progress is not None:
                self._progress.stop()
                self._progress = None


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(total: int, out: Echo, show: bool | None = None) -> Iterator[Bar]:
    """A :class:`Bar` for ``total`` diagrams; ``show`` defaults to :func:`wanted`."""
    bar = Bar(total, out, wanted() if show is None else show)
    bar.start()
    try:
        yield bar
    finally:
        bar.stop()
