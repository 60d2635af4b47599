from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run the installed ``skavmap`` command as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "skavmap", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.fixture
def cli():
    return run_cli


def process_files() -> list[Path]:
    """Every standalone process file the project ships."""
    from skavmap.files import find_process_files

    return find_process_files([ROOT / "processes", ROOT / "examples"])[0]
