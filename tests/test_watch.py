"""`skavmap watch`: draws on every settled save, survives broken files, keeps the last good
diagram. The polling is tested one look at a time (:meth:`Watcher.poll`)."""

from __future__ import annotations

import os

import pytest
from conftest import ROOT

from skavmap.commands.watch import Watcher, watch
from skavmap.render import Options

LOOP = (ROOT / "examples" / "loop.yaml").read_text(encoding="utf-8")


class Recorder:
    def __init__(self):
        self.out: list[str] = []
        self.err: list[str] = []


def watcher_for(tmp_path, text: str = LOOP, fmt: str = "svg"):
    source = tmp_path / "karta.yaml"
    source.write_text(text, encoding="utf-8")
    seen = Recorder()
    watcher = Watcher(
        source,
        tmp_path / f"karta.{fmt}",
        fmt,
        Options(lang="sv"),
        seen.out.append,
        seen.err.append,
    )
    return source, watcher, seen


def save(path, text: str) -> None:
    """Write and move the modification time on, as a later save would."""
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_first_draw_writes_the_diagram(tmp_path):
    _, watcher, seen = watcher_for(tmp_path)
    assert watcher.draw() is True
    assert (tmp_path / "karta.svg").read_bytes().startswith(b"<?xml")
    assert seen.out[-1].endswith("skrev " + str(tmp_path / "karta.svg")) and seen.err == []


def test_nothing_happens_while_the_file_is_unchanged(tmp_path):
    _, watcher, seen = watcher_for(tmp_path)
    watcher.draw()
    assert [watcher.poll() for _ in range(3)] == [False, False, False]
    assert len(seen.out) == 1


def test_a_save_is_drawn_once_it_has_settled(tmp_path):
    source, watcher, seen = watcher_for(tmp_path)
    watcher.draw()
    save(source, LOOP.replace("Parkeringstillstånd", "Färdtjänst"))
    assert watcher.poll() is False  # changed: wait one more look
    assert watcher.poll() is True
    assert "Färdtjänst" in (tmp_path / "karta.svg").read_text(encoding="utf-8")
    assert watcher.poll() is False
    assert len(seen.out) == 2


def test_a_file_still_being_written_is_not_drawn_until_it_stops_changing(tmp_path):
    source, watcher, _ = watcher_for(tmp_path)
    watcher.draw()
    save(source, LOOP[:200])
    assert watcher.poll() is False
    save(source, LOOP[:400])
    assert watcher.poll() is False  # changed again since the last look
    save(source, LOOP)
    assert watcher.poll() is False
    assert watcher.poll() is True


@pytest.mark.parametrize(
    "broken",
    [LOOP[: len(LOOP) // 2], "process: [unclosed\n", "", "\x00\x01binary"],
    ids=["half-written", "bad-yaml", "empty", "binary"],
)
def test_a_broken_save_keeps_the_last_good_diagram(tmp_path, broken):
    source, watcher, seen = watcher_for(tmp_path)
    watcher.draw()
    good = (tmp_path / "karta.svg").read_bytes()
    save(source, broken)
    watcher.poll()
    assert watcher.poll() is True
    assert (tmp_path / "karta.svg").read_bytes() == good
    assert any("error" in line for line in seen.err)
    assert seen.err[-1].endswith(
        "behöll det senaste fungerande diagrammet: " + str(tmp_path / "karta.svg")
    )
    # Fixing the file draws again.
    save(source, LOOP.replace("Parkeringstillstånd", "Färdtjänst"))
    watcher.poll()
    assert watcher.poll() is True
    assert "Färdtjänst" in (tmp_path / "karta.svg").read_text(encoding="utf-8")


def test_a_deleted_file_is_reported_and_the_diagram_kept(tmp_path):
    source, watcher, seen = watcher_for(tmp_path)
    watcher.draw()
    source.unlink()
    watcher.poll()
    assert watcher.poll() is True
    assert (tmp_path / "karta.svg").exists() and seen.err


def test_a_broken_first_version_draws_nothing_and_says_why(tmp_path):
    source, watcher, seen = watcher_for(tmp_path, "process: X\nsteps: {}\n")
    assert watcher.draw() is False
    assert not (tmp_path / "karta.svg").exists()
    assert any(":" in line and "error" in line for line in seen.err)
    # No diagram was ever written, so none is kept: say when one will be.
    target = str(tmp_path / "karta.svg")
    assert seen.err[-1].endswith(f"inget ritat än: {target} skrivs när filen är giltig")
    assert not any("behöll" in line for line in seen.err)
    save(source, LOOP)
    watcher.poll()
    assert watcher.poll() is True and (tmp_path / "karta.svg").exists()
    save(source, "process: X\nsteps: {}\n")
    watcher.poll()
    assert watcher.poll() is True
    assert seen.err[-1].endswith(f"behöll det senaste fungerande diagrammet: {target}")


def test_sub_process_files_are_watched_too(tmp_path):
    for name in ("subprocess.yaml", "subprocess-attest.yaml"):
        text = (ROOT / "examples" / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text, encoding="utf-8")
    seen = Recorder()
    watcher = Watcher(
        tmp_path / "subprocess.yaml",
        tmp_path / "out.svg",
        "svg",
        Options(lang="sv"),
        seen.out.append,
        seen.err.append,
    )
    watcher.draw()
    assert watcher.poll() is False
    save(tmp_path / "subprocess-attest.yaml", "not: [a process\n")
    watcher.poll()
    assert watcher.poll() is True
    assert seen.err and "subprocess-attest.yaml" in "\n".join(seen.err)


def test_the_loop_draws_first_then_polls_until_interrupted(tmp_path):
    source, watcher, seen = watcher_for(tmp_path)
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 2:
            save(source, LOOP.replace("Parkeringstillstånd", "Färdtjänst"))
        if len(naps) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        watch(watcher, 0.25, sleep)
    assert naps == [0.25] * 5
    assert len(seen.out) == 2  # the first drawing and the one after the save


def test_cli_watch_reports_a_missing_file(cli, tmp_path):
    done = cli("watch", str(tmp_path / "finns-inte.yaml"))
    assert done.returncode == 2 and "no such file" in done.stderr


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_cli_watch_draws_and_stops_cleanly_on_ctrl_c(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    source = tmp_path / "karta.yaml"
    source.write_text(LOOP, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "skavmap", "watch", str(source), "--interval", "0.1"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Background jobs may inherit an ignored SIGINT; a user's terminal never does.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not (tmp_path / "karta.svg").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert err == "" and "Traceback" not in out
    assert out.splitlines()[-1] == "stopped" and "wrote karta.svg" in out
