"""Language choice and the few words every output shares (Swedish and English).

Modules keep their own phrases as ``{"sv": ..., "en": ...}`` tables; this module decides the
language and formats durations and percentages the same way everywhere.
"""

from __future__ import annotations

import locale
import os

LANGS = ("sv", "en")


def default_lang() -> str:
    """Swedish when the locale is ``sv_*``, English otherwise.

    >>> import os; os.environ["LC_ALL"] = "sv_SE.UTF-8"; default_lang()
    'sv'
    >>> os.environ["LC_ALL"] = "C"; default_lang()
    'en'
    """
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "sv" if code.lower().startswith("sv") else "en"


def resolve_lang(lang: str | None) -> str:
    return lang if lang in LANGS else default_lang()


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """``1.5`` as ``1,5`` in Swedish; whole numbers without decimals.

    >>> format_number(1.5, "sv"), format_number(2.0, "en"), format_number(0.25, "en", 2)
    ('1,5', '2', '0.25')
    """
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang == "sv" else text


def format_percent(share: float, lang: str) -> str:
    """``0.48`` as ``48 %`` (Swedish spacing) or ``48%``.

    >>> format_percent(0.482, "sv"), format_percent(0.0175, "en")
    ('48 %', '1.8%')
    """
    value = share * 100
    text = format_number(value, lang, 0 if abs(value) >= 10 else 1)
    return f"{text} %" if lang == "sv" else f"{text}%"


def format_hours(hours: float, day_hours: float = 8.0, lang: str = "en") -> str:
    """Working hours in the unit a person would say: minutes, hours or working days.

    >>> format_hours(0.25), format_hours(1.5, lang="sv"), format_hours(24), format_hours(0)
    ('15 min', '1,5 h', '3 d', '0 min')
    """
    if hours < 1:
        return f"{format_number(hours * 60, lang, 0)} min"
    if hours < day_hours:
        return f"{format_number(hours, lang)} h"
    return f"{format_number(hours / day_hours, lang)} d"
