"""``skavmap evidence`` and ``skavmap simulate``: the process measured from an event log, and
a synthetic log made from the model."""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from skavmap.commands.common import Stop, Terminal, UsageError, analysed

#: A progress bar appears when a run has taken this long.
PROGRESS_AFTER = 1.0


def one_analysis(terminal: Terminal, path: Path) -> Any:
    """The analysis of the single process file ``path``."""
    analyses = analysed(terminal, [path], required=True)
    if len(analyses) != 1:
        raise UsageError(f"{path} holds {len(analyses)} processes; name one process file")
    return analyses[0]


def log_spec(
    log: Path, names: Mapping[str, str | None], time_format: str | None, timezone: str | None
):
    from skavmap.format.eventlog import LogSpec

    if not log.is_file():
        raise UsageError(f"{log}: no such log file")
    return LogSpec(log, dict(names), time_format, timezone)


def read_mapping(terminal: Terminal, path: Path | None, process) -> Any:
    """The mapping file, or ``None``; its problems are printed and stop the run (2)."""
    if path is None:
        return None
    from skavmap.format.diagnostics import LoadError
    from skavmap.format.eventlog import read_mapping as read

    if not path.is_file():
        raise UsageError(f"{path}: no such mapping file")
    try:
        return read(path, process)
    except LoadError as error:
        terminal.diagnostics(error.diagnostics)
        raise Stop(2) from None


@contextmanager
def progress_bar():
    """A progress callback that shows a bar on the terminal (standard error) once the run
    has taken :data:`PROGRESS_AFTER` seconds; nothing when standard error is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    began = time.monotonic()
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    )  # fmt: skip
    task = bar.add_task("", total=None)
    shown = False
    stages = {"read": "reading the log", "map": "mapping and ordering the events",
              "replay": "replaying paths", "measure": "measuring"}  # fmt: skip

    def tell(stage: str, done: int, total: int) -> None:
        nonlocal shown
        if not shown and time.monotonic() - began >= PROGRESS_AFTER:
            bar.start()
            shown = True
        bar.update(task, description=stages.get(stage, stage), completed=done,
                   total=total or None)  # fmt: skip

    try:
        yield tell
    finally:
        if shown:
            bar.stop()


def measure_log(terminal: Terminal, analysis, spec, mapping) -> Any:
    """The evidence of ``analysis`` from the log; a log that cannot be used stops the run."""
    from skavmap.analysis.evidence import measure
    from skavmap.format.eventlog import EventLogError

    try:
        with progress_bar() as tell:
            return measure(analysis, spec, mapping, progress=tell)
    except EventLogError as error:
        terminal.err(error.said(terminal.lang))
        raise Stop(2) from None


def run(
    terminal: Terminal,
    path: Path,
    log: Path,
    mapping_path: Path | None,
    names: Mapping[str, str | None],
    time_format: str | None,
    timezone: str | None,
    fmt: str,
    lang: str | None,
    write: bool,
    update: Path | None,
    min_observations: int,
) -> int:
    """Exit status: 0, or 2 when the process file, the mapping or the log cannot be used."""
    from skavmap.outputs.formats import reporter
    from skavmap.outputs.vocabulary import words

    spec = log_spec(log, names, time_format, timezone)
    analysis = one_analysis(terminal, path)
    mapping = read_mapping(terminal, mapping_path, analysis.process)
    evidence = measure_log(terminal, analysis, spec, mapping)
    output = reporter("evidence", fmt)([evidence], words(lang))
    terminal.show(output)
    if write or update is not None:
        return write_values(terminal, evidence, update or path, min_observations)
    return 0


def write_values(terminal: Terminal, evidence, target: Path, min_observations: int) -> int:
    """Write the measured values into the process file's text (see
    :func:`skavmap.analysis.evidence.changes`), as ``target``; the file is checked before it
    replaces anything."""
    import os
    import tempfile

    from skavmap.analysis.evidence import changes
    from skavmap.format.loader import Loader
    from skavmap.format.update import UpdateError, apply

    source = evidence.analysis.process.file
    wanted = changes(evidence, min_observations)
    text = source.read_text(encoding="utf-8")
    try:
        new = apply(text, wanted)
    except UpdateError as error:
        terminal.err(f"{source}: error: cannot write the measured values: {error}")
        return 2
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".yaml",
                                         dir=source.parent)  # fmt: skip
    os.close(handle)
    written = Path(temporary)
    try:
        written.write_text(new, encoding="utf-8")
        _, problems = Loader().load_file(written)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            for problem in errors:
                terminal.err(str(problem).replace(str(written), str(target)))
            terminal.err(f"{target}: error: the measured values would break the file; "
                         "nothing was written (please report this)")  # fmt: skip
            return 2
        os.replace(written, target)
    finally:
        written.unlink(missing_ok=True)
    kinds = sorted({c.key for c in wanted})
    what = ", ".join(f"{sum(1 for c in wanted if c.key == k)} {k}" for k in kinds)
    what = what or terminal.say("status.nothing")
    terminal.err(terminal.say("status.wrote_values", path=target, n=len(wanted), what=what))
    return 0


def simulate(terminal: Terminal, path: Path, cases: int, seed: int, output: Path) -> int:
    """Exit status: 0, or 2 when the process file cannot be used."""
    from skavmap.analysis.simulate import simulate as draw
    from skavmap.format.eventlog_sql import write_log

    if cases < 1:
        raise UsageError("--cases must be at least 1")
    analysis = one_analysis(terminal, path)
    rows = (
        [(e.case, e.activity, e.timestamp, e.resource, e.lifecycle) for e in events]
        for events in draw(analysis, cases, seed)
    )
    try:
        events = write_log(output, rows)
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
    terminal.out(terminal.say("status.wrote_log", path=output, cases=cases, events=events))
    return 0


def parse_pairs(values: Sequence[str], ids: Sequence[str], what: str) -> dict[str | None, Path]:
    """``--log`` and ``--mapping`` of ``skavmap report``: ``ID=PATH`` for the process ``ID``, or
    a bare ``PATH`` when there is one process."""
    found: dict[str | None, Path] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if sep and key in ids:
            found[key] = Path(rest)
        elif len(ids) == 1:
            found[ids[0]] = Path(value)
        else:
            raise UsageError(
                f"--{what} {value}: the report has {len(ids)} processes; write --{what} ID=PATH "
                f"with one of {', '.join(ids)}"
            )
    return found
