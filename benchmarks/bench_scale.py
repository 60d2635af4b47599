"""How `skavmap check` and `skavmap hotspots --format json` grow with the process: a scaling
table of wall time, CPU time and peak memory (whole commands, as a user runs them).

Processes of 300, 1,000, 3,000, 10,000 and 100,000 steps (40 roles in 8 departments, a
rework loop about every 20 steps, a parallel block every 100, one step a line so that
100,000 steps stay under the 8 MB skavmap reads) are written to a temporary folder; the
installed command runs on each (the median of three runs, one run at 100,000 steps).

Targets on the 2-core reference machine: under 0.5 s at 2,000 steps; under 10 s and 1 GB
at 100,000 steps.

    uv run python benchmarks/bench_scale.py [SIZE ...]
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

SIZES = (300, 1000, 2000, 3000, 10_000, 100_000)
COMMANDS = {"check": ["check"], "hotspots json": ["hotspots", "--format", "json"]}


def command() -> list[str]:
    """The installed ``skavmap`` script, as a user runs it."""
    installed = shutil.which("skavmap")
    return [installed] if installed else [sys.executable, "-m", "skavmap"]


def measured(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of one whole command."""
    # getrusage gives only the largest peak of all children so far; GNU time each run's own.
    timed = ["/usr/bin/time", "-f", "%e %U %S %M", *args]
    done = subprocess.run(timed, env=env, capture_output=True, text=True, check=False)
    figures = done.stderr.strip().splitlines()[-1].split()
    if done.returncode not in (0, 1):  # check says 1 for warnings at the fail level
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    wall, user, system, peak_kb = (float(f) for f in figures)
    return wall, user + system, peak_kb / 1024


def main() -> None:
    if not Path("/usr/bin/time").exists():
        sys.exit("needs GNU time (/usr/bin/time) for the peak memory of each run")
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    # An installed program keeps its compiled bytecode; without it every run would spend
    # over a second compiling numpy, pydantic and the rest, which is not what users see.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f} at start"
    )
    print(f"{'steps':>7}  {'command':<14} {'wall s':>7} {'cpu s':>7} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"process{size}.yaml"
            path.write_text(
                generate(size, loop_every=20, parallel_every=100, compact=True), encoding="utf-8"
            )
            runs = 1 if size >= 100_000 else 3
            for label, words in COMMANDS.items():
                args = [*command(), *words, str(path)]
                subprocess.run(args, env=env, capture_output=True, check=False)  # warm caches
                results = [measured(args, env) for _ in range(runs)]
                wall, cpu, peak = (statistics.median(r[i] for r in results) for i in range(3))
                print(f"{size:>7}  {label:<14} {wall:>7.2f} {cpu:>7.2f} {peak:>8.0f}", flush=True)
    print(f"finished {time.strftime('%Y-%m-%d %H:%M')}")


if __name__ == "__main__":
    main()
