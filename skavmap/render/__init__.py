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

from dataclasses import replace
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
    from skavmap.render.dot import positioned_dot

    look, fitted, _, _ = _laid_out(process, options or Options(), base)
    return positioned_dot(look, fitted.geometry)


def render(
    process: Process, fmt: str = "svg", options: Options | None = None, base: Base | None = None
) -> bytes:
    """``process`` drawn as ``fmt`` (svg, png, jpeg, pdf or dot); compared with ``base`` if
    given.

    With ``options.paper`` the picture is a sheet of that paper with the diagram as large
    as fits, step names at 9 points or more; a pdf that one sheet cannot hold so is a
    poster of several sheets, other formats raise :class:`RenderError` naming a sheet that
    would do. A pdf without a paper is printed on A3 landscape sheets that way; svg, png
    and jpeg without one are shaped for an A3 landscape sheet and drawn at their own size.
    """
    from skavmap.render.dot import positioned_dot
    from skavmap.render.draw import draw
    from skavmap.render.paper import DEFAULT

    options = options or Options()
    if fmt == "pdf" and options.paper is None:
        turned = DEFAULT[1] if options.landscape is None else options.landscape
        options = replace(options, paper=DEFAULT[0], landscape=turned)
    look, fitted, scene, measured = _laid_out(process, options, base)
    if options.paper is None or fmt == "dot":
        return draw(positioned_dot(look, fitted.geometry), fmt)
    if fitted.sheets == 1:
        return draw(positioned_dot(look, fitted.geometry, fitted.sheet, fitted.scale), fmt)
    if fmt != "pdf":
        raise RenderError(_too_large(scene, measured, fitted, options.lang))
    from skavmap.render.poster import poster

    drawing = draw(positioned_dot(look, fitted.geometry, scale=fitted.scale), fmt)
    return poster(drawing, fitted.sheet, fitted.across, fitted.down, _sheet_words(scene, options))


def _laid_out(process: Process, options: Options, base: Base | None):
    """The look of ``process``'s diagram and where everything goes on its paper; also the
    scene and what was measured of it."""
    from skavmap.render.dot import measure
    from skavmap.render.layout import fit
    from skavmap.render.look import dress
    from skavmap.render.scene import build_scene

    analysis = base_analysis = None
    if not options.plain:
        from skavmap.analysis.engine import analyse

        analysis = analyse(process)
        if base is not None:
            base_analysis = analyse(base.process)
    scene = build_scene(process, analysis, options, base, base_analysis)
    look = dress(scene)
    measured = measure(look)
    return look, fit(scene, measured), scene, measured


def _too_large(scene, measured, fitted, lang: str) -> str:
    """Why a diagram cannot be drawn on one sheet of its paper, and what would do."""
    from skavmap.outputs.vocabulary import Words
    from skavmap.render.layout import fit
    from skavmap.render.paper import LEGIBLE, sheets

    words = Words(lang)

    def label(sheet) -> str:
        return f"{sheet.name} {words('render.landscape' if sheet.landscape else 'render.portrait')}"

    asked = label(fitted.sheet) if scene.landscape is not None else fitted.sheet.name
    for candidate in sheets():
        if fit(scene, measured, candidate).sheets == 1:
            turn = "landscape" if candidate.landscape else "portrait"
            needs = words("render.needs", sheet=label(candidate), paper=candidate.name, turn=turn)
            break
    else:
        needs = words("render.fits_no_sheet")
    return words("render.too_large", asked=asked, points=f"{LEGIBLE:g}", needs=needs,
                 n=fitted.sheets, paper=fitted.sheet.name)  # fmt: skip


def _sheet_words(scene, options: Options):
    """The line in the margin of each sheet of a poster."""
    from skavmap.outputs.vocabulary import Words

    words = Words(options.lang)

    def line(sheet: str, row: int, column: int, across: int, down: int) -> str:
        from skavmap.render.poster import sheet_id

        neighbours = [
            sheet_id(r, c) for r, c in ((row, column - 1), (row - 1, column)) if r >= 0 and c >= 0
        ]
        text = words("render.sheet", name=scene.name, sheet=sheet, across=across, down=down)
        if neighbours:
            text += " · " + words("render.glue", sheets=", ".join(neighbours))
        return text

    return line
