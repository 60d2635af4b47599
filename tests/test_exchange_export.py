"""``skavmap export``: BPMN 2.0 in skavmap's own layout, and Mermaid for GitHub and GitLab.

What the files say is read back with a real XML parser (the project's own, and lxml) and
compared with the process and with the layout the diagram draws; the real BPMN and Mermaid
tools judge the same files in tests/test_exchange_tools.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, SHIPPED, analysed, golden_checker, run_cli

from skavmap.analysis.engine import analyse
from skavmap.exporters.bpmn import SCALE, ascii_id, bpmn_text, iso_duration, picture
from skavmap.exporters.mermaid import MAX_EDGES, TooLarge, label_text, mermaid_text
from skavmap.format.loader import load
from skavmap.format.xmlsafe import parse_bytes
from skavmap.render.scene import Options

GOLDEN = ROOT / "tests" / "golden" / "exchange"
matches_golden = golden_checker(GOLDEN)
HOSTILE = ROOT / "tests" / "data" / "exchange" / "hostile.yaml"
M = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
DI = "{http://www.omg.org/spec/BPMN/20100524/DI}"
DC = "{http://www.omg.org/spec/DD/20100524/DC}"
ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def exported(name: str, lanes: str = "department", lang: str = "sv") -> tuple[str, object]:
    analysis = analysed(name)
    return bpmn_text(analysis.process, analysis, Options(lanes=lanes, lang=lang)), analysis.process


def tree(text: str):
    return parse_bytes(text.encode("utf-8"))


def elements(root, local: str):
    return [e for e in root.iter() if e.tag == M + local]


@pytest.mark.parametrize("name", ["examples/loop.yaml", "examples/parallel.yaml"])
def test_bpmn_golden(name):
    text, _ = exported(name)
    matches_golden(Path(name).stem + ".sv.bpmn", text)


def test_the_same_process_gives_the_same_bytes():
    assert exported("processes/invoice.yaml")[0] == exported("processes/invoice.yaml")[0]


@pytest.mark.parametrize("name", SHIPPED)
def test_every_step_is_one_flow_node_with_an_ascii_id_and_its_own_id_kept(name):
    text, process = exported(name)
    root = tree(text)
    ids = [
        e.get("id")
        for e in root.iter()
        if e.get("id") is not None and e.tag.startswith((M, DI))  # the XML ids, not ours
    ]
    assert len(ids) == len(set(ids)) and all(ID.match(i) for i in ids)
    kept = {e.get("id"): e for e in root.iter() if e.tag == "{urn:skavmap:bpmn:1}step"}
    assert list(kept) == list(process.steps)
    expected = {
        "task": "task",
        "start": "startEvent",
        "end": "endEvent",
        "decision": "exclusiveGateway",
        "parallel": "parallelGateway",
        "notify": "sendTask",
        "wait": "intermediateCatchEvent",
        "subprocess": "callActivity",
    }
    by_kind = {}
    process_element = elements(root, "process")[0]
    for node in process_element.children:
        for child in node.iter():
            if child.tag == "{urn:skavmap:bpmn:1}step":
                by_kind[child.get("id")] = node.local
    assert by_kind == {sid: expected[s.kind] for sid, s in process.steps.items()}


@pytest.mark.parametrize("name", SHIPPED)
def test_incoming_and_outgoing_match_the_flows_and_arrows_meet_only_at_gateways(name):
    root = tree(exported(name)[0])
    flows = {f.get("id"): f for f in elements(root, "sequenceFlow")}
    nodes = [
        n for n in elements(root, "process")[0].children if n.local not in (
            "sequenceFlow", "laneSet", "extensionElements", "documentation")
    ]  # fmt: skip
    for node in nodes:
        incoming = [c.text for c in node.children if c.local == "incoming"]
        outgoing = [c.text for c in node.children if c.local == "outgoing"]
        assert sorted(incoming) == sorted(
            k for k, f in flows.items() if f.get("targetRef") == node.get("id")
        )
        assert sorted(outgoing) == sorted(
            k for k, f in flows.items() if f.get("sourceRef") == node.get("id")
        )
        if not node.local.endswith("Gateway"):
            # BPMN lets only gateways join or split (bpmnlint: fake-join, no-implicit-split).
            assert len(incoming) <= 1 and len(outgoing) <= 1, node.get("id")
        else:
            assert not (len(incoming) > 1 and len(outgoing) > 1), node.get("id")
        if node.local == "startEvent":
            assert not incoming


def _shapes(root) -> dict[str, tuple[float, float, float, float]]:
    found = {}
    for shape in root.iter():
        if shape.tag == DI + "BPMNShape":
            bounds = next(c for c in shape.children if c.tag == DC + "Bounds")
            found[shape.get("bpmnElement")] = tuple(
                float(bounds.get(k)) for k in ("x", "y", "width", "height")
            )
    return found


@pytest.mark.parametrize("lanes", ["department", "role"])
@pytest.mark.parametrize("name", SHIPPED)
def test_shapes_sit_in_their_lanes_inside_the_pool_and_never_overlap(name, lanes):
    root = tree(exported(name, lanes)[0])
    shapes = _shapes(root)
    (pool,) = [shapes[p.get("id")] for p in elements(root, "participant")]
    lanes_found = elements(root, "lane")
    assert lanes_found
    scene, _ = picture(load(ROOT / name), Options(lanes=lanes, plain=True, wrap=0, lang="sv"))
    assert [e.get("name") for e in lanes_found] == [" ".join(lane.name) for lane in scene.lanes]
    previous_bottom = pool[1]
    for lane in lanes_found:
        x, y, w, h = shapes[lane.get("id")]
        assert y == pytest.approx(previous_bottom, abs=0.02)  # stacked, no gap
        assert x + w == pytest.approx(pool[0] + pool[2], abs=0.02)
        previous_bottom = y + h
        for ref in (c.text for c in lane.children if c.local == "flowNodeRef"):
            nx, ny, nw, nh = shapes[ref]
            assert x < nx and nx + nw < x + w and y < ny and ny + nh < y + h, ref
    assert previous_bottom == pytest.approx(pool[1] + pool[3], abs=0.02)
    nodes = [
        shapes[ref.text]
        for lane in lanes_found
        for ref in lane.children
        if ref.local == "flowNodeRef"
    ]
    for i, (ax, ay, aw, ah) in enumerate(nodes):
        for bx, by, bw, bh in nodes[i + 1 :]:
            assert ax + aw < bx or bx + bw < ax or ay + ah < by or by + bh < ay


def test_tasks_are_where_the_diagram_draws_them():
    """Not a second layout: every task keeps its box, scaled to pixels; steps in a lane keep
    their distances, and steps keep their order and columns (a strip of room for gateways
    moves whole columns right, a lane made taller for its name moves the lanes below)."""
    process = load(ROOT / "processes/invoice.yaml")
    scene, geometry = picture(process, Options(plain=True, wrap=0))
    shapes = _shapes(tree(bpmn_text(process)))
    lane = {block.id: block.lane for block in scene.blocks}
    tasks = [s.id for s in process.steps.values() if s.kind == "task"]
    for sid in tasks:
        box = geometry.shapes[sid]
        assert shapes[sid][2:] == (
            pytest.approx(box.w * SCALE, abs=0.01),
            pytest.approx(box.h * SCALE, abs=0.01),
        )
    for a in tasks:
        for b in tasks:
            ga, gb, sa, sb = geometry.shapes[a], geometry.shapes[b], shapes[a], shapes[b]
            if geometry.ranks[a] < geometry.ranks[b]:
                assert sa[0] + sa[2] < sb[0]
            if geometry.ranks[a] == geometry.ranks[b]:
                assert sa[0] + sa[2] / 2 == pytest.approx(sb[0] + sb[2] / 2, abs=0.02)
            if lane[a] == lane[b]:
                dy = (sa[1] + sa[3] / 2) - (sb[1] + sb[3] / 2)
                assert dy == pytest.approx((ga.y - gb.y) * SCALE, abs=0.02)


def test_arrows_start_and_end_on_the_shapes_and_run_square():
    root = tree(exported("processes/recruitment.yaml")[0])
    shapes = _shapes(root)
    for edge in (e for e in root.iter() if e.tag == DI + "BPMNEdge"):
        flow = next(
            f for f in elements(root, "sequenceFlow") if f.get("id") == edge.get("bpmnElement")
        )
        points = [
            (float(p.get("x")), float(p.get("y"))) for p in edge.children if p.local == "waypoint"
        ]
        assert len(points) >= 2
        for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
            assert ax == bx or ay == by  # square
        for point, ref in ((points[0], flow.get("sourceRef")), (points[-1], flow.get("targetRef"))):
            x, y, w, h = shapes[ref]
            near = pytest.approx
            on_side = point[0] in (near(x, abs=0.02), near(x + w, abs=0.02)) and (
                y <= point[1] <= y + h
            )
            on_top = point[1] in (near(y, abs=0.02), near(y + h, abs=0.02)) and (
                x <= point[0] <= x + w
            )
            assert on_side or on_top, (flow.get("id"), point, ref)


def test_gateways_where_arrows_meet_and_where_parallel_branches_join():
    root = tree(exported("tests/data/exchange/hostile.yaml")[0])
    gateways = {g.get("id"): g.local for g in root.iter() if g.local.endswith("Gateway")}
    # A merge before the step that both a join and a loop lead into, a parallel join, a
    # merge after the start (work comes back to it), and one before the looping branch.
    assert gateways["Join_mots"] == "parallelGateway"
    assert gateways["Merge_mots"] == "exclusiveGateway"
    assert gateways["Merge_end"] == "exclusiveGateway"
    assert gateways["Merge_b"] == "exclusiveGateway"
    flows = {(f.get("sourceRef"), f.get("targetRef")) for f in elements(root, "sequenceFlow")}
    assert ("end", "Merge_end") in flows and ("Merge_end", "Granska_arende") in flows
    assert ("Join_mots", "Merge_mots") in flows and ("Merge_mots", "mots") in flows
    assert ("d", "Join_mots") in flows and ("c", "Join_mots") in flows
    assert ("fraga", "Merge_mots") in flows


def test_decisions_carry_conditions_names_and_probabilities():
    root = tree(exported("examples/loop.yaml")[0])
    branches = {}
    for flow in elements(root, "sequenceFlow"):
        condition = [c for c in flow.children if c.local == "conditionExpression"]
        extension = [e for e in flow.iter() if e.local == "branch"]
        branches[flow.get("id")] = (
            flow.get("name"),
            condition[0].text if condition else None,
            condition[0].get("{http://www.w3.org/2001/XMLSchema-instance}type")
            if condition
            else None,
            dict(extension[0].attrib) if extension else None,
        )
    assert branches["Flow_komplett_beslut"] == (
        "ja · 75 %",
        "ja",
        "bpmn:tFormalExpression",
        {"when": "ja"},
    )
    assert branches["Flow_komplett_begar"] == (
        "nej · 25 %",
        "nej",
        "bpmn:tFormalExpression",
        {"when": "nej", "p": "0.25"},
    )
    assert branches["Flow_ansokan_granska"] == (None, None, None, None)


def test_waits_are_timer_events_with_iso_durations_and_the_working_time_kept():
    root = tree(exported("processes/invoice.yaml")[0])
    (event,) = [e for e in elements(root, "intermediateCatchEvent") if e.get("id") == "postgang"]
    (duration,) = [e for e in event.iter() if e.local == "timeDuration"]
    (step,) = [e for e in event.iter() if e.local == "step"]
    assert duration.text == iso_duration(
        load(ROOT / "processes/invoice.yaml").steps["postgang"].wait.hours, 8
    )
    assert step.get("wait") == load(ROOT / "processes/invoice.yaml").steps["postgang"].wait.text


def test_iso_durations():
    assert [iso_duration(h, 8) for h in (8, 40, 0.5, 9.5, 16.25)] == [
        "P1D",
        "P5D",
        "PT30M",
        "P1DT1H30M",
        "P2DT15M",
    ]


def test_documentation_says_times_systems_and_pain_in_words():
    root = tree(exported("processes/invoice.yaml", lang="en")[0])
    (task,) = [t for t in elements(root, "task") if t.get("id") == "kontera"]
    (doc,) = [c for c in task.children if c.local == "documentation"]
    assert doc.text.splitlines()[0].startswith("Work: ")
    assert "Systems: " in doc.text


def test_sub_processes_are_call_activities_and_keep_their_file():
    root = tree(exported("examples/subprocess.yaml")[0])
    (call,) = elements(root, "callActivity")
    assert call.get("calledElement") == "Process_subprocess-attest"
    (path,) = [e for e in call.iter() if e.tag == "{urn:skavmap:bpmn:1}process"]
    assert path.text == "subprocess-attest.yaml"


def test_hostile_names_stay_text():
    text = bpmn_text(load(HOSTILE))
    root = tree(text)  # well-formed
    names = {e.get("id"): e.get("name") for e in root.iter() if e.get("name") is not None}
    assert names["Granska_arende"] == 'rad1\nrad2 "x" & <tag> `code` #hash; %% click'
    assert names["Participant_hostile"] == "Hostile <script>alert('x')</script> & ]]> %% \"quoted\""
    assert "<script>" not in text and "]]>" not in text.replace("]]&gt;", "")
    (note,) = [e for e in root.iter() if e.local == "note"]
    assert note.text == "Anteckning med ]]> och  kontrolltecken?"  # the bell is not XML
    assert ascii_id("Granska ärende ]]>") == "Granska_arende"


# -- Mermaid ------------------------------------------------------------------------------


def test_mermaid_golden():
    process = load(ROOT / "examples/loop.yaml")
    matches_golden("loop.sv.mmd", mermaid_text(process, analyse(process), Options(lang="sv")))


def test_mermaid_hostile_golden():
    process = load(HOSTILE)
    text = mermaid_text(process, analyse(process), Options(lang="en"))
    matches_golden("hostile.en.mmd", text)
    for label in re.findall(r'"([^"\n]*)"', text):
        plain = re.sub(r"#\d+;", "", label.replace("<br>", " "))
        assert not set(plain) & set('#;"<>[]{}()|:%`&$\\'), label
    ids = re.findall(r"^    (\w+)[\[({>]", text, re.MULTILINE)
    assert ids == [f"n{i}" for i in range(1, len(ids) + 1)]  # never a step id such as end


def test_mermaid_labels():
    assert label_text("a\nb\u2028c  d") == "a b c d"
    assert label_text('x"]; click n1 call evil()') == "x#34;#93;#59; click n1 call evil#40;#41;"
    assert label_text("%%{init}%%") == "#37;#37;#123;init#125;#37;#37;"


def _chain(n: int) -> str:
    steps = ["  s0: {kind: start, next: s1}"]
    steps += [f"  s{i}: {{role: r, work: 5m, next: s{i + 1}}}" for i in range(1, n)]
    steps.append(f"  s{n}: {{kind: end}}")
    return "process: Lång\nroles: {r: Handläggare}\nsteps:\n" + "\n".join(steps) + "\n"


def test_mermaid_refuses_what_mermaid_would_refuse(tmp_path, cli):
    path = tmp_path / "lang.yaml"
    path.write_text(_chain(MAX_EDGES + 1), encoding="utf-8")
    with pytest.raises(TooLarge) as raised:
        mermaid_text(load(path))
    assert raised.value.edges == MAX_EDGES + 1
    done = cli("export", str(path), "--to", "mermaid", "-o", str(tmp_path / "ut.mmd"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{path}: error: as Mermaid this process has 501 arrows")
    assert not (tmp_path / "ut.mmd").exists()
    path.write_text(_chain(MAX_EDGES), encoding="utf-8")
    assert mermaid_text(load(path)).count("-->") == MAX_EDGES


def test_mermaid_refuses_more_than_its_characters(tmp_path):
    path = tmp_path / "ord.yaml"
    text = _chain(200)
    for i in range(1, 200):
        text = text.replace(f"  s{i}: {{role", f"  s{i}: {{name: Steg {i} {'å' * 300}, role")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TooLarge) as raised:
        mermaid_text(load(path))
    assert raised.value.size > 50_000 and raised.value.edges == 200


# -- the command --------------------------------------------------------------------------


def test_export_writes_each_file_and_keeps_sub_folders(tmp_path):
    out = tmp_path / "ut"
    done = run_cli("export", "processes", "--to", "bpmn", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        str(out / "invoice.bpmn"),
        str(out / "motala" / "invoice.bpmn"),
        str(out / "recruitment.bpmn"),
    ]
    assert (out / "motala" / "invoice.bpmn").read_text(encoding="utf-8").startswith("<?xml")


def test_export_mermaid_to_standard_output_and_to_markdown(tmp_path):
    done = run_cli("export", "examples/loop.yaml", "--to", "mermaid", "-o", "-", "--lang", "sv")
    assert done.returncode == 0 and done.stdout.startswith("flowchart LR\n")
    page = tmp_path / "karta.md"
    done = run_cli("export", "examples/loop.yaml", "--to", "mermaid", "-o", str(page))
    assert done.returncode == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("```mermaid\nflowchart LR\n") and text.endswith("```\n")


def test_export_usage_errors_write_nothing(tmp_path):
    done = run_cli("export", "examples/loop.yaml", "--to", "bpmn", "-o", str(tmp_path / "x.mmd"))
    assert done.returncode == 2
    assert "error: -o " in done.stderr and "--to bpmn writes .bpmn" in done.stderr
    done = run_cli("export", "examples/loop.yaml", "--to", "visio")
    assert done.returncode == 2 and "'visio' is not one of bpmn, mermaid" in done.stderr
    broken = tmp_path / "trasig.yaml"
    broken.write_text("process: X\nsteps:\n  a: {kind: start, next: b}\n", encoding="utf-8")
    done = run_cli(
        "export", str(broken), "examples/loop.yaml", "--to", "bpmn", "-o", str(tmp_path / "ut")
    )
    assert done.returncode == 2 and f"{broken}:3:" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "ut").exists()
    done = run_cli("export", "processes", "--to", "bpmn", "-o", "-")
    assert done.returncode == 2 and "one file" in done.stderr


def test_export_reads_bpmn_too(tmp_path):
    bpmn = tmp_path / "loop.bpmn"
    assert run_cli("export", "examples/loop.yaml", "--to", "bpmn", "-o", str(bpmn)).returncode == 0
    again = tmp_path / "again.bpmn"
    done = run_cli("export", str(bpmn), "--to", "bpmn", "-o", str(again))
    assert done.returncode == 0, done.stderr
    assert again.read_text(encoding="utf-8") == bpmn.read_text(encoding="utf-8")
    done = run_cli("export", str(bpmn), "--to", "bpmn", "-o", str(bpmn))
    assert done.returncode == 2 and "this is an input file" in done.stderr


def test_docstrings_run():
    import doctest

    import skavmap.commands.exchange
    import skavmap.exporters.bpmn
    import skavmap.exporters.mermaid
    import skavmap.format.bpmn
    import skavmap.format.xmlsafe
    import skavmap.format.yamlwrite

    for module in (
        skavmap.exporters.bpmn,
        skavmap.exporters.mermaid,
        skavmap.format.bpmn,
        skavmap.format.xmlsafe,
        skavmap.format.yamlwrite,
        skavmap.commands.exchange,
    ):
        failures, tried = doctest.testmod(module)
        assert tried > 0 and failures == 0, module.__name__
