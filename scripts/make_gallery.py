"""Draw every process file the project ships as examples/gallery/<name>.png.

Reviewers see what users see: run this after changing the renderer or a process file, and
look at the pictures. Names follow the file's place: processes/invoice.yaml gives
invoice.png, examples/analysers/bottleneck.yaml gives analysers-bottleneck.png.

The visual diffs in :data:`DIFFS` are drawn too: diff-invoice.png is processes/invoice.yaml
compared with its earlier version examples/diff/invoice-before.yaml (``--diff-base``).

Each picture is drawn as ``skavmap render`` draws a png by default (shaped for an A3
landscape sheet). Beside each name the script prints how well it reads (see
:mod:`skavmap.render.quality`): the arrows that cross, and any defect.

    uv run python scripts/make_gallery.py [--lang sv|en]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skavmap.format.files import find_process_files  # noqa: E402
from skavmap.format.loader import load  # noqa: E402
from skavmap.outputs.writing import write_atomically  # noqa: E402
from skavmap.render import Options, render  # noqa: E402
from skavmap.render.changes import Base  # noqa: E402

FOLDERS = ("processes", "examples")
GALLERY = ROOT / "examples" / "gallery"
#: Gallery name: (the new version, the earlier one it is compared with), from the root.
DIFFS = {"diff-invoice": ("processes/invoice.yaml", "examples/diff/invoice-before.yaml")}


def gallery_name(path: Path) -> str:
    """``examples/analysers/bottleneck.yaml`` -> ``analysers-bottleneck``."""
    for folder in FOLDERS:
        try:
            relative = path.relative_to(ROOT / folder)
        except ValueError:
            continue
        return "-".join(relative.with_suffix("").parts)
    return path.stem


def reads(process, options: Options, base: Base | None = None) -> str:
    """How well the picture of ``process`` reads, in a few words."""
    from skavmap.analysis.engine import analyse
    from skavmap.render.dot import measure
    from skavmap.render.layout import fit
    from skavmap.render.look import dress
    from skavmap.render.quality import quality
    from skavmap.render.scene import build_scene

    scene = build_scene(
        process, analyse(process), options, base, analyse(base.process) if base else None
    )
    placed = fit(scene, measure(dress(scene)))
    roleless = {sid for sid, step in process.steps.items() if step.role is None}
    found = quality(scene, placed.geometry, roleless)
    words = [
        f"{len(placed.geometry.sections)} row(s) of lanes",
        f"{found.crossings} crossing(s)",
        f"lanes up to {found.lane_ratio:.1f}x",
    ]
    return ", ".join(words + found.defects())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="sv", choices=("sv", "en"))
    args = parser.parse_args()
    files, _ = find_process_files([ROOT / folder for folder in FOLDERS])
    GALLERY.mkdir(parents=True, exist_ok=True)
    wanted = set()
    options = Options(lang=args.lang)
    for path in files:
        name = gallery_name(path) + ".png"
        wanted.add(name)
        process = load(path)
        write_atomically(GALLERY / name, render(process, "png", options))
        print(f"examples/gallery/{name}  {reads(process, options)}")
    for stem, (new, old) in DIFFS.items():
        name = f"{stem}.png"
        wanted.add(name)
        base = Base(load(ROOT / old), old)
        process = load(ROOT / new)
        write_atomically(GALLERY / name, render(process, "png", options, base))
        print(f"examples/gallery/{name}  {reads(process, options, base)}")
    for stale in sorted(GALLERY.glob("*.png")):
        if stale.name not in wanted:
            stale.unlink()
            print(f"removed examples/gallery/{stale.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
