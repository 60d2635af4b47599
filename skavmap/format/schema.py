"""The process file as written: pydantic models that validate it and give its JSON Schema.

These models check the shape of each value (kinds, durations, clock times, probabilities,
short forms). Whether references point somewhere, and whether the steps form a sound process,
is for :mod:`skavmap.format.loader`, which has the whole file in view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, reduce
from operator import or_
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from skavmap.format.model import ACTION_LEVELS, ACTION_STATUSES, STEP_KINDS, ClockTime

# --- durations -----------------------------------------------------------------------------

_UNITS = {
    "m": "m", "min": "m", "mins": "m", "minut": "m", "minuter": "m", "minute": "m", "minutes": "m",
    "h": "h", "t": "h", "tim": "h", "timme": "h", "timmar": "h", "hour": "h", "hours": "h",
    "d": "d", "dag": "d", "dagar": "d", "day": "d", "days": "d",
    "w": "w", "v": "w", "vecka": "w", "veckor": "w", "week": "w", "weeks": "w",
}  # fmt: skip
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_PART = re.compile(rf"\s*({_NUMBER})\s*([a-zåäö]+)?", re.IGNORECASE)
DURATION_HINT = "write e.g. 30m, 2h, 1h30m, 3d, 2w or a range 10-20m"
_N = r"[0-9]+([.,][0-9]+)?"
_U = r"[a-zA-ZåäöÅÄÖ]+"
_AMOUNT = rf"{_N}(\s*{_U}\s*{_N})*\s*{_U}"
DURATION_PATTERN = rf"^\s*({_AMOUNT}|{_N}(\s*{_U}\s*{_N})*\s*({_U})?\s*-\s*{_AMOUNT})\s*$"


#: The longest duration a step may have, in hours (about fifty working years): longer ones
#: are typing mistakes, and far longer ones would overflow the figures.
MAX_DURATION_HOURS = 100_000.0


@dataclass(frozen=True, slots=True)
class DurationSpec:
    """A duration before the working day is known: minutes, plus working days."""

    text: str
    low: tuple[float, float]  # (minutes, days)
    high: tuple[float, float]

    def hours(self, day_hours: float) -> tuple[float, float, float]:
        """(mean, low, high) in working hours."""
        low = self.low[0] / 60 + self.low[1] * day_hours
        high = self.high[0] / 60 + self.high[1] * day_hours
        return (low + high) / 2, low, high


def _bad_duration(text: str, why: str = "") -> PydanticCustomError:
    return PydanticCustomError(
        "duration",
        "bad duration '{text}'{why}; {hint}",
        {"text": text, "why": why, "hint": DURATION_HINT},
    )


def _parse_amount(text: str, whole: str, default_unit: str | None) -> tuple[float, float, bool]:
    """(minutes, days, had_unit) of one side of a duration such as ``1h30m``."""
    minutes = days = 0.0
    pos = 0
    units_seen = False
    text = text.strip()
    if not text:
        raise _bad_duration(whole)
    while pos < len(text):
        match = _PART.match(text, pos)
        if not match or match.end() == pos:
            raise _bad_duration(whole)
        number = float(match.group(1).replace(",", "."))
        unit_text = (match.group(2) or "").lower()
        if not unit_text:
            if match.end() != len(text) or default_unit is None:
                raise _bad_duration(whole, " (a number without unit)")
            unit = default_unit
        else:
            if unit_text not in _UNITS:
                raise _bad_duration(whole, f" (unknown unit '{unit_text}')")
            unit = _UNITS[unit_text]
            units_seen = True
        if unit == "m":
            minutes += number
        elif unit == "h":
            minutes += number * 60
        elif unit == "d":
            days += number
        else:
            days += number * 5
        pos = match.end()
    return minutes, days, units_seen


def parse_duration(value: Any) -> DurationSpec:
    """A duration such as ``30m``, ``1h30m``, ``3d``, ``2w`` or the range ``10-20m``.

    >>> parse_duration("1h30m").hours(8)
    (1.5, 1.5, 1.5)
    >>> parse_duration("10-20m").hours(8)[0] * 60
    15.0
    >>> parse_duration("2w").hours(7.5)[0]
    75.0
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PydanticCustomError("duration", "a duration must be text such as 30m or 2h")
    if not isinstance(value, str):
        number = f"{value:g}"
        raise PydanticCustomError(
            "duration",
            "'{n}' has no unit; write {n}m (minutes), {n}h (hours) or {n}d (working days)",
            {"n": number},
        )
    return _duration_text(value)


# A process writes the same few durations over and over; a large one two hundred thousand
# times. The spec is frozen, so one object serves every step that wrote the same text.
@lru_cache(maxsize=4096)
def _duration_text(value: str) -> DurationSpec:
    text = value.strip()
    if re.fullmatch(_NUMBER, text):
        raise PydanticCustomError(
            "duration",
            "'{n}' has no unit; write {n}m (minutes), {n}h (hours) or {n}d (working days)",
            {"n": text},
        )
    if text.startswith("-"):
        raise _bad_duration(text, " (negative)")
    sides = text.split("-")
    if len(sides) > 2:
        raise _bad_duration(text)
    high_m, high_d, _ = _parse_amount(sides[-1], text, None)
    if high_m / 60 + high_d * 24 > MAX_DURATION_HOURS:
        raise PydanticCustomError(
            "duration",
            "duration '{text}' is longer than {top} hours; a step's time must be shorter",
            {"text": text, "top": f"{MAX_DURATION_HOURS:.0f}"},
        )
    if len(sides) == 1:
        return DurationSpec(text, (high_m, high_d), (high_m, high_d))
    last_unit = _PART.findall(sides[1])[-1][1].lower()
    low_m, low_d, _ = _parse_amount(sides[0], text, _UNITS.get(last_unit))
    if low_m + low_d * 8 * 60 > high_m + high_d * 8 * 60:
        raise _bad_duration(text, " (the range runs backwards)")
    return DurationSpec(text, (low_m, low_d), (high_m, high_d))


Duration = Annotated[
    DurationSpec,
    PlainValidator(parse_duration),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "Working time: 30m, 2h, 1h30m, 3d (working days), 2w, or a range 10-20m",
            "examples": ["30m", "1h30m", "3d", "10-20m"],
        }
    ),
]

# --- clock times, hours, probabilities, volume ---------------------------------------------

_CLOCK = re.compile(r"^\s*([01]?[0-9]|2[0-3])[:.]([0-5][0-9])\s*$")
_CLOCK_BODY = r"\s*([01]?[0-9]|2[0-3])[:.][0-5][0-9]\s*"
CLOCK_PATTERN = rf"^{_CLOCK_BODY}$"


def parse_clock(value: Any) -> ClockTime:
    """A clock time ``HH:MM``.

    >>> parse_clock("02:00").minutes, parse_clock("7.30").text
    (120, '07:30')
    """
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if not match:
        raise PydanticCustomError(
            "clock", 'bad clock time \'{v}\'; write HH:MM, e.g. "02:00" or "16:30"', {"v": value}
        )
    hours, minutes = int(match.group(1)), int(match.group(2))
    return ClockTime(f"{hours:02d}:{minutes:02d}", hours * 60 + minutes)


Clock = Annotated[
    ClockTime,
    PlainValidator(parse_clock),
    WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN, "examples": ["02:00"]}),
]


def parse_hours(value: Any) -> tuple[ClockTime, ClockTime]:
    """Working hours ``HH:MM-HH:MM``.

    >>> [t.minutes for t in parse_hours("07:00-18:00")]
    [420, 1080]
    """
    parts = value.split("-") if isinstance(value, str) else []
    try:
        start, end = parse_clock(parts[0]), parse_clock(parts[1])
        if len(parts) != 2:
            raise ValueError
    except (IndexError, ValueError, PydanticCustomError):
        raise PydanticCustomError(
            "hours", "bad working hours '{v}'; write e.g. \"07:00-18:00\"", {"v": value}
        ) from None
    if start.minutes == end.minutes:
        raise PydanticCustomError(
            "hours", "working hours '{v}' are empty; write e.g. \"07:00-18:00\"", {"v": value}
        )
    return start, end


Hours = Annotated[
    tuple[ClockTime, ClockTime],
    PlainValidator(parse_hours),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": rf"^{_CLOCK_BODY}-{_CLOCK_BODY}$",
            "examples": ["07:00-18:00"],
        }
    ),
]


def parse_probability(value: Any) -> float:
    """A probability written ``0.15`` or ``15%``.

    >>> parse_probability("15%"), parse_probability(0.25), parse_probability("12,5 %")
    (0.15, 0.25, 0.125)
    """
    if isinstance(value, bool):
        value = None
    number: float | None = None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        match = re.fullmatch(rf"\s*({_NUMBER})\s*%\s*", value)
        if match:
            number = float(match.group(1).replace(",", ".")) / 100
        elif re.fullmatch(rf"\s*{_NUMBER}\s*", value):
            number = float(value.replace(",", "."))
    if number is None or not 0 <= number <= 1:
        raise PydanticCustomError(
            "probability",
            "bad probability '{v}'; write a share between 0 and 1 (0.15) or a percentage (15%)",
            {"v": value},
        )
    return number


Probability = Annotated[
    float,
    PlainValidator(parse_probability),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1},
                {"type": "string", "pattern": r"^\s*[0-9]+([.,][0-9]+)?\s*%\s*$"},
            ],
            "examples": [0.15, "15%"],
        }
    ),
]

#: The most cases a volume may give per period: far above any municipality, far below
#: where sums of figures stop being exact.
MAX_CASES = 1e9

#: Working days in each volume period (the spec: week 5, month 21, year 252).
VOLUME_PERIODS = {
    "day": 1, "dag": 1, "d": 1,
    "week": 5, "vecka": 5, "v": 5, "w": 5,
    "month": 21, "månad": 21, "mån": 21, "manad": 21,
    "year": 252, "år": 252, "ar": 252,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class VolumeSpec:
    text: str
    cases: float
    days: int  # working days in the period


def parse_volume(value: Any) -> VolumeSpec:
    """Cases per period: ``1800/month`` (also day, week, year, or Swedish dag, vecka, månad, år).

    >>> parse_volume("1800/month").days, parse_volume("40 / vecka").cases
    (21, 40.0)
    """
    match = (
        re.fullmatch(rf"\s*({_NUMBER})\s*/\s*([a-zåäö]+)\s*", value, re.IGNORECASE)
        if isinstance(value, str)
        else None
    )
    if not match or match.group(2).lower() not in VOLUME_PERIODS:
        raise PydanticCustomError(
            "volume",
            "bad volume '{v}'; write cases per period, e.g. 1800/month (or /day, /week, /year)",
            {"v": value},
        )
    cases = float(match.group(1).replace(",", "."))
    if cases > MAX_CASES:
        raise PydanticCustomError(
            "volume",
            "volume '{v}' is more than {top} cases per period; check the number",
            {"v": value.strip(), "top": f"{MAX_CASES:.0f}"},
        )
    return VolumeSpec(value.strip(), cases, VOLUME_PERIODS[match.group(2).lower()])


VolumeText = Annotated[
    VolumeSpec,
    PlainValidator(parse_volume),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": (
                r"^\s*[0-9]+([.,][0-9]+)?\s*/\s*(day|week|month|year|dag|vecka|månad|år)\s*$"
            ),
            "examples": ["1800/month", "40/week"],
        }
    ),
]


def not_a_flag(value: Any) -> Any:
    """A number as written; ``true``/``false`` refused (pydantic would read them as 1 and 0)."""
    if isinstance(value, bool):
        shown = "true" if value else "false"
        raise PydanticCustomError("number", "write a number here, not '{v}'",
                                  {"v": shown})  # fmt: skip
    return value


#: Numbers of the format that a flag must not stand in for.
Capacity = Annotated[
    float, Field(ge=0.01, le=1_000_000, allow_inf_nan=False), BeforeValidator(not_a_flag)
]
Price = Annotated[
    float, Field(ge=0, le=1_000_000, allow_inf_nan=False), BeforeValidator(not_a_flag)
]
Votes = Annotated[int, Field(ge=0, le=1_000_000), BeforeValidator(not_a_flag)]


def parse_flag(value: Any) -> bool:
    """``true``/``false``, also ``ja``/``nej`` and ``yes``/``no``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("ja", "yes", "true", "sant"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("nej", "no", "false", "falskt"):
        return False
    raise PydanticCustomError("flag", "'{v}' should be true or false", {"v": value})


Flag = Annotated[bool, PlainValidator(parse_flag), WithJsonSchema({"type": "boolean"})]

# --- short forms ----------------------------------------------------------------------------


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "(mapping)"
    if isinstance(value, list):
        return "(list)"
    return "(text)"


def short_or_full(short: Any, *full: Any) -> Any:
    """A field that takes either a plain value or a mapping (or list, or either) with more
    detail."""
    shapes = [Annotated[shape, Tag(_shape_tag(shape))] for shape in full]
    return Annotated[reduce(or_, shapes, Annotated[short, Tag("(text)")]), Discriminator(_shape)]


def _shape_tag(annotation: Any) -> str:
    origin = getattr(annotation, "__origin__", None)
    return "(list)" if origin is list else "(mapping)"


class _Doc(BaseModel):
    # Validators are built when first used, not at import: a load builds only the ones it
    # needs (never the whole-file model, which is only for the JSON Schema).
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


Text = Annotated[str, Field(min_length=1)]


def _id_text(value: Any) -> Any:
    """Ids may be written as numbers (``id: 7``, ``next: 12``); they are text all the same."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


#: An id of a step, role, department, system or action.
Id = Annotated[
    str,
    BeforeValidator(_id_text),
    Field(min_length=1),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}),
]


class DepartmentDoc(_Doc):
    """A department: `ekonomi: Ekonomi` or `ekonomi: {name: Ekonomi}`."""

    name: Text
    note: str | None = None


class RoleDoc(_Doc):
    """Who performs steps."""

    name: Text | None = None
    department: Id | None = None
    external: Flag = False
    capacity: Capacity | None = Field(
        default=None, description="People (full-time equivalents) doing this role's work"
    )
    cost_per_hour: Price | None = Field(
        default=None,
        description="What an hour of this role's work costs, in the process's currency "
        "(extension: turns work hours into money)",
    )
    note: str | None = None


class SystemDoc(_Doc):
    """An IT system: `raindance: Raindance` or `raindance: {name: Raindance}`."""

    name: Text
    note: str | None = None


class BranchDoc(_Doc):
    """One way out of a step: `{to: betala, when: ja, p: 0.85}`."""

    to: Id
    when: str | None = None
    p: Probability | None = None


class PainDoc(_Doc):
    """Friction that people reported (skav)."""

    text: Text
    source: str | None = None
    votes: Votes = 1


StepKind = Literal[STEP_KINDS]

NextEntry = short_or_full(Id, BranchDoc)
PainEntry = short_or_full(Text, PainDoc)


class StepDoc(_Doc):
    """One step of the process; its key in `steps` is its id."""

    kind: StepKind = "task"
    name: Text | None = None
    role: Id | None = None
    system: short_or_full(Id, list[Id]) | None = None
    work: Duration | None = None
    wait: Duration | None = None
    # One branch may be written as a mapping (``next: {to: x, when: y}``), as in a list.
    next: short_or_full(Id, list[NextEntry], BranchDoc) | None = None
    at: Clock | None = None
    forms: short_or_full(Text, list[Text]) | None = None
    manual: Flag = False
    pain: short_or_full(Text, list[PainEntry]) | None = None
    process: Text | None = None
    note: str | None = None


class PlainStep(NamedTuple):
    """A step as :class:`StepDoc` reads it, its fields in the same order, read by
    :func:`plain_step` without pydantic."""

    kind: str
    name: str | None
    role: str | None
    system: str | list[str] | None
    work: DurationSpec | None
    wait: DurationSpec | None
    next: str | list[str | PlainBranch] | PlainBranch | None
    at: None = None
    forms: None = None
    manual: bool = False
    pain: None = None
    process: None = None
    note: None = None


class PlainBranch(NamedTuple):
    """A branch as :class:`BranchDoc` reads it, its fields in the same order."""

    to: str
    when: str | None
    p: float | None


#: The fields a plain step may write; any other is for :class:`StepDoc` to read.
_PLAIN_STEP_FIELDS = frozenset({"kind", "name", "role", "system", "work", "wait", "next"})
_PLAIN_BRANCH_FIELDS = frozenset({"to", "when", "p"})
_STEP_KINDS = frozenset(STEP_KINDS)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _plain_text(value: Any) -> bool:
    """Whether ``value`` is text that :class:`StepDoc` keeps as it is: not empty, nothing
    to strip, and no lone surrogate (which pydantic refuses). Python strips every character
    pydantic strips, and a few more, which are then left to pydantic."""
    return (
        type(value) is str
        and value != ""
        and value.strip() == value
        and (value.isascii() or not _SURROGATE.search(value))
    )


def _plain_texts(value: Any) -> bool:
    """Whether ``value`` is one text or a list of texts that StepDoc keeps as they are."""
    if type(value) is list:
        return all(_plain_text(item) for item in value)
    return _plain_text(value)


def _plain_branch(value: Any) -> PlainBranch | None:
    """The branch ``value`` (a mapping) as :class:`BranchDoc` reads it, or ``None`` when
    BranchDoc must read it."""
    if type(value) is not dict or not _PLAIN_BRANCH_FIELDS.issuperset(value):
        return None
    to, when, p = value.get("to"), value.get("when"), value.get("p")
    # A condition may be empty: only what BranchDoc would change is left to it.
    if not _plain_text(to) or not (when is None or when == "" or _plain_text(when)):
        return None
    try:
        return PlainBranch(to, when, parse_probability(p) if p is not None else None)
    except ValueError:  # what pydantic, too, takes for a problem with the value
        return None


def _plain_next(value: Any) -> str | list[str | PlainBranch] | PlainBranch | None:
    """The next steps ``value`` (not ``None``) as StepDoc reads them, or ``None`` when
    StepDoc must read them."""
    if type(value) is dict:
        return _plain_branch(value)
    if type(value) is not list:
        return value if _plain_text(value) else None
    entries = [item if _plain_text(item) else _plain_branch(item) for item in value]
    return None if None in entries else entries


def plain_step(value: Any) -> PlainStep | None:
    """The step ``value`` as :class:`StepDoc` reads it, if it is written as a large file
    writes nearly every step: a mapping of its kind, name, role, systems, times and next
    steps, each as text (or a list of texts, and of branches) that StepDoc keeps as it is,
    and times that are durations. ``None`` for any other step: StepDoc reads it, and says
    what is wrong.

    A hundred thousand steps are read so in a quarter of the time pydantic takes.

    >>> plain_step({"role": "r", "work": "1h", "next": "b"}).work.hours(8)
    (1.0, 1.0, 1.0)
    >>> plain_step({"role": " r"}) is None
    True
    """
    if type(value) is not dict or not _PLAIN_STEP_FIELDS.issuperset(value):
        return None
    get = value.get
    kind = get("kind", "task")
    if type(kind) is not str or kind not in _STEP_KINDS:
        return None
    name, role, system, next_ = get("name"), get("role"), get("system"), get("next")
    if not (
        (name is None or _plain_text(name))
        and (role is None or _plain_text(role))
        and (system is None or _plain_texts(system))
    ):
        return None
    if next_ is not None:
        next_ = _plain_next(next_)
        if next_ is None:
            return None
    work, wait = get("work"), get("wait")
    if not ((work is None or type(work) is str) and (wait is None or type(wait) is str)):
        return None
    try:
        work = _duration_text(work) if work is not None else None
        wait = _duration_text(wait) if wait is not None else None
    except ValueError:  # what pydantic, too, takes for a problem with the value
        return None
    # StepDoc makes a list of what it reads, never holds the one it was given.
    return PlainStep(
        kind,
        name,
        role,
        list(system) if type(system) is list else system,
        work,
        wait,
        next_,
    )


def parse_due(value: Any) -> date:
    """A due date ``YYYY-MM-DD``.

    >>> parse_due("2027-03-31")
    datetime.date(2027, 3, 31)
    """
    try:
        if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
            return date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise PydanticCustomError(
        "date", "bad date '{v}'; write YYYY-MM-DD, e.g. 2027-03-31", {"v": value}
    )


Due = Annotated[
    date,
    PlainValidator(parse_due),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2027-03-31"]}),
]


#: The step fields a change may set (format 1.1), and the role fields.
STEP_CHANGE_FIELDS = ("wait", "work", "at", "role", "system", "manual", "forms")
ROLE_CHANGE_FIELDS = ("capacity", "cost_per_hour")


class ChangeDoc(_Doc):
    """One change an action makes to the model (format 1.1): a step's field, a step removed
    (bypassed), a branch's probability, or a role's capacity."""

    step: Id | None = Field(default=None, description="The step this change is to")
    remove: Flag | None = Field(
        default=None, description="Bypass the step: what led to it leads to its single next"
    )
    branch: Id | None = Field(
        default=None, description="The branch (its target step) whose probability is set"
    )
    p: Probability | None = Field(
        default=None, description="The branch's new probability; the others scale to sum 1"
    )
    wait: Duration | None = None
    work: Duration | None = None
    at: Clock | None = None
    role: Id | None = Field(
        default=None, description="With step: the step's new role; alone: the role changed"
    )
    system: short_or_full(Id, list[Id]) | None = None
    manual: Flag | None = None
    forms: short_or_full(Text, list[Text]) | None = None
    capacity: Capacity | None = None
    cost_per_hour: Price | None = None


class ActionDoc(_Doc):
    """One action of the improvement plan (skavmap's extension of the format)."""

    id: Id
    text: Text
    addresses: short_or_full(Id, list[Id]) | None = Field(
        default=None, description="Step ids or analyser codes (SKV...) the action addresses"
    )
    owner: Id | None = Field(default=None, description="A role or department id")
    level: Literal[ACTION_LEVELS] | None = None
    status: Literal[ACTION_STATUSES] = "idé"
    due: Due | None = None
    changes: list[ChangeDoc] | None = Field(
        default=None, description="What the action changes in the model (format 1.1)"
    )


class CalendarDoc(_Doc):
    day: Duration | None = Field(default=None, description="Length of a working day (8h)")
    hours: Hours | None = Field(default=None, description="Working hours (07:00-18:00)")


class ProcessHeader(_Doc):
    """Everything in a process file but its four tables."""

    skavmap: Literal[1] = Field(default=1, description="Format version")
    process: Text = Field(description="Display name of the process")
    id: Id | None = Field(default=None, description="Default: the file name's stem")
    unit: str | None = Field(default=None, description="Organisation or variant, for comparisons")
    owner: str | None = None
    description: str | None = None
    volume: VolumeText | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")] = Field(
        default="SEK",
        description="Currency of the roles' cost_per_hour, as ISO 4217 (extension; default SEK)",
    )
    calendar: CalendarDoc | None = None


DepartmentEntry = short_or_full(Text, DepartmentDoc)
RoleEntry = short_or_full(Text, RoleDoc)
SystemEntry = short_or_full(Text, SystemDoc)

#: Each table of the file and the type of one entry in it.
TABLES: dict[str, Any] = {
    "departments": DepartmentEntry,
    "roles": RoleEntry,
    "systems": SystemEntry,
    "steps": StepDoc,
}


class ProcessDoc(ProcessHeader):
    """A skavmap process file (format version 1)."""

    departments: dict[str, DepartmentEntry] = Field(default_factory=dict)
    roles: dict[str, RoleEntry] = Field(default_factory=dict)
    systems: dict[str, SystemEntry] = Field(default_factory=dict)
    steps: dict[str, StepDoc]
    actions: list[ActionDoc] = Field(
        default_factory=list, description="The improvement plan (extension; docs/format.md)"
    )


def json_schema() -> dict:
    """The JSON Schema of the process format, for editors and other tools."""
    schema = ProcessDoc.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
