"""The finished DOT of `skavmap render`: lanes, their order, shapes, styles and every
annotation, read from the text before anything is drawn. The scene (what is shown, before
layout) is also kept as golden files; update them with
``SKAVMAP_UPDATE_GOLDEN=1 uv run pytest tests/test_render_dot.py`` and review the diff."""

from __future__ import annotations

import os
import re
from functools import cache

import pygraphviz
import pytest
from conftest import ROOT

from skavmap.analysis.engine import analyse
from skavmap.format.loader import load
from skavmap.render import Options, diagram_dot, style
from skavmap.render.dot import measure_dot
from skavmap.render.look import dress
from skavmap.render.scene import build_scene

INVOICE = ROOT / "processes" / "invoice.yaml"
GOLDEN = ROOT / "tests" / "golden" / "render"


@cache
def dot_text(path=INVOICE, **options) -> str:
    # One row of lanes (--wrap 0): these tests read lanes and arrows of one section.
    return diagram_dot(load(path), Options(**{"lang": "sv", "wrap": 0, **options}))


def parsed(path=INVOICE, **options) -> pygraphviz.AGraph:
    return pygraphviz.AGraph(string=dot_text(path, **options))


def node(graph, name) -> dict:
    return dict(graph.get_node(name).attr)


def steps(graph) -> dict[str, dict]:
    # Plain dicts: pygraphviz's attribute views die with their graph.
    return {str(n)[5:]: dict(n.attr) for n in graph.nodes() if str(n).startswith("step:")}


def words(label: str) -> str:
    """The text of an HTML-like label, lines joined by spaces."""
    return " ".join(re.sub(r"<[^>]*>", " ", label.replace("<BR/>", " ")).split())


def links(text: str) -> list[tuple[str, str]]:
    """The arrows in the order the DOT lists them (their label nodes use this index)."""
    return re.findall(r'^\t"step:([^"]+)" -> "step:([^"]+)"', text, re.MULTILINE)


def numbers(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def lane_count(graph) -> int:
    return sum(1 for n in graph.nodes() if re.fullmatch(r"lane:\d+", str(n)))


def bands(graph) -> list[list[float]]:
    """The lane bands of the first section, drawn under everything (the graph's xdot
    ``_background``), each as a bounding box: x0, y0, x1, y1."""
    found = []
    for points in re.findall(r"P 4 ([-\d. ]+)", graph.graph_attr["_background"]):
        values = [float(v) for v in points.split()]
        xs, ys = values[0::2], values[1::2]
        found.append([min(xs), min(ys), max(xs), max(ys)])
    return found[: lane_count(graph)]


def test_lanes_are_full_width_bands_in_the_order_of_the_file():
    graph = parsed()
    width = numbers(graph.graph_attr["bb"])[2]
    lanes = bands(graph)
    assert len(lanes) == 6
    for x0, _, x1, _ in lanes:
        assert (x0, x1) == (0, width)
    tops = [y1 for _, _, _, y1 in lanes]
    assert tops == sorted(tops, reverse=True)  # first lane on top
    for (_, low, _, _), (_, _, _, high) in zip(lanes, lanes[1:], strict=False):
        assert low == high  # no gaps between lanes
    titles = [node(graph, f"lane:{i}")["label"] for i in range(6)]
    expected = ["Leverantör", "Skanningscentralen", "Ekonomi", "Verksamhet", "Lön och HR", "IT"]
    assert [name in title for name, title in zip(expected, titles, strict=False)] == [True] * 6
    assert "extern part" in titles[0] and "extern part" not in titles[2]


def test_every_step_sits_inside_its_lane():
    graph = parsed()
    lanes = bands(graph)
    lane_of = {"skicka": 0, "skanna": 1, "registrera": 2, "mottagning": 3, "bemanningskoll": 4}
    lane_of |= {"ratta": 5, "paminn": 3, "kanal": 0, "inlast": 5, "klar": 2}
    for sid, lane in lane_of.items():
        y = numbers(node(graph, f"step:{sid}")["pos"])[1]
        _, low, _, high = lanes[lane]
        assert low < y < high, sid


def test_shapes_follow_the_kind_of_step():
    graph = parsed(ROOT / "processes" / "recruitment.yaml")
    attrs = steps(graph)
    kinds = {
        sid: step.kind for sid, step in load(ROOT / "processes" / "recruitment.yaml").steps.items()
    }
    for sid, kind in kinds.items():
        shape, styled = attrs[sid]["shape"], attrs[sid].get("style", "")
        expected = {
            "start": "circle",
            "end": "circle",
            "decision": "diamond",
            "parallel": "diamond",
            "notify": "cds",
        }.get(kind, "box")
        assert shape == expected, sid
        if kind in ("task", "wait", "subprocess"):
            assert "rounded" in styled
        if kind == "wait":
            assert "dashed" in styled
        if kind == "parallel":
            assert ">+<" in attrs[sid]["label"]
    ends = [attrs[s] for s, k in kinds.items() if k == "end"]
    starts = [attrs[s] for s, k in kinds.items() if k == "start"]
    assert all(float(a["penwidth"]) > 3 for a in ends)
    assert all(float(a["penwidth"]) < 2 for a in starts)


def test_subprocess_steps_carry_the_marker():
    attrs = steps(parsed(ROOT / "examples" / "subprocess.yaml"))
    assert ">+<" in attrs["attest"]["label"] and 'FIXEDSIZE="TRUE"' in attrs["attest"]["label"]
    assert ">+<" not in attrs["bestall"]["label"]


@pytest.mark.parametrize(
    ("lang", "text"), [("sv", "4–8 min · väntar 1 d"), ("en", "4–8 min · waits 1 d")]
)
def test_work_and_wait_stand_under_the_name(lang, text):
    label = steps(parsed(lang=lang))["kontera"]["label"]
    assert "Kontera fakturan" in label and text in label


def test_long_names_wrap():
    from skavmap.render.look import LINE_BREAK

    label = steps(parsed())["mottagning"]["label"]
    lines = ["Mottagningsattestera", "(varan eller tjänsten", "levererad)"]
    assert LINE_BREAK.join(lines) in label


def test_steps_are_shaded_by_their_share_of_lead_time():
    process = load(INVOICE)
    figures = analyse(process).metrics.per_step
    attrs = steps(parsed())
    for sid, figure in figures.items():
        if process.steps[sid].kind not in ("start", "end", "parallel"):
            assert attrs[sid]["fillcolor"] == style.heat_fill(figure.share), sid
    assert attrs["beslutsattest"]["fillcolor"] != "#ffffff"
    assert attrs["klar"]["fillcolor"] == "#ffffff"


def test_cross_department_handoffs_are_emphasised_and_rework_is_dashed():
    process = load(INVOICE)
    metrics = analyse(process).metrics
    scene = build_scene(process, analyse(process), Options(lang="sv"))
    lane = {block.id: scene.lanes[block.lane].key for block in scene.blocks}
    graph = parsed()
    thick = set()
    for edge in graph.edges():
        pair = (str(edge[0])[5:], str(edge[1])[5:])
        attrs = edge.attr
        if pair in metrics.rework_edges:
            assert attrs["style"] == "dashed" and attrs["color"] == style.REWORK, pair
        elif attrs["color"] == style.HANDOFF:
            assert float(attrs["penwidth"]) > 2, pair
            thick.add(pair)
        else:
            assert attrs["color"] == style.EDGE and float(attrs["penwidth"]) < 2, pair
    # Every thick arrow changes lanes (here: departments), and every handoff the analysis
    # marks is drawn: on its own arrow, or, where it leaves a gateway drawn in the lane the
    # work lands in, on the arrows that bring the work into that gateway's lane.
    assert thick and all(lane[u] != lane[v] for u, v in thick)
    for u, v in metrics.cross_department_edges:
        if (u, v) in thick:
            continue
        assert process.steps[u].role is None and lane[u] == lane[v], (u, v)
        assert any(head == u or process.steps[head].role is None for _, head in thick)
        entering = {tail for tail, head in thick if lane[head] == lane[v]}
        assert entering, (u, v)
    # The supplier-register decision sits with its branches in Ekonomi, not in IT: its 95 %
    # branch is no longer a thick arrow out of IT.
    assert lane["levkoll"] == lane["registrera"] == "ekonomi"
    assert ("levkoll", "registrera") not in thick


def test_rework_arrows_are_labelled_with_their_probability():
    graph = parsed()
    index = links(dot_text()).index(("beslutsattest", "kontera"))
    label = node(graph, f"label:{index}")["label"]
    assert words(label) == "fel kontering · 7 %" and style.REWORK in label
    ja = node(graph, f"label:{links(dot_text()).index(('stammer', 'kontera'))}")["label"]
    assert words(ja) == "ja · 90 %" and style.REWORK not in ja


def test_numbered_badges_match_the_hotspot_table():
    graph = parsed()
    badges = sorted(
        {int(str(n).split(":")[1]) for n in graph.nodes() if str(n).startswith("badge:")}
    )
    table = node(graph, "hotspots")["label"]
    listed = [int(n) for n in re.findall(r"<B>(\d+)</B></FONT></TD></TR></TABLE>", table)]
    assert badges == listed == list(range(1, style.TABLE_ROWS + 1))
    hotspots = analyse(load(INVOICE)).hotspots
    assert "Fakturorna blir liggande i attestkön" in table
    assert f"… och {len(hotspots) - style.TABLE_ROWS} till" in table


def test_night_notifications_get_a_marker():
    attrs = steps(parsed(ROOT / "examples" / "notify.yaml"))
    assert "natt 23:30" in attrs["paminn_chef"]["label"]
    assert style.NIGHT in attrs["paminn_chef"]["label"]
    assert "kl. 08:00" in attrs["paminn_medarbetare"]["label"]
    assert "natt" not in attrs["paminn_medarbetare"]["label"]
    english = steps(parsed(ROOT / "examples" / "notify.yaml", lang="en"))
    assert "night 23:30" in english["paminn_chef"]["label"]


def test_pain_points_hang_under_their_steps_with_their_votes():
    graph = parsed()
    note = node(graph, "note:beslutsattest")
    assert note["shape"] == "note"
    assert words(note["label"]) == (
        "”Fakturorna blir liggande i attestkön när jag sitter i möten hela dagarna” "
        "9 röster · +1 skav till"
    )
    english = node(parsed(lang="en"), "note:beslutsattest")["label"]
    assert words(english).startswith("“Fakturorna blir") and "9 votes" in english
    step_y = numbers(node(graph, "step:beslutsattest")["pos"])[1]
    assert numbers(note["pos"])[1] < step_y  # below (Graphviz's y grows upwards)
    assert not graph.has_node("note:kontroll")


def test_overloaded_roles_are_flagged_on_their_lane():
    titles = [node(parsed(), f"lane:{i}")["label"] for i in range(6)]
    assert words(titles[2]) == "Ekonomi Reskontraekonom: beläggning 87 %"
    assert style.OVERLOAD in titles[2]
    assert all("beläggning" not in title for i, title in enumerate(titles) if i != 2)


def test_the_title_gives_the_key_figures():
    title = node(parsed(), "title")["label"]
    assert "Leverantörsfaktura" in title
    for words in ("Ledtid 13,8 d", "flödeseffektivitet", "överlämningar per ärende"):
        assert words in title
    english = node(parsed(lang="en"), "title")["label"]
    assert "Lead time 13.8 d" in english and "handoffs per case" in english


def test_plain_leaves_out_every_annotation():
    graph = parsed(plain=True)
    names = [str(n) for n in graph.nodes()]
    assert not any(n.startswith(("badge:", "note:")) for n in names)
    assert "legend" not in names and "hotspots" not in names
    assert all(e.attr["color"] == style.EDGE for e in graph.edges())
    assert {a["fillcolor"] for a in steps(graph).values()} == {"#ffffff"}
    assert "Ledtid" not in node(graph, "title")["label"]
    assert "natt" not in dot_text(ROOT / "examples" / "notify.yaml", plain=True)


def test_highlight_dims_everything_else():
    # The arrows in focus are exactly the thick handoff arrows of the full picture.
    full = parsed()
    thick = {
        (str(edge[0])[5:], str(edge[1])[5:])
        for edge in full.edges()
        if edge.attr["color"] == style.HANDOFF
    }
    graph = parsed(highlight="handoffs")
    for edge in graph.edges():
        pair = (str(edge[0])[5:], str(edge[1])[5:])
        dimmed = edge.attr["color"] == style.DIM_LINE
        assert dimmed == (pair not in thick), pair
    attrs = steps(graph)
    assert attrs["betalforslag"]["fillcolor"] != style.DIM_FILL  # a handoff lands here
    assert attrs["utbetalning"]["fillcolor"] == style.DIM_FILL
    assert "Fokus: överlämningar" in node(graph, "title")["label"]
    table = node(graph, "hotspots")["label"]
    assert "överlämning" in table.lower() and "Påminnelse om attest" not in table


@pytest.mark.parametrize("highlight", ["loops", "bottlenecks", "pain"])
def test_every_highlight_keeps_something_in_focus(highlight):
    fills = {a["fillcolor"] for a in steps(parsed(highlight=highlight)).values()}
    assert style.DIM_FILL in fills and len(fills) > 1


#: The colours each --highlight keeps; every other annotation is grey.
THEMES = {
    "handoffs": {"handoff"},
    "loops": {"rework"},
    "bottlenecks": {"heat", "overload"},
    "pain": {"pain"},
}


def vivid_marks(graph) -> set[str]:
    """The sorts of annotation the picture shows in colour."""
    found = set()
    colours = {e.attr["color"] for e in graph.edges()}
    if style.HANDOFF in colours:
        found.add("handoff")
    if style.REWORK in colours:
        found.add("rework")
    fills = {a["fillcolor"] for a in steps(graph).values()}
    if fills & {colour for _, colour in style.HEAT[1:]}:
        found.add("heat")
    notes = [dict(n.attr) for n in graph.nodes() if str(n).startswith("note:")]
    if any(n["fillcolor"] == style.PAIN_FILL or style.PAIN_LINE in n["label"] for n in notes):
        found.add("pain")
    lanes = [node(graph, f"lane:{i}")["label"] for i in range(lane_count(graph))]
    if any(style.OVERLOAD in label for label in lanes):
        found.add("overload")
    if any(style.NIGHT in a["label"] for a in steps(graph).values()):
        found.add("night")
    return found


def test_without_highlight_every_annotation_has_its_colour():
    assert vivid_marks(parsed()) == {"handoff", "rework", "heat", "pain", "overload", "night"}


@pytest.mark.parametrize("highlight", sorted(THEMES))
def test_a_highlight_keeps_only_its_own_theme_in_colour(highlight):
    graph = parsed(highlight=highlight)
    assert vivid_marks(graph) == THEMES[highlight]
    legend = words(node(graph, "legend")["label"])
    assert "Nedtonat: utanför fokus" in legend
    assert ("Andel av ledtiden" in legend) == (highlight == "bottlenecks")
    assert ("Rapporterat skav (röster)" in legend) == (highlight == "pain")
    assert ("Överlämning mellan avdelningar" in legend) == (highlight == "handoffs")
    assert "Nattutskick" not in legend


def test_highlight_bottlenecks_keeps_the_bottleneck_steps_and_the_big_waits():
    analysis = analyse(load(INVOICE))
    per_step = analysis.metrics.per_step
    expected = {s for h in analysis.hotspots if h.kind == "bottleneck" for s in h.steps}
    expected |= {
        s
        for h in analysis.hotspots
        if h.code == "SKV303"
        for s in h.steps
        if per_step[s].share >= 0.10
    }
    assert {"beslutsattest", "mottagning", "betalforslag", "registrera"} <= expected
    small_waits = {s for h in analysis.hotspots if h.code == "SKV303" for s in h.steps}
    assert len(small_waits - expected) >= 8  # a wait at 1 % of the lead time is no bottleneck
    vivid = {
        sid
        for sid, attrs in steps(parsed(highlight="bottlenecks")).items()
        if attrs["fillcolor"] != style.DIM_FILL
    }
    assert vivid == expected
    table = words(node(parsed(highlight="bottlenecks"), "hotspots")["label"])
    assert "Reskontraekonom belagd till 87 %" in table and "Kontera fakturan" not in table


def test_every_word_the_tool_adds_follows_the_language():
    english = dot_text(lang="en")
    swedish = dot_text()
    for word in (
        "väntar",
        "Ledtid",
        "röster",
        "Så läser",
        "extern part",
        "beläggning",
        "Arbete/år",
    ):
        assert word in swedish and word not in english, word
    for word in ("waits", "Lead time", "votes", "How to read", "external party", "utilised"):
        assert word in english and word not in swedish, word


def test_lanes_by_role_follow_the_roles_of_the_file():
    graph = parsed(lanes="role")
    process = load(INVOICE)
    titles = [node(graph, f"lane:{i}")["label"] for i in range(lane_count(graph))]
    used = [r.name for r in process.roles.values()]
    assert len(titles) == len(used)
    for title, name in zip(titles, used, strict=False):
        assert name.split(" ")[0] in title


def test_the_same_input_gives_the_same_text():
    process = load(INVOICE)
    assert diagram_dot(process, Options(lang="sv")) == diagram_dot(
        load(INVOICE), Options(lang="sv")
    )


@pytest.mark.parametrize(
    ("name", "lang"), [("loop", "sv"), ("notify", "en"), ("parallel", "sv"), ("subprocess", "en")]
)
def test_scene_golden(name, lang):
    """What is shown (labels, shapes, colours, arrows), before layout: independent of fonts."""
    process = load(ROOT / "examples" / f"{name}.yaml")
    scene = build_scene(process, analyse(process), Options(lang=lang))
    text = measure_dot(dress(scene))
    path = GOLDEN / f"{name}.{lang}.dot"
    if os.environ.get("SKAVMAP_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_the_legend_explains_the_marks_in_the_picture_and_only_those():
    loop = words(node(parsed(ROOT / "examples" / "loop.yaml"), "legend")["label"])
    assert "Andel av ledtiden" in loop and "Slinga: går tillbaka" in loop
    assert "Rapporterat skav (röster)" in loop
    assert "Nattutskick utanför arbetstid" not in loop and "Överbelastad roll" not in loop
    notify = words(node(parsed(ROOT / "examples" / "notify.yaml"), "legend")["label"])
    assert "Nattutskick utanför arbetstid" in notify and "Slinga" not in notify
    invoice = words(node(parsed(), "legend")["label"])
    assert "Överbelastad roll" in invoice and "Överlämning mellan avdelningar" in invoice
    assert "Nedtonat" not in invoice  # only a --highlight dims
    english = words(node(parsed(ROOT / "examples" / "notify.yaml", lang="en"), "legend")["label"])
    assert "Night-time notification (outside working hours)" in english


def shape_key(graph) -> tuple[list[str], list[str]]:
    """The lines of the shape key, and the shapes of its samples in the same order."""
    label = node(graph, "shapes")["label"]
    lines = [words(row) for row in re.findall(r"<TR>(.*?)</TR>", label)]
    samples = [n for n in graph.nodes() if str(n).startswith("key:")]
    samples.sort(key=lambda n: -numbers(n.attr["pos"])[1])  # top to bottom
    return lines, [f"{str(n)[4:]}:{n.attr['shape']}" for n in samples]


def test_the_shape_key_explains_the_shapes_in_the_picture_and_only_those():
    lines, samples = shape_key(parsed())
    assert lines == [
        "Start",
        "Arbetssteg: arbetstid · väntan innan steget",
        "Väntan: ingen arbetar med ärendet",
        "Avisering: ett meddelande skickas",
        "Beslut: en av vägarna (sannolikhet vid pilen)",
        "Slut",
    ]
    assert samples == [
        "start:circle",
        "task:box",
        "wait:box",
        "notify:cds",
        "decision:diamond",
        "end:circle",
    ]
    graph = parsed()
    assert "dashed" in node(graph, "key:wait")["style"]
    assert "dashed" not in node(graph, "key:task")["style"]
    lines, samples = shape_key(parsed(ROOT / "examples" / "parallel.yaml", lang="en"))
    assert "Parallel: all ways at once, then together" in lines
    assert "parallel:diamond" in samples and "decision:diamond" not in samples
    lines, samples = shape_key(parsed(ROOT / "examples" / "subprocess.yaml", lang="en"))
    assert "Sub-process with a map of its own" in lines and "subprocess:box" in samples


def test_shape_key_samples_sit_in_their_rows():
    from skavmap.render.look import KEY_CELL, KEY_SPACING

    graph = parsed()
    x, y = numbers(node(graph, "shapes")["pos"])
    w, h = label_size(node(graph, "shapes")["label"])
    lines, _ = shape_key(graph)
    assert h == pytest.approx(len(lines) * (KEY_CELL[1] + KEY_SPACING) + KEY_SPACING, abs=1)
    top = y + h / 2
    for row, kind in enumerate(["start", "task", "wait", "notify", "decision", "end"]):
        sx, sy = numbers(node(graph, f"key:{kind}")["pos"])
        assert sx == pytest.approx(x - w / 2 + KEY_SPACING + KEY_CELL[0] / 2, abs=0.1)
        row_top = top - KEY_SPACING - row * (KEY_CELL[1] + KEY_SPACING)
        assert row_top - KEY_CELL[1] < sy < row_top


def label_size(label: str) -> tuple[float, float]:
    """The size Graphviz gives an HTML-like label (as pygraphviz reads it: without the
    outer angle brackets), in points."""
    graph = pygraphviz.AGraph(
        string=f'digraph {{ node [fontname="{style.FONT}" fontsize={style.NAME_SIZE}]; '
        f"a [shape=plain label=<{label}>]; }}"
    )
    graph.layout(prog="dot")
    n = graph.get_node("a")
    return float(n.attr["width"]) * 72, float(n.attr["height"]) * 72


def margins(attrs: dict) -> tuple[float, float]:
    x, y = (float(v) * 72 for v in attrs["margin"].split(","))
    return x, y


def test_decision_diamonds_hold_their_text_and_their_times_go_under_them():
    graph = parsed()
    decisions = {sid: a for sid, a in steps(graph).items() if a["shape"] == "diamond"}
    assert "beslutsattest" in decisions and len(decisions) >= 5
    for sid, attrs in decisions.items():
        if "+" in attrs["label"]:
            continue  # a parallel step holds only its sign
        text_w, text_h = label_size(attrs["label"])
        mx, my = margins(attrs)
        w, h = float(attrs["width"]) * 72, float(attrs["height"]) * 72
        # A box of a × b fits in a diamond W × H when a / W + b / H <= 1.
        assert (text_w + 2 * mx) / w + (text_h + 2 * my) / h <= 1.01, sid
    times = words(node(graph, "caption:beslutsattest")["label"])
    assert times == "2–5 min · väntar 3 d"
    assert "väntar" not in decisions["beslutsattest"]["label"]


def test_pain_notes_keep_their_text_clear_of_the_folded_corner():
    from skavmap.render.look import NOTE_FOLD

    graph = parsed()
    notes = [n for n in graph.nodes() if str(n).startswith("note:")]
    assert len(notes) >= 10
    for note in notes:
        attrs = dict(note.attr)
        # The text alone, without the spare column the note keeps for its corner.
        text = re.sub(r"<TD ROWSPAN[^>]*></TD>", "", attrs["label"])
        text_w, _ = label_size(text)
        mx, _ = margins(attrs)
        assert float(attrs["width"]) * 72 >= text_w + 2 * mx + NOTE_FOLD - 0.5, str(note)


def test_notifications_are_high_enough_for_their_text():
    attrs = steps(parsed())["paminn"]
    assert attrs["shape"] == "cds"
    _, text_h = label_size(attrs["label"])
    _, my = margins(attrs)
    # Graphviz draws the cds outline 11 points lower than the node.
    assert float(attrs["height"]) * 72 - 11 >= text_h + 2 * my
