"""``skavmap watch``: draw again on every save, for a live workshop.

The file is polled (no extra dependency): when its modification time or size changes, and
has stayed the same for one more poll, the diagram is drawn again. A file that cannot be
used (half-written, or with a mistake) never stops the watch: its diagnostics are shown
and the last good diagram stays in place (or, when the file was broken from the start,
nothing is drawn until it is valid). Sub-process files are watched too.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

from skavmap.format.model import Process
from skavmap.outputs.vocabulary import Words
from skavmap.outputs.writing import OutputError, write_atomically
from skavmap.render import Options, render

Echo = Callable[[str], None]
Signature = tuple[tuple[str, int | None, int | None], ...]


def _dependencies(process: Process) -> list[Path]:
    """The sub-process files ``process`` reads, at any depth."""
    found: dict[Path, None] = {}
    stack = [process]
    while stack:
        current = stack.pop()
        for step in current.steps.values():
            if step.subprocess is not None and step.subprocess.file not in found:
                found[step.subprocess.file] = None
                stack.append(step.subprocess)
    return list(found)


class Watcher:
    """Draws ``source`` to ``target`` now and whenever it changes; :meth:`poll` looks once."""

    def __init__(
        self, source: Path, target: Path, fmt: str, options: Options, out: Echo, err: Echo
    ):
        self.source, self.target, self.fmt, self.options = source, target, fmt, options
        self.out, self.err = out, err
        self.watched: list[Path] = [source]
        self.drawn: Signature | None = None
        self.settling: Signature | None = None
        self.written = False  # whether this watch has written a diagram yet

    def signature(self, paths: list[Path] | None = None) -> Signature:
        marks = []
        for path in self.watched if paths is None else paths:
            try:
                stat = path.stat()
                marks.append((str(path), stat.st_mtime_ns, stat.st_size))
            except OSError:
                marks.append((str(path), None, None))
        return tuple(marks)

    def poll(self) -> bool:
        """Look once; draw when the files changed and have settled. True when it drew (or
        tried to)."""
        now = self.signature()
        if now == self.drawn:
            self.settling = None
            return False
        if now != self.settling:
            # Changed since the last look: an editor may still be writing. Wait one poll.
            self.settling = now
            return False
        self.settling = None
        self.draw()
        return True

    def draw(self) -> bool:
        """Draw now. True when the diagram was written; False when the file could not be
        used, after saying why (the last good diagram is kept, if there is one)."""
        from skavmap.format.diagnostics import LoadError, display_path
        from skavmap.format.loader import load

        before = self.drawn = self.signature()
        clock = time.strftime("%H:%M:%S")
        target = display_path(self.target)
        words = Words(self.options.lang)
        if self.written:
            meanwhile = words("status.kept", clock=clock, target=target)
        else:
            meanwhile = words("status.nothing_yet", clock=clock, target=target)
        try:
            process = load(self.source)
        except LoadError as error:
            for diagnostic in error.diagnostics:
                self.err(diagnostic.line(self.options.lang))
            self.err(meanwhile)
            return False
        except Exception as error:  # a live session must survive whatever the file holds
            self.err(words("status.cannot_read", path=display_path(self.source), error=error))
            self.err(meanwhile)
            return False
        try:
            data = render(process, self.fmt, self.options)
            write_atomically(self.target, data, inputs=self.watched)
        except Exception as error:  # as above: report it and keep the old diagram
            said = error.said(words.lang) if isinstance(error, OutputError) else error
            self.err(words("status.cannot_draw", path=display_path(self.source), error=said))
            self.err(meanwhile)
            return False
        # Marks of the files as they were read, plus those of newly found sub-processes:
        # a save during the drawing is still seen as a change.
        known = {mark[0] for mark in before}
        self.watched = [self.source, *_dependencies(process)]
        added = [path for path in self.watched if str(path) not in known]
        self.drawn = tuple(m for m in before if Path(m[0]) in self.watched) + self.signature(added)
        self.written = True
        self.out(words("status.wrote_at", clock=clock, target=target))
        return True


def watch(watcher: Watcher, interval: float = 0.5, sleep: Callable[[float], None] = time.sleep):
    """Draw once, then poll forever (until Ctrl-C, which the caller handles)."""
    # Hours of drawing again leave garbage that only the collector frees, which the
    # command line switches off for commands that end (skavmap.cli.main).
    gc.enable()
    watcher.draw()
    while True:
        sleep(interval)
        watcher.poll()
