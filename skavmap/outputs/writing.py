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


def targets_for(
    sources: Sequence[Path], output: Path | None, suffix: str, folders: Sequence[Path] = ()
) -> list[Path]:
    """The file each source is written to.

    A file is named after its source: ``<stem><suffix>``, and a file found inside one of
    ``folders`` keeps its sub-folder (``motala/invoice.svg``), so that names cannot clash.
    Without ``output`` the files go in the current folder. ``output`` is a folder when it is
    one already, when there are several sources, or when it has no suffix; otherwise it is
    the file to write. Raises :class:`OutputError` for a request that cannot be met.

    >>> targets_for([Path("p/invoice.yaml")], None, ".svg")
    [PosixPath('invoice.svg')]
    >>> targets_for([Path("a.yaml"), Path("p/m/b.yaml")], Path("ut"), ".png", [Path("p")])
    [PosixPath('ut/a.png'), PosixPath('ut/m/b.png')]
    >>> targets_for([Path("a.yaml")], Path("kartan.pdf"), ".pdf")
    [PosixPath('kartan.pdf')]
    """
    names = [_relative(source, folders).with_suffix(suffix) for source in sources]
    if output is None:
        targets = names
    elif output.is_dir() or len(sources) > 1 or not output.suffix:
        if output.exists() and not output.is_dir():
            raise OutputError(f"-o {output}: several files need a folder, and this is a file")
        if output.suffix:
            raise OutputError(
                f"-o {output}: several files need a folder, not a {output.suffix} file"
            )
        targets = [output / name for name in names]
    else:
        targets = [output]
    seen: dict[Path, Path] = {}
    for source, target in zip(sources, targets, strict=True):
        if target in seen:
            raise OutputError(
                f"{seen[target]} and {source} would both be written to {target}; "
                "write them one at a time with -o"
            )
        seen[target] = source
    return targets


def _relative(source: Path, folders: Sequence[Path]) -> Path:
    for folder in folders:
        if source.is_relative_to(folder):
            return source.relative_to(folder)
    return Path(source.name)
