"""Speed of `skavmap render` against Graphviz drawing the same graph on its own, and how
rendering scales to 10,000 steps.

For processes/invoice.yaml and for a generated 300-step process in 12 departments:

- ``skavmap render`` as a user runs it (whole command, wall time, median of 5);
- the rendering in-process: analysis, measuring, layout and the SVG;
- Graphviz alone, in-process through pygraphviz: plain ``dot`` (rankdir=LR) laying out the
  same steps (same shapes, same text: name and times) and arrows and writing an SVG, with no
  lanes and no annotations. The ratio of the two in-process times is what the renderer adds.
- Graphviz with lanes: the same, with each department's steps in a cluster (how one draws
  swimlanes with plain Graphviz).

In-process times are the best of 15 runs (the reference machine is often shared; the best
run is the one least disturbed), whole commands the median of 5.

Then generated processes of 300, 1,000, 3,000 and 10,000 steps, each in a process of its
own: the whole command's time and peak memory, and how its time splits (reading the file,
the analysis, the drawing); Graphviz alone and with lanes in the same run, where they finish
within :data:`GRAPHVIZ_LIMIT` seconds.

Targets on the 2-core reference machine: render within 2x of Graphviz with lanes on 300
steps (and shown against Graphviz alone), invoice under 0.4 s (whole command), 10,000 steps
drawn in under 10 s, nothing on standard error.

    uv run python benchmarks/bench_render.py [--sizes 300,1000,3000,10000]
"""

from __future__ import annotations

import argparse
import json
import resource
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
#: Seconds Graphviz is given on the large processes before it is left out.
GRAPHVIZ_LIMIT = 60
SIZES = (300, 1000, 3000, 10000)


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


def plain_graphviz_dot(process: Process, lanes: bool = False) -> str:
    """The same steps and arrows as Graphviz users would draw them: no extras; with
    ``lanes``, each department's steps in a cluster of their own."""
    lines = [
        "digraph plain {",
        f"rankdir=LR; node [shape=box style=rounded fontname={quote(FONT)}];",
    ]
    clusters: dict[str, list[str]] = {}
    for step in process.steps.values():
        shape = SHAPES.get(step.kind, "box")
        times = " · ".join(d.text for d in (step.work, step.wait) if d is not None)
        label = f"{step.name}\n{times}" if times else step.name
        statement = f"{quote(step.id)} [label={quote(label)} shape={shape}];"
        unit = process.roles[step.role].unit if step.role else "-"
        clusters.setdefault(unit if lanes else "", []).append(statement)
    for number, (unit, statements) in enumerate(clusters.items()):
        if lanes:
            # A role of its own is a unit whose id starts with a character DOT cannot read.
            name = process.departments[unit].name if unit in process.departments else unit
            lines.append(f"subgraph cluster_{number} {{ label={quote(name.lstrip(chr(0)))};")
        lines += statements
        if lanes:
            lines.append("}")
    for step in process.steps.values():
        for branch in step.next:
            label = f" [label={quote(branch.when)}]" if branch.when else ""
            lines.append(f"{quote(step.id)} -> {quote(branch.to)}{label};")
    lines.append("}")
    return "\n".join(lines)


def graphviz_alone(process: Process, lanes: bool = False) -> None:
    import pygraphviz

    with quiet_stderr():
        graph = pygraphviz.AGraph(string=plain_graphviz_dot(process, lanes))
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
    lanes = best_time(lambda: graphviz_alone(process, lanes=True), runs=5)
    command = whole_command(path, out)
    print(f"{name} ({len(process.steps)} steps, {len(process.departments)} departments)")
    print(f"  skavmap render, whole command:     {command:6.3f} s")
    print(f"  rendering in-process (svg):        {ours:6.3f} s")
    print(f"  Graphviz dot alone, same graph:    {alone:6.3f} s   ratio {ours / alone:5.2f}x")
    print(f"  Graphviz dot with lanes:           {lanes:6.3f} s   ratio {ours / lanes:5.2f}x")


def one(path: Path, what: str) -> None:
    """Run in a process of its own: time one thing and print it, with the peak memory."""
    began = time.perf_counter()
    figures: dict[str, float] = {}
    if what == "render":
        from skavmap.analysis.engine import analyse

        process = load(path)
        figures["read"] = time.perf_counter() - began
        analyse(process)
        figures["analysis"] = time.perf_counter() - began - figures["read"]
        mark = time.perf_counter()
        render(process, "svg", Options(lang="sv"))  # analyses again, as the command does
        figures["drawing"] = time.perf_counter() - mark - figures["analysis"]
        figures["total"] = figures["read"] + figures["analysis"] + figures["drawing"]
    else:
        graphviz_alone(load(path), lanes=what == "lanes")
        figures["total"] = time.perf_counter() - began
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def measured(path: Path, what: str, limit: float | None = None) -> dict | None:
    command = [sys.executable, __file__, "--one", str(path), what]
    try:
        done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:  # Graphviz can abort on large clusters
        return {"failed": float(error.returncode)}
    if done.stderr.strip():
        print(f"  standard error was not empty: {done.stderr.strip()[:200]}")
    return json.loads(done.stdout)


def scaling(root: Path, sizes: tuple[int, ...]) -> None:
    print()
    print("steps    command   read  analysis  drawing   peak    | Graphviz alone | with lanes")
    for steps in sizes:
        path = root / f"g{steps}.yaml"
        path.write_text(
            generate(steps, roles=36, departments=12, loop_every=15, parallel_every=25),
            encoding="utf-8",
        )
        command = [sys.executable, "-m", "skavmap", "render", str(path), "-o", str(root)]
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - began
        if done.returncode or done.stderr.strip():
            print(f"  render failed or wrote to standard error: {done.stderr[:200]}")
        ours = measured(path, "render")
        alone = measured(path, "alone", GRAPHVIZ_LIMIT)
        lanes = measured(path, "lanes", GRAPHVIZ_LIMIT)

        def shown(figures: dict | None) -> str:
            if figures is None:
                return f"  > {GRAPHVIZ_LIMIT} s   "
            if "failed" in figures:
                return "  crashed      "
            return f"{figures['total']:6.2f} s {figures['peak_mb']:5.0f} MB"

        assert ours is not None
        print(
            f"{steps:6d} {wall:7.2f} s {ours['read']:6.2f} {ours['analysis']:7.2f} "
            f"{ours['drawing']:8.2f} {ours['peak_mb']:5.0f} MB | {shown(alone)} | {shown(lanes)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--one", nargs=2, metavar=("PATH", "WHAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(Path(args.one[0]), args.one[1])
        return
    sizes = tuple(int(size) for size in args.sizes.split(",") if size)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        report("invoice", ROOT / "processes" / "invoice.yaml", root / "invoice.svg")
        big = root / "big.yaml"
        big.write_text(
            generate(300, roles=36, departments=12, loop_every=15, parallel_every=25),
            encoding="utf-8",
        )
        report("generated", big, root / "big.svg")
        scaling(root, sizes)


if __name__ == "__main__":
    main()
