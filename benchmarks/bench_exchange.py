"""Speed of `skavmap export` and `skavmap import` on a large process.

For the generated 300-step, 12-department process of bench_render.py, in-process, best of 7
runs (the reference machine is often shared; the best run is the one least disturbed):

- ``render`` to SVG (analysis, both layout passes, the SVG);
- ``export --to bpmn`` (analysis for the heat, the same scene and layout, the XML);
- ``export --to mermaid``;
- ``import`` of that BPMN export (read, map, write the YAML), and reading it as a process
  (``check model.bpmn``: the YAML loaded, positions mapped back).

Targets: the BPMN export within 1.5x of render, the import of a 300-element BPMN file under
1 s.

    uv run python benchmarks/bench_exchange.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT))

from generate import generate  # noqa: E402

from skavmap.analysis.engine import analyse  # noqa: E402
from skavmap.exporters.bpmn import bpmn_text  # noqa: E402
from skavmap.exporters.mermaid import mermaid_text  # noqa: E402
from skavmap.format.bpmn import Loader, read_bpmn  # noqa: E402
from skavmap.format.loader import load  # noqa: E402
from skavmap.format.yamlwrite import write  # noqa: E402
from skavmap.render import Options, render  # noqa: E402


def best(action, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "stor.yaml"
        source.write_text(
            generate(300, roles=36, departments=12, loop_every=15, parallel_every=25),
            encoding="utf-8",
        )
        process = load(source)
        options = Options()
        drawn = best(lambda: render(process, "svg", options))
        bpmn = best(lambda: bpmn_text(process, analyse(process), options))
        mermaid = best(lambda: mermaid_text(process, analyse(process), options))
        exported = Path(folder) / "stor.bpmn"
        exported.write_text(bpmn_text(process, analyse(process), options), encoding="utf-8")
        elements = exported.read_text(encoding="utf-8").count("<bpmn:")
        imported = best(lambda: write(read_bpmn(exported).draft))
        as_process = best(lambda: Loader().load_file(exported))
    print(f"300 steps, 12 departments ({elements} BPMN elements in the export)")
    print(f"  render to SVG            {drawn:.3f} s")
    print(f"  export --to bpmn         {bpmn:.3f} s  ({bpmn / drawn:.2f}x render; target <= 1.5x)")
    print(f"  export --to mermaid      {mermaid:.3f} s")
    print(f"  import (BPMN to YAML)    {imported:.3f} s  (target < 1 s)")
    print(f"  read .bpmn as a process  {as_process:.3f} s")


if __name__ == "__main__":
    main()
