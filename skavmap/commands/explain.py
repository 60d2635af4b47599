"""``skavmap explain``: what a rule finds and how it scores, from its own documentation (in
Swedish from its counterpart in :mod:`skavmap.outputs.vocabulary.rules_sv`)."""

from __future__ import annotations

from skavmap.commands.common import Terminal, UsageError


def run(terminal: Terminal, code: str, lang: str | None) -> int:
    from skavmap.analysis.rules import find, registry
    from skavmap.format.phrases import suggested
    from skavmap.outputs.vocabulary import words

    unit = find(code)
    if unit is None:
        rules = registry()
        known = ", ".join(f"{r.code} {r.name}" for r in rules)
        names = [r.name for r in rules] + [r.code for r in rules]
        names += [s.key for r in rules for s in r.settings]
        hint = suggested(code, names, ".").text(terminal.lang)
        raise UsageError(terminal.say("explain.unknown", code=code, hint=hint, known=known))
    language = words(lang).lang
    terminal.out(f"{unit.code} {unit.name} ({unit.kind})")
    terminal.out(unit.title[language].replace("``", ""))
    body = explanation(unit, language)
    if body:
        terminal.out("")
        terminal.out(body.replace("``", ""))  # the docstring's code markup, for a terminal
    return 0


def explanation(unit, lang: str) -> str:
    """What the rule finds and how it counts, after its summary line, in ``lang``."""
    if lang == "sv":
        from skavmap.outputs.vocabulary.rules_sv import EXPLAIN

        return EXPLAIN[unit.code]
    return unit.doc.split("\n", 1)[1].strip() if "\n" in unit.doc else ""
