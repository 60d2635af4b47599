"""A process as a Mermaid flowchart, for GitHub and GitLab, which draw Mermaid in Markdown.

``flowchart LR`` with one subgraph per lane of the diagram; each step a node of the shape
closest to skavmap's own (a rhombus for a decision, a flag for a notification, a subroutine
box for a sub-process, a dashed box for a wait), its name and times in it, and its heat as
a class (the same colours as the diagram). Arrows that hand work to another department are
thick, arrows that go back (rework) dotted.

Node ids are made here (``n1``, ``n2``, ...) and never taken from the file: a step id such
as ``end`` or ``click`` is a Mermaid keyword. Every label is quoted and every character that
could mean something to Mermaid, to HTML or to Markdown is written as an entity code
(``#35;``), so a name is always just text. Mermaid refuses charts with more than 500 arrows
or 50,000 characters (the defaults GitHub and GitLab use); :class:`TooLarge` says so before
anyone tries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from skavmap.format.model import Process
from skavmap.render.scene import Options

if TYPE_CHECKING:
    from skavmap.analysis.results import Analysis
    from skavmap.render.changes import Base
    from skavmap.render.scene import Block, Scene

#: Mermaid's own limits (its ``maxEdges`` and ``maxTextSize`` defaults).
MAX_EDGES = 500
MAX_TEXT = 50_000

#: Characters written as entity codes in labels: quotes and the ones Mermaid, HTML or
#: Markdown read as syntax.
_ENTITIES = {c: f"#{ord(c)};" for c in '"#&<>:;%`|[]{}()\\$'}
_BREAKS = str.maketrans({c: " " for c in "\n\r\t\x0b\x0c\x85\u2028\u2029"})

_SHAPES = {
    "task": ('("', '")'),
    "start": ('(["', '"])'),
    "end": ('(["', '"])'),
    "decision": ('{"', '"}'),
    "parallel": ('{"', '"}'),
    "notify": ('>"', '"]'),
    "wait": ('("', '")'),
    "subprocess": ('[["', '"]]'),
}


class TooLarge(ValueError):
    """A chart Mermaid would refuse to draw."""

    def __init__(self, edges: int, size: int):
        self.edges = edges
        self.size = size
        super().__init__(f"{edges} arrows, {size} characters")


def label_text(text: str) -> str:
    """``text`` made safe inside a quoted Mermaid label: one line, every character with a
    meaning as an entity code, characters no one can see left out.

    >>> label_text('Säg "ja" <b>nu</b> #1; end')
    'Säg #34;ja#34; #60;b#62;nu#60;/b#62; #35;1#59; end'
    """
    text = " ".join(text.translate(_BREAKS).split())
    return "".join(_ENTITIES.get(c, c) for c in text if c.isprintable())


@dataclass(frozen=True)
class _Style:
    """The classes the chart uses and how they look."""

    name: str
    css: str


def mermaid_text(
    process: Process,
    analysis: Analysis | None = None,
    options: Options | None = None,
    base: Base | None = None,
    only: set[str] | None = None,
) -> str:
    """The Mermaid flowchart of ``process``: the same input gives the same text.

    With ``analysis`` the steps show their heat; with ``base`` what changed since that
    version is marked (new, changed, removed); ``only`` keeps just those step ids (and the
    arrows between them). Raises :class:`TooLarge` for a chart Mermaid would refuse.
    """
    from skavmap.render.scene import build_scene

    options = replace(options or Options(), highlight=None, wrap=0)
    if analysis is None:
        options = replace(options, plain=True)
    scene = build_scene(process, analysis, options, base)
    return chart(scene, process, base.process if base is not None else None, only)


def chart(
    scene: Scene, process: Process, old: Process | None = None, only: set[str] | None = None
) -> str:
    """The Mermaid text of ``scene`` (of ``process``; ``old`` is the base version, whose
    steps the scene shows as removed)."""
    import skavmap.render.style as style

    blocks = [b for b in scene.blocks if only is None or b.id in only]
    lines = ["flowchart LR"]
    by_lane: dict[int, list[Block]] = {}
    for block in blocks:
        by_lane.setdefault(block.lane, []).append(block)
    # Numbered in the order they are written: lane by lane.
    written = [block for index in sorted(by_lane) for block in by_lane[index]]
    ids = {block.id: f"n{i}" for i, block in enumerate(written, start=1)}
    classes: dict[str, list[str]] = {}
    for index, lane in enumerate(scene.lanes):
        if index not in by_lane:
            continue
        lines.append(f'  subgraph lane{index + 1}["{label_text(" ".join(lane.name))}"]')
        for block in by_lane[index]:
            left, right = _SHAPES[block.kind]
            text = _node_label(block, process, old)
            lines.append(f"    {ids[block.id]}{left}{text}{right}")
            for name in _classes_of(block):
                classes.setdefault(name, []).append(ids[block.id])
        lines.append("  end")
    added, removed = [], []
    edges = 0
    for link in scene.links:
        if link.tail not in ids or link.head not in ids:
            continue
        dotted = link.rework or link.mark == "removed"
        arrow = "-.->" if dotted else "==>" if link.handoff else "-->"
        text = label_text(" ".join(link.label))
        middle = f'|"{text}"|' if text else ""
        lines.append(f"  {ids[link.tail]} {arrow}{middle} {ids[link.head]}")
        if link.mark == "added":
            added.append(str(edges))
        elif link.mark == "removed":
            removed.append(str(edges))
        edges += 1
    # Steps white with dark lines and lanes light grey, as in the diagram, whatever colours
    # the page around the chart gives Mermaid.
    lines.append(f"  classDef default fill:#ffffff,stroke:{style.STEP_LINE},color:{style.TEXT}")
    for index, lane in enumerate(scene.lanes):
        if index in by_lane:
            fill = style.EXTERNAL_FILL if lane.external else style.LANE_FILLS[0]
            lines.append(f"  style lane{index + 1} fill:{fill},stroke:{style.LANE_LINE}")
    styles = [_Style(f"heat{i}", f"fill:{fill}") for i, (_, fill) in enumerate(style.HEAT) if i]
    styles += [
        _Style("wait", "stroke-dasharray:5 5"),
        _Style("end", "stroke-width:3px"),
        _Style("added", f"stroke:{style.ADDED},stroke-width:3px"),
        _Style("changed", f"stroke:{style.CHANGED},stroke-width:3px"),
        _Style(
            "removed",
            f"fill:{style.REMOVED_FILL},stroke:{style.REMOVED_LINE},color:{style.REMOVED_TEXT},"
            "stroke-dasharray:4 4",
        ),
    ]
    for item in styles:
        if item.name in classes:
            # "end" is a keyword: the class is called endstep.
            name = "endstep" if item.name == "end" else item.name
            lines.append(f"  classDef {name} {item.css}")
            lines.append(f"  class {','.join(classes[item.name])} {name}")
    if added:
        lines.append(f"  linkStyle {','.join(added)} stroke:{style.ADDED},stroke-width:2px")
    if removed:
        lines.append(f"  linkStyle {','.join(removed)} stroke:{style.REMOVED_LINE}")
    text = "\n".join(lines) + "\n"
    if edges > MAX_EDGES or len(text) > MAX_TEXT:
        raise TooLarge(edges, len(text))
    return text


def _node_label(block: Block, process: Process, old: Process | None) -> str:
    """The name (as written, not wrapped) and the lines under it: times, clock time, and
    what changed."""
    steps = process.steps if block.id in process.steps and block.mark != "removed" else None
    step = (steps or (old.steps if old is not None else {})).get(block.id)
    parts = []
    for text in (*block.label, *block.caption):
        if text.style == "name":
            parts.append(label_text(step.name if step is not None else " ".join(text.lines)))
        else:
            parts.append(label_text(" ".join(text.lines)))
    if block.kind == "parallel":
        parts.insert(0, "+")
    return "<br>".join(part for part in parts if part) or label_text(block.id)


def _classes_of(block: Block) -> list[str]:
    import skavmap.render.style as style

    found = []
    level = sum(1 for bound, _ in style.HEAT[1:] if block.heat >= bound)
    if level:
        found.append(f"heat{level}")
    if block.kind == "wait":
        found.append("wait")
    if block.kind == "end":
        found.append("end")
    if block.mark is not None:
        found.append(block.mark)
    return found
