"""The ``skavmap`` command: thin wrappers that parse arguments, call the library, return a code.

Exit status: 0 clean, 1 findings at or above the fail level, 2 usage or input error.
Heavy modules (pydantic, networkx, pygraphviz) are imported inside the commands so that
``skavmap --help`` starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from skavmap import __version__

app = typer.Typer(
    name="skavmap",
    help="Map administrative processes, find where they chafe (skav), draw swimlane diagrams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="Language of the output: sv or en (default: from the locale)."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"skavmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Map administrative processes, find where they chafe (skav), draw swimlane diagrams."""


def main() -> None:
    app()


def _print_diagnostics(diagnostics, stream_err: bool = True) -> None:
    for diagnostic in diagnostics:
        typer.echo(str(diagnostic), err=stream_err)


@app.command()
def check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Process files or folders (default: processes/).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print errors only: no warnings, no summary.")
    ] = False,
) -> None:
    """Validate process files: every error and warning, with file, line and column.

    Exit status: 0 clean, 1 warnings with --strict, 2 errors.
    """
    from skavmap.check import check_paths

    result = check_paths(paths or [Path("processes")])
    shown = [d for d in result.diagnostics if not quiet or d.severity == "error"]
    _print_diagnostics(shown, stream_err=False)
    if not quiet:
        from rich.console import Console

        colour = "red" if result.errors else "yellow" if result.warnings else "green"
        Console(highlight=False).print(
            f"[{colour}]{len(result.files)} file{'s' if len(result.files) != 1 else ''} checked: "
            f"{result.errors} error{'s' if result.errors != 1 else ''}, "
            f"{result.warnings} warning{'s' if result.warnings != 1 else ''}[/]"
        )
    raise typer.Exit(result.exit_code(strict))


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the process format (for editor completion and CI)."""
    import json

    from skavmap.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}")


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="File to create, e.g. processes/bygglov.yaml.")],
    title: Annotated[
        str | None, typer.Option("--title", help="Process name (default: from the file name).")
    ] = None,
) -> None:
    """Write a commented starter process (in Swedish) that passes `skavmap check`."""
    from skavmap.starter import default_title, starter_text

    path = Path(name)
    if path.suffix.lower() not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    if path.exists():
        typer.echo(f"{path}: error: the file exists already; choose another name", err=True)
        raise typer.Exit(2)
    if not path.parent.is_dir():
        typer.echo(f"{path}: error: the folder {path.parent} does not exist", err=True)
        raise typer.Exit(2)
    path.write_text(starter_text(path, title or default_title(path)), encoding="utf-8")
    typer.echo(f"wrote {path}; check it with: skavmap check {path}")
