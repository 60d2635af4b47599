"""What ``simulate -o`` and ``evidence --update``/``--write`` may write: never an input,
never a file they did not make (another process file, a log from a system), never a device
or a folder; every refusal one line, status 2, the file untouched."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import ROOT, run_cli

LOOP = ROOT / "examples" / "loop.yaml"


@pytest.fixture
def work(tmp_path):
    shutil.copy(LOOP, tmp_path / "p.yaml")
    done = run_cli("simulate", "p.yaml", "--cases", "60", "--seed", "3", "-o", "log.csv",
                   cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return tmp_path


def refused(done, expected: str) -> None:
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == expected
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("p.yaml", "p.yaml: error: this is an input file; write the output elsewhere"),
        ("log.txt", "-o log.txt: error: simulate writes a log as .csv, .xes, .xes.gz or .parquet"),
        (
            "export.csv",
            "export.csv: error: the file exists and is not a log skavmap simulated; "
            "choose another -o",
        ),
        ("folder.csv", "folder.csv: error: is a folder; name a file to write"),
        ("pipe.csv", "pipe.csv: error: is not a regular file (a device or pipe); not replaced"),
    ],
)
def test_simulate_never_writes_over_what_it_did_not_make(work, target, expected):
    (work / "export.csv").write_text("Ärende;Händelse\n1;Registrerad\n", encoding="utf-8")
    (work / "folder.csv").mkdir()
    os.mkfifo(work / "pipe.csv")
    before = {p.name: p.read_bytes() for p in work.iterdir() if p.is_file()}
    refused(run_cli("simulate", "p.yaml", "--cases", "5", "-o", target, cwd=work), expected)
    assert {p.name: p.read_bytes() for p in work.iterdir() if p.is_file()} == before


def test_simulate_writes_its_own_log_again(work):
    for name in ("log.csv", "log.xes", "log.xes.gz", "log.parquet"):
        for seed in ("1", "2"):
            done = run_cli("simulate", "p.yaml", "--cases", "4", "--seed", seed, "-o", name,
                           cwd=work)  # fmt: skip
            assert done.returncode == 0, (name, done.stderr)
    refused(
        run_cli("simulate", "p.yaml", "--cases", "2000000", "-o", "log.csv", cwd=work),
        "error: --cases can be at most 1,000,000",
    )


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("log.csv", "log.csv: error: this is an input file; write the output elsewhere"),
        (
            "other.yaml",
            "other.yaml: error: the file exists and is not p.yaml; write the values to a new "
            "file, or use --write to update p.yaml itself",
        ),
        ("map", "map: error: is a folder; name a file to write"),
        (
            "values.txt",
            "values.txt: error: the measured values go into a process file; name it .yaml or .yml",
        ),
    ],
)
def test_update_never_writes_over_the_log_or_another_file(work, target, expected):
    shutil.copy(LOOP, work / "other.yaml")
    (work / "map").mkdir()
    before = {p.name: p.read_bytes() for p in work.iterdir() if p.is_file()}
    done = run_cli("evidence", "p.yaml", "--log", "log.csv", "--update", target, cwd=work)
    refused(done, expected)
    assert {p.name: p.read_bytes() for p in work.iterdir() if p.is_file()} == before


def test_update_writes_a_new_file_or_the_process_itself(work):
    done = run_cli("evidence", "p.yaml", "--log", "log.csv", "--update", "new/p.yaml", cwd=work)
    assert done.returncode == 0, done.stderr
    written = (work / "new" / "p.yaml").read_text(encoding="utf-8")
    assert written != LOOP.read_text(encoding="utf-8")
    check = run_cli("check", "new/p.yaml", cwd=work)
    assert check.returncode == 0, check.stdout
    again = run_cli("evidence", "p.yaml", "--log", "log.csv", "--update", "p.yaml", cwd=work)
    assert again.returncode == 0, again.stderr
    assert (work / "p.yaml").read_text(encoding="utf-8") == written


def test_simulate_says_when_the_cases_run_past_the_calendar(work):
    text = (work / "p.yaml").read_text(encoding="utf-8")
    (work / "rare.yaml").write_text(
        text.replace("\nprocess:", "\nvolume: 1/year\nprocess:", 1), encoding="utf-8"
    )
    refused(
        run_cli("simulate", "rare.yaml", "--cases", "10000", "-o", "rare.csv", cwd=work),
        "error: 10000 cases at the process's volume would start after the year 9999; "
        "simulate fewer cases",
    )
    assert not (work / "rare.csv").exists()
