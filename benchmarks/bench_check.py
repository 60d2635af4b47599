"""Speed of start-up and validation, as a user sees it (whole commands, wall time).

Targets on the 2-core reference machine: `skavmap --help` under 0.3 s, `skavmap check`
of 500 generated files under 5 s, of one 2,000-step file under 1 s.

    uv run python benchmarks/bench_check.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

#: As a user runs it: Python may cache compiled modules (some shells here switch that off).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(args: list[str], runs: int = 5) -> float:
    """Median wall time of a whole command, in seconds."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(args, check=False, capture_output=True, env=ENV)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    skavmap = [sys.executable, "-m", "skavmap"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        many = root / "many"
        many.mkdir()
        for i in range(500):
            (many / f"p{i:03d}.yaml").write_text(generate(30, roles=6, seed=i), encoding="utf-8")
        big = root / "big.yaml"
        big.write_text(generate(2000), encoding="utf-8")
        check = subprocess.run([*skavmap, "check", str(many), str(big)], capture_output=True)
        if check.returncode != 0:
            sys.exit(f"generated files do not pass check:\n{check.stdout.decode()[-2000:]}")
        rows = [
            ("skavmap --help", timed([*skavmap, "--help"]), "< 0.3 s"),
            ("check 500 files (30 steps)", timed([*skavmap, "check", str(many)], 3), "< 5 s"),
            ("check one 2,000-step file", timed([*skavmap, "check", str(big)]), "< 1 s"),
        ]
        for label, seconds, target in rows:
            print(f"{label:30} {seconds:6.3f} s  (target {target})")


if __name__ == "__main__":
    main()
