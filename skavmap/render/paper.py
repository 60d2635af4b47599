"""Paper: the sheets a diagram is printed on, and how large its text comes out there.

A diagram is laid out in points with its step names at :data:`NAME_POINTS` (in a box, in a
diamond or under a circle alike). On paper it is scaled: step names print at
:data:`LEGIBLE` points or more when the scale is at least :data:`MIN_SCALE`.
:func:`~skavmap.render.layout.fit` chooses the rows (the wrap) and the scale for a sheet;
this module only knows the sheets.

>>> sheet("A3", landscape=True)
Sheet(name='A3', landscape=True, width=1190.55, height=841.89)
>>> round(sheet("A4").printable[0], 1)
538.6
"""

from __future__ import annotations

from dataclasses import dataclass

#: ISO 216 sizes in points (1/72 inch), portrait: width, height.
SIZES = {
    "A4": (595.28, 841.89),
    "A3": (841.89, 1190.55),
    "A2": (1190.55, 1683.78),
    "A1": (1683.78, 2383.94),
    "A0": (2383.94, 3370.39),
}
PAPERS = tuple(SIZES)
#: White border every printer can leave, on each side: 10 mm.
MARGIN = 28.35
#: Where a poster's sheets overlap (and are glued): 10 mm.
OVERLAP = 28.35
#: The size, in points, every step name is drawn at (in a box, a diamond or under a circle).
NAME_POINTS = 11.0
#: The size step names must at least have on paper, in points.
LEGIBLE = 9.0
#: The smallest scale that prints step names at :data:`LEGIBLE` points.
MIN_SCALE = LEGIBLE / NAME_POINTS
#: The largest scale a diagram is enlarged to, to fill a sheet (step names at 22 points).
MAX_SCALE = 2.0
#: The sheet a diagram is shaped for when none is asked for.
DEFAULT = ("A3", True)


@dataclass(frozen=True)
class Sheet:
    """A sheet of paper as it is held: ``width`` across, ``height`` down, in points."""

    name: str
    landscape: bool
    width: float
    height: float

    @property
    def printable(self) -> tuple[float, float]:
        """The width and height inside the margins."""
        return self.width - 2 * MARGIN, self.height - 2 * MARGIN


def sheet(name: str, landscape: bool = False) -> Sheet:
    """The sheet ``name`` (A4 ... A0), turned as asked."""
    if name not in SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {name!r}")
    short, long = SIZES[name]
    return Sheet(name, landscape, long, short) if landscape else Sheet(name, landscape, short, long)


def sheets() -> list[Sheet]:
    """Every sheet, smallest first, landscape before portrait."""
    return [sheet(name, turned) for name in PAPERS for turned in (True, False)]
