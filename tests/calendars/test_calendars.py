"""Calendars from the database: the seeded defaults, holidays under martial law, exceptions."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from calendars.models import CalendarDay, DayKind, WorkingCalendar, WorkingHours
from calendars.selectors import default_calendar, schedule_for
from calendars.services import public_holidays_seed
from calendars.working_time import add_working_time

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
FOUR_HOURS = timedelta(hours=4)
# Friday 21 August 2026, 17:00; Monday 24 August is Independence Day.
BEFORE_INDEPENDENCE_DAY = datetime(2026, 8, 21, 17, 0, tzinfo=KYIV)


def test_the_company_default_is_monday_to_friday_nine_to_six_in_kyiv():
    calendar = default_calendar()

    assert calendar.time_zone == "Europe/Kyiv"
    assert sorted(calendar.hours.values_list("weekday", "starts", "ends")) == [
        (weekday, time(9), time(18)) for weekday in range(5)
    ]
    assert WorkingCalendar.objects.filter(always_open=True).exists()


def test_public_holidays_are_seeded_from_the_holidays_package_in_ukrainian():
    independence = CalendarDay.objects.get(calendar=None, day=date(2026, 8, 24))

    assert independence.kind == DayKind.PUBLIC_HOLIDAY
    assert independence.name == "День незалежності України"


def test_under_martial_law_a_public_holiday_is_a_working_day(settings):
    settings.HOLIDAYS_ARE_DAYS_OFF = False
    schedule = schedule_for(default_calendar())

    assert add_working_time(schedule, BEFORE_INDEPENDENCE_DAY, FOUR_HOURS) == datetime(
        2026, 8, 24, 12, 0, tzinfo=KYIV
    )


def test_when_holidays_are_days_off_the_due_time_moves_past_them(settings):
    settings.HOLIDAYS_ARE_DAYS_OFF = True
    schedule = schedule_for(default_calendar())

    assert add_working_time(schedule, BEFORE_INDEPENDENCE_DAY, FOUR_HOURS) == datetime(
        2026, 8, 25, 12, 0, tzinfo=KYIV
    )


def test_a_24_7_calendar_ignores_holidays(settings):
    settings.HOLIDAYS_ARE_DAYS_OFF = True
    schedule = schedule_for(WorkingCalendar.objects.get(always_open=True))

    assert add_working_time(schedule, BEFORE_INDEPENDENCE_DAY, FOUR_HOURS) == datetime(
        2026, 8, 21, 21, 0, tzinfo=KYIV
    )


def test_a_calendars_own_exception_wins_over_the_company_wide_one(settings):
    settings.HOLIDAYS_ARE_DAYS_OFF = True
    calendar = default_calendar()
    CalendarDay.objects.create(
        calendar=calendar,
        day=date(2026, 8, 24),
        kind=DayKind.SHORT_DAY,
        starts=time(9),
        ends=time(11),
    )

    due = add_working_time(schedule_for(calendar), BEFORE_INDEPENDENCE_DAY, FOUR_HOURS)

    # One hour on Friday, two on the short Monday, one on Tuesday.
    assert due == datetime(2026, 8, 25, 10, 0, tzinfo=KYIV)


def test_seeding_twice_adds_nothing_the_second_time_and_keeps_edits():
    CalendarDay.objects.filter(day=date(2031, 8, 24)).delete()
    assert public_holidays_seed(years=[2031]) > 0
    edited = CalendarDay.objects.get(calendar=None, day=date(2031, 8, 24))
    edited.name = "Свято"
    edited.save()

    assert public_holidays_seed(years=[2031]) == 0
    edited.refresh_from_db()
    assert edited.name == "Свято"


def test_the_command_seeds_the_years_it_is_given(capsys):
    call_command("seed_holidays", "2032")

    assert CalendarDay.objects.filter(day__year=2032, calendar=None).count() >= 10
    assert "2032" in capsys.readouterr().out


def test_spans_and_exceptions_are_validated():
    calendar = default_calendar()
    with pytest.raises(ValidationError):
        WorkingHours(calendar=calendar, weekday=0, starts=time(18), ends=time(9)).full_clean()
    WorkingHours(calendar=calendar, weekday=6, starts=time(18), ends=time(0)).full_clean()
    with pytest.raises(ValidationError):
        CalendarDay(day=date(2026, 1, 2), kind=DayKind.WORKING_DAY).full_clean()
    with pytest.raises(ValidationError):
        CalendarDay(day=date(2026, 1, 2), kind=DayKind.DAY_OFF, starts=time(9)).full_clean()
    with pytest.raises(ValidationError):
        WorkingCalendar(name="Марс", time_zone="Mars/Olympus").full_clean()


def test_a_schedule_costs_two_queries(django_assert_num_queries):
    calendar = default_calendar()

    with django_assert_num_queries(2):
        schedule_for(calendar)
