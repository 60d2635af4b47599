"""The one way in: paths on the command line become processes and diagnostics.

Every command that reads process files calls :func:`read`. It finds the files (a file named
directly is taken as it is; a folder is searched for process files), picks a reader by the
file's type from :data:`READERS`, loads each file once (sub-processes that several files run
are shared), and collects every problem and warning once. With ``revision``, each file is
read as it is at that git revision. A new kind of input (BPMN, an event log) is one more
reader module and one more entry in :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skavmap.format.diagnostics import Diagnostic, said
from skavmap.format.model import Pos, Process
from skavmap.format.phrases import say

#: File suffix → the module that reads such files (it has a ``Loader`` class).
READERS = {
    ".yaml": "skavmap.format.loader",
    ".yml": "skavmap.format.loader",
    ".bpmn": "skavmap.format.bpmn",
}


@dataclass
class Inputs:
    """What :func:`read` found: every file, the processes that loaded, and every diagnostic
    (errors and warnings, each once, in the order the files were read)."""

    files: list[Path] = field(default_factory=list)
    processes: list[Process] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def read(
    paths: Sequence[Path],
    codes: Collection[str] | None = None,
    only_processes: bool = False,
    revision: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Inputs:
    """Load every process file under ``paths``.

    ``codes`` are the analyser codes an action may address (see
    :class:`skavmap.format.loader.Loader`). With ``only_processes``, files named directly
    that are not process files (no top-level ``process:`` or ``steps:`` key) are skipped, as
    they are in folders. With ``revision``, the files named are read as they are at that git
    revision (raises :class:`~skavmap.format.gitrefs.GitError` when git cannot answer).
    ``progress`` is told (files read, files in all) after each file.
    """
    from skavmap.format.files import find_process_files, looks_like_process

    if revision is not None:
        return _read_at_revision(paths, revision, codes, progress)
    if only_processes:
        paths = [p for p in paths if p.is_dir() or not p.is_file() or looks_like_process(p)]
    files, missing = find_process_files(paths, tuple(READERS))
    found = Inputs(files=files)
    for path in missing:
        found.diagnostics.append(said(str(path), Pos(1, 1), "error", say("no_such_path")))
    readers = _Readers(codes)
    seen: set[Diagnostic] = set()
    for done, path in enumerate(files, 1):
        process, diagnostics = readers.load(path)
        if progress is not None:
            progress(done, len(files))
        if process is not None:
            found.processes.append(process)
        for diagnostic in diagnostics:
            # A sub-process's errors come with every file that calls it; print them once.
            if diagnostic not in seen:
                seen.add(diagnostic)
                found.diagnostics.append(diagnostic)
    return found


class _Readers:
    """One reader per kind of file, made when the first such file comes, so that each
    shares what it loaded (sub-processes) across files."""

    def __init__(self, codes: Collection[str] | None):
        self.codes = codes
        self.made: dict[str, object] = {}

    def load(self, path: Path) -> tuple[Process | None, list[Diagnostic]]:
        import importlib

        # A file named directly is read as YAML whatever its suffix, as users expect.
        module = READERS.get(path.suffix.lower(), READERS[".yaml"])
        if module not in self.made:
            self.made[module] = importlib.import_module(module).Loader(self.codes)
        return self.made[module].load_file(path)


def _read_at_revision(
    paths: Sequence[Path],
    ref: str,
    codes: Collection[str] | None,
    progress: Callable[[int, int], None] | None = None,
) -> Inputs:
    from skavmap.format import gitrefs
    from skavmap.format.loader import Loader
    from skavmap.format.revisions import Revision

    found = Inputs()
    if not paths:
        return found
    root = gitrefs.toplevel(Path(paths[0]))
    names = [gitrefs.repo_path(root, path) for path in paths]
    with Revision(root, ref, Loader(codes), names) as revision:
        for done, name in enumerate(names, 1):
            if progress is not None:
                progress(done - 1, len(names))
            found.files.append(Path(name))
            if not revision.has(name):
                message = say("no_such_file_at", ref=ref)
                found.diagnostics.append(said(f"{ref}:{name}", Pos(1, 1), "error", message))
                continue
            process, errors = revision.load(name)
            found.diagnostics.extend(errors)
            if process is not None:
                found.processes.append(process)
    return found
