"""Process files as they are at a git revision, read by the same readers as any file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from skavmap.format import gitrefs
from skavmap.format.diagnostics import Diagnostic

if TYPE_CHECKING:
    from skavmap.format.loader import Loader
    from skavmap.format.model import Process


class Revision:
    """The YAML files under ``specs`` at a git revision, written into a scratch folder so
    that the loader reads them as it reads any file; a sub-process file they run is fetched
    when the loader asks for it, so nothing else of the tree is read.

    A context manager; the processes it loaded stay usable after it closes. Problems are named
    ``REF:path``, e.g. ``main:processes/faktura.yaml:12:21: error: ...``.
    """

    def __init__(self, root: Path, ref: str, loader: Loader, specs: list[str] | None = None):
        self.root = root
        self.ref = ref
        self.commit = gitrefs.resolve(root, ref)
        self.specs = specs
        self._loader = loader
        loader.fetch = self.fetch

    def __enter__(self) -> Revision:
        import tempfile

        self._scratch = tempfile.TemporaryDirectory(prefix="skavmap-base-")
        self.folder = Path(self._scratch.name)
        self._loader.root = self.folder
        self.files = gitrefs.files_at(self.root, self.commit, self.specs)
        wanted = {name: oid for name, oid in self.files.items() if is_yaml(name)}
        gitrefs.export(self.root, wanted, self.folder)
        return self

    def fetch(self, path: Path) -> None:
        """Bring the file at ``path`` (inside the scratch folder) from the revision, if the
        revision has it: a sub-process file that the files asked for run."""
        try:
            name = path.resolve().relative_to(self.folder.resolve()).as_posix()
        except ValueError:
            return
        if path.exists():
            return
        found = gitrefs.files_at(self.root, self.commit, [name])
        gitrefs.export(self.root, {n: o for n, o in found.items() if n == name}, self.folder)

    def __exit__(self, *exc) -> None:
        self._scratch.cleanup()

    def has(self, name: str) -> bool:
        self.fetch(self.folder / name)
        return (self.folder / name).is_file()

    def load(self, name: str) -> tuple[Process | None, list[Diagnostic]]:
        """The process at the repository path ``name`` (``None`` with errors), and its errors."""
        process, diagnostics = self._loader.load_file(self.folder / name)
        prefix = str(self.folder) + "/"
        errors = [
            Diagnostic(
                f"{self.ref}:{d.file[len(prefix) :]}" if d.file.startswith(prefix) else d.file,
                d.pos,
                d.severity,
                d.message,
                d.code,
                d.phrase,
            )
            for d in diagnostics
            if d.severity == "error"
        ]
        return process, errors


def is_yaml(name: str) -> bool:
    return name.lower().endswith(gitrefs.YAML_SUFFIXES)
