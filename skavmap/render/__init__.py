"""Annotated swimlane diagrams: ``skavmap render`` and ``skavmap watch``.

The pipeline is text first, pixels last, and only its last part knows Graphviz:

1. what: :func:`~skavmap.render.scene.build_scene` makes a :class:`~skavmap.render.scene.
   Scene`, plain data: lanes, steps with their lines of text, arrows, badges, title,
   legend and hotspot table, with semantic styles (heat, dimmed, new, a handoff) and every
   word in the language asked for;
2. where: :func:`~skavmap.render.layout.layout` places a scene, given what was measured of
   it, as a :class:`~skavmap.render.layout.Geometry`: lanes as full-width bands, the box
   of every shape and label, every arrow as a list of points;
3. how it looks, the Graphviz backend: :func:`~skavmap.render.look.dress` gives every piece
   its Graphviz attributes and HTML-like label (the palette is in
   :mod:`~skavmap.render.style`); :func:`~skavmap.render.dot.measure` has Graphviz's
   ``dot`` rank the steps and measure every label, for the layout;
   :func:`~skavmap.render.dot.positioned_dot` writes the finished DOT and
   :func:`~skavmap.render.draw.draw` has Graphviz draw it as svg, png or pdf.

A new backend (an exporter to BPMN, Mermaid, ...) goes in :mod:`skavmap.exporters`, not
here: it reads the scene, and the geometry if it places things (``layout(scene,
measure(dress(scene)))`` gives the picture's own), and never imports the Graphviz modules
(look, dot, draw) for anything but that measuring. The scene and the layout import no
backend; words are chosen only in the scene, so a backend adds none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skavmap.format.model import Process
from skavmap.render.draw import FORMATS, RenderError
from skavmap.render.scene import HIGHLIGHTS, LANE_MODES, Options

if TYPE_CHECKING:
    from skavmap.render.changes import Base

__all__ = [
    "FORMATS",
    "HIGHLIGHTS",
    "LANE_MODES",
    "Options",
    "RenderError",
    "diagram_dot",
    "render",
]


def diagram_dot(process: Process, options: Options | None = None, base: Base | None = None) -> str:
    """The finished, positioned DOT of ``process``: the same input gives the same text.

    With ``base`` (an earlier version), what changed since it is marked.
    """
    from skavmap.render.dot import measure, positioned_dot
    from skavmap.render.layout import layout
    from skavmap.render.look import dress
    from skavmap.render.scene import build_scene

    options = options or Options()
    analysis = base_analysis = None
    if not options.plain:
        from skavmap.analysis.engine import analyse

        analysis = analyse(process)
        if base is not None:
            base_analysis = analyse(base.process)
    scene = build_scene(process, analysis, options, base, base_analysis)
    look = dress(scene)
    return positioned_dot(look, layout(scene, measure(look)))


def render(
    process: Process, fmt: str = "svg", options: Options | None = None, base: Base | None = None
) -> bytes:
    """``process`` drawn as ``fmt`` (svg, png, pdf or dot); compared with ``base`` if given."""
    from skavmap.render.draw import draw

    return draw(diagram_dot(process, options, base), fmt)
