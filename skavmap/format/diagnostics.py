"""Problems found in a file, printed as ``FILE:LINE:COL: severity: message``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from skavmap.format.model import Pos
from skavmap.format.phrases import Phrase, closest


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem: ``message`` in English (what JSON and tools read), and the ``phrase``
    it was made from, to be said in another language (:meth:`text`)."""

    file: str
    pos: Pos
    severity: str  # "error" or "warning"
    message: str
    code: str | None = None
    phrase: Phrase | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.line()

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``: the prefix tools parse stays as it is, only this is said
        in the language."""
        if self.phrase is None or lang == "en":
            return self.message
        return one_line(self.phrase.text(lang))

    def line(self, lang: str = "en") -> str:
        """``FILE:LINE:COL: severity: message [CODE]``, the message in ``lang``."""
        code = f" [{self.code}]" if self.code else ""
        return (
            f"{self.file}:{self.pos.line}:{self.pos.col}: {self.severity}: {self.text(lang)}{code}"
        )


def said(file: str, pos: Pos, severity: str, phrase: Phrase, code: str | None = None) -> Diagnostic:
    """A diagnostic made from a phrase: its English message, and the phrase for the rest."""
    return Diagnostic(file, pos, severity, one_line(phrase.text("en")), code, phrase)


def one_line(message: str) -> str:
    """A diagnostic is one line, even when it quotes a key or value written over several."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


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
    match = closest(word, candidates)
    return f"; did you mean '{match}'?" if match is not None else ""
