"""Reading calendars into `Schedule`s: two queries a calendar, then pure arithmetic."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from time import monotonic
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from calendars.models import CalendarDay, DayKind, WorkingCalendar
from calendars.working_time import MIDNIGHT, ONE_DAY, Schedule, Span


def default_calendar() -> WorkingCalendar:
    """The company's calendar (Mon–Fri 09:00–18:00 in Kyiv unless changed in the admin)."""
    calendar = WorkingCalendar.objects.filter(is_default=True).first()
    if calendar is None:
        raise WorkingCalendar.DoesNotExist("no default working calendar")
    return calendar


def holidays_are_days_off() -> bool:
    """Whether public holidays stop the clocks: not under martial law (the default)."""
    return bool(settings.HOLIDAYS_ARE_DAYS_OFF)


def schedule_for(calendar: WorkingCalendar, *, holidays_off: bool | None = None) -> Schedule:
    """``calendar`` as a `Schedule`: its weekly hours and its exceptions with the
    company-wide ones (public holidays count as days off only when ``holidays_off``,
    by default the ``HOLIDAYS_ARE_DAYS_OFF`` setting)."""
    zone = ZoneInfo(calendar.time_zone)
    if calendar.always_open:
        return Schedule(zone=zone, always_open=True)
    holidays_off = holidays_are_days_off() if holidays_off is None else holidays_off
    weekly: dict[int, list[Span]] = defaultdict(list)
    for hours in calendar.hours.order_by("weekday", "starts"):
        weekly[hours.weekday].append((hours.starts, hours.ends))
    return Schedule(
        zone=zone,
        weekly={weekday: tuple(spans) for weekday, spans in weekly.items()},
        days=_exceptions(calendar, holidays_off=holidays_off),
    )


def _exceptions(calendar: WorkingCalendar, *, holidays_off: bool) -> dict[date, tuple[Span, ...]]:
    rows = CalendarDay.objects.filter(Q(calendar=calendar) | Q(calendar=None)).order_by(
        # Company-wide rows first, so that the calendar's own entry for a day wins.
        "-calendar_id"
    )
    days: dict[date, tuple[Span, ...]] = {}
    company = [row for row in rows if row.calendar_id is None]
    own = [row for row in rows if row.calendar_id is not None]
    for row in [*company, *own]:
        if row.kind == DayKind.PUBLIC_HOLIDAY:
            if holidays_off:
                days[row.day] = ()
            else:
                days.pop(row.day, None)  # a working day under martial law: the usual hours
        elif row.kind == DayKind.DAY_OFF:
            days[row.day] = ()
        elif row.starts is not None and row.ends is not None:
            days[row.day] = ((row.starts, row.ends),)
    return days


# --- schedules by calendar id, kept for a while -------------------------------------------

# Registration, escalation and the lists ask for the same few calendars over and over: a
# schedule is read once (two queries) and kept for this long in the process. An edit in the
# admin clears the process's copies at once (`calendars.apps`); other processes see it within
# this time, which is well inside any SLA.
SCHEDULE_CACHE_SECONDS = 300.0
_schedules: dict[tuple[int | None, bool], tuple[float, Schedule]] = {}


def clear_schedule_cache(**_signal_arguments: object) -> None:
    _schedules.clear()


def schedule_for_id(calendar_id: int | None) -> Schedule:
    """The schedule of the calendar ``calendar_id`` (None: the company default), from the
    process's cache when it was read in the last `SCHEDULE_CACHE_SECONDS`."""
    key = (calendar_id, holidays_are_days_off())
    now = monotonic()
    cached = _schedules.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    if calendar_id is None:
        calendar = default_calendar()
    else:
        calendar = WorkingCalendar.objects.get(pk=calendar_id)
    schedule = schedule_for(calendar, holidays_off=key[1])
    _schedules[key] = (now + SCHEDULE_CACHE_SECONDS, schedule)
    return schedule


def working_day_length(schedule: Schedule) -> timedelta:
    """The working time of the calendar's longest weekday: a day's work, for "N working days"."""
    if schedule.always_open:
        return ONE_DAY
    lengths = [
        sum((_span_length(span) for span in spans), timedelta())
        for spans in schedule.weekly.values()
    ]
    return max(lengths, default=timedelta(0)) or ONE_DAY


def _span_length(span: Span) -> timedelta:
    starts, ends = span
    day = date(2024, 1, 1)
    end_day = day + ONE_DAY if ends == MIDNIGHT else day
    return datetime.combine(end_day, ends) - datetime.combine(day, starts)
