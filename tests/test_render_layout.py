"""The swimlane layout: full-width lanes in file order, steps inside their lanes, square
arrows that end on their steps and never cross another step, on every shipped process and
on generated ones."""

from __future__ import annotations

import doctest
import sys

import pytest
from conftest import ROOT, analysed, process_files, run_cli

import skavmap.render.dot
import skavmap.render.draw
import skavmap.render.layout
import skavmap.render.look
import skavmap.render.paper
import skavmap.render.poster
import skavmap.render.scene
import skavmap.render.style
from skavmap.format.loader import load
from skavmap.format.model import OWN_UNIT
from skavmap.render import Options
from skavmap.render.dot import measure
from skavmap.render.layout import Box, Geometry, layout
from skavmap.render.look import dress
from skavmap.render.scene import build_scene

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


@pytest.mark.parametrize(
    "module",
    [
        skavmap.render.dot,
        skavmap.render.draw,
        skavmap.render.layout,
        skavmap.render.look,
        skavmap.render.paper,
        skavmap.render.poster,
        skavmap.render.scene,
        skavmap.render.style,
    ],
)
def test_doctests(module, monkeypatch):
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0


def geometry_of(path, **options) -> tuple:
    analysis = analysed(path)
    opts = Options(lang="sv", **options)
    scene = build_scene(analysis.process, None if opts.plain else analysis, opts)
    return scene, layout(scene, measure(dress(scene)))


def inside(inner: Box, outer_top: float, outer_bottom: float) -> bool:
    return outer_top <= inner.y - inner.h / 2 and inner.y + inner.h / 2 <= outer_bottom


def overlap(a: Box, b: Box, slack: float = 0.5) -> bool:
    return abs(a.x - b.x) < (a.w + b.w) / 2 - slack and abs(a.y - b.y) < (a.h + b.h) / 2 - slack


def crosses(p, q, box: Box, slack: float = 1.0) -> bool:
    """True when the axis-parallel segment p-q runs through the inside of ``box``."""
    left, right = box.x - box.w / 2 + slack, box.x + box.w / 2 - slack
    top, bottom = box.y - box.h / 2 + slack, box.y + box.h / 2 - slack
    if abs(p[1] - q[1]) < 0.01:  # horizontal
        lo, hi = sorted((p[0], q[0]))
        return top < p[1] < bottom and lo < right and hi > left
    lo, hi = sorted((p[1], q[1]))
    return left < p[0] < right and lo < bottom and hi > top


def check_geometry(scene, g: Geometry) -> None:
    # Lanes: in each section stacked without gaps, in the scene's order; sections below
    # each other.
    for lanes in g.sections:
        assert len(lanes) == len(scene.lanes)
        for (_, bottom), (top, _) in zip(lanes, lanes[1:], strict=False):
            assert abs(bottom - top) < 0.01
        assert all(top < bottom for top, bottom in lanes)
    for upper, lower in zip(g.sections, g.sections[1:], strict=False):
        assert upper[-1][1] < lower[0][0]
    # Every step (with what hangs under it) lies inside its lane and inside the picture.
    blocks = []
    for block in scene.blocks:
        top, bottom = g.sections[g.section_of[block.id]][block.lane]
        parts = [g.shapes[block.id]]
        parts += [part[block.id] for part in (g.captions, g.notes) if block.id in part]
        for part in parts:
            assert inside(part, top, bottom), block.id
            assert g.header_width <= part.x - part.w / 2 and part.x + part.w / 2 <= g.width
        blocks.append((block.id, parts))
    for connector in g.connectors:
        top, bottom = g.sections[connector.section][connector.lane]
        assert inside(g.shapes[connector.id], top, bottom)
        blocks.append((connector.id, [g.shapes[connector.id]]))
    # Nothing overlaps anything else.
    for i, (first, parts) in enumerate(blocks):
        for second, others in blocks[i + 1 :]:
            assert not any(overlap(a, b) for a in parts for b in others), (first, second)
    # Arrows: square, from the tail's outline to the head's, around every other step; every
    # link drawn, whole or in two parts through a pair of connectors.
    drawn_links = sorted({drawn.link for drawn in g.edges})
    assert drawn_links == list(range(len(scene.links)))
    for drawn in g.edges:
        points = drawn.points
        for p, q in zip(points, points[1:], strict=False):
            assert abs(p[0] - q[0]) < 0.01 or abs(p[1] - q[1]) < 0.01, drawn
        tail, head = g.shapes[drawn.tail], g.shapes[drawn.head]
        assert on_outline(points[0], tail) and on_outline(points[-1], head), drawn
        for block_id, parts in blocks:
            for part in parts[1:] if block_id in (drawn.tail, drawn.head) else parts:
                for p, q in zip(points, points[1:], strict=False):
                    assert not crosses(p, q, part), (drawn.tail, drawn.head, block_id)
    # Labels sit clear of the steps.
    for index, label in g.labels.items():
        for block_id, parts in blocks:
            assert not any(overlap(label, part, slack=1.0) for part in parts), (index, block_id)


def on_outline(point, box: Box) -> bool:
    dx, dy = abs(point[0] - box.x), abs(point[1] - box.y)
    return (abs(dx - box.w / 2) < 0.1 and dy <= box.h / 2 + 0.1) or (
        abs(dy - box.h / 2) < 0.1 and dx <= box.w / 2 + 0.1
    )


@pytest.mark.parametrize("path", process_files(), ids=lambda p: p.stem)
def test_every_shipped_process_lays_out_cleanly(path):
    check_geometry(*geometry_of(path))


@pytest.mark.parametrize("path", process_files(), ids=lambda p: p.stem)
def test_every_shipped_process_wraps_cleanly_with_lanes_by_role(path):
    check_geometry(*geometry_of(path, wrap=6, lanes="role"))


@pytest.mark.parametrize("options", [{"plain": True}, {"lanes": "role"}])
def test_plain_and_role_lanes_lay_out_cleanly(options):
    check_geometry(*geometry_of(ROOT / "processes" / "recruitment.yaml", **options))


@pytest.mark.parametrize("seed", range(6))
def test_generated_processes_lay_out_cleanly(tmp_path, seed):
    path = tmp_path / "generated.yaml"
    path.write_text(
        generate(60, roles=9, departments=4, loop_every=7, parallel_every=11, seed=seed),
        encoding="utf-8",
    )
    check_geometry(*geometry_of(path))


def test_lanes_follow_the_file_and_span_the_whole_width():
    scene, g = geometry_of(ROOT / "processes" / "invoice.yaml")
    process = load(ROOT / "processes" / "invoice.yaml")
    departments = [lane.key for lane in scene.lanes if not lane.key.startswith(OWN_UNIT)]
    assert departments == [d for d in process.departments if d in departments]
    external = [lane.key for lane in scene.lanes if lane.key.startswith(OWN_UNIT)]
    assert scene.lanes[: len(external)] == tuple(
        lane for lane in scene.lanes if lane.key.startswith(OWN_UNIT)
    )
    assert g.lanes == sorted(g.lanes)


def test_the_likeliest_branch_keeps_the_row():
    scene, g = geometry_of(ROOT / "examples" / "loop.yaml")
    # "ja" (75 %) stays on the decision's row; "nej" takes the row below.
    assert g.rows["beslut"] == g.rows["komplett"] == g.rows["granska"]
    assert g.rows["begar"] > g.rows["komplett"]
    assert g.shapes["beslut"].y == g.shapes["komplett"].y


@pytest.mark.parametrize("seed", range(4))
def test_a_loop_drops_to_its_lane_edge_from_the_outermost_step_of_its_cell(tmp_path, seed):
    """Whether a line can leave a step straight down (or up) is read from the lowest and
    highest row of its cell, as the plain definition has it: every other step of the cell
    above it (below it); scanning every step for every loop made that quadratic."""
    from dataclasses import replace

    from skavmap.render.layout import _Arranger, columns_of

    path = tmp_path / "generated.yaml"
    path.write_text(
        generate(80, roles=5, departments=2, loop_every=6, parallel_every=9, seed=seed),
        encoding="utf-8",
    )
    analysis = analysed(path)
    scene = build_scene(analysis.process, analysis, Options(lang="sv"))
    measured = measure(dress(scene))
    arranger = _Arranger(scene, replace(measured, positions=columns_of(scene)))
    arranger._extents()
    arranger._rows()
    stacked = 0
    for block in scene.blocks:
        sid = block.id
        cell = (arranger.rank[sid], arranger.lane[sid])
        others = [
            arranger.row[s]
            for s in arranger.blocks
            if (arranger.rank[s], arranger.lane[s]) == cell and s != sid
        ]
        stacked += bool(others)
        row = arranger.row[sid]
        clear = not (block.caption or block.note)
        assert arranger._can_drop(sid, "bottom") == (clear and all(r < row for r in others))
        assert arranger._can_drop(sid, "top") == all(r > row for r in others)
    assert stacked  # some cells hold more than one step


def test_the_checks_catch_an_arrow_through_a_step():
    scene, g = geometry_of(ROOT / "examples" / "loop.yaml")
    first = scene.links[0]
    other = next(b.id for b in scene.blocks if b.id not in (first.tail, first.head, "klar"))
    box, drawn = g.shapes[other], g.edges[0]
    start, end = drawn.points[0], drawn.points[-1]
    drawn.points[:] = [start, (box.x, start[1]), (box.x, end[1]), end]
    with pytest.raises(AssertionError):
        check_geometry(scene, g)


def test_long_processes_wrap_into_sections_joined_by_lettered_connectors(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text(
        generate(150, roles=12, departments=5, loop_every=9, parallel_every=20, seed=3),
        encoding="utf-8",
    )
    scene, g = geometry_of(path, wrap=20)
    check_geometry(scene, g)
    assert len(g.sections) >= 4
    letters = {}
    for connector in g.connectors:
        letters.setdefault(connector.letter, []).append(connector.id.rsplit(":", 1)[1])
    assert letters and all(sorted(sides) == ["in", "out"] for sides in letters.values())
    columns = {}
    for sid, section in g.section_of.items():
        columns.setdefault(section, set()).add(g.ranks[sid])
    assert all(len(ranks) <= 22 for ranks in columns.values())  # 20 + two connector columns


def test_wrapping_can_be_turned_off():
    scene, g = geometry_of(ROOT / "processes" / "recruitment.yaml", wrap=0)
    assert len(g.sections) == 1 and not g.connectors
    _, wrapped = geometry_of(ROOT / "processes" / "recruitment.yaml", wrap=10)
    assert len(wrapped.sections) > 1


def test_connectors_with_long_letters_hold_them_without_a_graphviz_warning(tmp_path, monkeypatch):
    # A map with over 702 crossings labels them from AAA on; the widest letters stand in.
    wide = ["W", "WW", "WWW", "MMMM", *(f"W{n:03}" for n in range(1000))]
    monkeypatch.setattr(skavmap.render.layout, "_letters", lambda: iter(wide))
    path = tmp_path / "long.yaml"
    path.write_text(generate(60, roles=6, departments=3, seed=5), encoding="utf-8")
    scene, g = geometry_of(path, wrap=12)
    check_geometry(scene, g)
    sizes = {c.letter: g.shapes[c.id].w for c in g.connectors}
    assert sizes["W"] == sizes["WW"] - 2 == 22 and sizes["WWW"] == 36 and sizes["MMMM"] == 48
    done = run_cli("render", str(path), "--wrap", "12", "-o", str(tmp_path / "long.svg"))
    assert done.returncode == 0 and done.stderr == "", done.stderr
