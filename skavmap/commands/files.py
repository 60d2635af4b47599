"""``skavmap new`` and ``skavmap schema``: files that help people write process files."""

from __future__ import annotations

from pathlib import Path

from skavmap.commands.common import Stop, Terminal
from skavmap.outputs.writing import OutputError, write_atomically


def new(terminal: Terminal, name: str, title: str | None, lang: str | None = None) -> int:
    """Write a commented starter process that passes ``skavmap check``: in Swedish unless
    ``lang`` is ``en``."""
    from skavmap.format.starter import default_title, starter_text

    language = lang or "sv"

    path = Path(name)
    if path.suffix.lower() not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    if path.exists():
        terminal.err(terminal.say("status.exists", path=path))
        raise Stop(2)
    if not path.parent.is_dir():
        terminal.err(terminal.say("status.no_folder", path=path, folder=path.parent))
        raise Stop(2)
    text = starter_text(path, title or default_title(path, language), language)
    try:
        write_atomically(path, text.encode("utf-8"))
    except OutputError as error:
        terminal.err(error.said(terminal.lang))
        raise Stop(2) from None
    terminal.out(terminal.say("status.wrote_check", path=path))
    return 0


def schema(terminal: Terminal, output: Path | None, lang: str | None) -> int:
    """Print (or write) the JSON Schema of the process format (problems said in ``lang``:
    the terminal speaks it)."""
    import json

    from skavmap.format.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        terminal.out(text, end="")
        return 0
    try:
        write_atomically(output, text.encode("utf-8"))
    except OutputError as error:
        terminal.err(error.said(terminal.lang))
        raise Stop(2) from None
    terminal.out(terminal.say("status.wrote", path=output))
    return 0
