"""Waiting for the client: the fix clock stops, resumes, and the figures leave the wait out."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from claims.escalation import escalate_overdue_claims
from claims.models import Claim, ClaimEvent, ClaimStatus
from claims.reminders import remind_waiting_claims
from claims.services import claim_resolve, claim_resume, claim_resume_on_client_answer, claim_wait
from contracts.models import Priority
from org.errors import DomainError
from org.models import Notification
from tests.claims.steps import KYIV, MONDAY_9, H, finish_handoffs, in_progress

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TUESDAY_9 = MONDAY_9 + 24 * H


@pytest.fixture
def working(register):
    """A normal claim received and answered on Monday 2 March 2026 at 09:00 (fix due
    Wednesday 18:00: 27 working hours)."""
    with time_machine.travel(MONDAY_9, tick=False):
        return in_progress(register, priority=Priority.NORMAL)


def wait(claim, when, note="Попросили фото"):
    with time_machine.travel(when, tick=False):
        return claim_wait(actor=claim.contract.manager, claim=claim, note=note)


def resume(claim, when):
    with time_machine.travel(when, tick=False):
        return claim_resume(actor=claim.contract.manager, claim=claim)


def test_waiting_needs_a_note_of_what_the_client_was_asked(working):
    with pytest.raises(DomainError, match="asked"):
        wait(working, MONDAY_9 + H, note="  ")

    working.refresh_from_db()
    assert working.status == ClaimStatus.IN_PROGRESS


def test_resuming_moves_the_fix_due_time_by_the_working_time_waited(working):
    due = working.resolution_due_at
    assert due == datetime.datetime(2026, 3, 4, 18, 0, tzinfo=KYIV)

    claim = wait(working, MONDAY_9 + 3 * H)  # Monday 12:00
    assert claim.status == ClaimStatus.WAITING
    claim = resume(claim, TUESDAY_9 + 3 * H)  # Tuesday 12:00: 9 working hours later

    assert claim.status == ClaimStatus.IN_PROGRESS
    assert claim.paused_at is None
    assert claim.paused_working_seconds == 9 * 3600
    assert claim.resolution_due_at == datetime.datetime(2026, 3, 5, 18, 0, tzinfo=KYIV)
    moves = list(claim.events.order_by("created_at", "pk").values_list("from_status", "to_status"))
    assert moves[-2:] == [("in_progress", "waiting"), ("waiting", "in_progress")]


def test_paused_time_does_not_count_toward_the_time_to_fix(working):
    claim = wait(working, MONDAY_9 + 3 * H)
    claim = resume(claim, TUESDAY_9 + 3 * H)
    finish_handoffs(claim)
    with time_machine.travel(TUESDAY_9 + 5 * H, tick=False):  # Tuesday 14:00
        claim = claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Прибрали")

    # 14 working hours since receipt, 9 of them waiting for the client.
    assert claim.time_to_fix == 5 * H
    assert claim.fixed_on_time is True


def test_a_waiting_claim_is_neither_overdue_nor_escalated(working):
    claim = wait(working, MONDAY_9 + H)
    friday = datetime.datetime(2026, 3, 6, 12, 0, tzinfo=KYIV)

    with time_machine.travel(friday, tick=False):
        assert not Claim.objects.overdue().filter(pk=claim.pk).exists()
        assert escalate_overdue_claims().claims == {1: 0, 2: 0}


def test_the_clients_answer_resumes_a_waiting_claim(working):
    claim = wait(working, MONDAY_9 + H)

    with time_machine.travel(MONDAY_9 + 2 * H, tick=False):
        claim_resume_on_client_answer(actor=claim.contract.manager, claim=claim)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert claim.paused_working_seconds == 3600
    assert ClaimEvent.objects.filter(claim=claim, note="The client answered.").exists()


def test_the_clients_answer_leaves_a_claim_not_waiting_alone(working):
    assert claim_resume_on_client_answer(actor=working.contract.manager, claim=working) is None


def test_a_claim_waiting_three_working_days_reminds_its_manager_once_a_wait(working):
    claim = wait(working, MONDAY_9 + H)  # Monday 10:00
    manager = claim.contract.manager

    with time_machine.travel(MONDAY_9 + 48 * H, tick=False):  # Wednesday 09:00: 2 days
        assert remind_waiting_claims() == 0
    with time_machine.travel(MONDAY_9 + 73 * H, tick=False):  # Thursday 10:00: 3 days
        assert remind_waiting_claims() == 1
        assert remind_waiting_claims() == 0

    assert Notification.objects.filter(recipient=manager, url=claim.get_absolute_url()).count() == 1
    # A new wait may remind again.
    claim = resume(claim, MONDAY_9 + 74 * H)
    claim = wait(claim, MONDAY_9 + 74 * H)
    assert claim.pause_reminded is False


def test_the_claim_page_waits_and_resumes_and_shows_the_time_waited(manager_client, working):
    with time_machine.travel(MONDAY_9 + H, tick=False):
        response = manager_client.post(
            reverse("claims:wait", args=[working.pk]), {"note": "Попросили фото"}
        )
    assert response.status_code == 302
    with time_machine.travel(MONDAY_9 + 3 * H, tick=False):
        page = manager_client.get(reverse("claims:detail", args=[working.pk]))
    assert page.context["paused"]["current"] == 2 * H
    assert "Очікує відповіді клієнта" in page.content.decode()

    with time_machine.travel(MONDAY_9 + 4 * H, tick=False):
        manager_client.post(reverse("claims:resume", args=[working.pk]), {"note": ""})
    working.refresh_from_db()
    assert working.status == ClaimStatus.IN_PROGRESS
    assert working.paused_working_seconds == 3 * 3600


def test_only_a_claim_in_progress_can_wait(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register()
    with pytest.raises(DomainError, match="cannot be put to wait"):
        claim_wait(actor=claim.contract.manager, claim=claim, note="Питання")
