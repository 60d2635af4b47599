"""Whole-command time of ``skavmap hotspots --format json`` on large generated processes.

Processes of 500, 1,000, 2,000 and 5,000 steps (40 roles in 8 departments, a rework loop
about every 20 steps, a parallel block every 100) are written to a temporary folder; the
installed command runs on each, and the median wall time (and CPU time) of a few runs is
printed.
Targets on the 2-core reference machine: under 1 s at 2,000 steps, under 3 s at 5,000.

    uv run python benchmarks/bench_hotspots.py
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

SIZES = (500, 1000, 2000, 5000)
RUNS = 3


def command() -> list[str]:
    """The installed ``skavmap`` script, as a user runs it."""
    installed = shutil.which("skavmap")
    return [installed] if installed else [sys.executable, "-m", "skavmap"]


def main() -> None:
    # An installed program keeps its compiled bytecode; without it every run would spend
    # over a second compiling numpy, pydantic and the rest, which is not what users see.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for size in SIZES:
            paths[size] = Path(folder) / f"process{size}.yaml"
            paths[size].write_text(generate(size, roles=40, loop_every=20, parallel_every=100))
        warm_up = [*command(), "hotspots", "--format", "json", str(paths[SIZES[0]])]
        subprocess.run(warm_up, env=env, capture_output=True, check=False)
        print(f"{'steps':>6}  {'median s':>8}  {'cpu s':>6}  {'hotspots':>8}")
        for size, path in paths.items():
            args = [*command(), "hotspots", "--format", "json", str(path)]
            times, cpu = [], []
            for _ in range(RUNS):
                used = _child_cpu()
                began = time.perf_counter()
                done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
                times.append(time.perf_counter() - began)
                cpu.append(_child_cpu() - used)
                if done.returncode != 0:
                    sys.exit(f"skavmap failed on {size} steps:\n{done.stderr}")
            found = len(json.loads(done.stdout)["processes"][0]["hotspots"])
            wall, busy = statistics.median(times), statistics.median(cpu)
            print(f"{size:>6}  {wall:>8.2f}  {busy:>6.2f}  {found:>8}", flush=True)


def _child_cpu() -> float:
    # CPU time stays steady when other programs load the machine; wall time does not.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
