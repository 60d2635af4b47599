"""``skavmap new``: a commented starter process in Swedish that passes ``skavmap check``."""

from __future__ import annotations

import json
import os
from pathlib import Path

TEMPLATE = """\
{schema_line}# En processkarta för skavmap. Kontrollera den med:  skavmap check {file}
# Rita den med:                                       skavmap render {file}
# Formatet beskrivs i docs/format.md; tider är arbetstid (1d = en arbetsdag).

process: {title}     # namnet som visas i diagram och rapporter
description: Beskriv kort vad processen gör, från början till slut
unit: Min enhet                  # organisation eller variant, för jämförelser
volume: 100/month                # ärenden per day, week, month eller year

departments:                     # id: namn
  ekonomi: Ekonomi
  verksamhet: Verksamhet

roles:                           # vem som utför stegen
  medborgare: {{name: Medborgare, external: true}}      # utanför organisationen
  handlaggare: {{name: Handläggare, department: ekonomi, capacity: 2}}
  chef: {{name: Chef, department: verksamhet}}

systems:                         # IT-system som används i stegen
  ekonomisystem: Ekonomisystemet

steps:                           # nyckeln är stegets id; ordningen är fri
  inkommer:
    kind: start
    name: Ärendet kommer in
    role: medborgare
    next: registrera

  registrera:
    name: Registrera ärendet
    role: handlaggare
    system: ekonomisystem
    work: 10m                    # hur länge någon arbetar med steget
    wait: 1d                     # hur länge ärendet väntar innan steget börjar
    next: beslut

  beslut:
    kind: decision               # ett val: exakt en gren tas
    name: Godkänns ärendet?
    role: chef
    work: 5m
    wait: 2d
    next:
      - {{to: klart, when: ja}}                  # får det som blir över: 90 %
      - {{to: registrera, when: nej, p: 10%}}    # en omtagsslinga
    pain:                        # skav som någon har rapporterat
      - text: Beslut dröjer när chefen är på semester
        source: Workshop
        votes: 3

  klart:
    kind: end
    name: Ärendet avslutat
"""


SCHEMA_FILE = "skavmap.schema.json"


def starter_text(path: Path, title: str) -> str:
    """The starter file's text; it links the JSON Schema when one lies in a parent folder."""
    schema = find_schema(path.resolve().parent)
    schema_line = ""
    if schema is not None:
        relative = os.path.relpath(schema, path.resolve().parent)
        schema_line = f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"
    return TEMPLATE.format(
        title=json.dumps(title, ensure_ascii=False),
        file=path.as_posix(),
        schema_line=schema_line,
    )


def find_schema(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return candidate / SCHEMA_FILE
    return None


def default_title(path: Path) -> str:
    """``bygglov`` → ``Bygglov``; dashes and underscores become spaces."""
    words = path.stem.replace("_", " ").replace("-", " ").strip()
    return (words[:1].upper() + words[1:]) or "Ny process"
