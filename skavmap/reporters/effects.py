"""What changes to the model would do, in every format: the effect of an action, of the
whole plan (``skavmap actions``) and of a what-if (``skavmap whatif``)."""

from __future__ import annotations

from skavmap.analysis.effect import FIGURES, Effect
from skavmap.format.model import Process
from skavmap.outputs.escape import markdown, rich
from skavmap.outputs.messages import effect_rows
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.hotspots import figure

#: The columns of an effect table, by their words (``effect.<column>``).
EFFECT_COLUMNS = ("figure", "today", "after", "change", "per_year")


def effect_table(title: str, effect: Effect, process: Process, words: Words):
    """A rich table of every figure the effect moves: today, after, the change per case
    and a year."""
    from rich import box
    from rich.table import Table

    table = Table(
        title=rich(title),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column(words("effect.figure"), ratio=1)
    for column in EFFECT_COLUMNS[1:]:
        table.add_column(words(f"effect.{column}"), justify="right", no_wrap=True)
    for row in effect_rows(effect, process, words):
        table.add_row(*(rich(cell) for cell in row))
    return table


def effect_markdown(effect: Effect, process: Process, words: Words) -> list[str]:
    """The same table as Markdown lines."""
    out = ["| " + " | ".join(words(f"effect.{c}") for c in EFFECT_COLUMNS) + " |"]
    out.append("| --- | ---: | ---: | ---: | ---: |")
    for row in effect_rows(effect, process, words):
        out.append("| " + " | ".join(markdown(c) for c in row) + " |")
    return out


def effect_json(effect: Effect | None) -> dict | None:
    """An effect as JSON: each figure before and after, its change per case and a year,
    the hours saved, and the utilisation of the roles it moves."""
    if effect is None:
        return None
    figures = {}
    for name in FIGURES:
        before, after = effect.before.values[name], effect.after.values[name]
        figures[name] = {
            "before": figure(before),
            "after": figure(after),
            "change": figure(effect.change(name)),
            "change_per_year": figure(effect.per_year(name)),
        }
    return {
        "figures": figures,
        "cases_per_year": figure(effect.cases_per_year),
        "hours_saved": figure(effect.hours_saved),
        "hours_saved_per_year": figure(effect.hours_saved_per_year),
        "utilisation": {
            role: {"before": figure(old), "after": figure(new)}
            for role, (old, new) in effect.utilisation.items()
        },
    }
