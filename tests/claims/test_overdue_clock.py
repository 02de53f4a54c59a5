"""Past due is overdue, even by zero working time: the clock, the "overdue by" line and
the overdue filter agree, and a lateness under a minute reads "less than a minute"."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from claims.models import Claim
from claims.selectors import fix_clock, overdue_by, response_clock
from claims.templatetags.claims_tags import duration_short
from contracts.models import Priority
from tests.claims.steps import KYIV, MONDAY_9, H, in_progress

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MONDAY_18 = MONDAY_9 + 9 * H


@pytest.fixture
def due_monday_evening(register):
    """A claim answered on Monday 2 March 2026 whose fix was due that day at 18:00, on the
    company's 9–18 calendar."""
    with time_machine.travel(MONDAY_9, tick=False):
        claim = in_progress(register, priority=Priority.NORMAL)
    Claim.objects.filter(pk=claim.pk).update(resolution_due_at=MONDAY_18)
    claim.refresh_from_db()
    return claim


def test_a_claim_past_due_by_no_working_time_is_overdue_by_less_than_a_minute(
    due_monday_evening,
):
    evening = MONDAY_9 + 10 * H  # Monday 19:00: after hours, no working time since 18:00

    clock = fix_clock(due_monday_evening, evening)

    assert clock.overdue
    assert clock.color == "danger"
    assert duration_short(clock.overdue_by) == "less than a minute"
    late = overdue_by(due_monday_evening, evening)
    assert late is not None and late > datetime.timedelta(0)
    assert duration_short(late) == "less than a minute"
    assert list(Claim.objects.overdue(evening)) == [due_monday_evening]


def test_the_claim_page_shows_the_same_lateness_in_the_clock_and_the_overdue_line(
    manager_client, due_monday_evening
):
    with time_machine.travel(MONDAY_9 + 10 * H, tick=False):
        page = manager_client.get(reverse("claims:detail", args=[due_monday_evening.pk]))

    html = " ".join(page.content.decode().split())
    assert page.context["overdue_by"]
    # The page speaks Ukrainian: once in the fix clock, once in the line under the clocks.
    assert html.count("прострочено на менш ніж 1 хв") == 2
    assert "0 хвилин" not in html


def test_the_lateness_counts_working_time_only(due_monday_evening):
    next_morning = datetime.datetime(2026, 3, 3, 9, 30, tzinfo=KYIV)

    assert overdue_by(due_monday_evening, next_morning) == datetime.timedelta(minutes=30)
    assert fix_clock(due_monday_evening, next_morning).overdue_by == datetime.timedelta(minutes=30)


def test_a_claim_due_right_now_is_not_overdue_yet(due_monday_evening):
    assert not fix_clock(due_monday_evening, MONDAY_18).overdue
    assert overdue_by(due_monday_evening, MONDAY_18) is None


def test_an_unanswered_claim_past_its_response_time_after_hours_is_overdue(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register(priority=Priority.NORMAL)  # response due Monday 13:00
    evening = MONDAY_9 + 10 * H
    Claim.objects.filter(pk=claim.pk).update(response_due_at=MONDAY_18)
    claim.refresh_from_db()

    assert response_clock(claim, evening).overdue
    assert duration_short(overdue_by(claim, evening)) == "less than a minute"


def test_less_than_a_minute_in_ukrainian():
    with translation.override("uk"):
        assert duration_short(datetime.timedelta(seconds=1)) == "менш ніж 1 хв"
        assert duration_short(datetime.timedelta(minutes=5)) == "5 хвилин"
