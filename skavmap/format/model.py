"""The loaded process: a typed, immutable model that remembers where each element was written.

Every value is already resolved: durations are working hours (means of ranges), branch
probabilities are filled in, short forms are expanded. The loader (:mod:`skavmap.format.loader`)
is the only place that builds these objects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

ACTION_LEVELS = ("central", "förvaltning", "enhet")
ACTION_STATUSES = ("idé", "planerad", "pågår", "klar")
STEP_KINDS = ("task", "start", "end", "decision", "parallel", "notify", "wait", "subprocess")
#: Kinds that may be written without a role.
ROLELESS_KINDS = frozenset({"start", "end", "decision", "parallel", "notify", "wait"})


#: The start of the unit of a role that is a department of its own (external, or without a
#: department). Ids hold no control characters, so no department id can look like one.
OWN_UNIT = "\x00role:"


def own_unit(role_id: str) -> str:
    """The unit of a role that counts as a department of its own.

    >>> own_unit("leverantor") == OWN_UNIT + "leverantor"
    True
    """
    return OWN_UNIT + role_id


_Made = TypeVar("_Made")


def made_in_order(cls: type[_Made]) -> Callable[..., _Made]:
    """A maker of the frozen, slotted dataclass ``cls`` from every field's value in order,
    at a fraction of the cost of ``cls(...)`` (a tenth for a step, two thirds for a place),
    whose ``__init__`` calls ``object.__setattr__`` for each field: a large process has
    hundreds of thousands of steps, arrows and places.

    The maker is an unfrozen twin of ``cls`` (the same slots in the same order): its
    ``__init__`` fills them by plain assignments and then gives the instance ``cls`` as its
    class, which Python allows between classes of one layout. What it makes is what
    ``cls(...)`` makes: equal, hashed and shown alike, and as frozen.
    """

    def become(instance: Any) -> None:
        instance.__class__ = cls

    return dataclasses.make_dataclass(
        cls.__name__,
        [(field.name, field.type) for field in dataclasses.fields(cls)],  # type: ignore[arg-type]
        namespace={"__post_init__": become},
        slots=True,
        eq=False,
        repr=False,
        match_args=False,
    )


@dataclass(frozen=True, slots=True)
class Pos:
    """1-based line and column in a file."""

    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    department: str | None
    external: bool
    capacity: float | None
    pos: Pos
    cost_per_hour: float | None = None

    @property
    def unit(self) -> str:
        """The department this role counts as for cross-department handoffs.

        External roles, and roles without a department, are each a department of their own.
        """
        if self.external or self.department is None:
            return own_unit(self.id)
        return self.department


@dataclass(frozen=True, slots=True)
class System:
    id: str
    name: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Pain:
    text: str
    source: str | None
    votes: int
    pos: Pos


@dataclass(frozen=True, slots=True)
class Branch:
    """One entry of a step's ``next``.

    ``p`` is the resolved probability: for a decision the given or shared-out value, for
    every other step 1.0. ``p_given`` tells whether the file wrote it.
    """

    to: str
    when: str | None
    p: float
    p_given: bool
    pos: Pos


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration as written and its resolved working hours (the mean of a range)."""

    text: str
    hours: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class ClockTime:
    text: str
    minutes: int  # minutes after midnight

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    kind: str
    name: str
    role: str | None
    systems: tuple[str, ...]
    work: Duration | None
    wait: Duration | None
    next: tuple[Branch, ...]
    at: ClockTime | None
    forms: tuple[str, ...]
    manual: bool
    pain: tuple[Pain, ...]
    process: Path | None
    subprocess: Process | None
    note: str | None
    pos: Pos
    name_given: bool = True

    @property
    def work_hours(self) -> float:
        return self.work.hours if self.work else 0.0

    @property
    def wait_hours(self) -> float:
        return self.wait.hours if self.wait else 0.0

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(b.to for b in self.next)


@dataclass(frozen=True, slots=True)
class Calendar:
    day_hours: float = 8.0
    start: ClockTime = ClockTime("07:00", 7 * 60)
    end: ClockTime = ClockTime("18:00", 18 * 60)

    def is_working_time(self, t: ClockTime) -> bool:
        """True when ``t`` lies inside working hours (the end minute itself is outside)."""
        if self.start.minutes <= self.end.minutes:
            return self.start.minutes <= t.minutes < self.end.minutes
        return t.minutes >= self.start.minutes or t.minutes < self.end.minutes


@dataclass(frozen=True, slots=True)
class Volume:
    text: str
    per_hour: float  # cases per working hour


@dataclass(frozen=True, slots=True)
class Change:
    """One change an action makes to the model (format 1.1).

    A step change (``step`` set) sets some of the step's fields (``fields``: name → value as
    the model holds it: a Duration, a ClockTime, a role id, a tuple of systems or forms, a
    flag), or removes (bypasses) the step, or sets the probability ``p`` of its branch to
    ``branch``. A role change (``step`` None) sets the role's ``capacity`` or
    ``cost_per_hour`` in ``fields``.
    """

    step: str | None
    role: str | None
    fields: Mapping[str, Any]
    remove: bool
    branch: str | None
    p: float | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Action:
    """One action of the improvement plan (an extension of the format; docs/format.md)."""

    id: str
    text: str
    addresses: tuple[str, ...]  # step ids and analyser codes
    owner: str | None  # a role or department id
    level: str | None  # one of ACTION_LEVELS
    status: str  # one of ACTION_STATUSES
    due: date | None
    pos: Pos
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class Process:
    id: str
    name: str
    file: Path
    version: int
    unit: str | None
    owner: str | None
    description: str | None
    volume: Volume | None
    calendar: Calendar
    departments: Mapping[str, Department]
    roles: Mapping[str, Role]
    systems: Mapping[str, System]
    steps: Mapping[str, Step]
    start: str
    pos: Pos = Pos(1, 1)
    actions: tuple[Action, ...] = ()
    currency: str = "SEK"

    def role_of(self, step_id: str) -> Role | None:
        role = self.steps[step_id].role
        return self.roles[role] if role is not None else None

    def department_name(self, unit: str) -> str:
        """Display name for a :attr:`Role.unit`."""
        if unit.startswith(OWN_UNIT):
            return self.roles[unit[len(OWN_UNIT) :]].name
        return self.departments[unit].name
