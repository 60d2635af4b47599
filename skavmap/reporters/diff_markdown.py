"""``skavmap diff --format markdown``: a pull-request comment.

A heading per changed process with a table of the figures (old, new, change) and bullet
lists of what changed; the ratchet's verdict first, so a reviewer sees at once whether the
change makes a process worse than the rules allow. The first line is a hidden marker that a
workflow can use to find and update its earlier comment.
"""

from __future__ import annotations

from skavmap.format.diagnostics import Diagnostic
from skavmap.analysis.diff import DiffResult
from skavmap.reporters.diff_text import (
    SECTIONS,
    figure_rows,
    items,
    ratchet_line,
    status_text,
    summary_line,
)

MARKER = "<!-- skavmap-diff -->"
WORDS = {
    "en": {
        "title": "Process changes",
        "against": "compared with `{base}`",
        "none": "No process changed in meaning.",
        "errors": "Files that could not be compared",
        "figure": "figure",
        "old": "old",
        "new": "new",
        "change": "change",
    },
    "sv": {
        "title": "Ändrade processer",
        "against": "jämfört med `{base}`",
        "none": "Ingen process har ändrats i sak.",
        "errors": "Filer som inte kunde jämföras",
        "figure": "mått",
        "old": "före",
        "new": "efter",
        "change": "förändring",
    },
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else text


def markdown_report(result: DiffResult, lang: str = "en", ratchet_active: bool = True) -> str:
    from skavmap.reporters.diff_text import WORDS as TEXT

    words, text_words = WORDS[lang], TEXT[lang]
    title = words["title"]
    if result.base is not None:
        title += " " + words["against"].format(base=result.base)
    out = [MARKER, f"## {title}", ""]
    verdict = ratchet_line(result, lang, ratchet_active)
    verdict = verdict[:1].upper() + verdict[1:]
    if result.breaches:
        out.append(f"**{verdict}**")
        out.append("")
        out += [f"- ❌ {_code(b.file)}: **{_cell(b.rule)}**: {b.message}" for b in result.breaches]
    else:
        out.append(verdict + ".")
    counts = summary_line(result, lang)
    out += ["", counts[:1].upper() + counts[1:] + "."]
    if result.errors:
        out += ["", f"### {words['errors']}", ""]
        out += [f"- `{_diagnostic(d)}`" for d in result.errors]
    changed = [d for d in result.diffs if d.changed]
    moved = [d for d in result.diffs if not d.changed and d.status == "renamed"]
    if moved:
        out.append("")
        out += [
            f"- {_code(d.file)}: {status_text(d, lang)}, {text_words['same_meaning']}"
            for d in moved
        ]
    for diff in changed:
        out += ["", f"### {diff.name} — {_code(diff.file)} ({status_text(diff, lang)})", ""]
        out.append(f"| {words['figure']} | {words['old']} | {words['new']} | {words['change']} |")
        out.append("| --- | ---: | ---: | --- |")
        for label, old, new, change in figure_rows(diff, lang):
            out.append(f"| {label} | {_cell(old)} | {_cell(new)} | {_cell(change)} |")
        for section in SECTIONS:
            lines = items(diff, section, lang, code=_code)
            if lines:
                out += ["", f"**{text_words[section].capitalize()}**", ""]
                out += [f"- {line}" for line in lines]
    if not changed and not result.errors:
        out += ["", words["none"]]
    return "\n".join(out) + "\n"


def _diagnostic(d: Diagnostic) -> str:
    return str(d).replace("`", "'")
