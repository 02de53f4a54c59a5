"""Each event is written to the outbox by its service, in the service's transaction: the
row commits with the change and is rolled back with it."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.db import transaction

from approvals import services as approval_services
from approvals.models import Kind as ApprovalKind
from claims.models import Claim, ClaimStatus
from claims.services import claim_close, claim_resolve, claim_respond
from contracts import services as contract_services
from contracts.models import Contract, Stage
from contracts.services import contracts_warn_expiry
from handoffs.models import Handoff, Status
from handoffs.services import handoff_complete, handoff_create, handoff_decline
from org.models import DepartmentCode
from org.outbox import Event, OutboxEvent
from tests.claims.steps import finish_handoffs, in_progress
from tests.contracts.factories import ContractFactory, StaffingRequirementFactory
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import UserFactory, department

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def emitted_then_rolled_back(action, model, pk_of=None):
    """Run ``action`` in a transaction that is rolled back after it: the events it wrote
    (seen inside), then the proof that none and no change survived."""
    before = set(OutboxEvent.objects.values_list("pk", flat=True))
    seen = []
    with pytest.raises(Rollback), transaction.atomic():
        result = action()
        seen = list(OutboxEvent.objects.exclude(pk__in=before).order_by("pk"))
        seen_pk = pk_of(result) if pk_of else result.pk
        raise Rollback
    assert not OutboxEvent.objects.exclude(pk__in=before).exists()
    return seen, seen_pk


def the_event(events, name):
    matching = [event for event in events if event.event == name]
    assert len(matching) == 1, [event.event for event in events]
    return matching[0].payload


def test_claim_registered_is_written_with_the_claim_and_rolled_back_with_it(register):
    events, pk = emitted_then_rolled_back(register, Claim)
    payload = the_event(events, Event.CLAIM_REGISTERED)
    assert payload["claim"]["id"] == pk and payload["claim"]["status"] == ClaimStatus.NEW
    assert payload["claim"]["url"].endswith(f"/claims/{pk}/")
    assert payload["contract"]["number"]
    assert not Claim.objects.filter(pk=pk).exists()


def test_claim_responded_resolved_and_closed_are_each_one_event(register):
    claim = register()
    manager = claim.contract.manager

    events, _ = emitted_then_rolled_back(
        lambda: claim_respond(actor=manager, claim=claim, note="Передзвонили"), Claim
    )
    assert the_event(events, Event.CLAIM_RESPONDED)["claim"]["status"] == ClaimStatus.IN_PROGRESS
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.NEW

    claim = in_progress(register)
    finish_handoffs(claim)
    events, _ = emitted_then_rolled_back(
        lambda: claim_resolve(actor=manager, claim=claim, resolution="Прибрали"), Claim
    )
    resolved = the_event(events, Event.CLAIM_RESOLVED)["claim"]
    assert resolved["status"] == ClaimStatus.RESOLVED and resolved["resolved_at"]
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.IN_PROGRESS

    claim = claim_resolve(actor=manager, claim=claim, resolution="Прибрали")
    events, _ = emitted_then_rolled_back(
        lambda: claim_close(actor=manager, claim=claim, client_confirmation="Так", satisfaction=5),
        Claim,
    )
    assert the_event(events, Event.CLAIM_CLOSED)["claim"]["status"] == ClaimStatus.CLOSED
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.RESOLVED


def test_handoff_created_is_written_with_the_hand_off(manager):
    production = department(DepartmentCode.PRODUCTION)
    events, pk = emitted_then_rolled_back(
        lambda: handoff_create(
            actor=manager, kind="information_request", title="Дані", department=production
        ),
        Handoff,
    )
    payload = the_event(events, Event.HANDOFF_CREATED)
    assert payload["handoff"]["id"] == pk and payload["handoff"]["status"] == Status.OPEN
    assert payload["handoff"]["department_id"] == production.pk
    assert not Handoff.objects.filter(pk=pk).exists()


def test_handoff_completed_and_declined_are_written_with_the_move(manager, department_staff):
    handoff = HandoffFactory(requested_by=manager, department=department_staff.department)

    events, _ = emitted_then_rolled_back(
        lambda: handoff_complete(actor=department_staff, handoff=handoff, result="Зроблено"),
        Handoff,
    )
    assert the_event(events, Event.HANDOFF_COMPLETED)["handoff"]["status"] == Status.DONE
    assert Handoff.objects.get(pk=handoff.pk).status == Status.OPEN

    handoff.refresh_from_db()
    events, _ = emitted_then_rolled_back(
        lambda: handoff_decline(actor=department_staff, handoff=handoff, reason="Не наше"),
        Handoff,
    )
    assert the_event(events, Event.HANDOFF_DECLINED)["handoff"]["status"] == Status.DECLINED
    assert Handoff.objects.get(pk=handoff.pk).status == Status.OPEN


def test_contract_stage_changed_is_written_with_the_move(manager, supported_contract):
    events, pk = emitted_then_rolled_back(
        lambda: contract_services.contract_begin_termination(
            actor=manager, contract=supported_contract, reason="Клієнт не продовжує"
        ),
        Contract,
    )
    payload = the_event(events, Event.CONTRACT_STAGE_CHANGED)
    assert (payload["from_stage"], payload["to_stage"]) == (Stage.SUPPORT, Stage.TERMINATION)
    assert payload["contract"] == {
        "id": pk,
        "number": supported_contract.number,
        "stage": Stage.TERMINATION,
        "start_date": supported_contract.start_date.isoformat(),
        "end_date": supported_contract.end_date.isoformat(),
        "url": f"{settings.SITE_URL.rstrip('/')}/contracts/{pk}/",
    }
    # The hand-offs the move opened are events of their own, in the same transaction.
    assert len([e for e in events if e.event == Event.HANDOFF_CREATED]) == 4
    assert Contract.objects.get(pk=pk).stage == Stage.SUPPORT


def test_hand_offs_opened_in_bulk_by_expiry_warnings_are_events_in_one_insert(
    django_assert_num_queries,
):
    today = datetime.date(2026, 12, 1)
    hr = department(DepartmentCode.HR)
    hr.head = UserFactory(department=hr)
    hr.save()
    contract = ContractFactory(
        stage=Stage.SUPPORT,
        start_date=today - datetime.timedelta(days=300),
        end_date=today + datetime.timedelta(days=90),
        notice_period_days=30,
    )
    StaffingRequirementFactory(contract=contract)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 7, 0, tzinfo=datetime.UTC)):
        events, _ = emitted_then_rolled_back(
            lambda: contracts_warn_expiry(contract_ids=[contract.pk], today=today),
            Contract,
            pk_of=lambda _result: contract.pk,
        )
    created = [e.payload for e in events if e.event == Event.HANDOFF_CREATED]
    assert len(created) == 2
    assert {p["contract"]["id"] for p in created} == {contract.pk}
    assert all(p["handoff"]["id"] for p in created)


def test_approval_decided_is_written_with_the_decision(submitted, executive_director):
    plan = submitted(kind=ApprovalKind.WORK_PLAN)

    events, pk = emitted_then_rolled_back(
        lambda: approval_services.approval_approve(actor=executive_director, request=plan),
        None,
    )
    payload = the_event(events, Event.APPROVAL_DECIDED)
    assert payload["request"]["id"] == pk and payload["request"]["status"] == "approved"
    assert payload["decision"] == "approve" and payload["final"] is True
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_a_refused_move_writes_no_event(register):
    claim = register()
    count = OutboxEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017  (the table's refusal, any kind)
        claim_close(
            actor=claim.contract.manager, claim=claim, client_confirmation="Так", satisfaction=5
        )
    assert OutboxEvent.objects.count() == count
