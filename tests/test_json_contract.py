"""Every command that analyses processes prints the format specification's JSON.

The format specification (its "Machine-readable output") binds every such command: with
``--format json`` it prints one object with ``skavmap: 1`` and ``processes``, each with
``id``, ``name``, ``file``, ``metrics`` and ``hotspots`` (highest score first). One
parametrised test runs each command as a user would, on shipped files; another makes sure
that a command added later is either in that list or named as one that prints no analysis.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, run_cli, shipped_copy

from skavmap.analysis.rules import KINDS

INVOICE = "processes/invoice.yaml"
MOTALA = "processes/motala/invoice.yaml"
RECRUITMENT = "processes/recruitment.yaml"
BEFORE = "examples/diff/invoice-before.yaml"
LOOP = "examples/loop.yaml"

#: command → (its arguments, the files its ``processes`` must list, in order)
COMMANDS = {
    "check": (["check", INVOICE, LOOP], [INVOICE, LOOP]),
    "hotspots": (["hotspots", INVOICE, RECRUITMENT], [INVOICE, RECRUITMENT]),
    "actions": (["actions", INVOICE, MOTALA, RECRUITMENT], [INVOICE, MOTALA, RECRUITMENT]),
    "compare": (["compare", INVOICE, MOTALA], [INVOICE, MOTALA]),
    "diff": (["diff", BEFORE, INVOICE], [INVOICE]),
    "report": (["report", INVOICE, LOOP], [INVOICE, LOOP]),
    "render": (["render", INVOICE, LOOP], [INVOICE, LOOP]),
    "evidence": (["evidence", LOOP, "--log", str(ROOT / "examples/evidence/loop-log.csv")], [LOOP]),
    "whatif": (["whatif", INVOICE, "--change", "beslutsattest.wait=1d"], [INVOICE]),
}
#: Commands that print no analysis: the schema, a starter file, an analyser's documentation,
#: and watch, which redraws one diagram on every save until it is stopped.
#: simulate writes an event log; export and import convert a process to and from other formats
#: (export's heat colours are the diagram's, not a report).
NOT_ANALYSING = {"schema", "new", "explain", "watch", "simulate", "export", "import"}

METRICS = {
    "steps": int,
    "lead_time_hours": float,
    "work_time_hours": float,
    "flow_efficiency": float,
    "handoffs": float,
    "cross_department_handoffs": float,
    "loops": int,
}
CONTRACT = ("id", "name", "file", "metrics", "hotspots")
HOTSPOT = {"code": str, "kind": str, "steps": list, "score": float, "message": str}


def is_a(value: object, wanted: type) -> bool:
    """JSON's types as the contract means them: a whole number is a number too, a bool is not."""
    if isinstance(value, bool):
        return False
    if wanted is float:
        return isinstance(value, int | float)
    return isinstance(value, wanted)


def assert_contract(document: object, files: list[str], where: Path) -> None:
    assert isinstance(document, dict)
    assert document["skavmap"] == 1 and not isinstance(document["skavmap"], bool)
    processes = document["processes"]
    assert isinstance(processes, list)
    assert [p["file"] for p in processes] == files
    for process in processes:
        assert list(process)[:5] == list(CONTRACT)
        assert isinstance(process["id"], str) and process["id"]
        assert isinstance(process["name"], str) and process["name"]
        assert (where / process["file"]).is_file()
        metrics = process["metrics"]
        for key, wanted in METRICS.items():
            assert is_a(metrics[key], wanted), (key, metrics[key])
        assert metrics["steps"] > 0 and 0 <= metrics["flow_efficiency"] <= 1
        hotspots = process["hotspots"]
        assert isinstance(hotspots, list)
        for hotspot in hotspots:
            for key, wanted in HOTSPOT.items():
                assert is_a(hotspot[key], wanted), (key, hotspot[key])
            assert re.fullmatch(r"SKV\d{3}", hotspot["code"])
            assert hotspot["kind"] in KINDS
            assert all(isinstance(step, str) for step in hotspot["steps"])
            assert 0 <= hotspot["score"] <= 100
        scores = [h["score"] for h in hotspots]
        assert scores == sorted(scores, reverse=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the shipped process files, so that a stray file written shows."""
    return shipped_copy(tmp_path_factory.mktemp("kommun"), "processes", "examples")


def files_in(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_command_prints_the_contract(command, project):
    args, files = COMMANDS[command]
    before = files_in(project)
    done = run_cli(*args, "--format", "json", cwd=project)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    assert_contract(json.loads(done.stdout), files, project)
    assert files_in(project) == before, "--format json writes no file"


def test_the_same_process_is_the_same_entry_in_every_command(project):
    """Where no option filters hotspots, every command lists a process alike: all of them."""
    entries: dict[str, list[dict]] = {}
    for command in ("hotspots", "actions", "compare", "diff", "report", "render"):
        done = run_cli(*COMMANDS[command][0], "--format", "json", "--lang", "sv", cwd=project)
        for process in json.loads(done.stdout)["processes"]:
            contract = {key: process[key] for key in CONTRACT}
            entries.setdefault(process["file"], []).append(contract)
    assert len(entries[INVOICE]) == 6
    for same in entries.values():
        assert all(entry == same[0] for entry in same)
    hotspots = run_cli("hotspots", INVOICE, LOOP, "--format", "json", cwd=project).stdout
    assert run_cli("report", INVOICE, LOOP, "--format", "json", cwd=project).stdout == hotspots
    assert run_cli("render", INVOICE, LOOP, "--format", "json", cwd=project).stdout == hotspots


def test_no_command_is_left_out():
    from skavmap.cli import app

    names = {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
    assert names == set(COMMANDS) | NOT_ANALYSING


@pytest.mark.parametrize("command", ["report", "render"])
def test_json_goes_to_standard_output_only(command, project, tmp_path):
    done = run_cli(command, INVOICE, "--format", "json", "-o", str(tmp_path / "out"), cwd=project)
    assert done.returncode == 2 and "leave out -o" in done.stderr and not done.stdout
    assert not list(tmp_path.iterdir())
