"""Promptness: time to respond and to fix, on time or late, kept on the claim."""

import datetime

import pytest
import time_machine

from claims.models import ClaimStatus
from claims.services import (
    claim_close,
    claim_reopen,
    claim_resolve,
    claim_respond,
)
from contracts.models import Priority
from tests.claims.steps import MONDAY_9, H, finish_handoffs, resolved

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# --- promptness --------------------------------------------------------------------------


def test_promptness_of_a_claim_answered_and_fixed_on_time(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register(priority=Priority.NORMAL)
    with time_machine.travel(MONDAY_9 + 3 * H, tick=False):
        claim = claim_respond(actor=claim.contract.manager, claim=claim, note="Передзвонили")
    finish_handoffs(claim)
    with time_machine.travel(MONDAY_9 + 30 * H, tick=False):
        claim = claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Прибрали")

    claim.refresh_from_db()
    assert claim.responded_at == MONDAY_9 + 3 * H
    assert claim.time_to_respond == 3 * H
    assert claim.responded_on_time is True
    assert claim.resolved_at == MONDAY_9 + 30 * H
    # Tuesday 15:00: 30 wall hours, but 15 working ones (Monday 9 h, Tuesday 6 h).
    assert claim.time_to_fix == 15 * H
    assert claim.fixed_on_time is True


def test_promptness_of_a_claim_answered_and_fixed_late(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register(priority=Priority.CRITICAL)
    with time_machine.travel(MONDAY_9 + 2 * H, tick=False):
        claim = claim_respond(actor=claim.contract.manager, claim=claim, note="Передзвонили")
    finish_handoffs(claim)
    with time_machine.travel(MONDAY_9 + 9 * H, tick=False):
        claim = claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Прибрали")

    claim.refresh_from_db()
    assert (claim.time_to_respond, claim.responded_on_time) == (2 * H, False)
    assert (claim.time_to_fix, claim.fixed_on_time) == (9 * H, False)


def test_exactly_at_the_due_time_is_on_time(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register(priority=Priority.CRITICAL)
    with time_machine.travel(MONDAY_9 + 1 * H, tick=False):
        claim = claim_respond(actor=claim.contract.manager, claim=claim, note="Так")

    assert claim.responded_on_time is True


def test_reopening_clears_the_fix_figures_and_keeps_the_response_ones(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = resolved(register)
        claim = claim_close(
            actor=claim.contract.manager, claim=claim, client_confirmation="Так", satisfaction=4
        )
    with time_machine.travel(MONDAY_9 + 100 * H, tick=False):
        claim = claim_reopen(actor=claim.contract.manager, claim=claim, reason="Знову брудно")

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert claim.resolved_at is claim.closed_at is claim.time_to_fix is claim.fixed_on_time is None
    assert claim.satisfaction is None
    assert claim.time_to_respond == datetime.timedelta(0)
    assert claim.responded_on_time is True
    # The next resolve measures the fix again, from receipt: on Saturday morning, 120 wall
    # hours later, the working week's 45 hours.
    with time_machine.travel(MONDAY_9 + 120 * H, tick=False):
        claim = claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Ще раз")
    assert (claim.time_to_fix, claim.fixed_on_time) == (45 * H, False)
    assert claim.history.filter(fixed_on_time=True).exists()
