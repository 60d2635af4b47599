"""``skavmap import`` and the ``.bpmn`` reader: BPMN files back into process files.

Round trips (process file → BPMN → process file) must keep every step, its id, role, times
and arrows; BPMN files from other tools (the BPMN MIWG reference models and Camunda's
invoice example in ../shared/corpus, and a hand-written file here) must give process files
that pass ``skavmap check``, with a warning, at its line and column, for everything left out.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT, SHARED, SHIPPED, golden_checker, run_cli, shipped_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scratch_repo import new_repo

from skavmap.analysis.effect import plan_effects
from skavmap.exporters.bpmn import bpmn_text
from skavmap.format.bpmn import Loader, iso_to_duration, read_bpmn, relative_to, slug
from skavmap.format.loader import load
from skavmap.format.yamlwrite import write
from skavmap.render.scene import Options

DATA = ROOT / "tests" / "data" / "exchange"
matches_golden = golden_checker(ROOT / "tests" / "golden" / "exchange")
CORPUS = SHARED / "corpus"
CORPUS_FILES = sorted([*CORPUS.glob("bpmn-miwg/*.bpmn"), *CORPUS.glob("camunda-invoice/*.bpmn")])
needs_corpus = pytest.mark.skipif(
    not CORPUS_FILES, reason=f"the third-party corpus is not at {CORPUS} (see conftest.SHARED)"
)


def meaning(process) -> dict:
    """Everything a process file says, as plain values (positions and paths as written
    aside)."""
    return {
        "header": (
            process.id,
            process.name,
            process.unit,
            process.owner,
            process.description,
            process.volume and process.volume.text,
            process.calendar,
        ),
        "departments": {d.id: d.name for d in process.departments.values()},
        "roles": {
            r.id: (r.name, r.department, r.external, r.capacity, r.cost_per_hour)
            for r in process.roles.values()
        },
        "systems": {s.id: s.name for s in process.systems.values()},
        "steps": {
            s.id: (
                s.kind,
                s.name,
                s.name_given,
                s.role,
                s.systems,
                s.work and s.work.text,
                s.wait and s.wait.text,
                s.at and s.at.text,
                tuple((b.to, b.when, round(b.p, 9), b.p_given) for b in s.next),
                s.forms,
                s.manual,
                tuple((p.text, p.source, p.votes) for p in s.pain),
                s.process and s.process.resolve(),
                s.note,
            )
            for s in process.steps.values()
        },
        "actions": [
            (
                a.id,
                a.text,
                a.addresses,
                a.owner,
                a.level,
                a.status,
                a.due,
                tuple(_change(c) for c in a.changes),
            )
            for a in process.actions
        ],  # fmt: skip
    }


def _change(change) -> tuple:
    fields = tuple(
        (k, v.text if hasattr(v, "text") else v) for k, v in sorted(change.fields.items())
    )
    return (change.step, change.role, change.remove, change.branch, change.p, fields)


def back(process, folder: Path, lanes: str = "department"):
    """``process`` written as BPMN into ``folder`` and read back as a process file."""
    bpmn = folder / f"{process.file.stem}.{lanes}.bpmn"
    bpmn.write_text(bpmn_text(process, None, Options(lanes=lanes)), encoding="utf-8")
    imported = read_bpmn(bpmn)
    assert imported.ours and imported.diagnostics == []
    target = folder / f"{process.file.stem}.back.yaml"
    target.write_text(write(relative_to(imported.draft, folder))[0], encoding="utf-8")
    return load(target)


@pytest.mark.parametrize("lanes", ["department", "role"])
def test_every_shipped_process_comes_back_the_same(tmp_path, lanes):
    shipped_copy(tmp_path)
    for name in SHIPPED:
        original = load(tmp_path / name)
        assert meaning(back(original, (tmp_path / name).parent, lanes)) == meaning(original), name


def test_blocks_that_share_their_join_come_back_as_parallel_work(tmp_path):
    # One join gateway for a block and the block inside it, as BPMN tools often draw it.
    path = tmp_path / "delad.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            process: Delad sammanföring
            departments: {d: D}
            roles: {x: {name: X, department: d}}
            steps:
              s: {kind: start, next: p1}
              p1: {kind: parallel, next: [a, p2]}
              a: {role: x, work: 2h, next: j}
              p2: {kind: parallel, next: [b, c]}
              b: {role: x, work: 1h, wait: 1d, next: j}
              c: {role: x, work: 3h, next: j}
              j: {role: x, work: 30m, next: e}
              e: {kind: end}
            """
        ),
        encoding="utf-8",
    )
    original = load(path)
    assert meaning(back(original, tmp_path)) == meaning(original)


def test_every_kind_of_change_and_a_role_s_price_come_back(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            process: Pris och plan
            volume: 20/week
            departments: {ek: Ekonomi}
            roles:
              r: {name: Reskontra, department: ek, capacity: 2, cost_per_hour: 650}
              c: {name: Chef, department: ek, cost_per_hour: 900.5}
            systems: {rd: Raindance, pr: Proceedo}
            steps:
              s: {kind: start, next: a}
              a: {name: Kontera, role: r, system: rd, work: 10-20m, wait: 4h, next: d}
              d:
                kind: decision
                role: c
                next: [{to: b, when: ja, p: 0.8}, {to: a, when: nej}]
              b: {name: Skanna, role: r, work: 5m, manual: true, forms: [Blankett], next: n}
              n: {kind: notify, name: Påminn, at: "02:00", next: e}
              e: {kind: end}
            actions:
              - id: Å1
                text: Allt på en gång
                changes:
                  - {step: a, wait: 1d, work: 5m, system: [rd, pr], role: c}
                  - {step: b, manual: false, forms: []}
                  - {step: d, branch: a, p: 5%}
                  - {step: n, at: "08:00"}
                  - {role: r, capacity: 3, cost_per_hour: 700}
              - id: Å2
                text: Bort med skanningen
                changes:
                  - {step: b, remove: true}
            """
        ),
        encoding="utf-8",
    )
    original = load(path)
    assert meaning(back(original, tmp_path)) == meaning(original)
    assert plan_effects(back(original, tmp_path)).plan == plan_effects(original).plan


def test_names_that_need_escaping_come_back(tmp_path):
    shutil.copy(DATA / "hostile.yaml", tmp_path / "hostile.yaml")
    original = load(tmp_path / "hostile.yaml")
    again = meaning(back(original, tmp_path))
    expected = meaning(original)
    # XML 1.0 cannot hold a bell character at all: it is the only thing left out.
    sid = "Granska ärende ]]>"
    step = list(expected["steps"][sid])
    step[-1] = step[-1].replace("\x07", "")
    expected["steps"][sid] = tuple(step)
    assert again == expected
    assert "Granska ärende ]]>" in again["steps"] and "end" in again["steps"]


def test_the_command_round_trip(tmp_path):
    work = shipped_copy(tmp_path / "work", "examples")
    done = run_cli(
        "export", "examples/subprocess.yaml", "--to", "bpmn", "-o", "examples/sub.bpmn", cwd=work
    )
    assert done.returncode == 0, done.stderr
    done = run_cli("import", "examples/sub.bpmn", "-o", "examples/tillbaka.yaml", cwd=work)
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout
        == "wrote examples/tillbaka.yaml; check it with: skavmap check examples/tillbaka.yaml\n"
    )
    text = (work / "examples/tillbaka.yaml").read_text(encoding="utf-8")
    assert "process: subprocess-attest.yaml" in text and "id: subprocess" in text
    assert run_cli("check", "examples/tillbaka.yaml", cwd=work).returncode == 0
    original = meaning(load(work / "examples/subprocess.yaml"))
    assert meaning(load(work / "examples/tillbaka.yaml")) == original


def test_a_hand_written_bpmn_file_golden(tmp_path):
    target = tmp_path / "foreign.yaml"
    done = run_cli("import", "tests/data/exchange/foreign.bpmn", "-o", str(target), "--lang", "sv")
    assert done.returncode == 0, done.stderr
    matches_golden("foreign.sv.yaml", target.read_text(encoding="utf-8"))
    matches_golden("foreign.warnings.sv.txt", done.stderr)
    # The same warnings in English.
    english = tmp_path / "foreign-en.yaml"
    done = run_cli("import", "tests/data/exchange/foreign.bpmn", "-o", str(english), "--lang", "en")
    assert done.returncode == 0, done.stderr
    matches_golden("foreign.warnings.txt", done.stderr)
    check = run_cli("check", str(target))
    assert check.returncode == 0, check.stdout + check.stderr


def test_what_is_left_out_is_a_warning_at_its_line_and_column():
    imported = read_bpmn(DATA / "foreign.bpmn")
    found = {(d.pos.line, d.pos.col): d.message for d in imported.diagnostics}
    assert all(d.severity == "warning" for d in imported.diagnostics)
    assert found[(10, 5)].startswith("pool 'Remissinstans' is not imported")
    assert found[(11, 5)].startswith("message flow 'Remiss' between pools is not imported")
    assert (
        found[(61, 7)]
        == "the data output association of user task 'Granska ansökan' is not imported"
    )
    assert found[(115, 5)].startswith(
        "boundary event 'Yttrande uteblir' on 'Skicka remiss' is imported as a decision"
    )
    assert found[(119, 5)] == "data object reference 'Granskningsprotokoll' is not imported"
    assert "camunda" in found[(53, 9)]


def test_lanes_become_roles_and_departments():
    draft = read_bpmn(DATA / "foreign.bpmn").draft
    assert {k: (r.name, r.department) for k, r in draft.roles.items()} == {
        "sokande": ("Sökande", None),
        "handlaggare": ("Handläggare", "samhallsbyggnad"),
        "chef": ("Chef", "samhallsbyggnad"),
        "systemforvaltare": ("Systemförvaltare", "it"),
    }
    assert {k: n for k, (n, _) in draft.departments.items()} == {
        "samhallsbyggnad": "Samhällsbyggnad",
        "it": "IT",
    }


@pytest.mark.git
def test_call_activities_run_the_process_file_next_to_them(tmp_path):
    # In a repository, as processes are kept: a process may run any process file of it.
    new_repo(tmp_path)
    shutil.copy(ROOT / "examples/subprocess-attest.yaml", tmp_path / "attest.yaml")
    bpmn = tmp_path / "huvud.bpmn"
    bpmn.write_text((DATA / "call.bpmn").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "ut"
    done = run_cli("import", str(bpmn), "-o", str(out / "huvud.yaml"))
    assert done.returncode == 0, done.stderr
    text = (out / "huvud.yaml").read_text(encoding="utf-8")
    assert "kind: subprocess" in text and "process: ../attest.yaml" in text
    process = load(out / "huvud.yaml")
    assert process.steps["attestera"].subprocess is not None
    missing = tmp_path / "utan"
    missing.mkdir()
    shutil.copy(bpmn, missing / "huvud.bpmn")
    done = run_cli("import", str(missing / "huvud.bpmn"), "-o", str(missing / "huvud.yaml"))
    assert done.returncode == 0
    assert (
        f"{missing / 'huvud.bpmn'}:8:5: warning: call activity 'Attestera' runs 'attest'"
        in done.stderr
    )
    assert "kind: subprocess" not in (missing / "huvud.yaml").read_text(encoding="utf-8")


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_files_import_pass_check_and_export_again_to_the_same_graph(path, tmp_path):
    target = tmp_path / f"{path.stem}.yaml"
    done = run_cli("import", str(path), "-o", str(target))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert all(": warning: " in line for line in done.stderr.splitlines())
    check = run_cli("check", str(target), "--quiet")
    assert check.returncode == 0, check.stdout + check.stderr
    first = load(target)
    exported = tmp_path / "again.bpmn"
    exported.write_text(bpmn_text(first), encoding="utf-8")
    second, diagnostics = Loader().load_file(exported)
    assert second is not None and not [d for d in diagnostics if d.severity == "error"]
    assert _graph(second).edges == _graph(first).edges
    assert {s.id: s.kind for s in second.steps.values()} == {
        s.id: s.kind for s in first.steps.values()
    }


@needs_corpus
@pytest.mark.parametrize(
    "name",
    [
        "bpmn-miwg/A.1.0.bpmn",
        "bpmn-miwg/A.2.0.bpmn",
        "pm4py/running-example.bpmn",
        "pm4py/receipt.bpmn",
        "camunda-invoice/reviewInvoice.bpmn",
    ],
)
def test_files_inside_the_subset_keep_their_graph(name):
    """Read independently (lxml): the flow nodes and sequence flows of the BPMN file, with
    the gateways that only merge passed through, are the step graph the import made."""
    from lxml import etree

    model = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
    root = etree.parse(str(CORPUS / name)).getroot()
    (process,) = [p for p in root.iter(f"{model}process") if len(p)]
    original = nx.DiGraph()
    kinds = {}
    for element in process:
        local = etree.QName(element).localname
        if local == "sequenceFlow":
            original.add_edge(element.get("sourceRef"), element.get("targetRef"))
        elif local != "laneSet" and element.get("id"):
            original.add_node(element.get("id"))
            kinds[element.get("id")] = local
    for node, local in kinds.items():
        if local.endswith("Gateway") and original.out_degree(node) == 1:
            (after,) = original.successors(node)
            original.add_edges_from((before, after) for before in original.predecessors(node))
            original.remove_node(node)
    imported, diagnostics = Loader().load_file(CORPUS / name)
    assert imported is not None and diagnostics == [d for d in diagnostics if d.severity != "error"]
    assert nx.is_isomorphic(original, _graph(imported))


def _graph(process) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(process.steps)
    graph.add_edges_from((s.id, t) for s in process.steps.values() for t in s.targets)
    return graph


# -- a .bpmn file as a process file ---------------------------------------------------------


def test_check_reads_bpmn_and_reports_at_the_bpmn_element(tmp_path):
    bpmn = tmp_path / "loop.bpmn"
    assert run_cli("export", "examples/loop.yaml", "--to", "bpmn", "-o", str(bpmn)).returncode == 0
    text = bpmn.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '<bpmn:task id="granska"' in row)
    bpmn.write_text(
        text.replace('role="handlaggare" work="10-20m"', 'role="handlägare" work="10-20m"'),
        encoding="utf-8",
    )
    done = run_cli("check", str(bpmn))
    assert done.returncode == 2
    assert f"{bpmn}:{line}:5: error: unknown role 'handlägare' in step 'granska'" in done.stdout
    assert "did you mean 'handlaggare'?" in done.stdout


def test_findings_in_a_bpmn_file_point_at_its_elements(tmp_path):
    bpmn = tmp_path / "invoice.bpmn"
    run_cli("export", "processes/invoice.yaml", "--to", "bpmn", "-o", str(bpmn))
    done = run_cli("check", "--verbose", str(bpmn))
    assert done.returncode == 0, done.stderr
    lines = bpmn.read_text(encoding="utf-8").splitlines()
    rows = [row for row in done.stdout.splitlines() if ": info: " in row]
    assert len(rows) > 20
    for row in rows:
        line, col = (int(n) for n in row[len(str(bpmn)) + 1 :].split(":")[:2])
        assert lines[line - 1][col - 1 :].startswith(("<bpmn:", "<skavmap:")), row


def test_folders_are_searched_for_bpmn_files_but_not_node_modules(tmp_path):
    shutil.copy(ROOT / "examples/minimal.yaml", tmp_path / "a.yaml")
    run_cli("export", "examples/loop.yaml", "--to", "bpmn", "-o", str(tmp_path / "b.bpmn"))
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    shutil.copy(tmp_path / "b.bpmn", tmp_path / "node_modules" / "pkg" / "c.bpmn")
    (tmp_path / "ritning.bpmn").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8"
    )
    done = run_cli("check", "--verbose", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "\nAll OK: 2 files, 2 processes checked" in done.stdout
    assert f"{tmp_path / 'b.bpmn'}:" in done.stdout and "node_modules" not in done.stdout


@pytest.mark.parametrize(
    "text, where, message",
    [
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<definitions>&b;</definitions>',
            "2:1",
            "the file declares a DOCTYPE",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<d>&x;</d>',
            "2:1",
            "the file declares a DOCTYPE",
        ),
        (
            b"<definitions>\n  <process>\n</definitions>",
            "3:3",
            "not well-formed XML: mismatched tag",
        ),
        (b"<a>&nbsp;</a>", "1:4", "not well-formed XML: undefined entity"),
        (
            b'<definitions xmlns="urn:other"/>',
            "1:1",
            "not a BPMN 2.0 file: it starts with <definitions>",
        ),
    ],
)
def test_unsafe_or_broken_xml_is_refused_with_its_position(tmp_path, text, where, message):
    path = tmp_path / "ond.bpmn"
    path.write_bytes(text)
    for command in (["import", str(path), "-o", str(tmp_path / "ut.yaml")], ["check", str(path)]):
        done = run_cli(*command)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        # import says it on standard error, check (a report) on standard output
        assert f"{path}:{where}: error: {message}" in done.stderr + done.stdout
    assert not (tmp_path / "ut.yaml").exists()


def test_import_never_overwrites_unless_told(tmp_path):
    target = tmp_path / "foreign.yaml"
    target.write_text("# mitt eget\n", encoding="utf-8")
    done = run_cli("import", "tests/data/exchange/foreign.bpmn", "-o", str(target))
    assert done.returncode == 2
    assert f"{target} exists; choose another -o, or add --force" in done.stderr
    assert target.read_text(encoding="utf-8") == "# mitt eget\n"
    done = run_cli(
        "import", "tests/data/exchange/foreign.bpmn", "-o", str(target), "--force", "--lang", "en"
    )
    assert done.returncode == 0
    assert target.read_text(encoding="utf-8").startswith(
        "# Imported from foreign.bpmn with skavmap import. The comments say what was guessed;"
    )


def test_import_of_a_folder_and_of_a_process_file(tmp_path):
    folder = tmp_path / "bpmn"
    folder.mkdir()
    shutil.copy(DATA / "foreign.bpmn", folder / "a.bpmn")
    run_cli("export", "examples/loop.yaml", "--to", "bpmn", "-o", str(folder / "sub" / "b.bpmn"))
    done = run_cli("import", str(folder), "-o", str(tmp_path / "ut"))
    assert done.returncode == 0, done.stderr
    assert sorted(
        p.relative_to(tmp_path / "ut").as_posix() for p in (tmp_path / "ut").rglob("*.yaml")
    ) == ["a.yaml", "sub/b.yaml"]
    done = run_cli("import", "examples/loop.yaml", "-o", str(tmp_path / "x.yaml"))
    assert done.returncode == 2 and "is a process file already" in done.stderr


def test_iso_durations_and_slugs():
    assert iso_to_duration("P1W2D") == ("1w2d", True)
    assert iso_to_duration("PT90M") == ("1h30m", True)
    assert iso_to_duration("PT30S") == ("1m", False)
    assert iso_to_duration("R3/PT1H") == (None, False)
    assert slug("Åtgärda fel i ärendet (om det behövs)") == "atgarda_fel_i_arendet_om_det_behovs"


def test_a_step_a_bpmn_tool_added_takes_the_role_of_its_lane(tmp_path):
    """A step without skavmap's extension in a file skavmap wrote (a tool added it, or
    dropped its extension): its lane gives the role, its text the note."""
    import re

    bpmn = tmp_path / "loop.bpmn"
    run_cli("export", "examples/loop.yaml", "--to", "bpmn", "-o", str(bpmn), "--lang", "en")
    text = bpmn.read_text(encoding="utf-8")
    edited = re.sub(
        r'(<bpmn:task id="granska"[^>]*>.*?)<bpmn:extensionElements>.*?</bpmn:extensionElements>',
        r"\1",
        text,
        count=1,
        flags=re.DOTALL,
    )
    assert edited != text
    bpmn.write_text(edited, encoding="utf-8")
    process, diagnostics = Loader().load_file(bpmn)
    assert process is not None, diagnostics
    step = process.steps["granska"]
    assert (step.role, step.name, step.work) == ("handlaggare", "Granska ansökan", None)
    assert step.note.startswith("Work: 10–20 min")


_KINDS = (
    "task",
    "userTask",
    "sendTask",
    "startEvent",
    "endEvent",
    "exclusiveGateway",
    "parallelGateway",
    "inclusiveGateway",
    "eventBasedGateway",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "subProcess",
    "callActivity",
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kinds=st.lists(st.sampled_from(_KINDS), min_size=1, max_size=10),
    flows=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.booleans()), max_size=20),
    lanes=st.lists(st.sets(st.integers(0, 9)), max_size=3),
    boundary=st.none() | st.tuples(st.integers(0, 9), st.integers(0, 9)),
)
def test_any_graph_of_flow_nodes_imports_to_a_file_that_passes_check(
    tmp_path, kinds, flows, lanes, boundary
):
    """Whatever shape a BPMN process has (splits without gateways, several starts, dead
    ends, loops with no way out, gateways that lead nowhere), the import says it in a form
    the format accepts."""
    n = len(kinds)
    parts = ['<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">']
    if lanes:
        parts.append('<laneSet id="ls">')
        for j, members in enumerate(lanes):
            refs = "".join(f"<flowNodeRef>n{i}</flowNodeRef>" for i in sorted(members) if i < n)
            parts.append(f'<lane id="l{j}" name="Bana {j}">{refs}</lane>')
        parts.append("</laneSet>")
    parts += [f'<{kind} id="n{i}" name="Steg {i}"/>' for i, kind in enumerate(kinds)]
    for j, (a, b, named) in enumerate(flows):
        name = ' name="ja"' if named else ""
        parts.append(f'<sequenceFlow id="f{j}" sourceRef="n{a % n}" targetRef="n{b % n}"{name}/>')
    if boundary is not None:
        a, b = boundary
        parts.append(f'<boundaryEvent id="b" attachedToRef="n{a % n}"/>')
        parts.append(f'<sequenceFlow id="fb" sourceRef="b" targetRef="n{b % n}"/>')
    parts.append("</process></definitions>")
    path = tmp_path / "slump.bpmn"
    path.write_text("\n".join(parts), encoding="utf-8")
    process, diagnostics = Loader().load_file(path)
    assert [d for d in diagnostics if d.severity == "error"] == []
    assert process is not None


def test_a_parallel_gateway_whose_branch_is_entered_from_beside_becomes_a_decision(tmp_path):
    # n1 starts a (n2), n3 and b (n4); n3 starts a again and ends: a would run twice while
    # n3's block waits for its own branches only. The format refuses that shape, so the
    # import makes n3 a choice and says so; the file passes check.
    nodes = ["startEvent", "parallelGateway", "task", "parallelGateway", "task", "endEvent"]
    flows = [(0, 1), (1, 2), (1, 3), (1, 4), (3, 2), (3, 5), (2, 4), (4, 5)]
    parts = ['<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">']
    parts += [f'<{kind} id="n{i}" name="Steg {i}"/>' for i, kind in enumerate(nodes)]
    parts += [f'<sequenceFlow id="f{j}" sourceRef="n{a}" targetRef="n{b}"/>'
              for j, (a, b) in enumerate(flows)]  # fmt: skip
    parts.append("</process></definitions>")
    path = tmp_path / "korsar.bpmn"
    path.write_text("\n".join(parts), encoding="utf-8")
    process, diagnostics = Loader().load_file(path)
    assert [d for d in diagnostics if d.severity == "error"] == []
    assert process.steps["n3"].kind == "decision" and process.steps["n1"].kind == "parallel"
    assert any("'Steg 3'" in d.message and "imported as a decision" in d.message
               for d in diagnostics)  # fmt: skip


def test_every_kind_of_bpmn_element_the_import_names_has_its_swedish():
    from skavmap.format import bpmn
    from skavmap.format.phrases import BPMN_KINDS_SV, bpmn_kind

    named = bpmn._NODES | bpmn._DEFINITIONS | {"boundaryEvent", "dataObject", "participant"}
    assert named <= set(BPMN_KINDS_SV), named - set(BPMN_KINDS_SV)
    assert bpmn_kind("userTask", "the").text("sv") == "användaruppgiften"
    assert bpmn_kind("property", "many", 2).text("en") == "2 properties"
    assert bpmn_kind("property", "many", 2).text("sv") == "2 egenskaper"
    # A kind of no Swedish name is said in BPMN's own words, never as a key.
    assert bpmn_kind("fooBarBaz", "the").text("sv") == "foo bar baz"


@needs_corpus
def test_what_the_corpus_files_leave_out_is_said_in_swedish():
    english = (" is not imported", " are not imported", "task '", "event '", "gateway '",
               "data ", "specification", "sub process", " of ")  # fmt: skip
    said = 0
    for path in CORPUS_FILES:
        for diagnostic in read_bpmn(path).diagnostics:
            assert diagnostic.phrase is not None, diagnostic
            swedish = diagnostic.text("sv")
            assert swedish != diagnostic.message
            words = re.sub(r"'[^']*'|https?://\S+", "''", swedish)  # names are the modeller's
            assert not [w for w in english if w in words], swedish
            said += 1
    assert said > 100


def test_broken_xml_is_refused_in_swedish(tmp_path):
    path = tmp_path / "trasig.bpmn"
    path.write_bytes(b"<definitions>\n  <process>\n</definitions>")
    done = run_cli("import", str(path), "-o", str(tmp_path / "ut.yaml"), "--lang", "sv")
    assert done.returncode == 2
    assert f"{path}:3:3: error: inte korrekt XML: mismatched tag" in done.stderr
    check = run_cli("check", str(path), "--lang", "sv")
    assert check.returncode == 2
    assert f"{path}:3:3: error: inte korrekt XML: mismatched tag" in check.stdout
    path.write_bytes(b'<definitions xmlns="urn:other"/>')
    done = run_cli("import", str(path), "-o", str(tmp_path / "ut.yaml"), "--lang", "sv")
    assert f"{path}:1:1: error: inte en BPMN 2.0-fil: den börjar med <definitions>" in done.stderr


def test_import_refuses_to_overwrite_in_swedish(tmp_path):
    target = tmp_path / "finns.yaml"
    target.write_text("orörd\n", encoding="utf-8")
    source = DATA / "foreign.bpmn"
    done = run_cli("import", str(source), "-o", str(target), "--lang", "sv")
    assert done.returncode == 2
    assert f"{source}:1:1: error: {target} finns redan; välj en annan -o" in done.stderr
    assert target.read_text(encoding="utf-8") == "orörd\n"
    english = run_cli("import", str(source), "-o", str(target), "--lang", "en")
    assert f"{target} exists; choose another -o, or add --force" in english.stderr


def test_the_comments_name_bpmn_kinds_in_the_files_language(tmp_path):
    source = tmp_path / "tjanst.bpmn"
    source.write_text(
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">\n'
        '  <process id="p"><startEvent id="s"/><serviceTask id="t" name="Hämta"/>'
        '<endEvent id="e"/>\n'
        '    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>'
        '<sequenceFlow id="f2" sourceRef="t" targetRef="e"/></process>\n</definitions>\n',
        encoding="utf-8",
    )
    for lang, comment in (
        ("sv", "# En tjänsteuppgift i BPMN."),
        ("en", "# A service task in BPMN."),
    ):
        target = tmp_path / f"{lang}.yaml"
        done = run_cli("import", str(source), "-o", str(target), "--lang", lang)
        assert done.returncode == 0, done.stderr
        assert comment in target.read_text(encoding="utf-8")


def test_import_writes_only_a_yaml_file(tmp_path):
    bpmn = tmp_path / "p.bpmn"
    process = load(ROOT / "examples" / "minimal.yaml")
    bpmn.write_text(bpmn_text(process, None, Options()), encoding="utf-8")
    done = run_cli("import", str(bpmn), "-o", str(tmp_path / "p.txt"), "--lang", "sv")
    assert done.returncode == 2 and not (tmp_path / "p.txt").exists()
    assert done.stderr == (
        f"error: -o {tmp_path / 'p.txt'}: import skriver en processfil; ge den namnet .yaml "
        "eller .yml\n"
    )
