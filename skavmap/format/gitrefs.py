"""Read process files as they were at a git revision, through the ``git`` command.

Used by ``skavmap diff --base REF``: which files were added, removed or renamed between the
revision and the working tree, and the old files themselves, written into a scratch folder
so that the loader (and the sub-process files it follows) reads them as it reads any file.
Every function raises :class:`GitError` with git's own words when git fails.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from skavmap.format.phrases import NOTHING, Phrase, say

YAML_SUFFIXES = (".yaml", ".yml")


class GitError(Exception):
    """git is missing, the folder is not a repository, or a revision does not exist: git's
    own words, or a :class:`~skavmap.format.phrases.Phrase` of skavmap's (``str()`` is
    English)."""

    def said(self, lang: str = "en") -> str:
        """The message in ``lang``; git's own words as git said them."""
        message = self.args[0]
        return message.text(lang) if isinstance(message, Phrase) else str(message)


@dataclass(frozen=True)
class FileChange:
    """One line of ``git diff --name-status``: ``A``, ``D``, ``M`` or ``R`` and the paths.

    Paths are relative to the repository root, with ``/`` between folders.
    """

    status: str
    old: str | None
    new: str | None


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run ``git -C root ARGS`` and return its output; :class:`GitError` on failure."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=120,
            check=False,
        )
    except FileNotFoundError:
        raise GitError(say("git.not_installed")) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else say("git.failed", command=args[0]))
    return done.stdout


def toplevel(path: Path) -> Path:
    """The root of the work tree that ``path`` (a folder or a file, existing or not) is in."""
    folder = path
    # git -C needs a folder: start from the nearest one that exists.
    while not folder.is_dir() and folder.parent != folder:
        folder = folder.parent
    text = git(folder, "rev-parse", "--show-toplevel").decode("utf-8").strip()
    return Path(text)


def resolve(root: Path, ref: str) -> str:
    """The commit ``ref`` names, as a full hash."""
    if ref.startswith("-"):
        raise GitError(say("git.not_a_revision", ref=ref))
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        hint = NOTHING
        if (root / ".git" / "shallow").exists():
            hint = say("git.shallow")
        raise GitError(say("git.unknown_revision", ref=ref, hint=hint)) from None


def repo_path(root: Path, path: Path) -> str:
    """``path`` relative to the repository root, ``/``-separated (``"."`` for the root)."""
    absolute = path.resolve() if path.exists() else (Path.cwd() / path).resolve()
    try:
        relative = absolute.relative_to(root.resolve())
    except ValueError:
        raise GitError(say("git.outside", path=str(path), root=str(root))) from None
    return PurePosixPath(*relative.parts).as_posix() if relative.parts else "."


def _split(output: bytes) -> list[str]:
    return [part.decode("utf-8", "surrogateescape") for part in output.split(b"\0") if part]


def changes(root: Path, commit: str, specs: list[str]) -> list[FileChange]:
    """Files added, deleted, modified or renamed between ``commit`` and the working tree.

    Renames are found by content (``git diff -M``); files not yet added to git count as added.
    """
    parts = _split(git(root, "diff", "--name-status", "-z", "-M", commit, "--", *specs))
    found: list[FileChange] = []
    i = 0
    while i < len(parts):
        status = parts[i][0]
        if status in "RC":
            found.append(FileChange("R" if status == "R" else "A", parts[i + 1], parts[i + 2]))
            i += 3
            continue
        path = parts[i + 1]
        if status == "D":
            found.append(FileChange("D", path, None))
        elif status == "A":
            found.append(FileChange("A", None, path))
        else:
            found.append(FileChange(status, path, path))
        i += 2
    for path in _split(git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *specs)):
        found.append(FileChange("A", None, path))
    return found


def files_at(root: Path, commit: str, specs: list[str] | None = None) -> dict[str, str]:
    """The files under ``specs`` (all files when ``None`` or ``"."``) in the tree of
    ``commit``, each with its blob's object id.

    NUL-separated plumbing: a file name may hold any character, a newline included, and
    still names its own blob.
    """
    whole = not specs or "." in specs
    pathspecs = [] if whole else ["--", *(f":(literal){s}" for s in specs)]
    output = git(root, "ls-tree", "-r", "-z", "--full-tree", commit, *pathspecs)
    found: dict[str, str] = {}
    for entry in output.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        _, kind, oid = meta.split(b" ")
        if kind == b"blob":
            found[name.decode("utf-8", "surrogateescape")] = oid.decode("ascii")
    return found


def export(root: Path, blobs: dict[str, str], dest: Path) -> None:
    """Write the files of ``blobs`` (name → object id) under ``dest``.

    One ``git cat-file --batch`` reads them all by object id (ids never hold a newline), so
    a repository with many YAML files does not start one git process per file.
    """
    if not blobs:
        return
    oids = sorted(set(blobs.values()))
    output = git(root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
    contents: dict[str, bytes] = {}
    position = 0
    for oid in oids:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3:
            continue  # "missing": a submodule's commit is not in this repository
        size = int(header[2])
        contents[oid] = output[position : position + size]
        position += size + 1
    for name, oid in blobs.items():
        if oid in contents:
            target = dest.joinpath(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(contents[oid])
