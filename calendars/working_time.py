"""Working-time arithmetic on a calendar's `Schedule`: no database, no settings.

`add_working_time` answers "when is this due?", `working_time_between` "how much
working time passed?", and each is the other's inverse:
``working_time_between(s, t, add_working_time(s, t, d)) == d``.

All arithmetic is in UTC: Python subtracts two datetimes of the same zone by their
wall clocks, which is an hour off across a DST change. Spans are built from local dates
and times in the calendar's zone, so a working day stays 09:00–18:00 on the wall
clock in summer and winter, and a 24/7 day is 23 or 25 hours long when the clocks move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Span = tuple[time, time]
# How far ahead a due time may be looked for: a calendar without working time would
# otherwise loop for ever.
HORIZON_DAYS = 3 * 366
MIDNIGHT = time(0)
ONE_DAY = timedelta(days=1)
# Days whose intervals a schedule keeps (a schedule lives in the process's calendar cache
# for minutes, and an inbox page asks for the same few hundred days for each of its rows).
KEPT_DAYS = 4096
Interval = tuple[datetime, datetime]


class NoWorkingTime(ValueError):
    """The calendar has no working time within the horizon."""


@dataclass(frozen=True)
class Schedule:
    """A calendar's weekly spans and dated exceptions, resolved.

    ``weekly[weekday]`` (0 is Monday) lists the spans of a normal day; ``days[date]``
    replaces them for that date (an empty tuple is a day off). ``always_open``: 24/7.
    """

    zone: ZoneInfo
    weekly: Mapping[int, tuple[Span, ...]] = field(default_factory=dict)
    days: Mapping[date, tuple[Span, ...]] = field(default_factory=dict)
    always_open: bool = False
    _intervals: dict[date, tuple[Interval, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def spans_on(self, day: date) -> tuple[Span, ...]:
        if day in self.days:
            return self.days[day]
        return self.weekly.get(day.weekday(), ())

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        """The working intervals of the local date ``day``, in UTC, in order (computed once
        per day: the schedule never changes, a new calendar is a new schedule)."""
        intervals = self._intervals.get(day)
        if intervals is None:
            if len(self._intervals) >= KEPT_DAYS:
                self._intervals.clear()
            intervals = self._intervals[day] = tuple(self._compute_intervals(day))
        return intervals

    def _compute_intervals(self, day: date) -> list[Interval]:
        if self.always_open:
            return [(self._utc(day, MIDNIGHT), self._utc(day + ONE_DAY, MIDNIGHT))]
        intervals = []
        for starts, ends in self.spans_on(day):
            end_day = day + ONE_DAY if ends == MIDNIGHT else day
            intervals.append((self._utc(day, starts), self._utc(end_day, ends)))
        return intervals

    def _utc(self, day: date, moment: time) -> datetime:
        # A wall time that does not exist (the hour skipped in March) maps forward,
        # one that exists twice (October) to its first occurrence: fold=0.
        return datetime.combine(day, moment, tzinfo=self.zone).astimezone(UTC)

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("working time needs aware datetimes")
    return moment.astimezone(UTC)


def add_working_time(schedule: Schedule, start: datetime, duration: timedelta) -> datetime:
    """The moment when ``duration`` of working time has passed since ``start`` (in UTC).

    Zero is ``start`` itself; outside working hours the clock waits for the next span.
    """
    if duration < timedelta(0):
        raise ValueError("a duration of working time cannot be negative")
    start = _aware(start)
    if duration == timedelta(0):
        return start
    if schedule.always_open:
        return start + duration
    remaining = duration
    day = schedule.local_date(start) - ONE_DAY  # a span may run past midnight into today
    for _ in range(HORIZON_DAYS):
        for opens, closes in schedule.intervals_on(day):
            if closes <= start:
                continue
            opens = max(opens, start)
            available = closes - opens
            if remaining <= available:
                return opens + remaining
            remaining -= available
        day += ONE_DAY
    raise NoWorkingTime(f"no working time within {HORIZON_DAYS} days")


def working_time_between(schedule: Schedule, start: datetime, end: datetime) -> timedelta:
    """The working time from ``start`` to ``end``; negative when ``end`` comes first."""
    start, end = _aware(start), _aware(end)
    if end < start:
        return -working_time_between(schedule, end, start)
    if schedule.always_open:
        return end - start
    total = timedelta(0)
    day, last = schedule.local_date(start) - ONE_DAY, schedule.local_date(end)
    while day <= last:
        for opens, closes in schedule.intervals_on(day):
            overlap = min(closes, end) - max(opens, start)
            if overlap > timedelta(0):
                total += overlap
        day += ONE_DAY
    return total
