"""``skavmap new``: a commented starter process that passes ``skavmap check``, in Swedish
(names and comments) or in English.

The values of the format are the same in both (``100/month``, ``10m``, ``kind: decision``):
only the names of things and the comments are in the language."""

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
volume: 100/month                # ärenden per månad (eller /day, /week, /year)

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


ENGLISH = """\
{schema_line}# A process map for skavmap. Check it with:  skavmap check {file}
# Draw it with:                              skavmap render {file}
# The format is described in docs/format.md; times are working time (1d = a working day).

process: {title}     # the name shown in diagrams and reports
description: Say briefly what the process does, from start to end
unit: My unit                    # organisation or variant, for comparisons
volume: 100/month                # cases per month (or /day, /week, /year)

departments:                     # id: name
  finance: Finance
  operations: Operations

roles:                           # who does the steps
  citizen: {{name: Citizen, external: true}}        # outside the organisation
  officer: {{name: Case officer, department: finance, capacity: 2}}
  manager: {{name: Manager, department: operations}}

systems:                         # IT systems used in the steps
  finance_system: Finance system

steps:                           # the key is the step's id; the order is free
  arrives:
    kind: start
    name: The case arrives
    role: citizen
    next: register

  register:
    name: Register the case
    role: officer
    system: finance_system
    work: 10m                    # how long someone works on the step
    wait: 1d                     # how long the case waits before the step starts
    next: decide

  decide:
    kind: decision               # a choice: exactly one branch is taken
    name: Is the case approved?
    role: manager
    work: 5m
    wait: 2d
    next:
      - {{to: done, when: yes}}                  # gets what is left: 90 %
      - {{to: register, when: no, p: 10%}}       # a rework loop
    pain:                        # friction someone reported
      - text: Decisions wait while the manager is on holiday
        source: Workshop
        votes: 3

  done:
    kind: end
    name: The case is closed
"""


SCHEMA_FILE = "skavmap.schema.json"


def starter_text(path: Path, title: str, lang: str = "sv") -> str:
    """The starter file's text in ``lang`` (``sv`` or ``en``); it links the JSON Schema
    when one lies in a parent folder."""
    schema = find_schema(path.resolve().parent)
    schema_line = ""
    if schema is not None:
        relative = os.path.relpath(schema, path.resolve().parent)
        schema_line = f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"
    return (ENGLISH if lang == "en" else TEMPLATE).format(
        title=json.dumps(title, ensure_ascii=False),
        file=path.as_posix(),
        schema_line=schema_line,
    )


def find_schema(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return candidate / SCHEMA_FILE
    return None


def default_title(path: Path, lang: str = "sv") -> str:
    """``bygglov`` → ``Bygglov``; dashes and underscores become spaces."""
    words = path.stem.replace("_", " ").replace("-", " ").strip()
    return (words[:1].upper() + words[1:]) or ("New process" if lang == "en" else "Ny process")
