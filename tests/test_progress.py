"""The progress bar: on a terminal's standard error only (never in a pipe or a CI log), one
for the whole run of a command, counting files read, processes analysed and diagrams drawn,
with what the command prints kept clear of it."""

from __future__ import annotations

import io
import shutil

import pytest
from conftest import ROOT

import skavmap.commands.progress as progress
from skavmap.commands import check, draw, hotspots, plan
from skavmap.commands.common import Stop, Terminal, analysed

INVOICE = ROOT / "processes" / "invoice.yaml"


class Screen(io.StringIO):
    """Standard error as a terminal: what a user would see."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def folder(tmp_path):
    """Three process files."""
    for name in ("a", "b", "c"):
        shutil.copy(INVOICE, tmp_path / f"{name}.yaml")
    return tmp_path


@pytest.fixture
def at_once(monkeypatch):
    """The bar appears as soon as a command starts (not after a second), on a terminal."""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)


def run_on(stderr, monkeypatch, command, *args):
    monkeypatch.setattr("sys.stderr", stderr)
    terminal = Terminal("en")
    status = command(terminal, *args)
    assert terminal.bar is None  # gone when the command ends
    return status, stderr.getvalue()


def test_whether_a_bar_may_show(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert progress.wanted(Screen())
    assert not progress.wanted(io.StringIO())  # a pipe or a file: never
    monkeypatch.setenv("TERM", "dumb")
    assert not progress.wanted(Screen())
    monkeypatch.delenv("TERM")
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(Screen())  # a CI log: never


@pytest.mark.usefixtures("at_once")
def test_check_shows_files_read_and_processes_analysed_on_a_terminal(folder, monkeypatch):
    status, shown = run_on(Screen(), monkeypatch, check.run, [folder], "json", None, None,
                           False, False, "en", False)  # fmt: skip
    assert status == 0
    assert "analysing processes" in shown and "3/3" in shown


@pytest.mark.usefixtures("at_once")
def test_the_bar_speaks_the_terminal_language(folder, monkeypatch):
    monkeypatch.setattr("sys.stderr", Screen())
    with progress.progress(Terminal("sv")) as bar:
        bar.counted([1, 2])
    assert "analyserar processer" in progress.sys.stderr.getvalue()


@pytest.mark.usefixtures("at_once")
@pytest.mark.parametrize(
    ("command", "args"),
    [
        (check.run, ("text", None, None, False, False, "en", False)),
        (hotspots.run, (None, (), 0.0, "json", "en")),
        (plan.actions, (None, "json", 50.0, False, "en")),
        (plan.compare, ("json", 5.0, "en")),
    ],
)
def test_in_a_pipe_no_command_shows_a_bar(folder, monkeypatch, capsys, command, args):
    status, shown = run_on(io.StringIO(), monkeypatch, command, [folder], *args)
    assert status == 0 and shown == ""
    assert capsys.readouterr().out  # the output itself is all there


@pytest.mark.usefixtures("at_once")
def test_a_ci_log_shows_no_bar(folder, monkeypatch):
    monkeypatch.setenv("CI", "true")
    status, shown = run_on(Screen(), monkeypatch, hotspots.run, [folder], None, (), 0.0,
                           "json", "en")  # fmt: skip
    assert status == 0 and shown == ""


@pytest.mark.usefixtures("at_once")
def test_render_counts_diagrams_and_prints_the_files_above_the_bar(folder, monkeypatch, capsys):
    out = folder / "bilder"
    out.mkdir()
    status, shown = run_on(Screen(), monkeypatch, draw.render, [folder], out, "dot",
                           "department", True, None, None, None, "en")  # fmt: skip
    assert status == 0
    assert "drawing" in shown and "3/3" in shown
    # Standard output is a pipe here: the paths written go there whole, not into the bar.
    assert capsys.readouterr().out.splitlines() == [
        str(out / f"{name}.dot") for name in ("a", "b", "c")
    ]


@pytest.mark.usefixtures("at_once")
def test_errors_go_above_the_bar_and_the_bar_ends(folder, monkeypatch):
    (folder / "b.yaml").write_text("process: Trasig\nsteps: [\n", encoding="utf-8")
    monkeypatch.setattr("sys.stderr", Screen())
    terminal = Terminal("en")
    with pytest.raises(Stop), progress.progress(terminal) as bar:
        analysed(terminal, [folder], bar=bar)
    shown = progress.sys.stderr.getvalue()
    assert "b.yaml:3:1: error:" in shown and terminal.bar is None


def test_a_quick_command_shows_no_bar(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 60.0)
    terminal = Terminal("en")
    with progress.progress(terminal, show=True) as bar:
        bar.counted(["a"])
        assert not bar.showing
    with progress.progress(terminal, show=False) as bar:
        assert bar._timer is None
