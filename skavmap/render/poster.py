"""A poster: one large drawing printed on several sheets that overlap, to be glued together.

:func:`poster` takes a PDF of one page, the whole drawing at the size it is to be printed,
and returns a PDF with one page per sheet. Each sheet shows its part of the drawing inside
the printer's margins; neighbouring sheets repeat :data:`~skavmap.render.paper.OVERLAP` of
the drawing where they meet. In the margins: corner marks at the edge of the printed area,
marks where the overlap starts (cut one sheet's margin off at the mark and lay it over its
neighbour until the marks meet), and a line naming the sheet and its neighbours. The
drawing is stored once and shown on every sheet, so the file grows little with the number
of sheets.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from skavmap.render.paper import MARGIN, OVERLAP, Sheet

#: Says which sheet a page is: (sheet id, row, column, sheets across, sheets down) -> words.
SheetWords = Callable[[str, int, int, int, int], str]

#: Length of a mark in the margin, in points.
MARK = 14.0


def sheet_id(row: int, column: int) -> str:
    """Rows are letters, columns numbers, as on a map: A1 is the top left sheet.

    >>> sheet_id(0, 0), sheet_id(1, 2)
    ('A1', 'B3')
    """
    letters = ""
    row += 1
    while row:
        row, rest = divmod(row - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{column + 1}"


def poster(drawing: bytes, sheet: Sheet, across: int, down: int, words: SheetWords) -> bytes:
    """``drawing`` (a one-page PDF) printed on ``across`` × ``down`` sheets of ``sheet``."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    reader = PdfReader(BytesIO(drawing))
    writer = PdfWriter(clone_from=reader)
    page = writer.pages[0]
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(float(v)) for v in (box.left, box.bottom, box.right, box.top)]
            ),
            NameObject("/Resources"): page["/Resources"],
        }
    )
    drawing_ref = writer._add_object(form.flate_encode())
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    font_ref = writer._add_object(font)
    printable_w, printable_h = sheet.printable
    step_x, step_y = printable_w - OVERLAP, printable_h - OVERLAP
    # The drawing centred on the whole poster.
    offset_x = (across * step_x + OVERLAP - width) / 2
    offset_y = (down * step_y + OVERLAP - height) / 2
    for row in range(down):
        for column in range(across):
            tile = writer.add_blank_page(sheet.width, sheet.height)
            # The part of the poster this sheet shows, from the poster's top left.
            left = column * step_x - offset_x
            top = row * step_y - offset_y
            shift_x = MARGIN - left
            shift_y = MARGIN + printable_h + top - height
            ops = [
                "q",
                f"{_n(MARGIN)} {_n(MARGIN)} {_n(printable_w)} {_n(printable_h)} re W n",
                f"1 0 0 1 {_n(shift_x)} {_n(shift_y)} cm /Drawing Do",
                "Q",
                *_marks(sheet, row, column, across, down),
                _caption(words(sheet_id(row, column), row, column, across, down)),
            ]
            content = DecodedStreamObject()
            content.set_data("\n".join(ops).encode("cp1252", "replace"))
            tile[NameObject("/Contents")] = writer._add_object(content)
            tile[NameObject("/Resources")] = DictionaryObject(
                {
                    NameObject("/XObject"): DictionaryObject({NameObject("/Drawing"): drawing_ref}),
                    NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref}),
                }
            )
    writer.remove_page(0)
    writer.compress_identical_objects()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _marks(sheet: Sheet, row: int, column: int, across: int, down: int) -> list[str]:
    """Corner marks at the printed area, and marks where the overlap with a neighbour
    starts, all in the margin."""
    printable_w, printable_h = sheet.printable
    left, right = MARGIN, MARGIN + printable_w
    bottom, top = MARGIN, MARGIN + printable_h
    lines: list[tuple[float, float, float, float]] = []
    for x in (left, right):
        lines += [(x, top + 2, x, top + 2 + MARK), (x, bottom - 2, x, bottom - 2 - MARK)]
    for y in (bottom, top):
        lines += [(left - 2, y, left - 2 - MARK, y), (right + 2, y, right + 2 + MARK, y)]
    overlap = []
    if column > 0:
        overlap.append(("x", left + OVERLAP))
    if column < across - 1:
        overlap.append(("x", right - OVERLAP))
    if row > 0:
        overlap.append(("y", top - OVERLAP))
    if row < down - 1:
        overlap.append(("y", bottom + OVERLAP))
    dashed = []
    for axis, at in overlap:
        if axis == "x":
            dashed += [(at, top + 2, at, top + 2 + MARK), (at, bottom - 2, at, bottom - 2 - MARK)]
        else:
            dashed += [(left - 2, at, left - 2 - MARK, at), (right + 2, at, right + 2 + MARK, at)]
    ops = ["q 0.35 G 0.5 w"]
    ops += [f"{_n(a)} {_n(b)} m {_n(c)} {_n(d)} l S" for a, b, c, d in lines]
    ops.append("[3 2] 0 d")
    ops += [f"{_n(a)} {_n(b)} m {_n(c)} {_n(d)} l S" for a, b, c, d in dashed]
    ops.append("Q")
    return ops


def _caption(text: str) -> str:
    """A line of small grey text in the bottom margin."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    y = MARGIN - 2 - MARK - 2
    x = MARGIN + MARK + 6
    return f"BT 0.35 g /F1 7 Tf {_n(x)} {_n(max(4.0, y - 5))} Td ({escaped}) Tj ET"


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
