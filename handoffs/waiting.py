"""How long open hand-offs have waited on their departments, in working time.

"Waiting on the production department · 5 год": the clock runs only in the working hours
of the department's calendar, so a hand-off opened on Friday at 17:00 and looked at on
Monday at 10:00 has waited two hours, not 65. Each calendar is looked up once per request
(`Schedules`), however many rows ask, and read from the database once per process.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from calendars.selectors import schedule_for_id
from calendars.working_time import Schedule, working_time_between
from handoffs.models import Handoff
from org.models import Department


@dataclass
class Schedules:
    """The working schedules one request needs, each looked up once: from the process's
    cache of calendars (`calendars.selectors.schedule_for_id`), read from the database
    when it has not got them."""

    _by_calendar: dict[int | None, Schedule] = field(default_factory=dict)

    def default(self) -> Schedule:
        return self.of_id(None)

    def of_id(self, calendar_id: int | None) -> Schedule:
        if calendar_id not in self._by_calendar:
            self._by_calendar[calendar_id] = schedule_for_id(calendar_id)
        return self._by_calendar[calendar_id]


def _schedule_for_department(department: Department | None, schedules: Schedules) -> Schedule:
    """The schedule ``department``'s clock runs by: its own calendar, else the company's."""
    return schedules.of_id(department.calendar_id if department is not None else None)


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
