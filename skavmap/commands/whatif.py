"""``skavmap whatif``: what some changes would do, without editing the file.

For a live workshop: ``--change "attest.wait=1d" --change "remove skanna"`` are validated as
the file's own ``changes:`` would be, and their effect is printed as ``skavmap actions``
prints an action's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from skavmap.commands.common import Stop, Terminal, UsageError

# Ids may hold spaces and dots: an id runs up to the last ".FIELD=" or the "->".
_REMOVE = re.compile(r"\s*(?:remove|ta bort)\s+(?P<step>.+?)\s*", re.IGNORECASE)
_BRANCH = re.compile(r"\s*(?P<step>.+?)\s*->\s*(?P<branch>.+?)\s*=\s*(?P<p>.+?)\s*")
_FIELD = re.compile(r"\s*(?P<id>.+)\.(?P<field>[A-Za-z_]+)\s*=\s*(?P<value>.*?)\s*")


def parse_change(text: str) -> dict:
    """One ``--change`` as a file writes it under ``changes:``; ``ValueError`` when it is
    none of the forms (the vocabulary's ``whatif.syntax``).

    >>> parse_change("attest.wait=1d"), parse_change("remove skanna")
    ({'step': 'attest', 'wait': '1d'}, {'step': 'skanna', 'remove': True})
    >>> parse_change("attest->kontera=5%"), parse_change("reskontra.capacity=3")
    ({'step': 'attest', 'branch': 'kontera', 'p': '5%'}, {'role': 'reskontra', 'capacity': '3'})
    >>> parse_change("x.system=raindance, proceedo")
    {'step': 'x', 'system': ['raindance', 'proceedo']}
    >>> parse_change("steg 1.wait = 2h"), parse_change("Ärende -> steg 1 = 10 %")
    ({'step': 'steg 1', 'wait': '2h'}, {'step': 'Ärende', 'branch': 'steg 1', 'p': '10 %'})

    Any id, even one holding ``=`` or ``->``, can be given as the file writes the change,
    a YAML mapping on one line:

    >>> parse_change("{step: 'a=b', wait: 1d}")
    {'step': 'a=b', 'wait': '1d'}
    """
    import unicodedata

    from skavmap.format.schema import ROLE_CHANGE_FIELDS

    # The file's ids are read in NFC; a terminal may send an ä as a plus two dots.
    text = unicodedata.normalize("NFC", text)
    if text.lstrip().startswith("{"):
        return _as_written(text)
    if match := _REMOVE.fullmatch(text):
        return {"step": match["step"], "remove": True}
    if match := _BRANCH.fullmatch(text):
        return {"step": match["step"], "branch": match["branch"], "p": match["p"]}
    if match := _FIELD.fullmatch(text):
        field, value = match["field"], match["value"]
        target = "role" if field in ROLE_CHANGE_FIELDS else "step"
        if field in ("system", "forms") and "," in value:
            return {target: match["id"], field: [v.strip() for v in value.split(",")]}
        return {target: match["id"], field: value}
    raise ValueError(f"not a change: {text!r}")


def _as_written(text: str) -> dict:
    """A change written as a one-line YAML mapping, read as safely as a process file."""
    from skavmap.format.yamlsource import SourceError, source_from_text

    try:
        source, errors = source_from_text(text)
    except SourceError:
        raise ValueError(f"not a change: {text!r}") from None
    if errors or not isinstance(source.data, dict):
        raise ValueError(f"not a change: {text!r}")
    return source.data


def run(terminal: Terminal, path: Path, changes: Sequence[str], fmt: str, lang: str | None) -> int:
    """Exit status: 0, or 2 when the file or a change cannot be used (each problem named)."""
    from skavmap.analysis.effect import WhatIf, effect
    from skavmap.format.loader import EXTRA_LINE, load_with_changes
    from skavmap.outputs.formats import reporter
    from skavmap.outputs.vocabulary import words

    if not changes:
        raise UsageError(terminal.say("usage.no_change", syntax=terminal.say("whatif.syntax")))
    if path.is_dir():
        raise UsageError(terminal.say("usage.whatif_folder", path=path))
    if not path.is_file():
        raise UsageError(terminal.say("usage.no_such_file", path=path))
    parsed = []
    for text in changes:
        try:
            parsed.append(parse_change(text))
        except ValueError:
            syntax = terminal.say("whatif.syntax")
            terminal.err(terminal.say("status.bad_change", change=repr(text), syntax=syntax))
    if len(parsed) < len(changes):
        raise Stop(2)
    process, made, diagnostics = load_with_changes(path, parsed)
    for diagnostic in diagnostics:
        if diagnostic.pos.line == EXTRA_LINE:
            text = changes[diagnostic.pos.col - 1]
            said = diagnostic.text(terminal.lang)
            terminal.err(f"--change {text!r}: {diagnostic.severity}: {said}")
        else:
            terminal.diagnostics([diagnostic])
    if process is None:
        raise Stop(2)
    from skavmap.analysis.engine import analyse

    result = WhatIf(analyse(process), tuple(changes), effect(process, made))
    output = reporter("whatif", fmt)(result, words(lang))
    terminal.show(output)
    return 0
