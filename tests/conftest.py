from __future__ import annotations

import gc
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

    _build_once()
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


def _build_once() -> None:
    """Let typer build the click command from ``app`` once for the whole run, not on every
    ``invoke``: building it reads every option of every command, a third of the time of a
    short command run in-process. A real start still builds it (the smoke tests)."""
    import functools

    import typer.testing

    if not isinstance(typer.testing._get_command, functools._lru_cache_wrapper):
        typer.testing._get_command = functools.cache(typer.testing._get_command)


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


def pytest_configure(config):
    # The run keeps many objects alive (modules, hypothesis's examples, the analyses shared
    # between tests); the cyclic collector's default pace walks them again every few hundred
    # allocations, a tenth of the suite's time. Collecting less often finds the same garbage.
    gc.set_threshold(50_000, 20, 20)


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
    "examples/evidence/receipt.yaml",
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


_ANALYSES: dict = {}


def analysed(path: Path | str):
    """The analysis of the process file at ``path`` (its ``.process`` is the file loaded),
    made once per run for each content of the file: the tests that walk every shipped file
    only read it, and the receipt example's parallel blocks take a third of a second."""
    from skavmap.analysis.engine import analyse
    from skavmap.format.loader import load

    path = ROOT / path
    key = (path, path.read_bytes())
    if key not in _ANALYSES:
        _ANALYSES[key] = analyse(load(path))
    return _ANALYSES[key]


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
