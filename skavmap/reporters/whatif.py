"""``skavmap whatif`` as text, Markdown and JSON: the effect of changes tried out."""

from __future__ import annotations

import json

from skavmap.analysis.effect import WhatIf
from skavmap.outputs.escape import markdown, markdown_code
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.effects import effect_json, effect_markdown, effect_table
from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry


def _title(result: WhatIf, words: Words) -> str:
    name = result.process.name
    label = f"{name} ({result.process.unit})" if result.process.unit else name
    return words("whatif.title", process=label)


def text_report(result: WhatIf, words: Words) -> list:
    """Rich renderables: the changes, the effect table, and what the model leaves out."""
    from rich.text import Text

    from skavmap.outputs.escape import rich

    parts: list = [Text(_title(result, words), style="bold")]
    for change in result.changes:
        parts.append(rich(f"  {change}", "dim"))
    parts.append(Text(""))
    parts.append(effect_table(words("whatif.effect"), result.effect, result.process, words))
    parts.append(Text(words("whatif.honest"), style="dim"))
    return parts


def markdown_report(result: WhatIf, words: Words) -> str:
    out = [f"# {markdown(_title(result, words))}", ""]
    out += [f"- {markdown_code(change)}" for change in result.changes]
    out += ["", *effect_markdown(result.effect, result.process, words), ""]
    out.append(markdown(words("whatif.honest")))
    return "\n".join(out) + "\n"


def json_report(result: WhatIf, words: Words) -> str:
    document = {
        "skavmap": FORMAT_VERSION,
        "processes": [contract_entry(result.analysis, words)],
        "changes": list(result.changes),
        "effect": effect_json(result.effect),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
