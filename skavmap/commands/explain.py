"""``skavmap explain``: what a rule finds and how it scores, from its own documentation."""

from __future__ import annotations

from skavmap.commands.common import Terminal, UsageError


def run(terminal: Terminal, code: str, lang: str | None) -> int:
    from skavmap.analysis.rules import find, registry
    from skavmap.format.diagnostics import suggest
    from skavmap.outputs.vocabulary import words

    unit = find(code)
    if unit is None:
        rules = registry()
        known = ", ".join(f"{r.code} {r.name}" for r in rules)
        names = [r.name for r in rules] + [r.code for r in rules]
        names += [s.key for r in rules for s in r.settings]
        hint = suggest(code, names) or "."
        raise UsageError(f"no analyser or threshold '{code}'{hint} Known: {known}")
    language = words(lang).lang
    terminal.out(f"{unit.code} {unit.name} ({unit.kind})")
    terminal.out(unit.title[language].replace("``", ""))
    body = unit.doc.split("\n", 1)[1].strip() if "\n" in unit.doc else ""
    if body:
        terminal.out("")
        terminal.out(body.replace("``", ""))  # the docstring's code markup, for a terminal
    return 0
