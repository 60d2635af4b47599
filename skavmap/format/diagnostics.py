"""Problems found in a file, printed as ``FILE:LINE:COL: severity: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from skavmap.format.model import Pos


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    file: str
    pos: Pos
    severity: str  # "error" or "warning"
    message: str
    code: str | None = None

    def __str__(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        return f"{self.file}:{self.pos.line}:{self.pos.col}: {self.severity}: {self.message}{code}"


class LoadError(Exception):
    """A process file that cannot be used; ``diagnostics`` holds every problem found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def suggest(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest candidate, or ``""``.

    >>> suggest("nxet", ["next", "name", "note"])
    "; did you mean 'next'?"
    >>> suggest("zzz", ["next"])
    ''
    """
    pool = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(word.lower(), list(pool), n=1, cutoff=0.6)
    return f"; did you mean '{pool[match[0]]}'?" if match else ""
