"""The ``skavmap`` command: thin wrappers that parse arguments, call the library, return a code.

Exit status: 0 clean, 1 findings at or above the fail level, 2 usage or input error.
Heavy modules (pydantic, networkx, pygraphviz) are imported inside the commands so that
``skavmap --help`` starts fast.
"""

from __future__ import annotations

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
