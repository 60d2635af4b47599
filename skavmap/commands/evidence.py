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
        inputs = [log, *([mapping_path] if mapping_path else [])]
        return write_values(terminal, evidence, update or path, min_observations, inputs)
    return 0


def write_values(
    terminal: Terminal, evidence, target: Path, min_observations: int, inputs: Sequence[Path]
) -> int:
    """Write the measured values into the process file's text (see
    :func:`skavmap.analysis.evidence.changes`), as ``target``: the process file itself, or a
    new YAML file, never the log or mapping (``inputs``) or another file that exists. The
    file is checked before it replaces anything."""
    import os
    import tempfile

    from skavmap.analysis.evidence import changes
    from skavmap.format.loader import Loader
    from skavmap.format.update import UpdateError, apply
    from skavmap.outputs.writing import OutputError, check_target, is_input, write_atomically

    source = evidence.analysis.process.file
    try:
        check_target(target, inputs)
        if target.suffix.lower() not in (".yaml", ".yml"):
            raise OutputError("output.not_yaml", path=target)
        if target.exists() and not is_input(target, [source]):
            raise OutputError("output.exists_not_source", path=target, source=source)
    except OutputError as error:
        terminal.err(error.said(terminal.lang))
        return 2
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
        write_atomically(target, new.encode("utf-8"), inputs)
    except OutputError as error:
        terminal.err(error.said(terminal.lang))
        return 2
    finally:
        written.unlink(missing_ok=True)
    kinds = sorted({c.key for c in wanted})
    what = ", ".join(f"{sum(1 for c in wanted if c.key == k)} {k}" for k in kinds)
    what = what or terminal.say("status.nothing")
    terminal.err(terminal.say("status.wrote_values", path=target, n=len(wanted), what=what))
    return 0


def simulate(
    terminal: Terminal, path: Path, cases: int, seed: int, output: Path, lang: str | None
) -> int:
    """Exit status: 0, or 2 when the process file cannot be used (said in ``lang``: the
    terminal speaks it)."""
    from skavmap.analysis.simulate import simulate as draw
    from skavmap.format.eventlog_sql import write_log
    from skavmap.outputs.writing import OutputError, check_target

    if cases < 1:
        raise UsageError(terminal.say("usage.cases"))
    if cases > MAX_CASES:
        from skavmap.outputs.vocabulary import words

        most = words(terminal.lang).amount(MAX_CASES)
        raise UsageError(terminal.say("usage.too_many_cases", most=most))
    try:
        check_target(output, [path])
        if not _log_suffix(output):
            raise OutputError("output.not_a_log", output=output)
        if output.exists() and not _simulated(output):
            raise OutputError("output.not_simulated", path=output)
    except OutputError as error:
        terminal.err(error.said(terminal.lang))
        raise Stop(2) from None
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
    except OverflowError:
        # Cases arrive at the process's volume: few a year and many cases run past year 9999.
        raise UsageError(terminal.say("usage.cases_past_calendar", cases=cases)) from None
    terminal.out(terminal.say("status.wrote_log", path=output, cases=cases, events=events))
    return 0


#: The most cases ``simulate`` draws: ten million events and more, past any real export.
MAX_CASES = 1_000_000


def _log_suffix(path: Path) -> bool:
    """Whether ``path`` names a log file ``simulate`` writes (CSV, XES, Parquet)."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    return suffixes[-1:] in ([".csv"], [".xes"], [".parquet"]) or suffixes == [".xes", ".gz"]


def _simulated(path: Path) -> bool:
    """Whether ``path`` holds a log as ``simulate`` writes it (safe to write again): a CSV
    with its header, an XES file with its header, or a Parquet file."""
    import gzip

    from skavmap.format.eventlog import CSV_NAMES, log_kind

    kind = log_kind(path)
    try:
        if kind == "parquet":
            with path.open("rb") as stream:
                return stream.read(4) == b"PAR1"
        opener = gzip.open if path.suffix.lower() == ".gz" else open
        with opener(path, "rb") as stream:
            head = stream.read(512)
    except OSError:
        return False
    if kind == "xes":
        return head.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version=')
    return head.split(b"\n", 1)[0].rstrip(b"\r") == ",".join(CSV_NAMES.values()).encode()


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
