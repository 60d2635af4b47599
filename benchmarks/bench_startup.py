"""Start-up: `skavmap check` and `skavmap render` of processes/invoice.yaml as a user runs
them (the installed script, whole process, bytecode cached), side by side with the tools a
facilitator would otherwise use, installed from PyPI into throwaway environments of this
benchmark (never dependencies of skavmap):

- plain pygraphviz reading a clustered DOT of the same process (one cluster per department,
  the same step names and times; see bench_render.py) and writing an SVG;
- processpiper drawing the same process (one lane per department) as a PNG, its usual output.

A peer that cannot be installed (no uv, no network) is reported with the reason and left out.
Then where skavmap's start-up goes: the largest imports of each command
(`python -X importtime`, cumulative).

Targets on the 2-core reference machine: render under 0.25 s (half of processpiper's time),
check under 0.2 s. Times are the median of --runs runs (default 11); the machine is often
shared, so the best run is printed too.

    uv run python benchmarks/bench_startup.py [--runs 11]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT))

from bench_render import plain_graphviz_dot  # noqa: E402

from skavmap.format.loader import load  # noqa: E402
from skavmap.format.model import OWN_UNIT, Process  # noqa: E402

INVOICE = ROOT / "processes" / "invoice.yaml"
#: As a user runs it: Python may cache compiled modules (some shells here switch that off).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
#: The installed command, next to this interpreter (uv run puts the project's first).
SKAVMAP = Path(sys.executable).with_name("skavmap")

PYGRAPHVIZ = """\
import sys, pygraphviz
graph = pygraphviz.AGraph(sys.argv[1])
graph.draw(sys.argv[2], prog="dot")
"""
PROCESSPIPER = """\
import sys
from processpiper.text2diagram import render
render(open(sys.argv[1], encoding="utf-8").read(), sys.argv[2])
"""
PIPER_SHAPES = {"start": "(start {})", "end": "(end {})", "decision": "<{}>",
                "parallel": "<@parallel {}>"}  # fmt: skip


def timed(command: list[str], runs: int) -> tuple[float, float] | str:
    """Median and best wall time of ``command``, after one run to warm the caches; or what
    went wrong."""
    done = subprocess.run(command, capture_output=True, text=True, env=ENV)
    if done.returncode:
        return f"failed: {(done.stderr.strip().splitlines() or ['?'])[-1][:120]}"
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, capture_output=True, env=ENV)
        times.append(time.perf_counter() - began)
    return statistics.median(times), min(times)


def peer_python(package: str, folder: Path) -> Path | str:
    """The interpreter of a throwaway environment in ``folder`` with ``package`` from PyPI
    (uv's cache makes it quick after the first time), or why there is none."""
    uv = shutil.which("uv")
    if uv is None:
        return "uv is not installed"
    venv = folder / f"peer-{package}"
    try:
        for step in (
            ["venv", "-q", str(venv)],
            ["pip", "install", "-q", "--python", str(venv / "bin" / "python"), package],
        ):
            done = subprocess.run([uv, *step], capture_output=True, text=True, timeout=600)
            if done.returncode:
                why = (done.stderr.strip().splitlines() or ["?"])[-1]
                return f"cannot install {package}: {why}"
    except subprocess.TimeoutExpired:
        return f"installing {package} took over 10 minutes"
    return venv / "bin" / "python"


def piper_text(process: Process) -> str:
    """The process in processpiper's text: a lane per department, each step in the lane of
    its role's department (gateways in the lane of the step before them), every arrow with
    its label. processpiper takes arrows into one
    element only through a gateway: a step that several arrows lead to gets a merging
    gateway in front of it, as in BPMN."""
    names = {step_id: f"s{i}" for i, step_id in enumerate(process.steps)}
    incoming: dict[str, int] = {}
    for step in process.steps.values():
        for branch in step.next:
            incoming[branch.to] = incoming.get(branch.to, 0) + 1
    merged = {step_id for step_id, count in incoming.items() if count > 1}
    lanes: dict[str, list[str]] = {}
    lane_of: dict[str, str] = {}
    for step in process.steps.values():
        if step.role:
            unit = process.roles[step.role].unit
            lane = process.departments[unit].name if unit in process.departments else unit
        else:  # a gateway, the start or the end: in the lane of the step before it
            before = [s.id for s in process.steps.values() if step.id in s.targets]
            lane = next((lane_of[b] for b in before if b in lane_of), "-")
        lane_of[step.id] = lane
        label = re.sub(r"[\"':()\[\]<>\n]", " ", step.name).strip()
        shape = PIPER_SHAPES.get(step.kind, "[{}]").format(label)
        elements = lanes.setdefault(lane.removeprefix(OWN_UNIT), [])
        if step.id in merged:
            elements.append(f"<> as m{names[step.id]}")
        elements.append(f"{shape} as {names[step.id]}")
    lines = [f"title: {process.name}"]
    for lane, elements in lanes.items():
        lines += [f"lane: {lane}", *(f"    {element}" for element in elements)]
    lines.append("")
    lines += [f"m{names[step_id]}->{names[step_id]}" for step_id in sorted(merged)]
    for step in process.steps.values():
        for branch in step.next:
            when = re.sub(r"[\"':\n]", " ", branch.when or "").strip()
            target = ("m" if branch.to in merged else "") + names[branch.to]
            lines.append(f"{names[step.id]}->{target}" + (f": {when}" if when else ""))
    return "\n".join(lines) + "\n"


def largest_imports(args: list[str], count: int = 6) -> str:
    """The ``count`` largest top-level imports of ``skavmap ARGS``, cumulative ms."""
    run = "import sys; from skavmap.cli import main; sys.argv[0] = 'skavmap'; main()"
    command = [sys.executable, "-X", "importtime", "-c", run, *args]
    done = subprocess.run(command, capture_output=True, text=True, env=ENV)
    found = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if match and not match[2].startswith(" "):  # imported at the top, not by another
            found.append((int(match[1]), match[2]))
    total = sum(us for us, _ in found)
    top = sorted(found, reverse=True)[:count]
    parts = ", ".join(f"{name} {us / 1000:.0f}" for us, name in top)
    return f"{total / 1000:.0f} ms of imports; largest: {parts}"


def row(label: str, figures: tuple[float, float] | str, target: str = "") -> None:
    if isinstance(figures, str):
        print(f"  {label:44} {figures}")
        return
    median, best = figures
    print(f"  {label:44} {median:6.3f} s  (best {best:.3f}){'  ' + target if target else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    process = load(INVOICE)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        dot = root / "invoice.dot"
        dot.write_text(plain_graphviz_dot(process, lanes=True), encoding="utf-8")
        piper = root / "invoice.piper"
        piper.write_text(piper_text(process), encoding="utf-8")
        skavmap = str(SKAVMAP)
        print(f"processes/invoice.yaml ({len(process.steps)} steps), whole process, "
              f"median of {runs}:")  # fmt: skip
        row("skavmap --help", timed([skavmap, "--help"], runs))
        row("skavmap check", timed([skavmap, "check", str(INVOICE)], runs), "target < 0.2 s")
        row("skavmap render → SVG",
            timed([skavmap, "render", str(INVOICE), "-o", str(root / "s.svg")], runs),
            "target < 0.25 s")  # fmt: skip
        row("skavmap render → PNG",
            timed([skavmap, "render", str(INVOICE), "-o", str(root / "s.png")], runs))  # fmt: skip
        for package, script, args, label in (
            ("pygraphviz", PYGRAPHVIZ, [str(dot), str(root / "g.svg")],
             "pygraphviz, clustered DOT → SVG"),
            ("processpiper", PROCESSPIPER, [str(piper), str(root / "p.png")],
             "processpiper → PNG"),
        ):  # fmt: skip
            python = peer_python(package, root)
            if isinstance(python, str):
                row(label, f"left out: {python}")
                continue
            row(label, timed([str(python), "-c", script, *args], runs))
        print()
        print("Where skavmap's start-up goes (python -X importtime, cumulative ms):")
        print(f"  check:  {largest_imports(['check', str(INVOICE)])}")
        render = ["render", str(INVOICE), "-o", str(root / "i.svg")]
        print(f"  render: {largest_imports(render)}")


if __name__ == "__main__":
    main()
