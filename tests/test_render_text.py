"""Text that rendering writes in bulk, by code made fast for large diagrams: coordinates in
the DOT, and names wrapped into lines. Each must read exactly as its plain definition
would have it, since the DOT and the SVG must not change by a byte."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from skavmap.render.dot import _Writer
from skavmap.render.style import wrap


def one_decimal(value: float) -> str:
    """A coordinate as the DOT has it: one decimal, none when it is 0, never "-0"."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


coordinates = st.one_of(
    st.floats(-1e5, 1e5, allow_nan=False),
    # Values on a rounding edge, and both zeros (equal as keys, so a remembered text of
    # one is given for the other).
    st.sampled_from([0.0, -0.0, -0.04, -0.05, 0.05, 0.25, 0.35, 12.04, 99.95]),
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=12), max_size=6),
    coordinates,
)
def test_coordinates_read_as_if_each_number_were_written_alone(splines, height):
    out = _Writer(height)  # one writer for all: later arrows reuse the texts of earlier ones
    for points in splines:
        expected = [f"{one_decimal(x)},{one_decimal(height - y)}" for x, y in points]
        assert out.points(points) == " ".join(expected)
        assert [out.at(x, y) for x, y in points] == expected


words = st.text(alphabet="ab åäö-.,;:\t\n\u00a0\u2003", max_size=90)


@settings(max_examples=250, deadline=None)
@given(words, st.integers(1, 30))
def test_names_break_into_lines_where_textwrap_breaks_them(text, width):
    # wrap's definition: words much longer than a line are cut every width * 1.5
    # characters, then textwrap fills lines without breaking words or at hyphens.
    longest = width + width // 2
    pieces = [w[i : i + longest] for w in text.split() for i in range(0, len(w), longest)]
    lines = textwrap.wrap(
        " ".join(pieces), width, break_long_words=False, break_on_hyphens=False
    ) or [""]
    assert wrap(text, width, max_lines=len(lines)) == lines
