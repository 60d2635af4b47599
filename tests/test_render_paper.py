"""Diagrams on paper (`render --paper`), posters of several sheets, JPEG,
and large diagrams: no Graphviz warning, and every step placed."""

from __future__ import annotations

import io
import struct
import sys

import pytest
from conftest import ROOT

from skavmap.format.loader import load
from skavmap.render import Options, RenderError, render
from skavmap.render.dot import measure
from skavmap.render.layout import fit
from skavmap.render.look import dress
from skavmap.render.paper import MAX_SCALE, MIN_SCALE, sheet, sheets
from skavmap.render.scene import build_scene

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

INVOICE = ROOT / "processes" / "invoice.yaml"
LOOP = ROOT / "examples" / "loop.yaml"
MINIMAL = ROOT / "examples" / "minimal.yaml"


def same_size(pages, *sizes) -> bool:
    """Whether ``pages`` have the sizes of ``sizes`` (sheets), to the point: Graphviz
    writes whole points (1190 for A3's 1190.55)."""
    return len(pages) == len(sizes) and all(
        abs(w - s.width) < 1.5 and abs(h - s.height) < 1.5
        for (w, h), s in zip(pages, sizes, strict=True)
    )


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in pages]


def fitted(path, **options):
    scene = build_scene(load(path), options=Options(**{"plain": True, "lang": "sv", **options}))
    return scene, fit(scene, measure(dress(scene)))


def test_sheets_are_iso_sizes_in_points_smallest_first():
    assert [(s.name, s.landscape) for s in sheets()][:3] == [
        ("A4", True),
        ("A4", False),
        ("A3", True),
    ]
    a3 = sheet("A3", landscape=True)
    assert (round(a3.width), round(a3.height)) == (1191, 842)
    with pytest.raises(ValueError):
        sheet("B5")


def test_a_small_diagram_fills_one_sheet_with_step_names_at_9_points_or_more():
    scene, on = fitted(MINIMAL, paper="A4", landscape=True)
    assert on.sheets == 1 and on.scale >= MIN_SCALE
    width, height = on.sheet.printable
    assert on.geometry.width * on.scale <= width + 0.01
    assert on.geometry.height * on.scale <= height + 0.01
    # As large as fits (one side is filled), up to step names at 22 points.
    filled = max(on.geometry.width * on.scale / width, on.geometry.height * on.scale / height)
    assert filled > 0.99 or on.scale == MAX_SCALE
    _, larger = fitted(LOOP, paper="A3", landscape=True)
    assert larger.sheets == 1 and MIN_SCALE <= larger.scale < MAX_SCALE
    width, height = larger.sheet.printable
    size = (larger.geometry.width * larger.scale, larger.geometry.height * larger.scale)
    assert max(size[0] / width, size[1] / height) > 0.99


def test_the_arrangement_is_chosen_for_the_paper():
    """The shipped invoice does not fit one A3 sheet with step names at 9 pt: it needs a
    poster; on A1 it fits one sheet, wrapped into rows of lanes."""
    _, on_a3 = fitted(INVOICE, paper="A3")
    assert on_a3.sheets > 1 and on_a3.scale >= MIN_SCALE
    _, on_a1 = fitted(INVOICE, paper="A1")
    assert on_a1.sheets == 1 and on_a1.scale >= MIN_SCALE
    assert len(on_a1.geometry.sections) > 1
    # --wrap fixes the arrangement: one row of lanes is too wide for one A1 sheet.
    _, one_row = fitted(INVOICE, paper="A1", wrap=0)
    assert len(one_row.geometry.sections) == 1 and one_row.sheets > 1


def test_without_paper_the_diagram_is_shaped_for_a3_landscape():
    scene, on = fitted(INVOICE)
    assert (on.sheet.name, on.sheet.landscape) == ("A3", True) and on.sheets == 1
    assert 0.8 < on.geometry.width / on.geometry.height < 2.2  # not 2.8:1 any more
    assert len(on.geometry.sections) >= 2


def test_pdf_on_a_sheet_is_one_page_of_that_size():
    data = render(load(MINIMAL), "pdf", Options(lang="sv", paper="A4", landscape=True))
    assert same_size(pdf_pages(data), sheet("A4", landscape=True))


def test_pdf_by_default_prints_on_a3_landscape_sheets_as_a_poster_when_needed():
    pages = pdf_pages(render(load(INVOICE), "pdf", Options(lang="sv")))
    a3 = sheet("A3", landscape=True)
    assert len(pages) > 1 and same_size(pages, *[a3] * len(pages))
    small = pdf_pages(render(load(LOOP), "pdf", Options(lang="sv")))
    assert same_size(small, a3)


def test_a_poster_names_each_sheet_and_stores_the_drawing_once():
    from pypdf import PdfReader

    one = render(load(INVOICE), "pdf", Options(lang="sv", paper="A1", landscape=False))
    poster = render(load(INVOICE), "pdf", Options(lang="sv", paper="A3"))
    reader = PdfReader(io.BytesIO(poster))
    texts = [page.extract_text() for page in reader.pages]
    across_down = f"{len(texts) // 3} × 3" if len(texts) % 3 == 0 else ""
    assert f"Leverantörsfaktura · ark A1 av {across_down}" in texts[0]
    assert "ark A2" in texts[1] and "lägg arket över A1 tills strecken möts" in texts[1]
    assert "lägg arket över A1" not in texts[0]
    # The drawing is one form shown on every sheet: the poster is not pages × the drawing.
    assert len(poster) < 2 * len(one)


def test_png_on_a_sheet_is_that_sheet_at_200_dpi():
    data = render(load(MINIMAL), "png", Options(lang="sv", paper="A4", landscape=True))
    width, height = struct.unpack(">II", data[16:24])
    assert abs(width - 842 / 72 * 200) < 3 and abs(height - 595 / 72 * 200) < 3


def test_a_sheet_too_small_is_refused_for_a_picture_naming_one_that_fits(cli, tmp_path):
    out = tmp_path / "fakturan.png"
    done = cli("render", str(INVOICE), "--paper", "A3", "-o", str(out))
    assert done.returncode == 2 and not out.exists()
    assert "cannot hold this diagram with step names at 9 pt" in done.stderr
    assert "needs A1" in done.stderr and "--paper A1" in done.stderr
    assert "poster of" in done.stderr and "Traceback" not in done.stderr
    with pytest.raises(RenderError):
        render(load(INVOICE), "svg", Options(lang="sv", paper="A4"))


def test_cli_takes_paper_and_orientation(cli, tmp_path):
    out = tmp_path / "liten.pdf"
    done = cli("render", str(MINIMAL), "--paper", "A4", "--portrait", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert same_size(pdf_pages(out.read_bytes()), sheet("A4"))
    done = cli("render", str(LOOP), "--paper", "B4", "-o", str(out))
    assert done.returncode == 2 and "'B4' is not one of" in done.stderr


@pytest.mark.parametrize("name", ["slides.jpeg", "slides.jpg", "SLIDES.JPG"])
def test_jpeg_for_slides(cli, tmp_path, name):
    out = tmp_path / name
    done = cli("render", str(LOOP), "-o", str(out))
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data[:3] == b"\xff\xd8\xff"  # a JPEG, not an SVG in disguise
    assert done.stdout.strip().endswith(name)


def test_jpeg_by_format_gets_its_own_suffix(cli, tmp_path):
    done = cli("render", str(LOOP), "--format", "jpeg", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "loop.jpeg").read_bytes()[:3] == b"\xff\xd8\xff"


def test_large_diagrams_draw_quietly_with_every_step(tmp_path, capfd):
    path = tmp_path / "stor.yaml"
    path.write_text(
        generate(1100, roles=24, departments=8, loop_every=15, parallel_every=25), "utf-8"
    )
    data = render(load(path), "svg", Options(lang="sv", plain=True))
    captured = capfd.readouterr()
    assert captured.err == ""  # no "graph has 1565 nodes...layout may take a long time"
    assert data.count(b'class="node step ') >= 1100


def test_a_sheet_too_small_for_one_file_writes_none_of_them(cli, tmp_path):
    out = tmp_path / "bilder"
    done = cli(
        "render", str(LOOP), str(INVOICE), "--paper", "A2", "--format", "png", "-o", str(out)
    )
    assert done.returncode == 2 and "invoice.yaml: error: one A2 sheet" in done.stderr
    assert not out.exists() or not any(out.iterdir())
