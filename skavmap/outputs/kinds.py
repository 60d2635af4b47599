"""Hotspot kinds in words, for people: the one table every report and diagram uses.

JSON, CSV and SARIF keep the kind codes (``night-notification``); everything a person reads
says the kind in their language, the same word everywhere.
"""

from __future__ import annotations

LABELS = {
    "sv": {
        "handoff": "överlämning",
        "loop": "slinga",
        "bottleneck": "flaskhals",
        "wait": "väntan",
        "night-notification": "nattutskick",
        "system-switch": "systembyte",
        "pain": "skav",
        "approval-chain": "attestkedja",
        "form-burden": "blankettbörda",
    },
    "en": {
        "handoff": "handoff",
        "loop": "rework loop",
        "bottleneck": "bottleneck",
        "wait": "wait",
        "night-notification": "night-time notification",
        "system-switch": "system switch",
        "pain": "reported pain",
        "approval-chain": "approval chain",
        "form-burden": "form burden",
    },
}


def kind_label(kind: str, lang: str, title: bool = False) -> str:
    """The kind ``kind`` in words; ``title`` starts it with a capital (a table cell, a
    heading). An unknown kind is shown as it is.

    >>> kind_label("night-notification", "sv"), kind_label("loop", "en", title=True)
    ('nattutskick', 'Rework loop')
    >>> kind_label("something-new", "sv")
    'something-new'
    """
    label = LABELS[lang].get(kind, kind)
    return label[:1].upper() + label[1:] if title and kind in LABELS[lang] else label
