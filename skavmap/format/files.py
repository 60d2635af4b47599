"""Find the process files named on the command line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
#: In folders, only YAML files with a top-level 'process:' or 'steps:' key are process files,
#: so CI workflows and other YAML beside them are left alone; BPMN files must name the BPMN
#: 2.0 namespace.
_PROCESS_KEY = re.compile(rb"^(?:process|steps)\s*:", re.MULTILINE)
_BPMN_NAMESPACE = re.compile(rb"http://www\.omg\.org/spec/BPMN/20100524/MODEL")
#: Folders never searched: hidden ones, and the packages of other tools (npm installs test
#: files of its own, BPMN files among them).
SKIPPED_FOLDERS = ("node_modules",)


def looks_like_process(path: Path) -> bool:
    pattern = _BPMN_NAMESPACE if path.suffix.lower() == ".bpmn" else _PROCESS_KEY
    try:
        with path.open("rb") as handle:
            return bool(pattern.search(handle.read(256 * 1024)))
    except OSError:
        return False


def find_process_files(
    paths: Iterable[Path], suffixes: tuple[str, ...] = SUFFIXES
) -> tuple[list[Path], list[Path]]:
    """(process files, paths that do not exist).

    Files named directly are taken as they are; folders are searched recursively for process
    files with one of ``suffixes``, skipping hidden folders and ``node_modules``. The order is
    stable.
    """
    found: list[Path] = []
    missing: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                candidate
                for candidate in sorted(path.rglob("*"))
                if candidate.suffix.lower() in suffixes
                and candidate.is_file()
                and not any(
                    part.startswith(".") or part in SKIPPED_FOLDERS
                    for part in candidate.relative_to(path).parts
                )
                and looks_like_process(candidate)
            )
        elif path.exists():
            found.append(path)  # the reader says what is wrong with a pipe or a device
        else:
            missing.append(path)
    unique = list(dict.fromkeys(found))
    return unique, missing
