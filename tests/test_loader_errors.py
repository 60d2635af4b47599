"""Every problem class of the format gets one message at its exact line and column."""

from __future__ import annotations

import textwrap

import pytest
from conftest import ROOT

from skavmap.commands.common import rule_codes
from skavmap.format.diagnostics import LoadError
from skavmap.format.loader import Loader, load, load_with_warnings

GOOD_HEAD = """\
process: Test
departments: {ekonomi: Ekonomi, it: IT}
roles:
  a: {name: A, department: ekonomi}
  b: {name: B, department: it}
systems: {rd: Raindance}
"""


def diagnostics(tmp_path, text, name="p.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return Loader(rule_codes()).load_file(path)[1]


def errors(tmp_path, text):
    return [
        f"{d.pos.line}:{d.pos.col}: {d.message}"
        for d in diagnostics(tmp_path, text)
        if d.severity == "error"
    ]


CASES = {
    "not-yaml": (
        "process: X\nsteps:\n  a: [b\n",
        "4:1: not valid YAML",
    ),
    "duplicate-key": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: e}\n  e: {kind: end}\n  e: {kind: end}\n",
        "10:3: duplicate key 'e' (first written at line 9)",
    ),
    "unknown-field": (
        GOOD_HEAD + "steps:\n  s: {kind: start, nxet: e}\n  e: {kind: end}\n",
        "8:20: unknown field 'nxet' in step 's'; did you mean 'next'?",
    ),
    "unknown-top-field": (
        "proces: X\nsteps:\n  s: {kind: start, next: e}\n  e: {kind: end}\n",
        "1:1: unknown field 'proces'; did you mean 'process'?",
    ),
    "missing-process-name": (
        "steps:\n  s: {kind: start, next: e}\n  e: {kind: end}\n",
        "1:1: missing field 'process'",
    ),
    "unknown-step": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: atest}\n  attest: {kind: end}\n",
        "8:26: unknown step 'atest' in next of 's'; did you mean 'attest'?",
    ),
    "unknown-step-in-branch": (
        GOOD_HEAD
        + "steps:\n  s:\n    kind: decision\n    next:\n      - {to: e, p: 0.5}\n"
        + "      - {to: ee2, p: 0.5}\n  e: {kind: end}\n",
        "12:14: unknown step 'ee2' in next of 's'",
    ),
    "unknown-role": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: t}\n  t: {role: c, work: 5m, next: e}\n"
        "  e: {kind: end}\n",
        "9:13: unknown role 'c' in step 't'",
    ),
    "unknown-role-suggested": (
        "process: X\nroles: {handlaggare: H}\nsteps:\n  s: {kind: start, next: t}\n"
        "  t:\n    role: handlagare\n    work: 5m\n    next: e\n  e: {kind: end}\n",
        "6:11: unknown role 'handlagare' in step 't'; did you mean 'handlaggare'?",
    ),
    "unknown-department": (
        "process: X\ndepartments: {ekonomi: Ekonomi}\nroles:\n  a: {department: ekonmi}\n"
        "steps:\n  s: {kind: start, next: t}\n  t: {role: a, work: 5m, next: e}\n"
        "  e: {kind: end}\n",
        "4:19: unknown department 'ekonmi' in role 'a'; did you mean 'ekonomi'?",
    ),
    "unknown-system": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: t}\n"
        "  t: {role: a, system: [rd, raindanse], work: 5m, next: e}\n  e: {kind: end}\n",
        "9:29: unknown system 'raindanse' in step 't'",
    ),
    "no-start": (
        GOOD_HEAD + "steps:\n  t: {role: a, work: 5m, next: e}\n  e: {kind: end}\n",
        "7:1: no start step",
    ),
    "two-starts": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: e}\n  s2: {kind: start, next: e}\n"
        "  e: {kind: end}\n",
        "9:3: a second start step 's2'",
    ),
    "no-end": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: t}\n  t: {role: a, work: 5m, next: s}\n",
        "7:1: no end step",
    ),
    "end-with-next": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: e}\n  e: {kind: end, next: s}\n",
        "9:18: end step 'e' has 'next'",
    ),
    "unreachable": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: e}\n  lost: {role: a, work: 5m, next: e}\n"
        "  e: {kind: end}\n",
        "9:3: step 'lost' cannot be reached from the start 's'",
    ),
    "no-way-to-end": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: d}\n  d:\n    kind: decision\n"
        "    next: [e, t]\n"
        "  t: {role: a, work: 5m, next: u}\n  u: {role: b, work: 5m, next: t}\n"
        "  e: {kind: end}\n",
        "12:3: no end can be reached from step 't'",
    ),
    "dead-end-task": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: d}\n  d:\n    kind: decision\n"
        "    next: [e, t]\n"
        "  t: {role: a, work: 5m}\n  e: {kind: end}\n",
        "12:3: step 't' has no 'next' and is not an end",
    ),
    "bad-duration": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: t}\n  t: {role: a, work: 5 minuter ca, "
        "next: e}\n  e: {kind: end}\n",
        "9:22: bad duration '5 minuter ca'",
    ),
    "bare-number-duration": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: t}\n  t: {role: a, wait: 30, next: e}\n"
        "  e: {kind: end}\n",
        "9:22: '30' has no unit; write 30m (minutes), 30h (hours) or 30d (working days)",
    ),
    "bad-clock-time": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: n}\n  n: {kind: notify, at: '25:00', "
        "next: e}\n  e: {kind: end}\n",
        "9:25: bad clock time '25:00'",
    ),
    "bad-working-hours": (
        "process: X\ncalendar: {hours: 7-18}\nroles: {a: A}\nsteps:\n  s: {kind: start, next: e}\n"
        "  e: {kind: end}\n",
        "2:19: bad working hours '7-18'",
    ),
    "probabilities-over-one": (
        GOOD_HEAD + "steps:\n  s:\n    kind: decision\n    next:\n      - {to: e, p: 0.9}\n"
        "      - {to: t, p: 30%}\n  t: {role: a, work: 5m, next: e}\n  e: {kind: end}\n",
        "10:5: the branch probabilities of 's' add up to 1.2 (120 %)",
    ),
    "probabilities-under-one": (
        GOOD_HEAD + "steps:\n  s:\n    kind: decision\n    next:\n      - {to: e, p: 0.5}\n"
        "      - {to: t, p: 0.3}\n  t: {role: a, work: 5m, next: e}\n  e: {kind: end}\n",
        "10:5: the branch probabilities of 's' add up to 0.8 (80 %), not 1",
    ),
    "bad-probability": (
        GOOD_HEAD + "steps:\n  s:\n    kind: decision\n    next:\n      - {to: e, p: 1.5}\n"
        "      - {to: t}\n  t: {role: a, work: 5m, next: e}\n  e: {kind: end}\n",
        "11:20: bad probability '1.5'",
    ),
    "decision-one-branch": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: d}\n  d: {kind: decision, next: [e]}\n"
        "  e: {kind: end}\n",
        "9:23: decision 'd' needs two or more branches in next; it has 1",
    ),
    "several-next-on-task": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: t}\n  t: {role: a, work: 5m, next: [e, s]}\n"
        "  e: {kind: end}\n",
        "9:26: step 't' has 2 entries in next; make it 'kind: decision'",
    ),
    "parallel-never-meets": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: p}\n  p: {kind: parallel, next: [x, y]}\n"
        "  x: {role: a, work: 5m, next: e1}\n  y: {role: b, work: 5m, next: e2}\n"
        "  e1: {kind: end}\n  e2: {kind: end}\n",
        "9:3: the branches of parallel 'p' never meet again",
    ),
    "parallel-branch-goes-back": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: t}\n  t: {role: a, work: 5m, next: p}\n"
        "  p: {kind: parallel, next: [x, y]}\n"
        "  x: {kind: decision, role: a, next: [{to: j, p: 0.5}, {to: t, p: 0.5}]}\n"
        "  y: {role: b, work: 5m, next: j}\n  j: {role: a, work: 5m, next: e}\n"
        "  e: {kind: end}\n",
        "11:56: a branch of parallel 'p' goes back from 'x' to 't', before the split",
    ),
    "unknown-kind": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: e}\n  e: {kind: slut}\n",
        "9:13: unknown kind 'slut'",
    ),
    "task-without-role": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: t}\n  t: {work: 5m, next: e}\n"
        "  e: {kind: end}\n",
        "9:3: task 't' has no role",
    ),
    "missing-subprocess-file": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: sub}\n"
        "  sub: {kind: subprocess, role: a, process: saknas.yaml, next: e}\n  e: {kind: end}\n",
        "9:45: sub-process file 'saknas.yaml' not found",
    ),
    "wrong-version": (
        "skavmap: 2\nprocess: X\nsteps:\n  s: {kind: start, next: e}\n  e: {kind: end}\n",
        "1:10: unsupported format version 2",
    ),
    "next-mapping-unknown-step": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: {to: atest, when: alltid}}\n"
        "  attest: {kind: end}\n",
        "8:31: unknown step 'atest' in next of 's'; did you mean 'attest'?",
    ),
    "next-mapping-unknown-field": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: {to: e, whn: alltid}}\n  e: {kind: end}\n",
        "8:34: unknown field 'whn' in step 's'; did you mean 'when'?",
    ),
    "pain-mapping": (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: e, pain: {text: Tröga svar}}\n"
        "  e: {kind: end}\n",
        "8:35: 'pain' should be text or a list, not a mapping",
    ),
    "top-level-list": (
        "- process: X\n- steps: []\n",
        "1:1: a process file must be a mapping with 'process:' and 'steps:' at the top, not a list",
    ),
    "empty-file": ("# bara en kommentar\n", "1:1: the file is empty"),
    "python-tag": (
        "process: !!python/object/apply:os.system ['touch /tmp/skavmap-pwned']\nsteps: {}\n",
        "1:10: YAML tag '!!python/object/apply:os.system' is not allowed",
    ),
    "alias-bomb": (
        'process: X\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
            f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
            f"*{chr(97 + i)}]\n"
            for i in range(8)
        ),
        "1:1: aliases expand this file from",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_problem_class_reported_at_exact_position(tmp_path, case):
    text, expected = CASES[case]
    found = errors(tmp_path, text)
    assert any(line.startswith(expected) for line in found), found


def test_every_problem_in_a_file_is_reported_in_one_run(tmp_path):
    text = (
        GOOD_HEAD + "steps:\n  s: {kind: start, next: t}\n"
        "  t: {role: x, nxet: e, work: 10, wait: 3 dagar}\n"
        "  u: {kind: decison, next: [e, s]}\n  e: {kind: end}\n"
    )
    found = errors(tmp_path, text)
    assert found == [
        "9:13: unknown role 'x' in step 't'",
        "9:16: unknown field 'nxet' in step 't'; did you mean 'next'?",
        "9:31: '10' has no unit; write 10m (minutes), 10h (hours) or 10d (working days)",
        "10:13: unknown kind 'decison'; did you mean 'decision'? a step's kind is one of task, "
        "start, end, decision, parallel, notify, wait, subprocess",
    ]


def test_python_tag_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = f"process: !!python/object/apply:os.system ['touch {marker}']\nsteps: {{}}\n"
    errors(tmp_path, text)
    assert not marker.exists()


def test_alias_bomb_does_not_expand(tmp_path):
    lines = ['process: X\nl0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 12)]
    found = errors(tmp_path, "\n".join(lines) + "\n")
    assert found and "alias bomb" in found[0]


def test_recursive_alias_is_refused(tmp_path):
    found = errors(tmp_path, "process: X\nsteps: &a\n  s: *a\n")
    assert found == ["2:8: an alias refers to the element that contains it"]


def test_file_over_size_cap(tmp_path):
    text = "process: X\n" + "# fyllnad\n" * 900_000
    found = errors(tmp_path, text)
    assert len(found) == 1 and "the largest process file skavmap reads is 8 MB" in found[0]


def test_binary_file(tmp_path):
    path = tmp_path / "bild.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    found = Loader().load_file(path)[1]
    assert [d.message for d in found] == ["not a text file (it contains binary data)"]


def test_latin1_file_gets_encoding_hint(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("process: Lön\nsteps: {}\n".encode("latin-1"))
    (found,) = Loader().load_file(path)[1]
    assert (found.pos.line, found.pos.col) == (1, 11)
    assert "not UTF-8" in found.message


def test_subprocess_cycle(tmp_path):
    body = (
        "  s: {{kind: start, next: sub}}\n"
        "  sub: {{kind: subprocess, role: a, process: {}, next: e}}\n"
        "  e: {{kind: end}}\n"
    )
    (tmp_path / "a.yaml").write_text(GOOD_HEAD + "steps:\n" + body.format("b.yaml"))
    (tmp_path / "b.yaml").write_text(GOOD_HEAD + "steps:\n" + body.format("a.yaml"))
    found = [str(d) for d in Loader().load_file(tmp_path / "a.yaml")[1] if d.severity == "error"]
    assert any("sub-processes call each other in a cycle" in line for line in found), found
    assert any(line.startswith(f"{tmp_path / 'b.yaml'}:9:45: error:") for line in found), found


def test_load_raises_load_error_with_every_error(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("process: X\nsteps:\n  s: {kind: start, next: e}\n  e: {kind: end, nxt: s}\n")
    with pytest.raises(LoadError) as caught:
        load(path)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{path}:4:18: error: unknown field 'nxt' in step 'e'; did you mean 'next'?"
    ]


WARNING_CASES = {
    "task-without-times": (
        "  t: {role: a, next: e}\n",
        "9:3: task 't' has neither 'work' nor 'wait'",
    ),
    "decision-without-p": (
        "  t: {role: a, work: 5m, next: d}\n  d: {kind: decision, next: [e, t]}\n",
        "10:3: decision 'd' gives no probabilities ('p'); an equal split is assumed",
    ),
    "unused-system": ("  t: {role: a, work: 5m, next: e}\n", "6:11: system 'rd' is never used"),
    "same-name": (
        "  t: {role: a, work: 5m, name: Attest, next: u}\n"
        "  u: {role: b, work: 5m, name: Attest, next: e}\n",
        "10:32: steps 't' (line 9) and 'u' have the same name 'Attest'",
    ),
}


@pytest.mark.parametrize("case", sorted(WARNING_CASES))
def test_warnings(tmp_path, case):
    steps, expected = WARNING_CASES[case]
    text = GOOD_HEAD + "steps:\n  s: {kind: start, next: t}\n" + steps + "  e: {kind: end}\n"
    path = tmp_path / "p.yaml"
    path.write_text(text)
    _, found = load_with_warnings(path)
    lines = [f"{d.pos.line}:{d.pos.col}: {d.message}" for d in found if d.severity == "warning"]
    assert any(line.startswith(expected) for line in lines), lines


def test_unused_department_and_role(tmp_path):
    text = (
        "process: X\ndepartments: {ekonomi: Ekonomi, hr: HR}\n"
        "roles: {a: {department: ekonomi}, b: {department: hr}}\n"
        "steps:\n  s: {kind: start, next: t}\n  t: {role: a, work: 5m, next: e}\n"
        "  e: {kind: end}\n"
    )
    path = tmp_path / "p.yaml"
    path.write_text(text)
    _, found = load_with_warnings(path)
    assert [f"{d.pos}: {d.message}" for d in found] == ["3:35: role 'b' is never used"]


ACTIONS_HEAD = (
    GOOD_HEAD
    + "steps:\n  s: {kind: start, next: t}\n  t: {role: a, work: 5m, next: e}\n"
    + "  e: {kind: end}\nactions:\n"
)


def test_actions_load_with_their_fields(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        ACTIONS_HEAD + "  - id: A1\n    text: Flytta påminnelser till dagtid\n"
        "    addresses: [t, SKV401]\n    owner: ekonomi\n    level: förvaltning\n"
        "    status: pågår\n    due: 2027-03-31\n"
        "  - {id: A2, text: Förenkla blanketten, addresses: t}\n",
        encoding="utf-8",
    )
    process = load(path)
    first, second = process.actions
    assert (first.id, first.addresses, first.owner, first.level, first.status) == (
        "A1",
        ("t", "SKV401"),
        "ekonomi",
        "förvaltning",
        "pågår",
    )
    assert str(first.due) == "2027-03-31" and (first.pos.line, first.pos.col) == (12, 5)
    assert (second.addresses, second.level, second.status, second.due) == (
        ("t",),
        None,
        "idé",
        None,
    )


ACTION_CASES = {
    "unknown-step": (
        "  - {id: A, text: x, addresses: [t, tt]}\n",
        "12:37: action 'A' addresses 'tt'",
    ),
    "unknown-code": (
        "  - {id: A, text: x, addresses: SKV999}\n",
        "12:33: unknown analyser code 'SKV999'",
    ),
    "unknown-owner": (
        "  - {id: A, text: x, owner: ekonom}\n",
        "12:29: unknown owner 'ekonom' in action 'A'",
    ),
    "bad-date": ("  - {id: A, text: x, due: 2027-02-30}\n", "12:27: bad date '2027-02-30'"),
    "bad-level": (
        "  - {id: A, text: x, level: forvaltning}\n",
        "12:29: unknown level 'forvaltning'; did you mean 'förvaltning'?",
    ),
    "bad-status": (
        "  - {id: A, text: x, status: klart}\n",
        "12:30: unknown status 'klart'; did you mean 'klar'?",
    ),
    "duplicate-id": (
        "  - {id: A, text: x}\n  - {id: A, text: y}\n",
        "13:10: action id 'A' is used twice (first at line 12)",
    ),
    "missing-text": ("  - {id: A}\n", "12:5: missing field 'text' in action 'A'"),
}


@pytest.mark.parametrize("case", sorted(ACTION_CASES))
def test_action_problems(tmp_path, case):
    text, expected = ACTION_CASES[case]
    found = errors(tmp_path, ACTIONS_HEAD + text)
    assert any(line.startswith(expected) for line in found), found


def test_numeric_ids_are_text(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        "process: X\nroles: {1: Ett}\nsteps:\n  0: {kind: start, next: 12}\n"
        "  12: {role: 1, work: 5m, next: 99}\n  99: {kind: end}\n"
        "actions:\n  - {id: 7, text: Gör något, addresses: [12]}\n",
        encoding="utf-8",
    )
    process = load(path)
    assert process.steps["0"].targets == ("12",)
    assert process.steps["12"].role == "1"
    assert process.actions[0].id == "7" and process.actions[0].addresses == ("12",)


def test_lower_case_code_gets_suggestion(tmp_path):
    found = errors(tmp_path, ACTIONS_HEAD + "  - {id: A, text: x, addresses: skv401}\n")
    assert found == [
        "12:33: unknown analyser code 'skv401' in action 'A'; did you mean 'SKV401'? "
        "(skavmap hotspots --list shows them)"
    ]


def test_a_misspelt_field_is_one_error_not_two(tmp_path):
    assert errors(tmp_path, CASES["unknown-top-field"][0]) == [
        "1:1: unknown field 'proces'; did you mean 'process'?"
    ]


def test_a_misspelt_steps_section_is_not_one_error_per_reference_to_a_step(tmp_path):
    text = (ROOT / "processes" / "invoice.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index("steps:") + 1
    found = errors(tmp_path, text.replace("\nsteps:\n", "\nstepz:\n"))
    # Its actions address and change steps that are all still in the file.
    assert found == [
        "1:1: missing field 'steps' (the steps of the process)",
        f"{line}:1: unknown field 'stepz'; did you mean 'steps'?",
    ]


def test_structure_references_and_graph_problems_come_in_one_run(tmp_path):
    text = (
        "process: Flera fel\nvolume: 100/mnad\ndepartments: {ekonomi: Ekonomi}\n"
        "roles:\n  a: {name: A, department: ekonomy}\nsteps:\n  s: {kind: start, next: t}\n"
        "  t: {role: a, work: 5m, wait: 1x, next: d}\n"
        "  d:\n    kind: decision\n    next: [{to: e, p: 0.6}, {to: t, p: 0.5}]\n"
        "  ensam: {role: a, work: 5m, next: e}\n  e: {kind: end}\n"
    )
    expected = [
        "2:9: bad volume '100/mnad'",
        "5:28: unknown department 'ekonomy'",
        "8:32: bad duration '1x'",
        "11:5: the branch probabilities of 'd' add up to 1.1",
        "12:3: step 'ensam' cannot be reached from the start 's'",
    ]
    found = errors(tmp_path, text)
    assert len(found) == len(expected), found
    pairs = zip(found, expected, strict=True)
    assert all(line.startswith(prefix) for line, prefix in pairs), found


YAML_HINTS = {
    "colon-in-name": (
        "process: X\nsteps:\n  s:\n    kind: start\n    name: Steg 2: granska\n",
        "5:17: not valid YAML: mapping values are not allowed in this context; a text with ': ' "
        "in it needs quotes",
    ),
    "tab-indent": (
        "process: X\nsteps:\n  s:\n\tkind: start\n",
        "4:1: not valid YAML: found character that cannot start any token",
    ),
    "key-indent": (
        "process: X\nsteps:\n  s: {kind: start, next: e}\n e: {kind: end}\n",
        "4:2: not valid YAML: did not find expected key",
    ),
}


@pytest.mark.parametrize("case", sorted(YAML_HINTS))
def test_yaml_mistakes_get_a_hint(tmp_path, case):
    text, expected = YAML_HINTS[case]
    (found,) = errors(tmp_path, text)
    assert found.startswith(expected), found
    hint = {
        "colon-in-name": "quotes",
        "tab-indent": "indent with spaces",
        "key-indent": "same column",
    }
    assert hint[case] in found


def test_a_key_written_over_two_lines_stays_on_one_diagnostic_line(tmp_path):
    text = 'process: X\nsteps:\n  s: {kind: start, next: e, "ne\\nxt": 1}\n  e: {kind: end}\n'
    assert errors(tmp_path, text) == [
        "3:29: unknown field 'ne\\nxt' in step 's'; did you mean 'next'?"
    ]


def test_one_branch_may_be_written_as_a_mapping(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        GOOD_HEAD + "steps:\n  s: {kind: start, next: k}\n"
        "  k:\n    role: a\n    work: 5m\n    next: {to: e, when: när allt är klart}\n"
        "  e: {kind: end}\n",
        encoding="utf-8",
    )
    step = load(path).steps["k"]
    assert [(b.to, b.when, b.p) for b in step.next] == [("e", "när allt är klart", 1.0)]
    assert (step.next[0].pos.line, step.next[0].pos.col) == (12, 11)


def test_true_or_false_is_never_a_number(tmp_path):
    found = errors(
        tmp_path,
        """\
        process: P
        roles:
          r: {name: R, capacity: true, cost_per_hour: false}
        steps:
          s: {kind: start, next: a}
          a: {role: r, work: 5m, next: e, pain: [{text: x, votes: true}]}
          e: {kind: end}
        actions:
          - {id: A1, text: T, changes: [{role: r, capacity: false}]}
        """,
    )
    assert found == [
        "3:26: write a number here, not 'true'",
        "3:47: write a number here, not 'false'",
        "6:59: write a number here, not 'true'",
        "9:53: write a number here, not 'false'",
    ]
