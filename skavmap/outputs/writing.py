"""Writing output files safely: the one place every command writes through.

Rules (docs/ci.md, "Output files"):

- an output's format comes from ``--format`` or from a known suffix; an unknown suffix is a
  usage error, so a picture is never written into ``x.yaml`` or ``slide.jpeg`` by mistake;
- an input file is never an output;
- only regular files are replaced (a folder, a device such as ``/dev/null`` or a named pipe
  is refused);
- every write is atomic: the file holds the old content or the new, never half of one;
- every operating-system error (a full disk, a folder that cannot be written) is one line,
  ``PATH: error: cannot write: REASON``, and exit status 2.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path


class OutputError(Exception):
    """An output that cannot, or may not, be written; the message is one line."""


#: Other suffixes of a format's files.
SUFFIXES = {"jpg": "jpeg"}


def output_format(output: Path | None, fmt: str | None, formats: Sequence[str]) -> str:
    """The format to write: ``fmt`` (``--format``) if given, else the suffix of ``output``,
    else the first of ``formats``. A suffix that is not one of ``formats``, or one that
    contradicts ``fmt``, is an :class:`OutputError`. A path without a suffix is a folder.

    >>> output_format(Path("kartan.png"), None, ("svg", "png")), output_format(None, None, ("svg",))
    ('png', 'svg')
    >>> output_format(Path("ut"), "png", ("svg", "png"))
    'png'
    >>> output_format(Path("bilder.JPG"), None, ("svg", "jpeg"))
    'jpeg'
    >>> output_format(Path("x.yaml"), None, ("svg", "png"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    skavmap.outputs.writing.OutputError: -o x.yaml: .yaml is not a format skavmap writes ...
    """
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    suffix = SUFFIXES.get(suffix, suffix)
    if suffix and suffix not in formats:
        known = " or ".join(f".{f}" for f in formats)
        raise OutputError(
            f"-o {output}: .{suffix} is not a format skavmap writes here; use {known} (or --format)"
        )
    if fmt is not None:
        if suffix and suffix != fmt:
            raise OutputError(f"-o {output} ends in .{suffix} but --format is {fmt}")
        return fmt
    return suffix or formats[0]


def is_input(path: Path, inputs: Iterable[Path]) -> bool:
    """Whether ``path`` is one of ``inputs`` (the same file, by any name)."""
    if not path.exists():
        return False
    for source in inputs:
        try:
            if source.exists() and path.samefile(source):
                return True
        except OSError:
            continue
    return False


def check_target(path: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse a target that is an input, or that exists and is not a regular file."""
    if is_input(path, inputs):
        raise OutputError(f"{path}: error: this is an input file; write the output elsewhere")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"{path}: error: cannot write: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"{path}: error: is a folder; name a file to write")
    if not stat.S_ISREG(mode):
        raise OutputError(f"{path}: error: is not a regular file (a device or pipe); not replaced")


def write_atomically(path: Path, data: bytes, inputs: Iterable[Path] = ()) -> None:
    """Write ``data`` so that ``path`` holds either the old or the new file, never half of
    one (a viewer reloading during ``watch`` never sees a broken picture); missing folders
    are made. Raises :class:`OutputError` instead of any ``OSError``."""
    import tempfile

    check_target(path, inputs)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp makes the file private; give it the mode an ordinary new file would get.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        reason = error.strerror or str(error)
        raise OutputError(f"{path}: error: cannot write: {reason}") from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
