"""Working time on the clock: the calendar rule of the format (version 1.1, "Event logs").

Elapsed clock time between two events counts only the part inside ``calendar.hours`` on
Monday to Friday, scaled so that one full working window equals ``calendar.day``. Both
directions are here: :func:`working_hours` places a local time on a running count of working
hours (from Monday 1969-12-29, 00:00), and :func:`clock_time` finds the local time at which
a count is reached. The working time between two times is the difference of their counts.
The SQL that measures logs (:mod:`skavmap.format.eventlog_sql`) computes the same count for
every event; the tests hold the two to each other.

A window across midnight (``22:00-06:00``) counts, on each weekday, the morning until its end
and the evening from its start: Monday 00:00-06:00 and 22:00-24:00, never Saturday morning.
Times are local times as written (with an offset, the time in that offset); a daylight
saving change falls outside working hours, or counts as the clock on the wall shows it.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from skavmap.format.eventlog_sql import WorkCalendar
from skavmap.format.model import Calendar

#: Monday, 00:00: where the count starts (the SQL counts from the same day).
EPOCH = datetime(1969, 12, 29)
MINUTES_PER_DAY = 1440


def work_calendar(calendar: Calendar) -> WorkCalendar:
    return WorkCalendar(calendar.start.minutes, calendar.end.minutes, calendar.day_hours)


def _today(minute: float, cal: WorkCalendar) -> float:
    """Working minutes of one weekday up to ``minute`` after midnight."""
    if cal.start < cal.end:
        return min(max(minute - cal.start, 0.0), cal.window)
    return min(minute, cal.end) + max(minute - cal.start, 0.0)


def working_hours(wall: datetime, cal: WorkCalendar) -> float:
    """Working hours from :data:`EPOCH` to the local time ``wall`` (its offset, if any, is
    ignored: the time as written is the local time).

    >>> cal = WorkCalendar(7 * 60, 18 * 60, 8.0)
    >>> friday_17, monday_7 = datetime(2024, 1, 5, 17), datetime(2024, 1, 8, 7)
    >>> round(working_hours(monday_7, cal) - working_hours(friday_17, cal), 6)  # 1 h of 11
    0.727273
    """
    wall = wall.replace(tzinfo=None)
    delta = wall - EPOCH
    days = delta.days
    minute = delta.seconds / 60 + delta.microseconds / 60e6
    weeks = math.floor(days / 7)
    dow = days - 7 * weeks
    minutes = (weeks * 5 + min(dow, 5)) * cal.window
    if dow < 5:
        minutes += _today(minute, cal)
    return minutes * cal.day_hours / cal.window


def clock_time(hours: float, cal: WorkCalendar) -> datetime:
    """The earliest local time at which :func:`working_hours` reaches ``hours``: a count that
    falls between two windows is the start of the next window, not the end of the last.

    >>> cal = WorkCalendar(7 * 60, 18 * 60, 8.0)
    >>> clock_time(working_hours(datetime(2024, 1, 5, 18), cal), cal)
    datetime.datetime(2024, 1, 8, 7, 0)
    """
    minutes = hours * cal.window / cal.day_hours
    workday, into = divmod(minutes, cal.window)
    workday = int(workday)
    weeks, dow = divmod(workday, 5)
    day = EPOCH + timedelta(days=weeks * 7 + dow)
    if cal.start < cal.end:
        return day + timedelta(minutes=cal.start + into)
    # Across midnight: the weekday's working minutes are the morning, then the evening.
    if into < cal.end:
        return day + timedelta(minutes=into)
    return day + timedelta(minutes=cal.start + (into - cal.end))
