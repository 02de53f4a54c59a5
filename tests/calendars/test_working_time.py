"""Working time on a calendar: the SLA examples of the issue, DST, holidays, properties."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calendars.working_time import (
    NoWorkingTime,
    Schedule,
    add_working_time,
    working_time_between,
)

KYIV = ZoneInfo("Europe/Kyiv")
NINE_TO_SIX = ((time(9), time(18)),)
OFFICE = Schedule(zone=KYIV, weekly=dict.fromkeys(range(5), NINE_TO_SIX))
AROUND_THE_CLOCK = Schedule(zone=KYIV, always_open=True)
HOURS = timedelta(hours=1)


def kyiv(*args: int) -> datetime:
    return datetime(*args, tzinfo=KYIV)


def test_friday_evening_claim_with_a_four_hour_response_is_due_monday_at_half_past_twelve():
    # Friday 6 March 2026, 17:30: half an hour on Friday, three and a half on Monday.
    due = add_working_time(OFFICE, kyiv(2026, 3, 6, 17, 30), 4 * HOURS)

    assert due == kyiv(2026, 3, 9, 12, 30)


def test_the_same_claim_on_a_24_7_contract_is_due_friday_at_half_past_nine():
    assert add_working_time(AROUND_THE_CLOCK, kyiv(2026, 3, 6, 17, 30), 4 * HOURS) == kyiv(
        2026, 3, 6, 21, 30
    )


def test_a_claim_registered_at_night_waits_for_the_morning():
    # The case of the issue: 20:26 with 8 working hours is due next day at 17:00, not 04:26.
    assert add_working_time(OFFICE, kyiv(2026, 3, 3, 20, 26), 8 * HOURS) == kyiv(2026, 3, 4, 17, 0)


def test_a_holiday_off_shifts_the_due_time_a_working_holiday_does_not():
    independence_day = date(2026, 8, 24)  # a Monday
    off = Schedule(zone=KYIV, weekly=OFFICE.weekly, days={independence_day: ()})
    friday = kyiv(2026, 8, 21, 17, 0)

    assert add_working_time(off, friday, 4 * HOURS) == kyiv(2026, 8, 25, 12, 0)
    assert add_working_time(OFFICE, friday, 4 * HOURS) == kyiv(2026, 8, 24, 12, 0)


def test_a_transferred_saturday_and_a_short_day_count_their_own_hours():
    saturday, short_friday = date(2026, 3, 7), date(2026, 3, 6)
    schedule = Schedule(
        zone=KYIV,
        weekly=OFFICE.weekly,
        days={saturday: ((time(9), time(13)),), short_friday: ((time(9), time(17)),)},
    )

    assert add_working_time(schedule, kyiv(2026, 3, 6, 16, 0), 2 * HOURS) == kyiv(2026, 3, 7, 10, 0)
    assert working_time_between(schedule, kyiv(2026, 3, 6, 0, 0), kyiv(2026, 3, 9, 0, 0)) == (
        12 * HOURS
    )


def test_the_march_clock_change_keeps_office_hours_and_gives_24_7_a_23_hour_day():
    # Kyiv moves from 03:00 to 04:00 on Sunday 29 March 2026.
    assert add_working_time(OFFICE, kyiv(2026, 3, 27, 17, 0), 4 * HOURS) == kyiv(2026, 3, 30, 12, 0)
    assert working_time_between(OFFICE, kyiv(2026, 3, 23), kyiv(2026, 4, 6)) == 90 * HOURS
    sunday = working_time_between(AROUND_THE_CLOCK, kyiv(2026, 3, 29), kyiv(2026, 3, 30))
    assert sunday == 23 * HOURS
    assert add_working_time(AROUND_THE_CLOCK, kyiv(2026, 3, 28, 22, 0), 8 * HOURS) == kyiv(
        2026, 3, 29, 7, 0
    )


def test_the_october_clock_change_gives_24_7_a_25_hour_day():
    # Kyiv moves from 04:00 back to 03:00 on Sunday 25 October 2026.
    sunday = working_time_between(AROUND_THE_CLOCK, kyiv(2026, 10, 25), kyiv(2026, 10, 26))
    assert sunday == 25 * HOURS
    assert add_working_time(AROUND_THE_CLOCK, kyiv(2026, 10, 24, 22, 0), 8 * HOURS) == kyiv(
        2026, 10, 25, 5, 0
    )
    assert add_working_time(OFFICE, kyiv(2026, 10, 23, 17, 0), 4 * HOURS) == kyiv(
        2026, 10, 26, 12, 0
    )


def test_a_span_until_midnight_and_a_night_start():
    evenings = Schedule(zone=KYIV, weekly=dict.fromkeys(range(7), ((time(18), time(0)),)))

    assert add_working_time(evenings, kyiv(2026, 3, 2, 23, 0), 2 * HOURS) == kyiv(2026, 3, 3, 19, 0)


def test_working_time_between_is_negative_backwards_and_zero_outside_hours():
    monday_noon, tuesday_noon = kyiv(2026, 3, 2, 12), kyiv(2026, 3, 3, 12)

    assert working_time_between(OFFICE, monday_noon, tuesday_noon) == 9 * HOURS
    assert working_time_between(OFFICE, tuesday_noon, monday_noon) == -9 * HOURS
    assert working_time_between(OFFICE, kyiv(2026, 3, 7, 10), kyiv(2026, 3, 8, 20)) == timedelta(0)


def test_a_calendar_without_working_time_says_so_instead_of_looping():
    with pytest.raises(NoWorkingTime):
        add_working_time(Schedule(zone=KYIV), kyiv(2026, 3, 2, 12), HOURS)


def test_naive_datetimes_and_negative_durations_are_refused():
    with pytest.raises(ValueError):
        add_working_time(OFFICE, datetime(2026, 3, 2, 12), HOURS)  # noqa: DTZ001
    with pytest.raises(ValueError):
        add_working_time(OFFICE, kyiv(2026, 3, 2, 12), -HOURS)


# --- properties ------------------------------------------------------------------------

# Hypothesis takes naive bounds and makes each moment aware in the zone it is given.
moments = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001
    max_value=datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20))
schedules = st.sampled_from(
    [
        OFFICE,
        AROUND_THE_CLOCK,
        Schedule(
            zone=KYIV,
            weekly={
                **dict.fromkeys(range(5), ((time(8), time(12)), (time(13), time(17)))),
                5: ((time(10), time(0)),),
            },
            days={date(2026, 3, 30): (), date(2026, 10, 26): ((time(9), time(10)),)},
        ),
    ]
)


@given(schedules, moments, durations, durations)
def test_adding_is_monotonic(schedule, start, shorter, longer):
    shorter, longer = sorted((shorter, longer))

    assert add_working_time(schedule, start, shorter) <= add_working_time(schedule, start, longer)


@given(schedules, moments, durations, durations)
def test_adding_is_additive(schedule, start, first, second):
    stepwise = add_working_time(schedule, add_working_time(schedule, start, first), second)

    assert stepwise == add_working_time(schedule, start, first + second)


@given(schedules, moments, durations)
def test_between_is_the_inverse_of_adding(schedule, start, duration):
    due = add_working_time(schedule, start, duration)

    assert working_time_between(schedule, start, due) == duration


@given(moments, durations)
def test_on_a_24_7_calendar_working_time_is_elapsed_time(start, duration):
    assert add_working_time(AROUND_THE_CLOCK, start, duration) == start + duration
    assert working_time_between(AROUND_THE_CLOCK, start, start + duration) == duration
