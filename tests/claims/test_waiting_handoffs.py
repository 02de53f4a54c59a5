"""A claim's open fix hand-offs follow its pause: when it resumes, each is due later by
the working time waited, on its department's calendar, with an event and its history."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from calendars.models import WorkingCalendar
from claims.models import ClaimStatus
from claims.selectors import claim_timeline
from claims.services import claim_resume, claim_wait
from contracts.models import Priority
from handoffs.models import Handoff, HandoffEvent, Kind
from handoffs.models import Status as HandoffStatus
from tests.claims.steps import KYIV, MONDAY_9, H, in_progress
from tests.handoffs.factories import HandoffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TUESDAY_12 = MONDAY_9 + 27 * H
WEDNESDAY_18 = datetime.datetime(2026, 3, 4, 18, 0, tzinfo=KYIV)


@pytest.fixture
def working(register):
    """A normal claim received and answered on Monday 2 March 2026 at 09:00: it and its
    fix hand-offs are due on Wednesday at 18:00 (27 working hours)."""
    with time_machine.travel(MONDAY_9, tick=False):
        claim = in_progress(register, priority=Priority.NORMAL)
    assert claim.handoffs.filter(kind=Kind.CLAIM_FIX).exists()
    return claim


def fix_handoff(claim):
    return claim.handoffs.filter(kind=Kind.CLAIM_FIX).order_by("pk").first()


def wait_and_resume(claim, *, waited_from=MONDAY_9 + 3 * H, resumed_at=TUESDAY_12):
    """Monday 12:00 to Tuesday 12:00 by default: 9 working hours on a 9–18 calendar."""
    with time_machine.travel(waited_from, tick=False):
        claim = claim_wait(actor=claim.contract.manager, claim=claim, note="Попросили фото")
    with time_machine.travel(resumed_at, tick=False):
        return claim_resume(actor=claim.contract.manager, claim=claim)


def test_an_open_fix_handoff_is_due_later_by_the_working_time_waited(working):
    handoff = fix_handoff(working)
    assert handoff.due_at == WEDNESDAY_18

    claim = wait_and_resume(working)

    handoff.refresh_from_db()
    assert handoff.due_at == datetime.datetime(2026, 3, 5, 18, 0, tzinfo=KYIV)
    assert handoff.due_at == claim.resolution_due_at


def test_the_move_is_counted_on_the_handoff_departments_calendar(working):
    handoff = fix_handoff(working)
    department = handoff.department
    department.calendar = WorkingCalendar.objects.get(always_open=True)
    department.save()

    wait_and_resume(working)

    handoff.refresh_from_db()
    # 9 hours of the claim's working time, on a 24/7 clock: Thursday 03:00.
    assert handoff.due_at == datetime.datetime(2026, 3, 5, 3, 0, tzinfo=KYIV)


def test_the_move_is_an_event_of_the_handoff_and_in_its_history(working):
    handoff = fix_handoff(working)
    history_before = handoff.history.count()

    wait_and_resume(working)

    event = HandoffEvent.objects.filter(handoff=handoff).latest("created_at", "pk")
    assert (event.from_status, event.to_status) == (handoff.status, handoff.status)
    assert event.actor == working.contract.manager
    assert event.created_at == TUESDAY_12
    assert "05.03.2026 18:00" in event.note
    assert "9 h" in event.note
    assert handoff.history.count() == history_before + 1
    latest = handoff.history.latest()
    assert (latest.due_at, latest.history_user) == (
        datetime.datetime(2026, 3, 5, 18, 0, tzinfo=KYIV),
        working.contract.manager,
    )
    assert event in [entry["item"] for entry in claim_timeline(working)]


def test_finished_and_other_handoffs_keep_their_due_time(working):
    done = fix_handoff(working)
    Handoff.objects.filter(pk=done.pk).update(status=HandoffStatus.DONE)
    other = HandoffFactory(claim=working, kind=Kind.CLAIM_REVIEW, due_at=WEDNESDAY_18)

    wait_and_resume(working)

    done.refresh_from_db()
    other.refresh_from_db()
    assert (done.due_at, other.due_at) == (WEDNESDAY_18, WEDNESDAY_18)
    assert not HandoffEvent.objects.filter(handoff__in=[done, other], note__contains="waited")


def test_a_wait_outside_working_hours_moves_nothing(working):
    handoff = fix_handoff(working)
    events = HandoffEvent.objects.filter(handoff=handoff).count()
    # Monday 19:00 to Tuesday 08:00: no working time waited.
    wait_and_resume(working, waited_from=MONDAY_9 + 10 * H, resumed_at=MONDAY_9 + 23 * H)

    handoff.refresh_from_db()
    assert handoff.due_at == WEDNESDAY_18
    assert HandoffEvent.objects.filter(handoff=handoff).count() == events


def test_the_handoffs_move_in_the_resumes_transaction(working, monkeypatch):
    handoff = fix_handoff(working)
    with time_machine.travel(MONDAY_9 + 3 * H, tick=False):
        claim = claim_wait(actor=working.contract.manager, claim=working, note="Попросили фото")

    def broken(*args, **kwargs):
        raise RuntimeError("the event could not be written")

    monkeypatch.setattr(HandoffEvent.objects, "create", broken)
    with time_machine.travel(TUESDAY_12, tick=False), pytest.raises(RuntimeError):
        claim_resume(actor=claim.contract.manager, claim=claim)

    claim.refresh_from_db()
    handoff.refresh_from_db()
    assert claim.status == ClaimStatus.WAITING
    assert handoff.due_at == WEDNESDAY_18


def test_resuming_from_the_claim_page_moves_the_handoffs(manager_client, working):
    handoff = fix_handoff(working)
    with time_machine.travel(MONDAY_9 + 3 * H, tick=False):
        manager_client.post(reverse("claims:wait", args=[working.pk]), {"note": "Попросили фото"})
    with time_machine.travel(TUESDAY_12, tick=False):
        response = manager_client.post(reverse("claims:resume", args=[working.pk]), {"note": ""})

    assert response.status_code == 302
    handoff.refresh_from_db()
    assert handoff.due_at == datetime.datetime(2026, 3, 5, 18, 0, tzinfo=KYIV)
