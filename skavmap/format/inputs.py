"""``skavmap check``: validate process files and collect every problem and warning."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from skavmap.format.diagnostics import Diagnostic
from skavmap.format.model import Pos, Process


@dataclass
class CheckResult:
    files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "warning")

    def exit_code(self, strict: bool = False) -> int:
        if self.errors:
            return 2
        return 1 if strict and self.warnings else 0


def check_paths(paths: list[Path]) -> CheckResult:
    """Validate every process file under ``paths``; sub-processes are loaded once."""
    return load_paths(paths)[1]


def load_paths(paths: list[Path]) -> tuple[list[Process], CheckResult]:
    """The processes that load cleanly, and the check result of every file found.

    Commands that analyse processes use this and stop with exit status 2 when
    ``result.errors`` is not zero.
    """
    from skavmap.format.files import find_process_files
    from skavmap.format.loader import Loader

    files, missing = find_process_files(paths)
    result = CheckResult(files=files)
    processes: list[Process] = []
    for path in missing:
        result.diagnostics.append(
            Diagnostic(str(path), Pos(1, 1), "error", "no such file or folder")
        )
    loader = Loader()
    seen: set[Diagnostic] = set()
    for path in files:
        process, diagnostics = loader.load_file(path)
        if process is not None:
            processes.append(process)
        for diagnostic in diagnostics:
            # A sub-process's errors come with every file that calls it; print them once.
            if diagnostic not in seen:
                seen.add(diagnostic)
                result.diagnostics.append(diagnostic)
    return processes, result
