"""Real git repositories in temporary folders, for the tests of ``skavmap diff --base``."""

from __future__ import annotations

import subprocess
from pathlib import Path

IDENTITY = (
    *("-c", "user.name=Test", "-c", "user.email=test@example.org"),
    *("-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"),
)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *IDENTITY, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return done.stdout


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    return path


def write(repo: Path, name: str, text: str) -> Path:
    target = repo / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
