"""``skavmap export`` (BPMN 2.0, Mermaid) and ``skavmap import`` (BPMN 2.0 to a process file)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from skavmap.commands.common import Stop, Terminal, UsageError

#: ``-o -``: write to standard output.
STDOUT = Path("-")


def plan_targets(
    sources: Sequence[Path], output: Path | None, suffix: str, folders: Sequence[Path] = ()
) -> list[Path]:
    """The file each source is written to (see :func:`skavmap.outputs.writing.targets_for`);
    ``-o -`` is standard output, for one source.

    >>> plan_targets([Path("p/a.yaml"), Path("p/m/a.yaml")], Path("ut"), ".mmd", [Path("p")])
    [PosixPath('ut/a.mmd'), PosixPath('ut/m/a.mmd')]
    >>> plan_targets([Path("p/a.yaml")], STDOUT, ".bpmn")
    [PosixPath('-')]
    """
    from skavmap.outputs.writing import OutputError, targets_for

    if output == STDOUT:
        if len(sources) > 1:
            raise UsageError(key="output.stdout_one")
        return [STDOUT]
    try:
        return targets_for(sources, output, suffix, folders)
    except OutputError as error:
        raise UsageError(key=error.key, **error.values) from None


def export(
    terminal: Terminal,
    paths: Sequence[Path],
    to: str,
    output: Path | None,
    lanes: str,
    plain: bool,
    lang: str | None,
) -> int:
    """Write each process as BPMN 2.0 XML or as a Mermaid flowchart. Exit status: 0, or 2
    when a file cannot be used or the output cannot be written as asked (nothing is written
    then)."""
    from skavmap.commands.common import read
    from skavmap.exporters import EXPORTS
    from skavmap.outputs.vocabulary import resolve_lang
    from skavmap.render import Options

    suffix = EXPORTS[to]
    if output is not None and output != STDOUT and output.suffix:
        allowed = (suffix, ".md") if to == "mermaid" else (suffix, ".xml")
        if len(paths) == 1 and Path(paths[0]).is_file() and output.suffix.lower() not in allowed:
            raise UsageError(
                terminal.say("status.wrong_suffix", output=output, suffix=output.suffix, to=to,
                             allowed=terminal.say("status.or").join(allowed))
            )  # fmt: skip
    inputs = read(paths)
    if inputs.errors:
        terminal.diagnostics(inputs.errors)
        raise Stop(2)
    if not inputs.processes:
        shown = ", ".join(str(p) for p in paths)
        raise UsageError(terminal.say("status.no_files", paths=shown))
    options = Options(lanes=lanes, plain=plain, lang=resolve_lang(lang))
    processes = inputs.processes
    targets = plan_targets(
        [p.file for p in processes], output, suffix, [p for p in paths if p.is_dir()]
    )
    texts = []
    for process in processes:
        analysis = None
        if not plain:
            from skavmap.analysis.engine import analyse

            analysis = analyse(process)
        texts.append(_export_one(terminal, process, analysis, options, to))
    for target, text in zip(targets, texts, strict=True):
        if target == STDOUT:
            terminal.out(text, end="")
            continue
        if to == "mermaid" and target.suffix.lower() == ".md":
            text = f"```mermaid\n{text}```\n"
        _write(terminal, target, text, [p.file for p in processes])
        terminal.out(str(target))
    return 0


def _export_one(terminal: Terminal, process, analysis, options, to: str) -> str:
    from skavmap.format.diagnostics import display_path

    if to == "bpmn":
        from skavmap.exporters.bpmn import bpmn_text

        return bpmn_text(process, analysis, options)
    from skavmap.exporters.mermaid import MAX_EDGES, MAX_TEXT, TooLarge, mermaid_text

    try:
        return mermaid_text(process, analysis, options)
    except TooLarge as large:
        terminal.err(
            terminal.say("status.mermaid_too_large", file=display_path(process.file),
                         edges=large.edges, size=large.size, max_edges=MAX_EDGES,
                         max_text=MAX_TEXT)
        )  # fmt: skip
        raise Stop(2) from None


def _write(terminal: Terminal, target: Path, text: str, inputs: Sequence[Path]) -> None:
    """Write ``text`` to ``target`` whole or not at all, never over one of the ``inputs``."""
    from skavmap.outputs.writing import OutputError, write_atomically

    try:
        write_atomically(target, text.encode("utf-8"), inputs)
    except OutputError as error:
        terminal.err(error.said(terminal.lang))
        raise Stop(2) from None


def import_(
    terminal: Terminal,
    paths: Sequence[Path],
    output: Path | None,
    force: bool,
    lang: str | None,
) -> int:
    """Write each BPMN file as a process file, with comments where something was guessed.
    Exit status: 0, or 2 when a file cannot be read or a process file would be overwritten
    (nothing is written then)."""
    from skavmap.format.bpmn import read_bpmn
    from skavmap.format.diagnostics import Diagnostic, said
    from skavmap.format.files import find_process_files
    from skavmap.format.model import Pos
    from skavmap.format.phrases import say
    from skavmap.outputs.vocabulary import words

    sources, missing = find_process_files(paths, (".bpmn",))
    for path in missing:
        terminal.err(terminal.say("status.no_such_path", path=path))
    if missing:
        raise Stop(2)
    if not sources:
        shown = ", ".join(str(p) for p in paths)
        raise UsageError(terminal.say("status.no_bpmn", paths=shown))
    if output == STDOUT:
        raise UsageError(terminal.say("status.import_writes_files"))
    targets = plan_targets(sources, output, ".yaml", [p for p in paths if p.is_dir()])
    if len(targets) == 1 and targets[0].suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(terminal.say("status.import_not_yaml", output=targets[0]))
    errors: list[Diagnostic] = []
    for source in sources:
        if source.suffix.lower() in (".yaml", ".yml"):
            errors.append(said(str(source), Pos(1, 1), "error", say("bpmn.already_yaml")))
    for source, target in zip(sources, targets, strict=True):
        if target.exists() and not force:
            exists = say("bpmn.target_exists", target=str(target))
            errors.append(said(str(source), Pos(1, 1), "error", exists))
    if errors:
        terminal.diagnostics(errors)
        raise Stop(2)
    language = words(lang)
    written = []
    failed = False
    for source, target in zip(sources, targets, strict=True):
        imported = read_bpmn(source)
        terminal.diagnostics(imported.diagnostics)
        if imported.draft is None:
            failed = True
            continue
        text, problems = _draft_text(imported.draft, source, target, language)
        if problems:
            terminal.diagnostics(problems)
            failed = True
            continue
        written.append((target, text))
    if failed:
        raise Stop(2)
    for target, text in written:
        _write(terminal, target, text, sources)
        terminal.out(terminal.say("status.wrote_check", path=target))
    return 0


def _draft_text(draft, source: Path, target: Path, language) -> tuple[str, list]:
    """The process file ``draft`` written for ``target``, and any error the loader finds in
    it (mapped to where the BPMN file says it), which would be a gap in the import."""
    import os
    import tempfile
    from dataclasses import replace

    from skavmap.format.bpmn import relative_to
    from skavmap.format.loader import Loader
    from skavmap.format.phrases import bpmn_kind
    from skavmap.format.yamlwrite import write

    folder = target.parent if str(target.parent) else Path(".")
    relative_to(draft, folder.resolve())
    if draft.id == target.stem:
        draft.id = None

    def say(remark) -> str:
        values = dict(remark.values)
        if "kind" in values:  # a BPMN element's kind, said in the file's language
            values["what"] = bpmn_kind(values.pop("kind"), "a").text(language.lang)
        return language(f"import.{remark.code}", **values)

    header = language("import.header", file=source.name)
    text, origin = write(draft, say, header=[header])
    folder.mkdir(parents=True, exist_ok=True)
    # Loaded where it will be written, so that sub-process paths resolve as they will.
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".yaml", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        _, diagnostics = Loader().load_file(Path(name))
    finally:
        Path(name).unlink(missing_ok=True)
    lines = sorted(origin)

    def where(pos):
        from bisect import bisect_right

        index = bisect_right(lines, pos.line)
        return origin[lines[index - 1]] if index else pos

    problems = [
        replace(d, file=str(source), pos=where(d.pos), message=f"{d.message} (in the process file)")
        for d in diagnostics
        if d.severity == "error"
    ]
    return text, problems
