"""``skavmap diff``: what a change means, old against new, checked against the ratchet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from skavmap.analysis.diff import DiffResult
from skavmap.commands.common import Terminal, UsageError, config, rule_codes

if TYPE_CHECKING:
    from skavmap.commands.progress import Bar


def run(
    terminal: Terminal,
    paths: Sequence[Path] | None,
    base: str | None,
    fmt: str,
    config_file: Path | None,
    lang: str | None,
    pictures: bool = True,
    apply: Sequence[str] | None = None,
) -> int:
    """Exit status: 0, 1 when a ratchet rule of the configuration is broken, 2 when a file
    (new, or at the base revision) cannot be loaded or git cannot answer. With ``apply``
    (action ids, or ``all``) one file is compared with itself after those actions."""
    from skavmap.analysis import ratchet
    from skavmap.format.gitrefs import GitError
    from skavmap.outputs.formats import reporter
    from skavmap.outputs.vocabulary import words

    targets = list(paths or [])
    if apply is not None:
        if base is not None or len(targets) != 1 or targets[0].is_dir():
            raise UsageError(terminal.say("usage.diff_apply"))
    elif base is None and len(targets) != 2:
        raise UsageError(terminal.say("usage.diff_what"))
    if base is not None and not targets:
        targets = [Path("processes")]
    settings = config(terminal, targets[-1:] if base is None else targets, config_file)
    from skavmap.commands.progress import progress

    try:
        with progress(terminal) as bar:
            bar.stage("comparing")
            if apply is not None:
                result = diff_planned(targets[0], apply, lang)
            elif base is None:
                result = diff_files(targets[0], targets[1])
            else:
                result = diff_revision(base, targets, bar)
    except GitError as error:
        raise UsageError(terminal.say("usage.git", error=error.said(terminal.lang))) from None
    for process_diff in result.diffs:
        breaches, problems = ratchet.apply(process_diff, settings.ratchet())
        result.breaches += breaches
        result.errors += problems
    terminal.diagnostics(result.errors)
    language = words(lang)
    write = reporter("diff", fmt)
    if fmt == "json":
        terminal.out(write(result, language), end="")
    elif fmt == "markdown":
        terminal.out(write(result, language, bool(settings.ratchet()), pictures), end="")
    else:
        terminal.out(write(result, language, bool(settings.ratchet())), end="")
    return result.exit_code


def _load(path: Path, loader):
    if path.is_file() and path.suffix.lower() not in (".yaml", ".yml"):
        # Another kind of process file (BPMN): read through the one way in.
        from skavmap.format.inputs import read

        found = read([path], loader.codes)
        return (found.processes[0] if found.processes else None), found.errors
    process, diagnostics = loader.load_file(path)
    return process, [d for d in diagnostics if d.severity == "error"]


def diff_files(old: Path, new: Path) -> DiffResult:
    """Compare two process files."""
    from skavmap.analysis.diff import compare
    from skavmap.analysis.engine import analyse
    from skavmap.format.loader import Loader

    result = DiffResult(base=None)
    loader = Loader(rule_codes())
    old_process, old_errors = _load(old, loader)
    new_process, new_errors = _load(new, loader)
    result.errors = old_errors + new_errors
    if old_process is None or new_process is None:
        return result
    result.diffs.append(compare(analyse(old_process), analyse(new_process), str(old), str(new)))
    return result


def diff_planned(path: Path, names: Sequence[str], lang: str | None) -> DiffResult:
    """Compare a process file with what the actions ``names`` would make of it."""
    from skavmap.analysis.diff import compare
    from skavmap.analysis.engine import analyse
    from skavmap.commands.draw import after_actions
    from skavmap.format.loader import Loader

    process, errors = _load(path, Loader(rule_codes()))
    if process is None:
        result = DiffResult(base=None)
        result.errors = errors
        return result
    from skavmap.format.changes import actions_named
    from skavmap.outputs.vocabulary import words

    [after], _ = after_actions([process], names, lang)
    ids = ", ".join(a.id for a in actions_named(process.actions, names))
    result = DiffResult(base=words(lang)("diff.planned", ids=ids))
    result.diffs.append(compare(analyse(process), analyse(after), str(path), str(path)))
    return result


def diff_revision(ref: str, paths: Sequence[Path], bar: Bar | None = None) -> DiffResult:
    """Compare every process file under ``paths`` as it is at git revision ``ref`` with the
    working tree: changed, added, removed and renamed files (each pair counted on ``bar``).

    Raises :class:`~skavmap.format.gitrefs.GitError` when git cannot answer (no repository,
    unknown revision, a path outside the repository).
    """
    from skavmap.analysis.diff import compare
    from skavmap.analysis.engine import analyse
    from skavmap.format import gitrefs
    from skavmap.format.diagnostics import display_path, said
    from skavmap.format.files import find_process_files, looks_like_process
    from skavmap.format.loader import Loader
    from skavmap.format.model import Pos
    from skavmap.format.phrases import say
    from skavmap.format.revisions import Revision, is_yaml

    root = gitrefs.toplevel(Path(paths[0]) if paths else Path.cwd())
    specs = [gitrefs.repo_path(root, Path(p)) for p in paths]
    result = DiffResult(base=ref)
    codes = rule_codes()
    with Revision(root, ref, Loader(codes), specs) as revision:
        wanted = set(revision.files)
        base_files = sorted(
            name
            for name in wanted
            if is_yaml(name) and (name in specs or looks_like_process(revision.folder / name))
        )
        present = [root / s for s in specs if (root / s).exists()]
        current, _ = find_process_files(present)
        current_files = sorted(gitrefs.repo_path(root, p) for p in current)
        for spec in specs:
            if not (root / spec).exists() and not any(
                n == spec or n.startswith(spec.rstrip("/") + "/") for n in wanted
            ):
                message = say("git.missing_here_or_at", ref=ref)
                result.errors.append(said(spec, Pos(1, 1), "error", message))
        renamed = {
            c.old: c.new
            for c in gitrefs.changes(root, revision.commit, specs)
            if c.status == "R" and c.old in base_files and c.new in current_files
        }
        pairs: list[tuple[str | None, str | None, str]] = []
        for name in base_files:
            if name in renamed:
                pairs.append((name, renamed[name], "renamed"))
            elif name in current_files:
                pairs.append((name, name, "modified"))
            else:
                pairs.append((name, None, "removed"))
        taken = {new for _, new, _ in pairs}
        pairs += [(None, name, "added") for name in current_files if name not in taken]
        pairs.sort(key=lambda pair: pair[1] or pair[0] or "")

        loader = Loader(codes)
        if bar is not None:
            pairs = bar.counted(pairs, "comparing")
        for old_name, new_name, status in pairs:
            old_analysis = new_analysis = None
            old_label = f"{ref}:{old_name}" if old_name else None
            new_label = display_path(root / new_name) if new_name else None
            failed = False
            if old_name is not None:
                process, errors = revision.load(old_name)
                result.errors += errors
                failed |= process is None
                old_analysis = analyse(process) if process is not None else None
            if new_name is not None:
                process, errors = _load(Path(new_label), loader)
                result.errors += errors
                failed |= process is None
                new_analysis = analyse(process) if process is not None else None
            if not failed:
                result.diffs.append(
                    compare(old_analysis, new_analysis, old_label, new_label, status)
                )
    result.errors = list(dict.fromkeys(result.errors))
    return result
