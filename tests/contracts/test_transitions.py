import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientStatus
from contracts import services
from contracts.buttons import BUTTONS, url_name
from contracts.models import Contract, Stage, StageEvent
from handoffs.models import Handoff, Kind, Status
from org.errors import DomainError
from org.roles import Role
from tests.contracts.factories import ContractFactory
from tests.contracts.helpers import handoffs_by_kind, refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

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


def test_every_move_has_a_button_a_url_and_what_it_requires():
    assert set(BUTTONS) == set(services.TRANSITIONS)
    assert {t.name: set(t.requires) for t in services.TRANSITIONS.values()} == {
        "conclude": set(),
        "extend": {"new_end_date"},
        "begin_termination": {"reason"},
        "close": set(),
        "cancel": {"reason"},
    }
    for name in services.TRANSITIONS:
        assert reverse(url_name(name), args=[1]).endswith(f"/1/{name.replace('_', '-')}/")


def test_a_move_the_table_refuses_names_the_move_and_the_stage():
    with pytest.raises(DomainError) as refusal:
        services.TRANSITIONS.check("close", Stage.PREPARATION)

    assert refusal.value.code == "stage"
    assert refusal.value.message == (
        "“Close” is not possible for a contract at the stage “Preparation”."
    )


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


def test_conclude_moves_to_support_and_opens_staffing_billing_and_handover_once(
    manager, ready_contract
):
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
        (Kind.DEAL_HANDOVER, "sales", None),
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
