"""A claim follows the hand-offs it waits on."""

import pytest

from claims.models import ClaimEventKind, ClaimStatus
from handoffs.models import Status as HandoffStatus
from handoffs.signals import handoff_status_changed
from tests.claims.steps import in_progress, resolved

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# --- following the hand-offs -------------------------------------------------------------


def send(handoff, to_status, actor, from_status=HandoffStatus.IN_PROGRESS):
    handoff.status = to_status
    handoff.save()
    handoff_status_changed.send(
        sender=type(handoff),
        handoff=handoff,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
    )


def test_a_hand_off_starting_leaves_a_new_claim_as_it_is(register, department_staff):
    claim = register()
    handoff = claim.handoffs.get()

    send(handoff, HandoffStatus.IN_PROGRESS, department_staff, from_status=HandoffStatus.OPEN)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW
    assert claim.events.count() == 1


def test_the_last_hand_off_done_notes_ready_to_resolve_once(register, department_staff):
    claim = in_progress(register, category="safety")
    production, quality = claim.handoffs.order_by("department__code")

    send(production, HandoffStatus.DONE, department_staff)
    assert not claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE).exists()

    send(quality, HandoffStatus.DONE, department_staff)
    send(quality, HandoffStatus.DONE, department_staff)

    notes = claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE)
    assert notes.count() == 1
    note = notes.get()
    assert note.from_status == note.to_status == ClaimStatus.IN_PROGRESS
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS


def test_a_declined_last_hand_off_also_makes_the_claim_ready(register, department_staff):
    claim = in_progress(register)

    send(claim.handoffs.get(), HandoffStatus.DECLINED, department_staff)

    assert claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE).count() == 1


def test_hand_offs_of_a_resolved_claim_add_no_note(register, department_staff):
    claim = resolved(register)

    send(claim.handoffs.get(), HandoffStatus.DONE, department_staff)

    assert not claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE).exists()


def test_completing_the_hand_offs_through_their_service_notes_the_claim(register, department_head):
    from handoffs.services import handoff_complete

    claim = in_progress(register, category="equipment")

    handoff_complete(actor=department_head, handoff=claim.handoffs.get(), result="Замінили")

    assert claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE).count() == 1
