"""How long open hand-offs have waited on their departments, in working time.

"Waiting on the production department · 5 год": the clock runs only in the working hours
of the department's calendar, so a hand-off opened on Friday at 17:00 and looked at on
Monday at 10:00 has waited two hours, not 65. Each calendar is read once per request
(`Schedules`), however many rows ask.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from calendars.models import WorkingCalendar
from calendars.selectors import default_calendar, schedule_for
from calendars.working_time import Schedule, working_time_between
from handoffs.models import Handoff
from org.models import Department


@dataclass
class Schedules:
    """The working schedules one request needs, each read from the database once."""

    _default: Schedule | None = None
    _by_calendar: dict[int, Schedule] = field(default_factory=dict)

    def default(self) -> Schedule:
        if self._default is None:
            self._default = schedule_for(default_calendar())
        return self._default

    def of(self, calendar: WorkingCalendar) -> Schedule:
        if calendar.pk not in self._by_calendar:
            self._by_calendar[calendar.pk] = schedule_for(calendar)
        return self._by_calendar[calendar.pk]


def _schedule_for_department(department: Department | None, schedules: Schedules) -> Schedule:
    """The schedule ``department``'s clock runs by: the one place to change when departments
    get calendars of their own. Today every department works by the company's calendar."""
    return schedules.default()


@dataclass(frozen=True)
class Waiting:
    """One open hand-off a claim or a manager waits on, and for how long in working time."""

    handoff: Handoff
    working: timedelta

    @property
    def department(self) -> Department | None:
        return self.handoff.department


def waiting_hours(
    handoffs: Iterable[Handoff],
    now: datetime.datetime,
    *,
    schedules: Schedules | None = None,
) -> dict[int, timedelta]:
    """Each open hand-off's working time since it was opened, by its id (closed ones: none).

    The hand-offs come with their departments (``select_related``); no query is made but
    the calendar's, once for all of them.
    """
    schedules = schedules if schedules is not None else Schedules()
    waited: dict[int, timedelta] = {}
    for handoff in handoffs:
        if not handoff.is_open:
            continue
        schedule = _schedule_for_department(handoff.department, schedules)
        waited[handoff.pk] = max(
            working_time_between(schedule, handoff.created_at, now), timedelta(0)
        )
    return waited


def with_waiting(
    handoffs: Iterable[Handoff],
    now: datetime.datetime,
    *,
    schedules: Schedules | None = None,
) -> list[Waiting]:
    """The open ones of ``handoffs``, each with its working time waited, in their order."""
    rows = list(handoffs)
    waited = waiting_hours(rows, now, schedules=schedules)
    return [Waiting(handoff=h, working=waited[h.pk]) for h in rows if h.pk in waited]


def attach_waited(
    handoffs: Iterable[Handoff],
    now: datetime.datetime,
    *,
    schedules: Schedules | None = None,
) -> None:
    """Set ``waited`` (working time, or None when closed) on each hand-off of a table."""
    rows = list(handoffs)
    waited = waiting_hours(rows, now, schedules=schedules)
    for handoff in rows:
        handoff.waited = waited.get(handoff.pk)  # type: ignore[attr-defined]
