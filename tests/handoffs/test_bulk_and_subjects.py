"""The bulk service of the inbox, the move table, and the one resolver of subjects."""

import pytest

from handoffs import services, subjects
from handoffs.models import Handoff, Status
from handoffs.transitions import TRANSITIONS
from org.errors import DomainError
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


def test_bulk_take_counts_what_moved_and_words_each_refusal(staff, colleague, manager):
    free = HandoffFactory(requested_by=manager, title="Вільне")
    taken = HandoffFactory(requested_by=manager, title="Зайняте", assignee=colleague)

    outcome = services.handoff_bulk(actor=staff, action="take", ids=[free.pk, taken.pk])

    assert outcome.done == 1
    assert len(outcome.refused) == 1
    assert outcome.refused[0].startswith("«Зайняте»: ")
    free.refresh_from_db()
    assert free.assignee == staff


def test_bulk_assign_is_a_heads_action_only(staff, colleague, handoff):
    with pytest.raises(DomainError) as refused:
        services.handoff_bulk(actor=staff, action="assign", ids=[handoff.pk], assignee=colleague)

    assert refused.value.code == "forbidden"


def test_bulk_complete_needs_a_result_before_touching_any_row(staff, handoff):
    with pytest.raises(DomainError):
        services.handoff_bulk(actor=staff, action="complete", ids=[handoff.pk], result=" ")

    handoff.refresh_from_db()
    assert handoff.status == Status.OPEN


def test_bulk_leaves_out_rows_the_actor_does_not_see(hr_staff, handoff):
    outcome = services.handoff_bulk(actor=hr_staff, action="take", ids=[handoff.pk])

    assert (outcome.done, outcome.refused) == (0, [])


def test_the_table_refuses_a_move_from_the_wrong_status_with_the_status_label():
    with pytest.raises(DomainError) as refused:
        TRANSITIONS.check("reopen", Status.OPEN)

    assert refused.value.code == "refused"
    assert str(Status.OPEN.label) in refused.value.message
    assert TRANSITIONS["take"].target is None
    assert TRANSITIONS["assign"].target is None


def test_subjects_imply_the_contract_and_client_of_a_claim():
    claim_contract = type("Contract", (), {"client": "client"})()
    claim = type("Claim", (), {"contract": claim_contract})()

    implied = subjects.completed(contract=None, claim=claim, client=None)

    assert implied == (claim_contract, claim, "client")


def test_subject_models_are_the_models_the_hand_off_relates_to():
    for name in subjects.SUBJECTS:
        assert subjects.subject_model(name) is Handoff._meta.get_field(name).related_model
