"""Find the process files named on the command line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
#: In folders, only YAML files with a top-level 'process:' or 'steps:' key are process files,
#: so CI workflows and other YAML beside them are left alone.
_PROCESS_KEY = re.compile(rb"^(?:process|steps)\s*:", re.MULTILINE)


def looks_like_process(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return bool(_PROCESS_KEY.search(handle.read(256 * 1024)))
    except OSError:
        return False


def find_process_files(
    paths: Iterable[Path], suffixes: tuple[str, ...] = SUFFIXES
) -> tuple[list[Path], list[Path]]:
    """(process files, paths that do not exist).

    Files named directly are taken as they are; folders are searched recursively for process
    files with one of ``suffixes``, skipping hidden folders. The order is stable.
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
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
                and looks_like_process(candidate)
            )
        elif path.exists():
            found.append(path)  # the reader says what is wrong with a pipe or a device
        else:
            missing.append(path)
    unique = list(dict.fromkeys(found))
    return unique, missing
