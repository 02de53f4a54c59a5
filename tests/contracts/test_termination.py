"""Ending or renewing a contract: begin termination, extend, close, cancel."""

import datetime

import pytest
from django.utils import timezone

from clients.models import ClientStatus
from contracts import services
from contracts.models import Agreement, AgreementKind, Contract, Stage, StageEvent
from handoffs.models import Handoff, Kind, Status
from tests.contracts.factories import ContractFactory, ObligationFactory
from tests.contracts.helpers import handoffs_by_kind, refused
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import department

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# --- begin termination ---------------------------------------------------------------


def test_begin_termination_opens_the_four_handoffs_once(manager, supported_contract):
    ObligationFactory(contract=supported_contract, description="Повернути ключі")

    services.contract_begin_termination(
        actor=manager, contract=supported_contract, reason="Клієнт не продовжує"
    )

    contract = Contract.objects.get(pk=supported_contract.pk)
    assert contract.stage == Stage.TERMINATION
    assert contract.stage_reason == "Клієнт не продовжує"
    assert handoffs_by_kind(contract) == {
        (Kind.RELEASE_OF_WORKERS, "hr", None),
        (Kind.OBLIGATIONS_CHECK, "production", None),
        (Kind.FINAL_SETTLEMENT, "accounting", None),
        (Kind.EXTENSION_OPPORTUNITY, None, manager.pk),
    }
    assert Handoff.objects.filter(contract=contract).count() == 4
    assert "Повернути ключі" in Handoff.objects.get(kind=Kind.OBLIGATIONS_CHECK).details
    event = StageEvent.objects.get(contract=contract)
    assert (event.from_stage, event.to_stage, event.reason) == (
        Stage.SUPPORT,
        Stage.TERMINATION,
        "Клієнт не продовжує",
    )


def test_begin_termination_does_not_reopen_what_an_expiry_warning_opened(
    manager, supported_contract
):
    HandoffFactory(
        kind=Kind.RELEASE_OF_WORKERS,
        department=department("hr"),
        contract=supported_contract,
    )

    services.contract_begin_termination(actor=manager, contract=supported_contract, reason="x")

    assert (
        Handoff.objects.filter(contract=supported_contract, kind=Kind.RELEASE_OF_WORKERS).count()
        == 1
    )
    assert Handoff.objects.filter(contract=supported_contract).count() == 4


@pytest.mark.parametrize("reason", ["", "   "])
def test_begin_termination_needs_a_reason(manager, supported_contract, reason):
    refused(
        lambda: services.contract_begin_termination(
            actor=manager, contract=supported_contract, reason=reason
        ),
        supported_contract,
        "Say why",
    )


# --- extend --------------------------------------------------------------------------


@pytest.mark.parametrize("stage", [Stage.SUPPORT, Stage.TERMINATION])
def test_extend_returns_to_support_with_a_supplementary_agreement(
    manager, supported_contract, stage
):
    Contract.objects.filter(pk=supported_contract.pk).update(stage=stage)
    new_end = supported_contract.end_date + datetime.timedelta(days=365)

    services.contract_extend(actor=manager, contract=supported_contract, new_end_date=new_end)

    contract = Contract.objects.get(pk=supported_contract.pk)
    assert (contract.stage, contract.end_date) == (Stage.SUPPORT, new_end)
    agreement = Agreement.objects.get(contract=contract)
    assert agreement.kind == AgreementKind.SUPPLEMENTARY
    assert new_end.strftime("%d.%m.%Y") in agreement.summary
    assert agreement.created_by == manager
    event = StageEvent.objects.get(contract=contract)
    assert (event.from_stage, event.to_stage) == (stage, Stage.SUPPORT)


@pytest.mark.parametrize("days", [0, -1])
def test_extend_refuses_an_end_date_not_later_than_the_current(manager, supported_contract, days):
    new_end = supported_contract.end_date + datetime.timedelta(days=days)

    refused(
        lambda: services.contract_extend(
            actor=manager, contract=supported_contract, new_end_date=new_end
        ),
        supported_contract,
        "must be later than the current one",
    )


# --- close ---------------------------------------------------------------------------


@pytest.fixture
def terminating(supported_contract):
    Contract.objects.filter(pk=supported_contract.pk).update(stage=Stage.TERMINATION)
    supported_contract.refresh_from_db()
    return supported_contract


def test_close_refuses_while_an_obligation_is_unfulfilled(manager, terminating):
    ObligationFactory(contract=terminating, description="Повернути ключі")

    refused(
        lambda: services.contract_close(actor=manager, contract=terminating),
        terminating,
        "unfulfilled obligations: «Повернути ключі»",
    )


@pytest.mark.parametrize("status", [Status.OPEN, Status.IN_PROGRESS])
def test_close_refuses_while_a_handoff_is_open(manager, terminating, status):
    HandoffFactory(contract=terminating, status=status, title="Звірка розрахунків")

    refused(
        lambda: services.contract_close(actor=manager, contract=terminating),
        terminating,
        "open hand-off «Звірка розрахунків»",
    )


def test_close_closes_when_everything_is_done(manager, terminating):
    ObligationFactory(contract=terminating, fulfilled_by=manager, fulfilled_at=timezone.now())
    HandoffFactory(contract=terminating, status=Status.DONE)
    HandoffFactory(contract=terminating, status=Status.DECLINED)

    services.contract_close(actor=manager, contract=terminating, reason="Все виконано")

    contract = Contract.objects.get(pk=terminating.pk)
    assert contract.stage == Stage.CLOSED
    assert contract.client.status == ClientStatus.FORMER
    event = StageEvent.objects.get(contract=contract)
    assert (event.from_stage, event.to_stage, event.reason) == (
        Stage.TERMINATION,
        Stage.CLOSED,
        "Все виконано",
    )


def test_close_keeps_the_client_active_with_another_open_contract(manager, terminating):
    ContractFactory(client=terminating.client, stage=Stage.SUPPORT)

    services.contract_close(actor=manager, contract=terminating)

    terminating.client.refresh_from_db()
    assert terminating.client.status == ClientStatus.ACTIVE


# --- cancel --------------------------------------------------------------------------


def test_cancel_stops_a_contract_in_preparation(manager, cover, ready_contract):
    services.contract_cancel(actor=cover, contract=ready_contract, reason="Клієнт відмовився")

    contract = Contract.objects.get(pk=ready_contract.pk)
    assert contract.stage == Stage.CANCELLED
    event = StageEvent.objects.get(contract=contract)
    assert (event.to_stage, event.reason, event.actor, event.on_behalf_of) == (
        Stage.CANCELLED,
        "Клієнт відмовився",
        cover,
        manager,
    )
    assert contract.history.first().stage == Stage.CANCELLED


def test_cancel_needs_a_reason(manager, ready_contract):
    refused(
        lambda: services.contract_cancel(actor=manager, contract=ready_contract, reason=""),
        ready_contract,
        "Say why",
    )
