"""``skavmap diff --format markdown``: a pull-request comment.

A heading per changed process with a table of the figures (old, new, change) and bullet
lists of what changed; the ratchet's verdict first, so a reviewer sees at once whether the
change makes a process worse than the rules allow. The first line is a hidden marker that a
workflow can use to find and update its earlier comment.

Under each changed process comes a picture of the part that changed, as a Mermaid chart,
which GitHub and GitLab draw in the comment (no image files): the new, changed and removed
steps, marked, and the steps next to them. A change of more than :data:`PICTURE_STEPS` steps
gets a line pointing to ``skavmap render --diff-base`` instead.
"""

from __future__ import annotations

from skavmap.analysis.diff import DiffResult, ProcessDiff
from skavmap.outputs.escape import markdown, markdown_code
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.diff_text import (
    SECTIONS,
    breach_process,
    breach_text,
    figure_rows,
    items,
    ratchet_line,
    status_text,
    summary_line,
)

MARKER = "<!-- skavmap-diff -->"
#: The largest picture of a change shown in the comment, in steps.
PICTURE_STEPS = 40


def markdown_report(
    result: DiffResult, words: Words, ratchet_active: bool = True, pictures: bool = True
) -> str:
    title = words("diff_md.title")
    if result.base is not None:
        title += " " + words("diff_md.against", base=markdown_code(result.base))
    out = [MARKER, f"## {title}", ""]
    verdict = ratchet_line(result, words, ratchet_active)
    verdict = verdict[:1].upper() + verdict[1:]
    if result.breaches:
        out.append(f"**{verdict}**")
        out.append("")
        out += [
            f"- ❌ {markdown_code(b.file)}: **{markdown(b.setting)}**: "
            f"{markdown(breach_text(b, breach_process(result, b), words))}"
            for b in result.breaches
        ]
    else:
        out.append(verdict + ".")
    counts = summary_line(result, words)
    out += ["", counts[:1].upper() + counts[1:] + "."]
    if result.errors:
        out += ["", f"### {words('diff_md.errors')}", ""]
        out += [f"- {markdown_code(str(d))}" for d in result.errors]
    changed = [d for d in result.diffs if d.changed]
    moved = [d for d in result.diffs if not d.changed and d.status == "renamed"]
    if moved:
        out.append("")
        out += [
            f"- {markdown_code(d.file)}: {markdown(status_text(d, words))}, "
            f"{words('diff.same_meaning')}"
            for d in moved
        ]
    for diff in changed:
        status = markdown(status_text(diff, words))
        out += ["", f"### {markdown(diff.name)} — {markdown_code(diff.file)} ({status})", ""]
        head = (words(f"diff_md.{c}") for c in ("figure", "old", "new", "change"))
        out.append("| " + " | ".join(head) + " |")
        out.append("| --- | ---: | ---: | --- |")
        for label, old, new, change in figure_rows(diff, words):
            out.append(f"| {label} | {markdown(old)} | {markdown(new)} | {markdown(change)} |")
        for section in SECTIONS:
            lines = items(diff, section, words, code=markdown_code, plain=markdown)
            if lines:
                out += ["", f"**{words(f'diff.{section}').capitalize()}**", ""]
                out += [f"- {line}" for line in lines]
        if pictures:
            out += picture(diff, words)
    if not changed and not result.errors:
        out += ["", words("diff_md.none")]
    return "\n".join(out) + "\n"


def picture(diff: ProcessDiff, words: Words) -> list[str]:
    """The lines of the Mermaid picture of what changed in ``diff`` (none when no step or
    arrow changed, or the file is new or gone)."""
    from skavmap.exporters.mermaid import TooLarge, chart
    from skavmap.render.changes import Base
    from skavmap.render.scene import Options, build_scene

    if diff.before is None or diff.status in ("added", "removed"):
        return []
    new, old = diff.analysis.process, diff.before.process
    options = Options(plain=True, lang=words.lang, wrap=0)
    scene = build_scene(new, None, options, Base(old, diff.old_file or ""))
    marked = {block.id for block in scene.blocks if block.mark}
    for link in scene.links:
        if link.mark:
            marked |= {link.tail, link.head}
    if not marked:
        return []
    shown = set(marked)
    for link in scene.links:
        if link.tail in marked or link.head in marked:
            shown |= {link.tail, link.head}
    heading = ["", f"**{words('exchange.diff_picture')}**", ""]
    too_large = words("exchange.diff_too_large", n=len(shown), file=diff.file)
    if len(shown) > PICTURE_STEPS:
        return [*heading, too_large]
    try:
        text = chart(scene, new, old, only=shown)
    except TooLarge:
        return [*heading, too_large]
    return [*heading, "```mermaid", text.rstrip("\n"), "```"]
