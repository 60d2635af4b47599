"""The Graphviz backend's runner: Graphviz in-process (the pygraphviz wheels bundle it),
kept quiet.

Graphviz and the fontconfig bundled in the wheels write their messages straight to file
descriptor 2, below Python. Every call here runs with that descriptor pointed at a temporary
file; afterwards the one message known to be harmless is dropped and anything else is
passed on to ``sys.stderr``, so real problems stay visible and a good run prints nothing.

The harmless message: the wheels' fontconfig (2.13) reads the system's *template* folder
``conf.avail`` once, only to list it, and newer distributions ship templates there with
elements it does not know (``<reset-dirs>``). The active configuration is read without
complaint; ``FONTCONFIG_FILE`` cannot prevent the template scan (only
``FONTCONFIG_SYSROOT`` could, and that would move every font path), so the warning is
filtered instead.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

#: Formats Graphviz writes for us. SVG uses Graphviz's own "core" SVG writer (not cairo):
#: it writes text as text and has no timestamps, so the same DOT gives the same bytes.
FORMATS = ("svg", "png", "jpeg", "pdf", "dot")
#: Bitmaps: drawn at :data:`PNG_DPI` (or for paper at :data:`PRINT_DPI`).
BITMAPS = ("png", "jpeg")

_HARMLESS = re.compile(
    rb'^Fontconfig warning: "[^"]*/conf\.avail/[^"]*", line \d+: unknown element "[^"]*"\s*$'
)

#: Cairo cannot make bitmaps above 32767 pixels a side; stay below it with a margin.
MAX_PIXELS_PER_SIDE = 30000
#: Keep a bitmap's memory reasonable (4 bytes a pixel: 240 MB).
MAX_PIXELS = 60_000_000
#: Sharp on a projector and in a report; lowered automatically for very large diagrams.
PNG_DPI = 144.0
#: A bitmap of a sheet of paper: enough for 9-point text to print cleanly.
PRINT_DPI = 200.0


class RenderError(Exception):
    """Graphviz could not draw the diagram; the message says why."""


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """Capture what C code writes to descriptor 2; pass on everything but known noise."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            leftover = [
                line
                for line in capture.read().splitlines(keepends=True)
                if line.strip() and not _HARMLESS.match(line)
            ]
            if leftover:
                sys.stderr.write(b"".join(leftover).decode("utf-8", "replace"))
                sys.stderr.flush()


def layout_dot(dot_text: str, prog: str = "dot"):
    """Lay out ``dot_text`` with Graphviz's ``prog`` and return the pygraphviz graph.

    Node attributes ``pos``, ``width`` and ``height`` hold the result (points and inches);
    with ``nop`` the nodes keep the ``pos`` they have and are only sized.
    """
    import pygraphviz

    with quiet_stderr():
        try:
            graph = pygraphviz.AGraph(string=dot_text)
            graph.layout(prog=prog)
        except ValueError as error:  # pygraphviz's DotError is one
            raise RenderError(f"Graphviz could not lay out the diagram: {error}") from None
    return graph


def draw(dot_text: str, fmt: str) -> bytes:
    """Draw a fully positioned DOT (every node and edge has ``pos``) as svg, png, jpeg or
    pdf.

    Graphviz only draws here (``nop2``: positions are taken as they are). A bitmap is drawn
    at :data:`PNG_DPI` (a sheet of paper at :data:`PRINT_DPI`), less when the picture would
    exceed what cairo can hold.
    """
    if fmt == "dot":
        return dot_text.encode("utf-8")
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    import pygraphviz
    from pygraphviz import graphviz as gv

    with quiet_stderr():
        try:
            graph = pygraphviz.AGraph(string=dot_text)
            if fmt in BITMAPS:
                dpi = png_dpi(graph.graph_attr.get("bb") or "", graph.graph_attr.get("size"))
                graph.graph_attr["dpi"] = _format_number(dpi)
            # Graphviz's own calls, not AGraph.draw: that warns on standard error that a
            # layout "may take a long time" for any graph of over 1000 nodes, though nop2
            # lays out nothing.
            context = gv.gvContextWithBuiltins()
            try:
                if gv.gvLayout(context, graph.handle, b"nop2"):
                    raise ValueError("Graphviz raised a layout error")
                status, data = gv.gvRenderData(context, graph.handle, fmt.encode())
                gv.gvFreeLayout(context, graph.handle)
            finally:
                gv.gvFreeContext(context)
            if status:
                raise ValueError("Graphviz raised a render error")
        except (ValueError, OSError) as error:  # pygraphviz's DotError is a ValueError
            raise RenderError(f"Graphviz could not draw the {fmt}: {error}") from None
    if not data:
        raise RenderError(f"Graphviz drew an empty {fmt}")
    return data


def png_dpi(bb: str, size: str | None = None) -> float:
    """The resolution for a bitmap of a drawing with bounding box ``bb`` ("x0,y0,x1,y1",
    points), or of the given ``size`` ("w,h!", inches: a sheet of paper).

    >>> png_dpi("0,0,720,360")
    144.0
    >>> round(png_dpi("0,0,72000,300"), 2)
    29.99
    >>> round(png_dpi("0,0,14400,2880"), 2)
    86.24
    >>> png_dpi("0,0,10,10", "16.5354,11.6929!")  # A3
    200.0
    """
    wanted = PNG_DPI
    try:
        if size:
            width, height = (float(part) for part in size.rstrip("!").split(","))
            wanted = PRINT_DPI
        else:
            x0, y0, x1, y1 = (float(part) for part in bb.split(","))
            # +20 points: the padding Graphviz adds around the drawing.
            width, height = (x1 - x0 + 20) / 72, (y1 - y0 + 20) / 72
    except ValueError:
        return PNG_DPI
    return min(
        wanted, MAX_PIXELS_PER_SIDE / max(width, height), (MAX_PIXELS / (width * height)) ** 0.5
    )


def _format_number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
