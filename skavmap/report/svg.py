"""Make a standalone SVG fit to sit inside an HTML page, several to a page.

Graphviz writes a file (XML prolog, DOCTYPE with the DTD's address, comments, fixed width
and height in points). Inline, the page needs none of that: the prolog and DOCTYPE go (they
hold the only web addresses), the namespace declarations go (HTML gives inline ``<svg>`` its
namespace), the size becomes "as wide as the page" through the ``viewBox``, and every id gets
a prefix so that two diagrams on one page never share an id (gradients and clip paths refer
to ids). The drawing is wrapped in one group, ``PREFIX-map``, which the printed pages show
again through ``<use>``.
"""

from __future__ import annotations

import re

from skavmap.outputs.escape import html as escape

_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.DOTALL)
_ROOT = re.compile(r"<svg\b[^>]*>", re.DOTALL)
_ATTR = re.compile(r'\s([\w:-]+)="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')
_REF = re.compile(r'(\b(?:xlink:)?href="#|url\(#)([^")]*)')
_FOREIGN_HREF = re.compile(r'\s(?:xlink:)?href="(?!#)[^"]*"')


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """``svg`` as an element for an HTML page: ids prefixed with ``prefix``, labelled
    ``label`` for screen readers, scaled to its container's width, its drawing in the group
    ``prefix-map``.

    >>> text = ('<?xml version="1.0"?><!DOCTYPE svg PUBLIC "x" "http://example/svg11.dtd">'
    ...         '<svg width="100pt" height="50pt" viewBox="0 0 100 50" '
    ...         'xmlns="http://www.w3.org/2000/svg"><g id="a"><path fill="url(#b)"/></g></svg>')
    >>> print(inline_svg(text, "p1", "Karta").replace("><", ">\\n<"))
    <svg viewBox="0 0 100 50" role="img" aria-label="Karta">
    <g id="p1-map">
    <g id="p1-a">
    <path fill="url(#p1-b)"/>
    </g>
    </g>
    </svg>
    """
    body = _PROLOG.sub("", svg).strip()
    root = _ROOT.search(body)
    if root is None:
        raise ValueError("not an SVG document")
    attrs = dict(_ATTR.findall(root.group(0)))
    kept = {"viewBox": attrs.get("viewBox", f"0 0 {attrs.get('width')} {attrs.get('height')}")}
    kept["role"] = "img"
    kept["aria-label"] = escape(label)
    opening = "<svg " + " ".join(f'{k}="{v}"' for k, v in kept.items()) + ">"
    rest = body[root.end() :]
    end = rest.rindex("</svg>")
    rest = _FOREIGN_HREF.sub("", rest[:end].strip())
    rest = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', rest)
    rest = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", rest)
    return f'{opening}<g id="{prefix}-map">{rest}</g></svg>'
