"""``skavmap evidence`` and ``skavmap simulate``: the process measured from an event log, and
a synthetic log made from the model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from skavmap.commands.common import Stop, Terminal, UsageError, analysed


def one_analysis(terminal: Terminal, path: Path) -> Any:
    """The analysis of the single process file ``path``."""
    analyses = analysed(terminal, [path], required=True)
    if len(analyses) != 1:
        raise UsageError(terminal.say("usage.several_processes", path=path, n=len(analyses)))
    return analyses[0]


def log_spec(
    log: Path, names: Mapping[str, str | None], time_format: str | None, timezone: str | None
):
    from skavmap.format.eventlog import LogSpec

    if not log.is_file():
        raise UsageError.not_a_file(log, "log")
    return LogSpec(log, dict(names), time_format, timezone)


def read_mapping(terminal: Terminal, path: Path | None, process) -> Any:
    """The mapping file, or ``None``; its problems are printed and stop the run (2)."""
    if path is None:
        return None
    from skavmap.format.diagnostics import LoadError
    from skavmap.format.eventlog import read_mapping as read

    if not path.is_file():
        raise UsageError.not_a_file(path, "mapping")
    try:
        return read(path, process)
    except LoadError as error:
        terminal.diagnostics(error.diagnostics)
        raise Stop(2) from None


def measure_log(terminal: Terminal, analysis, spec, mapping) -> Any:
    """The evidence of ``analysis`` from the log; a log that cannot be used stops the run."""
    from skavmap.analysis.evidence import measure
    from skavmap.commands.progress import progress
    from skavmap.format.eventlog import EventLogError

    try:
        with progress(terminal) as bar:

            def tell(stage: str, done: int, total: int) -> None:
                bar.at(f"log_{stage}", done, total or None)

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
        terminal.err(terminal.say("status.cannot_write_values", path=source, error=error))
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
                terminal.err(problem.line(terminal.lang).replace(str(written), str(target)))
            terminal.err(terminal.say("status.values_would_break", path=target))
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
        raise UsageError(terminal.say("usage.cases"))
    analysis = one_analysis(terminal, path)
    rows = (
        [(e.case, e.activity, e.timestamp, e.resource, e.lifecycle) for e in events]
        for events in draw(analysis, cases, seed)
    )
    try:
        events = write_log(output, rows)
    except OSError as error:
        from skavmap.outputs.vocabulary import words

        reason = words(terminal.lang).reason(error.errno, error.strerror or str(error))
        raise UsageError(terminal.say("usage.cannot_write", path=output, reason=reason)) from None
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
            raise UsageError(key="usage.pairs", what=what, value=value, n=len(ids),
                             ids=", ".join(ids))  # fmt: skip
    return found
