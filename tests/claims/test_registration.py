"""Registering a claim: due times, the formal deadline, the guards."""

import datetime

import pytest
import time_machine

from claims.models import ClaimStatus
from claims.services import (
    claim_register,
)
from contracts.models import Priority, Stage
from org.errors import DomainError
from tests.claims.steps import KYIV, MONDAY_9, H
from tests.clients.factories import ContactFactory, SiteFactory
from tests.contracts.factories import ContractFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# --- registering: due times, formal deadline, guards -------------------------------------


def kyiv(day, hour):
    """A wall time in Kyiv in the week of MONDAY_9 (2 March 2026): day 0 is Monday."""
    return (MONDAY_9 + datetime.timedelta(days=day)).replace(hour=hour)


@pytest.mark.parametrize(
    ("priority", "response_due", "fix_due"),
    [
        # Received at 07:00 on Monday, before the working day: the clocks start at 09:00,
        # and the default SLA hours (1/8, 2/9, 4/27, 9/45) are working hours.
        (Priority.CRITICAL, kyiv(0, 10), kyiv(0, 17)),
        (Priority.HIGH, kyiv(0, 11), kyiv(0, 18)),
        (Priority.NORMAL, kyiv(0, 13), kyiv(2, 18)),
        (Priority.LOW, kyiv(0, 18), kyiv(4, 18)),
    ],
)
def test_due_times_follow_the_company_default_sla_in_working_hours_from_receipt(
    register, priority, response_due, fix_due
):
    received = MONDAY_9 - 2 * H
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register(priority=priority, received_at=received)

    assert claim.response_due_at == response_due
    assert claim.resolution_due_at == fix_due


def test_due_times_follow_the_contracts_own_sla_where_it_sets_one(register, contract):
    contract.sla_high_response_hours = 2
    contract.sla_high_resolution_hours = 10
    contract.sla_normal_resolution_hours = 48
    contract.save()

    with time_machine.travel(MONDAY_9, tick=False):
        high = register(priority=Priority.HIGH)
        normal = register(priority=Priority.NORMAL)

    # 10 working hours from Monday 09:00: the whole of Monday and Tuesday's first hour.
    assert (high.response_due_at, high.resolution_due_at) == (kyiv(0, 11), kyiv(1, 10))
    # The contract sets only the fix time for normal claims: the response is the default
    # 4 h; 48 working hours are five 9-hour days and 3 h of the next Monday.
    assert (normal.response_due_at, normal.resolution_due_at) == (kyiv(0, 13), kyiv(7, 12))


def test_received_at_defaults_to_now(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register()

    assert claim.received_at == MONDAY_9
    assert claim.status == ClaimStatus.NEW


def test_a_formal_claim_is_due_an_answer_the_contracts_days_after_the_received_date(
    register, contract
):
    contract.claim_answer_days = 14
    contract.save()
    late_evening = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=KYIV)

    with time_machine.travel(late_evening + H, tick=False):
        claim = register(
            is_formal=True, formal_number="П-7", formal_amount="1500.00", received_at=late_evening
        )

    assert claim.answer_due_on == datetime.date(2026, 3, 16)
    assert claim.formal_number == "П-7"


def test_an_informal_claim_has_no_answer_deadline_nor_formal_details(register):
    claim = register(is_formal=False, formal_number="П-1", formal_amount="10")

    assert claim.answer_due_on is None
    assert claim.formal_number == ""
    assert claim.formal_amount is None


def test_registering_writes_the_first_event(register, manager):
    claim = register()

    event = claim.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", ClaimStatus.NEW, manager)


@pytest.mark.parametrize("stage", [Stage.PREPARATION, Stage.CLOSED, Stage.CANCELLED])
def test_register_is_refused_on_a_contract_not_in_support_or_termination(register, manager, stage):
    contract = ContractFactory(stage=stage, manager=manager, client__account_manager=manager)

    with pytest.raises(DomainError, match="support or termination"):
        register(contract=contract)

    assert not contract.claims.exists()


def test_register_is_allowed_on_a_contract_in_termination(register, termination_contract):
    assert register(contract=termination_contract).pk


def test_register_refuses_a_site_of_another_client(register, contract):
    with pytest.raises(DomainError, match="site"):
        register(site=SiteFactory())
    assert not contract.claims.exists()


def test_register_refuses_a_contact_of_another_client(register, contract):
    with pytest.raises(DomainError, match="contact"):
        register(reported_by=ContactFactory())
    assert not contract.claims.exists()


def test_register_keeps_a_site_and_contact_of_the_client(register, site, contact):
    claim = register(site=site, reported_by=contact)

    assert (claim.site, claim.reported_by) == (site, contact)


def test_a_claim_registered_by_a_director_tells_the_manager(executive_director):
    from org.models import Notification
    from tests.claims.factories import SupportContractFactory

    contract = SupportContractFactory()

    claim = claim_register(
        actor=executive_director,
        contract=contract,
        category="service_quality",
        priority="normal",
        subject="Брудно в холі",
        description="Клієнт скаржиться",
        channel="phone",
    )

    note = Notification.objects.get(recipient=contract.manager)
    assert note.url == claim.get_absolute_url()


def test_register_refuses_a_formal_claim_without_its_number(register, contract):
    with pytest.raises(DomainError, match="number") as refused:
        register(is_formal=True, formal_number="")

    assert refused.value.code == "formal_number"
    assert not contract.claims.exists()
