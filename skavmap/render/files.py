"""``skavmap render`` as a function: which files to write, and writing them safely."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from skavmap.render import SUFFIXES, Options, output_format, render, write_atomically
from skavmap.render.draw import FORMATS, RenderError

Echo = Callable[[str], None]


def plan_outputs(
    sources: Sequence[Path], output: Path | None, fmt: str, folders: Sequence[Path] = ()
) -> list[Path]:
    """The file each source is drawn to.

    A file is named after its source: ``<stem>.<fmt>``, and a file found inside one of
    ``folders`` keeps its sub-folder (``motala/invoice.svg``), so that names cannot clash.
    Without ``output`` the files go in the current folder. ``output`` is a folder when it is
    one already, when there are several sources, or when it has no suffix; otherwise it is
    the file to write. Raises ``ValueError`` for a request that cannot be met.

    >>> plan_outputs([Path("p/invoice.yaml")], None, "svg")
    [PosixPath('invoice.svg')]
    >>> plan_outputs([Path("a.yaml"), Path("p/m/b.yaml")], Path("ut"), "png", [Path("p")])
    [PosixPath('ut/a.png'), PosixPath('ut/m/b.png')]
    >>> plan_outputs([Path("a.yaml")], Path("kartan.pdf"), "pdf")
    [PosixPath('kartan.pdf')]
    """
    names = [_name(source, folders).with_suffix(f".{fmt}") for source in sources]
    if output is None:
        targets = names
    elif output.is_dir() or len(sources) > 1 or not output.suffix:
        if output.exists() and not output.is_dir():
            raise ValueError(f"-o {output}: several files need a folder, and this is a file")
        if output.suffix.lower().lstrip(".") in (*FORMATS, *SUFFIXES):
            raise ValueError(f"-o {output}: several files need a folder, not a .{fmt} file")
        targets = [output / name for name in names]
    else:
        targets = [output]
    seen: dict[Path, Path] = {}
    for source, target in zip(sources, targets, strict=True):
        if target in seen:
            raise ValueError(
                f"{seen[target]} and {source} would both be drawn to {target}; "
                "render them one at a time with -o"
            )
        seen[target] = source
    return targets


def _name(source: Path, folders: Sequence[Path]) -> Path:
    for folder in folders:
        try:
            return source.relative_to(folder)
        except ValueError:
            continue
    return Path(source.name)


def render_paths(
    paths: Sequence[Path],
    output: Path | None,
    fmt: str | None,
    options: Options,
    out: Echo,
    err: Echo,
    diff_base: str | None = None,
) -> int:
    """Draw every process file in ``paths`` (files or folders); returns the exit status.

    With ``diff_base`` (a process file, or a git revision), each is drawn compared with
    that version (see :func:`skavmap.render.changes.load_bases`).

    Every file, and every base, is loaded before anything is written: when one cannot be
    used, its diagnostics go to ``err``, nothing is written, and the status is 2.

    Drawing that takes more than a second shows a progress bar on standard error, when
    that is a terminal (see :mod:`skavmap.render.progress`).
    """
    from skavmap.format.diagnostics import LoadError, display_path
    from skavmap.format.files import find_process_files
    from skavmap.format.loader import load

    try:
        fmt = output_format(output, fmt)
    except ValueError as error:
        err(f"error: {error}")
        return 2
    sources, missing = find_process_files(paths)
    for path in missing:
        err(f"{path}: error: no such file or folder")
    if missing:
        return 2
    if not sources:
        err("error: no process files found in " + ", ".join(str(p) for p in paths))
        return 2
    try:
        targets = plan_outputs(sources, output, fmt, [p for p in paths if p.is_dir()])
    except ValueError as error:
        err(f"error: {error}")
        return 2
    processes = []
    failed = False
    for source in sources:
        try:
            processes.append(load(source))
        except LoadError as error:
            failed = True
            for diagnostic in error.diagnostics:
                err(str(diagnostic))
    if failed:
        return 2
    bases: list = [None] * len(processes)
    if diff_base is not None:
        from skavmap.render.changes import BaseError, load_bases

        try:
            bases = load_bases(diff_base, sources)
        except BaseError as error:
            for line in error.lines:
                err(line)
            return 2
    from skavmap.render.progress import progress

    # Every picture is drawn before any is written: one that cannot be drawn (a sheet too
    # small for it) leaves every file as it was.
    drawn = []
    with progress(len(processes), out) as bar:
        for process, base, target in zip(processes, bases, targets, strict=True):
            bar.drawing(display_path(process.file))
            try:
                drawn.append((target, render(process, fmt, options, base)))
            except RenderError as error:
                bar.stop()
                err(f"{display_path(process.file)}: error: {error}")
                return 2
            bar.advance()
        for target, data in drawn:
            write_atomically(target, data)
            bar.out(display_path(target))
    return 0
