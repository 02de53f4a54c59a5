"""Claim clocks in working time on the contract's calendar (issue 14), with frozen time."""

import datetime

import pytest
import time_machine

from calendars.models import WorkingCalendar
from contracts.models import Priority
from tests.claims.steps import KYIV, H

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=KYIV)


def registered(register, received, **kwargs):
    # Normal priority: the default response is 4 working hours.
    with time_machine.travel(received, tick=False):
        return register(priority=Priority.NORMAL, received_at=received, **kwargs)


@pytest.fixture
def around_the_clock(contract):
    contract.calendar = WorkingCalendar.objects.get(always_open=True)
    contract.save()
    return contract


def test_friday_evening_response_on_the_company_calendar_is_due_monday_noon(register):
    claim = registered(register, at(2026, 3, 6, 17, 30))

    # Half an hour on Friday, three and a half on Monday from 09:00.
    assert claim.response_due_at == at(2026, 3, 9, 12, 30)


def test_the_same_claim_on_a_24_7_contract_is_due_the_same_friday_night(register, around_the_clock):
    claim = registered(register, at(2026, 3, 6, 17, 30))

    assert claim.response_due_at == at(2026, 3, 6, 21, 30)
    assert claim.resolution_due_at == at(2026, 3, 6, 17, 30) + 27 * H


def test_a_public_holiday_moves_the_due_time_only_when_holidays_are_days_off(register, settings):
    # Monday 24 August 2026 is Independence Day.
    friday = at(2026, 8, 21, 17, 30)
    settings.HOLIDAYS_ARE_DAYS_OFF = False
    under_martial_law = registered(register, friday)
    settings.HOLIDAYS_ARE_DAYS_OFF = True
    holidays_off = registered(register, friday, subject="Ще одна скарга")

    assert under_martial_law.response_due_at == at(2026, 8, 24, 12, 30)
    assert holidays_off.response_due_at == at(2026, 8, 25, 12, 30)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Clocks go forward on Sunday 29 March 2026, back on Sunday 25 October 2026: the
        # working day stays 09:00–18:00 on the wall clock.
        (at(2026, 3, 27, 17, 30), at(2026, 3, 30, 12, 30)),
        (at(2026, 10, 23, 17, 30), at(2026, 10, 26, 12, 30)),
    ],
)
def test_dst_weeks_keep_the_working_day_on_the_wall_clock(register, received, due):
    claim = registered(register, received)

    assert claim.response_due_at == due
    assert claim.response_due_at.astimezone(datetime.UTC).hour == due.astimezone(datetime.UTC).hour


@pytest.mark.parametrize(
    ("received", "wall_hours"),
    [
        # Saturday 20:00 + 4 h across the night the clocks go forward: 01:00 EET is 4 real
        # hours later, and so is 01:00 the night they go back.
        (at(2026, 3, 28, 22, 0), 4),
        (at(2026, 10, 24, 22, 0), 4),
    ],
)
def test_on_a_24_7_contract_working_hours_are_real_hours_across_dst(
    register, around_the_clock, received, wall_hours
):
    claim = registered(register, received)

    assert claim.response_due_at - received == wall_hours * H


def test_a_priority_change_recomputes_the_due_times_in_working_time(register):
    from claims.models import ClaimEventKind
    from claims.services import claim_set_priority

    claim = registered(register, at(2026, 3, 6, 17, 30))
    with time_machine.travel(at(2026, 3, 9, 10), tick=False):
        claim = claim_set_priority(
            actor=claim.contract.manager, claim=claim, priority=Priority.CRITICAL
        )

    # Critical: 1 and 8 working hours from Friday 17:30.
    assert claim.response_due_at == at(2026, 3, 9, 9, 30)
    assert claim.resolution_due_at == at(2026, 3, 9, 16, 30)
    assert claim.events.filter(kind=ClaimEventKind.PRIORITY).exists()
