"""Reading calendars into `Schedule`s: two queries a calendar, then pure arithmetic."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from calendars.models import CalendarDay, DayKind, WorkingCalendar
from calendars.working_time import Schedule, Span


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
