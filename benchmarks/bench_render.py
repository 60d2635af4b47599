"""Speed of `skavmap render` against Graphviz drawing the same graph on its own.

For processes/invoice.yaml and for a generated 300-step process in 12 departments:

- ``skavmap render`` as a user runs it (whole command, wall time, median of 5);
- the rendering in-process: analysis, both layout passes and the SVG;
- Graphviz alone, in-process through pygraphviz: plain ``dot`` (rankdir=LR) laying out the
  same steps (same shapes, same text: name and times) and arrows and writing an SVG, with no
  lanes and no annotations. The ratio of the two in-process times is what the renderer adds.

In-process times are the best of 15 runs (the reference machine is often shared; the best
run is the one least disturbed, and with 7 runs the ratio still moved by 0.3 from one
benchmark to the next), whole commands the median of 5.

Targets on the 2-core reference machine: at most 3x Graphviz's time on 300 steps, and
under 0.4 s for invoice (whole command).

    uv run python benchmarks/bench_render.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT))

from generate import generate  # noqa: E402

from skavmap.format.loader import load  # noqa: E402
from skavmap.format.model import Process  # noqa: E402
from skavmap.render import Options, render  # noqa: E402
from skavmap.render.dot import quote  # noqa: E402
from skavmap.render.draw import quiet_stderr  # noqa: E402
from skavmap.render.style import FONT  # noqa: E402

SHAPES = {"decision": "diamond", "parallel": "diamond", "start": "circle", "end": "circle"}


def timings(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return times


def best_time(action, runs: int = 15) -> float:
    return min(timings(action, runs))


def median_time(action, runs: int = 5) -> float:
    return statistics.median(timings(action, runs))


def plain_graphviz_dot(process: Process) -> str:
    """The same steps and arrows as Graphviz users would draw them: no lanes, no extras."""
    lines = [
        "digraph plain {",
        f"rankdir=LR; node [shape=box style=rounded fontname={quote(FONT)}];",
    ]
    for step in process.steps.values():
        shape = SHAPES.get(step.kind, "box")
        times = " · ".join(d.text for d in (step.work, step.wait) if d is not None)
        label = f"{step.name}\n{times}" if times else step.name
        lines.append(f"{quote(step.id)} [label={quote(label)} shape={shape}];")
    for step in process.steps.values():
        for branch in step.next:
            label = f" [label={quote(branch.when)}]" if branch.when else ""
            lines.append(f"{quote(step.id)} -> {quote(branch.to)}{label};")
    lines.append("}")
    return "\n".join(lines)


def graphviz_alone(process: Process) -> None:
    import pygraphviz

    with quiet_stderr():
        graph = pygraphviz.AGraph(string=plain_graphviz_dot(process))
        graph.layout(prog="dot")
        graph.draw(format="svg")


def whole_command(path: Path, out: Path) -> float:
    command = [sys.executable, "-m", "skavmap", "render", str(path), "-o", str(out)]
    return median_time(lambda: subprocess.run(command, check=True, capture_output=True))


def report(name: str, path: Path, out: Path) -> None:
    process = load(path)
    options = Options(lang="sv")
    render(process, "svg", options)  # warm up: imports, fontconfig
    ours = best_time(lambda: render(process, "svg", options))
    alone = best_time(lambda: graphviz_alone(process))
    command = whole_command(path, out)
    print(f"{name} ({len(process.steps)} steps, {len(process.departments)} departments)")
    print(f"  skavmap render, whole command:     {command:6.3f} s")
    print(f"  rendering in-process (svg):        {ours:6.3f} s")
    print(f"  Graphviz dot alone, same graph:    {alone:6.3f} s")
    print(f"  ratio skavmap / Graphviz:          {ours / alone:6.2f}x")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        report("invoice", ROOT / "processes" / "invoice.yaml", root / "invoice.svg")
        big = root / "big.yaml"
        big.write_text(
            generate(300, roles=36, departments=12, loop_every=15, parallel_every=25),
            encoding="utf-8",
        )
        report("generated", big, root / "big.svg")


if __name__ == "__main__":
    main()
