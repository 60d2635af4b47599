"""Draw docs/exchange-bpmn-js.png: a process exported to BPMN, open in bpmn-js (the viewer of
Camunda Modeler and bpmn.io), in headless Chromium.

Needs the npm packages (``npm ci``) and Chromium, as the tests do:

    uv run python scripts/make_exchange_screenshot.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skavmap.analysis.engine import analyse  # noqa: E402
from skavmap.exporters.bpmn import bpmn_text  # noqa: E402
from skavmap.format.loader import load  # noqa: E402
from skavmap.render.scene import Options  # noqa: E402

SOURCE = ROOT / "examples" / "parallel.yaml"
TARGET = ROOT / "docs" / "exchange-bpmn-js.png"


def main() -> None:
    process = load(SOURCE)
    xml = bpmn_text(process, analyse(process), Options(lang="sv"))
    viewer = ROOT / "node_modules" / "bpmn-js" / "dist" / "bpmn-viewer.production.min.js"
    page = (ROOT / "tests" / "js" / "bpmn-viewer.html").read_text(encoding="utf-8")
    page = page.replace("VIEWER_SCRIPT", viewer.as_uri())
    page = page.replace("DIAGRAMS_JSON", json.dumps({"parallel.bpmn": xml}).replace("</", "<\\/"))
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as folder:
        html = Path(folder) / "viewer.html"
        html.write_text(page, encoding="utf-8")
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--allow-file-access-from-files",
                "--virtual-time-budget=30000",
                f"--user-data-dir={Path(folder) / 'profile'}",
                f"--screenshot={TARGET}",
                "--window-size=1240,440",
                html.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(TARGET.relative_to(ROOT))


if __name__ == "__main__":
    main()
