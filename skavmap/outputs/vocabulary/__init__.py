"""Every word skavmap says, in Swedish and English, and how it writes numbers and times.

The analysis hands over ids and numbers; everything a person reads is made from them here
and in the catalogues :mod:`.sv` and :mod:`.en` (one key, one phrase, the same placeholders
in both). :class:`Words` is the one object an output needs: ``words("diff.added")`` for a
phrase, ``words.hours(3.5)`` for a time, ``words.kind("loop")`` for a hotspot kind. One
formatter writes every number, share and duration, so the same ``wait`` reads the same in
the terminal, the diagram, the report and the diff.
"""

from __future__ import annotations

import locale
import os
from functools import cache, lru_cache, wraps
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skavmap.format.model import Duration, Volume

LANGS = ("sv", "en")


def _said_once(method):
    """A :class:`Words` method said once for each value and language: the hotspots of a
    large process ask for the same few shares, times and counts hundreds of thousands of
    times."""

    @lru_cache(maxsize=65536)
    def said(lang: str, *values: object, **options: object) -> str:
        return method(_words(lang), *values, **options)

    @wraps(method)
    def say(self: Words, *values: object, **options: object) -> str:
        return said(self.lang, *values, **options)

    return say


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


@cache
def _catalogue(lang: str) -> dict:
    if lang == "sv":
        from skavmap.outputs.vocabulary.sv import WORDS
    else:
        from skavmap.outputs.vocabulary.en import WORDS
    return WORDS


class Words:
    """The words of one language: phrases by key, and numbers, shares and times as people
    write them in it.

    >>> sv, en = Words("sv"), Words("en")
    >>> sv.hours(1.5), en.hours(24), sv.percent(0.482), en.times(1.2)
    ('1,5 h', '3 d', '48 %', '1.2 times per case')
    >>> sv.kind("loop"), en.kind("loop", title=True)
    ('slinga', 'Rework loop')
    """

    def __init__(self, lang: str):
        if lang not in LANGS:
            raise ValueError(f"lang must be sv or en, not {lang!r}")
        self.lang = lang
        self.catalogue = _catalogue(lang)

    def __call__(self, key: str, **values: object) -> str:
        """The phrase ``key`` with ``values`` put in; a tuple of values is a choice.

        >>> said = Words("sv")("output.not_a_format", output="o", suffix="x", known=(".a", ".b"))
        >>> said.split("; ")[1]
        'använd .a eller .b (eller --format)'
        """
        for name, value in values.items():
            if isinstance(value, tuple):
                values[name] = self.catalogue["status.or"].join(map(str, value))
        # The values as they are, not unpacked into another dict: a large process's hotspots
        # say 220,000 phrases.
        return self.catalogue[key].format_map(values)

    def reason(self, number: int | None, text: str) -> str:
        """Why the operating system refused (``OSError.errno`` and its ``strerror``), in the
        language when it is a common reason, else as the system said it.

        >>> import errno
        >>> Words("sv").reason(errno.EACCES, "Permission denied"), Words("sv").reason(None, "?")
        ('åtkomst nekad', '?')
        """
        import errno

        key = f"os.{errno.errorcode.get(number or 0, '')}"
        return self.catalogue.get(key, text)

    def raw(self, key: str) -> object:
        """The catalogue's entry as it is: for a list of pairs, such as definitions."""
        return self.catalogue[key]

    def plural(self, key: str, n: float, **values: object) -> str:
        """The phrase ``key`` in the singular when ``n`` is one, else the plural; ``{n}``
        is ``n`` as written in the language.

        >>> Words("sv").plural("count.loops", 1), Words("en").plural("count.loops", 2)
        ('1 slinga', '2 loops')
        """
        one, many = self.catalogue[key]
        shown = self.number(n) if isinstance(n, float) else str(n)
        return (one if shown == "1" else many).format(n=shown, **values)

    def number(self, value: float, decimals: int = 1) -> str:
        """``1.5`` as ``1,5`` in Swedish; whole numbers without decimals.

        >>> Words("sv").number(1.5), Words("en").number(2.0), Words("en").number(0.25, 2)
        ('1,5', '2', '0.25')
        """
        return _number(value, decimals, self.lang == "sv")

    def amount(self, value: float) -> str:
        """A large whole number with its thousands grouped: ``7 560`` (a no-break space,
        so that the number never wraps) or ``7,560``.

        >>> Words("sv").amount(7560.4), Words("en").amount(1234567), Words("en").amount(12.5)
        ('7\xa0560', '1,234,567', '12')
        """
        text = f"{round(value):,}"
        return text.replace(",", "\xa0") if self.lang == "sv" else text

    def volume(self, volume: Volume) -> str:
        """A process's volume as people say it: ``1 800 per månad``, ``1,800 per month``;
        the file's own text when it names no period this knows.

        >>> from skavmap.format.model import Volume
        >>> Words("sv").volume(Volume("1800/month", 0)), Words("en").volume(Volume("2,5/dag", 0))
        ('1\xa0800 per månad', '2.5 per day')
        """
        from skavmap.format.schema import VOLUME_PERIODS

        cases, _, period = volume.text.partition("/")
        days = VOLUME_PERIODS.get(period.strip().lower())
        try:
            number = float(cases.strip().replace(",", "."))
        except ValueError:
            days = None
        if days is None:
            return volume.text
        shown = self.amount(number) if number == round(number) else self.number(number, 2)
        return self("volume.per", n=shown, period=self(f"volume.period.{days}"))

    @_said_once
    def percent(self, share: float) -> str:
        """``0.48`` as ``48 %`` (Swedish spacing) or ``48%``; one decimal under 10 %.

        >>> Words("sv").percent(0.482), Words("en").percent(0.0175)
        ('48 %', '1.8%')
        """
        value = share * 100
        text = self.number(value, 0 if abs(value) >= 10 else 1)
        return f"{text} %" if self.lang == "sv" else f"{text}%"

    @_said_once
    def hours(self, hours: float, day_hours: float = 8.0) -> str:
        """Working hours in the unit a person would say: minutes, hours or working days.

        >>> en = Words("en")
        >>> en.hours(0.25), en.hours(1.5), en.hours(24), en.hours(0)
        ('15 min', '1.5 h', '3 d', '0 min')
        """
        if hours < 1:
            minutes = hours * 60
            return f"{self.number(minutes, 1 if minutes < 9.95 else 0)} min"
        if hours < day_hours:
            return f"{self.number(hours)} h"
        return f"{self.number(hours / day_hours)} d"

    def duration(self, duration: Duration | None, day_hours: float = 8.0) -> str:
        """A step's ``work`` or ``wait`` as a person says it; a range keeps both ends and
        ``None`` is a dash.

        >>> from skavmap.format.model import Duration
        >>> Words("sv").duration(Duration("2-4d", 24.0, 16.0, 32.0))
        '2–4 d'
        >>> Words("en").duration(Duration("30m", 0.5, 0.5, 0.5)), Words("en").duration(None)
        ('30 min', '–')
        """
        if duration is None:
            return "–"
        if duration.low == duration.high:
            return self.hours(duration.hours, day_hours)
        low, high = self.hours(duration.low, day_hours), self.hours(duration.high, day_hours)
        low_value, low_unit = low.rsplit(" ", 1)
        high_value, high_unit = high.rsplit(" ", 1)
        if low_unit == high_unit:
            return f"{low_value}–{high_value} {high_unit}"
        return f"{low}–{high}"

    def exact_percent(self, share: float) -> str:
        """A share as the percentage it was written as, up to two decimals.

        >>> Words("sv").exact_percent(0.1), Words("en").exact_percent(0.125)
        ('10 %', '12.5%')
        """
        text = self.number(share * 100, 2)
        return f"{text} %" if self.lang == "sv" else f"{text}%"

    def figure(self, value: float, unit: str, day_hours: float = 8.0) -> str:
        """A figure of a process by its unit (``hours``, ``share`` or ``count``):
        ``13,8 d``, ``1.8%``, ``6.8``."""
        if unit == "hours":
            return self.hours(value, day_hours)
        if unit == "share":
            return self.percent(value)
        return self.number(value)

    def change(
        self, old: float, new: float, unit: str, day_hours: float = 8.0, arrow: bool = True
    ) -> str:
        """A figure's change with its direction: ``↑ +4 h (+4%)``, ``↓ −0.5``, ``=``;
        without the arrow ``+4 h, +4%``.

        >>> en = Words("en")
        >>> en.change(100.0, 104.0, "hours"), en.change(100.0, 104.0, "hours", arrow=False)
        ('↑ +4 h (+4%)', '+4 h, +4%')
        >>> Words("sv").change(0.02, 0.015, "share")
        '↓ −0,5 procentenheter'

        A change too small for the figure's precision gets two decimals, and one too small
        for those is said to be about nothing:

        >>> en.change(3.84, 3.81, "count"), en.change(3.84, 3.838, "count")
        ('↓ −0.03', '≈')
        """
        delta = new - old
        if abs(delta) <= 1e-9:
            return "=" if arrow else "±0"
        direction, sign = ("↑ ", "+") if delta > 0 else ("↓ ", "−")
        if not arrow:
            direction = ""
        if unit == "share":
            points = self.number(abs(delta) * 100)
            if _rounds_to_zero(points):
                points = self.number(abs(delta) * 100, 2)
            if _rounds_to_zero(points):
                return "≈"
            return f"{direction}{sign}{points} {self('unit.percentage_points')}"
        size = self.figure(abs(delta), unit, day_hours)
        if _rounds_to_zero(size) and unit == "count":
            size = self.number(abs(delta), 2)
        if _rounds_to_zero(size):
            return "≈"
        text = f"{direction}{sign}{size}"
        if unit == "hours" and old:
            share = f"{sign}{self.percent(abs(delta) / old)}"
            text += f" ({share})" if arrow else f", {share}"
        return text

    @_said_once
    def times(self, count: float) -> str:
        """``1,2 gånger per ärende`` / ``1.2 times per case``: two decimals under one."""
        text = self.number(count, 2 if count < 1 else 1)
        one, many = self.catalogue["count.times_per_case"]
        return (one if text == "1" else many).format(n=text)

    def kind(self, kind: str, title: bool = False) -> str:
        """A hotspot kind in words; ``title`` starts it with a capital (a table cell, a
        heading). An unknown kind is shown as it is.

        >>> Words("sv").kind("night-notification"), Words("sv").kind("something-new")
        ('nattutskick', 'something-new')
        """
        label = self.catalogue.get(f"kind.{kind}")
        if label is None:
            return kind
        return label[:1].upper() + label[1:] if title else label


# The hotspots of a large process say the same few numbers hundreds of thousands of times.
@lru_cache(maxsize=65536)
def _number(value: float, decimals: int, comma: bool) -> str:
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if comma else text


def _rounds_to_zero(shown: str) -> bool:
    """Whether a number as shown (``0``, ``0,0``, ``0 min``) is nought."""
    return shown.split(" ")[0].strip("0.,") == ""


def words(lang: str | None = None) -> Words:
    """The :class:`Words` of ``lang`` (default: from the locale, read at each call)."""
    return _words(resolve_lang(lang))


@cache
def _words(lang: str) -> Words:
    return Words(lang)
