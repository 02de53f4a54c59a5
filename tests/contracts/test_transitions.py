import datetime

import pytest
from django.utils import timezone

from clients.models import ClientStatus
from contracts import services
from contracts.models import Agreement, AgreementKind, Contract, Stage, StageEvent
from handoffs.models import Handoff, Kind, Status
from org.errors import DomainError
from org.roles import Role
from tests.contracts.factories import ContractFactory, ObligationFactory
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import department

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def snapshot(contract):
    contract = Contract.objects.get(pk=contract.pk)
    return (
        contract.stage,
        contract.end_date,
        contract.signed_on,
        StageEvent.objects.filter(contract=contract).count(),
        Handoff.objects.filter(contract=contract).count(),
        contract.history.count(),
        Agreement.objects.filter(contract=contract).count(),
    )


def refused(call, contract, match):
    before = snapshot(contract)
    with pytest.raises(DomainError, match=match):
        call()
    assert snapshot(contract) == before


def handoffs_by_kind(contract):
    return {
        (h.kind, h.department.code if h.department else None, h.assignee_id)
        for h in Handoff.objects.filter(contract=contract).exclude(kind=Kind.SITE_SURVEY)
    }


# --- the table -----------------------------------------------------------------------


def test_table_allows_only_the_drawn_moves():
    moves = {(src, t.target) for t in services.TRANSITIONS.values() for src in t.sources}

    assert moves == {
        (Stage.PREPARATION, Stage.SUPPORT),
        (Stage.PREPARATION, Stage.CANCELLED),
        (Stage.SUPPORT, Stage.TERMINATION),
        (Stage.SUPPORT, Stage.SUPPORT),
        (Stage.TERMINATION, Stage.SUPPORT),
        (Stage.TERMINATION, Stage.CLOSED),
    }


@pytest.mark.parametrize(
    ("stage", "allowed"),
    [
        (Stage.PREPARATION, ["conclude", "cancel"]),
        (Stage.SUPPORT, ["extend", "begin_termination"]),
        (Stage.TERMINATION, ["extend", "close"]),
        (Stage.CLOSED, []),
        (Stage.CANCELLED, []),
    ],
)
def test_allowed_transitions_follow_the_stage(stage, allowed):
    contract = Contract(stage=stage)

    assert [t.name for t in services.allowed_transitions(contract)] == allowed


@pytest.mark.parametrize(
    ("stage", "call"),
    [
        (Stage.PREPARATION, lambda m, c: services.contract_close(actor=m, contract=c)),
        (
            Stage.PREPARATION,
            lambda m, c: services.contract_begin_termination(actor=m, contract=c, reason="x"),
        ),
        (
            Stage.PREPARATION,
            lambda m, c: services.contract_extend(
                actor=m, contract=c, new_end_date=c.end_date + datetime.timedelta(days=9)
            ),
        ),
        (Stage.SUPPORT, lambda m, c: services.contract_conclude(actor=m, contract=c)),
        (Stage.SUPPORT, lambda m, c: services.contract_cancel(actor=m, contract=c, reason="x")),
        (Stage.CLOSED, lambda m, c: services.contract_conclude(actor=m, contract=c)),
        (
            Stage.CLOSED,
            lambda m, c: services.contract_extend(
                actor=m, contract=c, new_end_date=c.end_date + datetime.timedelta(days=9)
            ),
        ),
        (Stage.CANCELLED, lambda m, c: services.contract_close(actor=m, contract=c)),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(manager, client_of, stage, call):
    contract = ContractFactory(client=client_of, stage=stage)

    refused(lambda: call(manager, contract), contract, "is not possible for a contract")


def test_someone_elses_contract_is_refused(make_user, ready_contract):
    stranger = make_user(Role.SUPPORT_MANAGER)

    refused(
        lambda: services.contract_conclude(actor=stranger, contract=ready_contract),
        ready_contract,
        "Only the contract's manager",
    )


# --- conclude ------------------------------------------------------------------------


def test_conclude_moves_to_support_and_opens_staffing_and_billing_once(manager, ready_contract):
    ready_contract.client.status = ClientStatus.PROSPECT
    ready_contract.client.save()

    services.contract_conclude(actor=manager, contract=ready_contract)

    contract = Contract.objects.get(pk=ready_contract.pk)
    assert contract.stage == Stage.SUPPORT
    assert contract.signed_on == timezone.localdate()
    assert contract.client.status == ClientStatus.ACTIVE
    assert handoffs_by_kind(contract) == {
        (Kind.STAFFING_REQUEST, "hr", None),
        (Kind.BILLING_DATA, "accounting", None),
    }
    staffing = Handoff.objects.get(contract=contract, kind=Kind.STAFFING_REQUEST)
    assert "Прибиральник × 3" in staffing.details
    assert staffing.requested_by == manager
    event = StageEvent.objects.get(contract=contract)
    assert (event.from_stage, event.to_stage, event.actor, event.on_behalf_of) == (
        Stage.PREPARATION,
        Stage.SUPPORT,
        manager,
        None,
    )
    assert contract.history.first().stage == Stage.SUPPORT
    assert contract.history.first().history_user == manager


def test_conclude_keeps_a_signed_date_already_set(manager, ready_contract):
    signed = timezone.localdate() - datetime.timedelta(days=3)
    Contract.objects.filter(pk=ready_contract.pk).update(signed_on=signed)

    services.contract_conclude(actor=manager, contract=ready_contract)

    assert Contract.objects.get(pk=ready_contract.pk).signed_on == signed


def test_concluding_twice_opens_nothing_more(manager, ready_contract):
    services.contract_conclude(actor=manager, contract=ready_contract)

    refused(
        lambda: services.contract_conclude(actor=manager, contract=ready_contract),
        ready_contract,
        "is not possible",
    )
    assert Handoff.objects.filter(contract=ready_contract, kind=Kind.STAFFING_REQUEST).count() == 1


def test_conclude_refuses_contract_without_dates(manager, ready_contract):
    Contract.objects.filter(pk=ready_contract.pk).update(end_date=None)

    refused(
        lambda: services.contract_conclude(actor=manager, contract=ready_contract),
        ready_contract,
        "set the start and end dates",
    )


def test_conclude_refuses_contract_without_service_lines(manager, ready_contract):
    ready_contract.service_lines.all().delete()

    refused(
        lambda: services.contract_conclude(actor=manager, contract=ready_contract),
        ready_contract,
        "add at least one service line",
    )


def test_conclude_refuses_contract_without_staffing(manager, ready_contract):
    ready_contract.staffing.all().delete()

    refused(
        lambda: services.contract_conclude(actor=manager, contract=ready_contract),
        ready_contract,
        "add at least one staffing requirement",
    )


@pytest.mark.parametrize("status", [Status.OPEN, Status.IN_PROGRESS, Status.DECLINED])
def test_conclude_refuses_contract_whose_survey_is_not_done(manager, ready_contract, status):
    Handoff.objects.filter(contract=ready_contract).update(status=status)

    refused(
        lambda: services.contract_conclude(actor=manager, contract=ready_contract),
        ready_contract,
        "site survey completed",
    )


def test_conclude_by_a_cover_reads_by_cover_for_manager(manager, cover, ready_contract):
    services.contract_conclude(actor=cover, contract=ready_contract)

    event = StageEvent.objects.get(contract=ready_contract)
    assert (event.actor, event.on_behalf_of) == (cover, manager)
    assert set(
        Handoff.objects.filter(contract=ready_contract)
        .exclude(kind=Kind.SITE_SURVEY)
        .values_list("requested_by", "on_behalf_of")
    ) == {(cover.pk, manager.pk)}


def test_director_may_conclude_without_acting_for_anyone(executive_director, ready_contract):
    services.contract_conclude(actor=executive_director, contract=ready_contract)

    event = StageEvent.objects.get(contract=ready_contract)
    assert (event.actor, event.on_behalf_of) == (executive_director, None)


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
        "open hand-offs: «Звірка розрахунків»",
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
