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
    """The YAML files of a git revision, written into a scratch folder so that the loader
    reads them (and the sub-process files they run) as it reads any file.

    A context manager; the processes it loaded stay usable after it closes. Problems are named
    ``REF:path``, e.g. ``main:processes/faktura.yaml:12:21: error: ...``.
    """

    def __init__(self, root: Path, ref: str, loader: Loader):
        self.root = root
        self.ref = ref
        self.commit = gitrefs.resolve(root, ref)
        self._loader = loader

    def __enter__(self) -> Revision:
        import tempfile

        self._scratch = tempfile.TemporaryDirectory(prefix="skavmap-base-")
        self.folder = Path(self._scratch.name)
        names = gitrefs.files_at(self.root, self.commit)
        gitrefs.export(self.root, self.commit, self.folder, [n for n in names if is_yaml(n)])
        return self

    def __exit__(self, *exc) -> None:
        self._scratch.cleanup()

    def has(self, name: str) -> bool:
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
            )
            for d in diagnostics
            if d.severity == "error"
        ]
        return process, errors


def is_yaml(name: str) -> bool:
    return name.lower().endswith(gitrefs.YAML_SUFFIXES)
