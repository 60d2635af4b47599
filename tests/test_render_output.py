"""Pictures as users get them: SVG, PNG and PDF from `skavmap render`, quiet and exact."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT

from skavmap.format.loader import load
from skavmap.render import Options, render

INVOICE = ROOT / "processes" / "invoice.yaml"
SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(data: bytes) -> str:
    root = ET.fromstring(data)
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_svg_parses_and_holds_lane_titles_and_step_names():
    process = load(INVOICE)
    data = render(process, "svg", Options(lang="sv"))
    text = svg_texts(data)
    for name in ("Leverantör", "Ekonomi", "Verksamhet", "Lön och HR", "IT"):
        assert name in text
    for words in ("Påminnelse om attest", "Kontera fakturan", "Kör betalningsförslag"):
        assert words in text
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    assert 'font-family="DejaVu Sans,Verdana,Arial,sans-serif"' in data.decode()
    assert "<title>Leverantörsfaktura</title>" in data.decode()


def test_svg_is_byte_identical_for_the_same_input():
    first = render(load(INVOICE), "svg", Options(lang="sv"))
    assert render(load(INVOICE), "svg", Options(lang="sv")) == first


def test_png_has_a_png_header_and_a_sensible_size():
    data = render(load(ROOT / "examples" / "loop.yaml"), "png", Options(lang="sv"))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert 1200 < width < 6000 and 600 < height < 4000
    assert len(data) > 50_000


def test_pdf_has_a_pdf_header_and_embeds_a_font_with_swedish_letters():
    data = render(load(ROOT / "examples" / "loop.yaml"), "pdf", Options(lang="sv"))
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"DejaVuSans" in data
    assert len(data) > 10_000


def test_nothing_is_printed_while_drawing(capfd):
    render(load(INVOICE), "png", Options(lang="sv"))
    render(load(ROOT / "examples" / "subprocess.yaml"), "pdf", Options(lang="en"))
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_graphviz_messages_that_matter_still_reach_stderr(capfd):
    from skavmap.render.draw import draw

    broken = (
        'digraph { a [pos="0,0" shape=box width=0.1 height=0.1 fixedsize=true '
        'label="far too long a text"] }'
    )
    draw(broken, "svg")
    assert "too small" in capfd.readouterr().err


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf", "dot"])
def test_cli_writes_each_format(cli, tmp_path, fmt):
    done = cli("render", str(INVOICE), "-o", str(tmp_path / f"kartan.{fmt}"), "--lang", "sv")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.strip() == str(tmp_path / f"kartan.{fmt}")
    data = (tmp_path / f"kartan.{fmt}").read_bytes()
    header = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF", "dot": b"digraph"}[fmt]
    assert data.startswith(header)


def test_cli_default_is_an_svg_named_after_the_file_in_the_current_folder(cli, tmp_path):
    done = cli("render", str(INVOICE), cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.strip() == "invoice.svg"
    assert (tmp_path / "invoice.svg").read_bytes().startswith(b"<?xml")


def test_cli_draws_several_files_into_a_folder(cli, tmp_path):
    out = tmp_path / "bilder"
    done = cli(
        "render",
        str(ROOT / "examples" / "loop.yaml"),
        str(ROOT / "examples" / "notify.yaml"),
        "-o",
        str(out),
        "--format",
        "png",
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["loop.png", "notify.png"]
    assert done.stdout.splitlines() == [str(out / "loop.png"), str(out / "notify.png")]


def test_cli_rejects_a_file_as_target_for_several_files(cli, tmp_path):
    done = cli(
        "render",
        str(ROOT / "examples" / "loop.yaml"),
        str(ROOT / "examples" / "notify.yaml"),
        "-o",
        str(tmp_path / "one.svg"),
    )
    assert done.returncode == 2 and "folder" in done.stderr
    assert not (tmp_path / "one.svg").exists()


def test_cli_rejects_a_format_that_contradicts_the_suffix(cli, tmp_path):
    done = cli("render", str(INVOICE), "-o", str(tmp_path / "a.png"), "--format", "pdf")
    assert done.returncode == 2 and "--format" in done.stderr


@pytest.mark.parametrize(
    "option", [["--lanes", "team"], ["--highlight", "everything"], ["--format", "gif"]]
)
def test_cli_rejects_unknown_choices(cli, tmp_path, option):
    done = cli("render", str(INVOICE), "-o", str(tmp_path / "a.svg"), *option)
    assert done.returncode == 2
    assert f"Invalid value for '{option[0]}': '{option[1]}' is not one of" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_bad_input_exits_2_and_overwrites_nothing(cli, tmp_path):
    good = tmp_path / "bra.yaml"
    good.write_text((ROOT / "examples" / "loop.yaml").read_text(encoding="utf-8"), "utf-8")
    bad = tmp_path / "trasig.yaml"
    bad.write_text("process: Trasig\nsteps:\n  a: {kind: start, next: saknas}\n", "utf-8")
    out = tmp_path / "ut"
    out.mkdir()
    (out / "bra.svg").write_text("old", "utf-8")
    done = cli("render", str(good), str(bad), "-o", str(out))
    assert done.returncode == 2
    assert f"{bad}:3:" in done.stderr and "error:" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert (out / "bra.svg").read_text("utf-8") == "old"
    assert sorted(p.name for p in out.iterdir()) == ["bra.svg"]


def test_cli_missing_file_exits_2(cli, tmp_path):
    done = cli("render", str(tmp_path / "finns-inte.yaml"))
    assert done.returncode == 2 and "no such file" in done.stderr


def test_dot_that_graphviz_cannot_read_is_a_render_error(capfd):
    from skavmap.render import RenderError
    from skavmap.render.draw import draw, layout_dot

    with pytest.raises(RenderError):
        draw("digraph { a -> }", "svg")
    with pytest.raises(RenderError):
        layout_dot("this is not dot")
    capfd.readouterr()  # Graphviz says why on stderr; that is passed on, not hidden
