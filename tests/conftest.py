from __future__ import annotations

import os
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@dataclass
class Done:
    """What a command run gave: its exit status and what it printed on each stream."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> Done:
    """Run ``skavmap ARGS`` in this process, as a user would in ``cwd`` with ``env`` added.

    A crash is reported as Python would report it (a traceback on stderr, status 1), so a
    test that asserts "no traceback" still sees one.
    """
    from typer.testing import CliRunner

    from skavmap.cli import app

    before = Path.cwd()
    os.chdir(cwd or ROOT)
    try:
        result = CliRunner().invoke(app, list(args), env=env, prog_name="skavmap")
    finally:
        os.chdir(before)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(
            traceback.format_exception(result.exception)
        )
    return Done(result.exit_code, result.stdout, stderr)


def run_process(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run the installed ``skavmap`` in a process of its own: for the few smoke tests that
    need a real start (start-up time, signals, what a shell sees)."""
    return subprocess.run(
        [sys.executable, "-m", "skavmap", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def pytest_collection_modifyitems(items):
    """Tests that make git repositories are marked ``git`` (``-m "not git"`` leaves them out)."""
    for item in items:
        module = item.module.__name__
        if module in ("test_diff_git", "test_ci_integration") or "repo" in item.fixturenames:
            item.add_marker(pytest.mark.git)


@pytest.fixture
def cli():
    return run_cli


#: Every process file the project ships, in the order a scan of its folder gives. Tests take
#: their files from here and never scan processes/ or examples/: a user who follows the
#: README and adds a map of their own (``skavmap new processes/bygglov.yaml``) must not
#: change what the tests see.
SHIPPED = (
    "processes/invoice.yaml",
    "processes/motala/invoice.yaml",
    "processes/recruitment.yaml",
    *(
        f"examples/analysers/{name}.yaml"
        for name in (
            "approval-chain",
            "bottleneck",
            "cross-department-handoff",
            "form-burden",
            "long-wait",
            "night-notification",
            "overloaded-role",
            "reported-pain",
            "rework-loop",
            "system-switch",
        )
    ),
    "examples/diff/invoice-before.yaml",
    *(
        f"examples/{name}.yaml"
        for name in (
            "loop",
            "minimal",
            "notify",
            "pain",
            "parallel",
            "subprocess-attest",
            "subprocess",
        )
    ),
)


def shipped(*folders: str) -> list[Path]:
    """The shipped process files under ``folders`` (default: all of them)."""
    return [
        ROOT / name
        for name in SHIPPED
        if not folders or any(name.startswith(folder.rstrip("/") + "/") for folder in folders)
    ]


def shipped_copy(dest: Path, *folders: str) -> Path:
    """``dest`` holding a copy of the shipped process files under ``folders``, at the same
    relative paths (run a command there to give it the default or a whole folder)."""
    import shutil

    for path in shipped(*folders):
        target = dest / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return dest


def process_files() -> list[Path]:
    """Every standalone process file the project ships."""
    return shipped()


def golden_checker(folder: Path):
    """``matches(name, text)``: assert ``text`` equals the saved file ``folder/name``.

    With ``SKAVMAP_UPDATE_GOLDEN=1`` the file is rewritten first; review the diff after.
    """

    def matches(name: str, text: str) -> None:
        path = folder / name
        if os.environ.get("SKAVMAP_UPDATE_GOLDEN"):
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"differs from {path}"

    return matches


def rich_text(parts: list, width: int = 100) -> str:
    """What rich prints for ``parts`` on a plain terminal ``width`` columns wide."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    for part in parts:
        console.print(part)
    return buffer.getvalue()


def analyses_of(*paths, lang: str = "en"):
    """(analyses, errors) of every process under ``paths``, as the commands read them."""
    from skavmap.analysis.engine import analyse_all
    from skavmap.format.inputs import read

    inputs = read([Path(p) for p in paths])
    analyses, problems = analyse_all(inputs.processes)
    return analyses, inputs.errors + problems


def message(hotspot, process, lang: str = "en") -> str:
    """What a hotspot says, in ``lang``."""
    from skavmap.outputs.messages import hotspot_text
    from skavmap.outputs.vocabulary import Words

    return hotspot_text(hotspot, process, Words(lang))
