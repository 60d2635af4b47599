"""Whole-command time and peak memory of ``skavmap evidence`` on large simulated logs, and
pm4py's XES import plus performance DFG on the same XES log, in the same run.

Logs of about 1 million and 10 million events are simulated from processes/invoice.yaml
(``skavmap simulate``) into a temporary folder, as CSV and (1 million) as XES; the installed
command measures each, and the wall time and peak memory (max RSS of the child) are printed.
Targets on the 2-core reference machine: 1 million events under 10 s and 1 GB, 10 million
under 2 minutes, and at least 10 times faster than pm4py on the same XES log.

pm4py is AGPL and heavy: it is never a dependency of skavmap. This script installs it in a
virtual environment of its own (``uv venv`` + ``uv pip install pm4py``, once, in
``$PM4PY_VENV``, default /tmp/pm4py-bench) and runs it there; ``--no-pm4py`` leaves it out,
``--quick`` stops after the 1-million logs. The comparison runs each side three times,
alternately, and compares the medians.

    uv run python benchmarks/bench_evidence.py [--quick] [--no-pm4py]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INVOICE = ROOT / "processes/invoice.yaml"
#: About 20 events per invoice case.
CASES = {"1M": 50_000, "10M": 500_000}
#: Runs of each side of the comparison with pm4py (medians are compared).
REPEAT = 3
PM4PY = """
import sys, time
import pm4py
began = time.perf_counter()
log = pm4py.read_xes(sys.argv[1])
read = time.perf_counter()
dfg = pm4py.discover_performance_dfg(log)
done = time.perf_counter()
print(f"{read - began:.2f} {done - read:.2f} {len(log)}")
"""


def command() -> list[str]:
    installed = shutil.which("skavmap")
    return [installed] if installed else [sys.executable, "-m", "skavmap"]


#: Runs a command as its own child and prints the child's peak memory (KB) last on stderr,
#: so that each command's peak is its own.
LAUNCH = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""


def run(args: list[str], env: dict) -> tuple[float, float, str]:
    """(wall seconds, peak memory in MB, standard output) of one command."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LAUNCH, *args], env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip
    wall = time.perf_counter() - began
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr}")
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    return wall, peak, done.stdout


def pm4py_python() -> Path:
    venv = Path(os.environ.get("PM4PY_VENV", "/tmp/pm4py-bench"))
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"installing pm4py in {venv} (once; it is not a dependency of skavmap) ...")
        subprocess.run(["uv", "venv", "-q", str(venv)], check=True)
        subprocess.run(["uv", "pip", "install", "-q", "--python", str(python), "pm4py"], check=True)
    return python


def main() -> None:
    quick = "--quick" in sys.argv
    with_pm4py = "--no-pm4py" not in sys.argv
    # An installed program keeps its bytecode; PYTHONDONTWRITEBYTECODE would make every run
    # compile numpy and duckdb's Python side again, which is not what users see.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["COLUMNS"] = "120"
    skavmap = command()
    with tempfile.TemporaryDirectory() as folder:
        logs = []
        for size, cases in CASES.items():
            if quick and size != "1M":
                continue
            csv = Path(folder) / f"invoice-{size}.csv"
            wall, _, _ = run([*skavmap, "simulate", str(INVOICE), "--cases", str(cases),
                              "-o", str(csv)], env)  # fmt: skip
            print(f"simulated {size} events as CSV in {wall:.1f} s", flush=True)
            logs.append((size, "csv", csv))
            if size == "1M":
                xes = Path(folder) / f"invoice-{size}.xes"
                run([*skavmap, "simulate", str(INVOICE), "--cases", str(cases), "-o", str(xes)],
                    env)  # fmt: skip
                logs.append((size, "xes", xes))
        print(f"\n{'log':<12} {'events':>10} {'wall s':>8} {'peak MB':>8}")
        for size, kind, path in logs:
            args = [*skavmap, "evidence", str(INVOICE), "--log", str(path), "--format", "json"]
            wall, peak, out = run(args, env)
            events = out.split('"events": ', 1)[1].split(",", 1)[0]
            print(
                f"{size + ' ' + kind:<12} {int(events):>10,} {wall:>8.2f} {peak:>8.0f}", flush=True
            )
        receipt = ROOT.parent / "shared/corpus/pm4py/08_receipt.xes.gz"
        if with_pm4py:
            python = pm4py_python()
            xes = Path(folder) / "invoice-1M.xes"
            args = [*skavmap, "evidence", str(INVOICE), "--log", str(xes), "--format", "json"]
            compared = [("1M xes", xes, args)]
            if receipt.exists():
                args = [
                    *skavmap,
                    "evidence",
                    str(ROOT / "examples/evidence/receipt.yaml"),
                    "--log",
                    str(receipt),
                    "--mapping",
                    str(ROOT / "examples/evidence/receipt-mapping.yaml"),
                    "--format",
                    "json",
                ]
                compared.append(("receipt xes", receipt, args))
            # "ratio": pm4py's reading and DFG inside a running Python against skavmap's whole
            # command (its start-up, the model's analysis and the report included); "whole":
            # both as whole processes, pm4py's start-up and import included. Each pair runs
            # REPEAT times, one after the other, and the medians are compared: this shared
            # machine's speed drifts by up to a third within minutes.
            print(f"\n{'log':<12} {'pm4py read':>10} {'+ DFG':>8} {'pm4py s':>8} "
                  f"{'skavmap s':>9} {'ratio':>6} {'pm4py whole s':>13} {'whole':>6}")  # fmt: skip
            for name, path, args in compared:
                rows = []
                for _ in range(REPEAT):
                    mine = run(args, env)[0]
                    whole, _, out = run([str(python), "-c", PM4PY, str(path)], env)
                    read, dfg, _ = out.split()
                    rows.append((float(read), float(dfg), mine, whole))
                columns = zip(*rows, strict=True)
                read, dfg, mine, whole = (statistics.median(column) for column in columns)
                theirs = statistics.median(r + d for r, d, _, _ in rows)
                each = ", ".join(f"{(r + d) / m:.1f}x" for r, d, m, _ in rows)
                print(f"{name:<12} {read:>10.2f} {dfg:>8.2f} {theirs:>8.2f} {mine:>9.2f} "
                      f"{theirs / mine:>5.1f}x {whole:>13.2f} {whole / mine:>5.1f}x   "
                      f"(each run: {each})", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
