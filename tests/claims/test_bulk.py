"""The claim list's bulk actions: hand to a department, change priority, export."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from claims.models import ClaimEvent, ClaimEventKind, ClaimStatus
from claims.sla import due_times
from contracts.models import Priority
from contracts.selectors import calendar_for_contract
from handoffs.models import Handoff
from org.models import Department
from tests.claims.factories import ClaimFactory, SupportContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(contract):
    return [ClaimFactory(contract=contract) for _ in range(2)]


@pytest.fixture
def foreign(make_user):
    from org.roles import Role

    other = make_user(Role.SUPPORT_MANAGER)
    return ClaimFactory(contract=SupportContractFactory(manager=other))


def post(client, **data):
    return client.post(reverse("claims:bulk"), {"next": reverse("claims:list"), **data})


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_bulk_assign_opens_a_fix_hand_off_to_the_department_on_each_claim(manager_client, mine):
    quality = Department.objects.get(code="quality")

    response = post(
        manager_client, action="assign", ids=[c.pk for c in mine], department=quality.pk
    )

    assert response.status_code == 302
    for claim in mine:
        handoff = Handoff.objects.get(claim=claim, department=quality)
        assert handoff.due_at == claim.resolution_due_at
    assert any("2" in text for text in texts(response))


def test_bulk_assign_refuses_a_claim_already_waiting_on_that_department(manager_client, mine):
    quality = Department.objects.get(code="quality")
    ids = [c.pk for c in mine]
    post(manager_client, action="assign", ids=ids, department=quality.pk)

    response = post(manager_client, action="assign", ids=ids, department=quality.pk)

    assert Handoff.objects.filter(department=quality).count() == 2
    assert any(f"#{mine[0].pk}" in text for text in texts(response))


def test_claims_of_another_manager_are_refused_by_name(manager_client, mine, foreign):
    post(manager_client, action="priority", ids=[mine[0].pk, foreign.pk], priority="critical")

    mine[0].refresh_from_db()
    foreign.refresh_from_db()
    assert mine[0].priority == Priority.CRITICAL
    assert foreign.priority == Priority.NORMAL
    # A manager does not see another's claims at all: nothing of it is named or changed.


def test_a_department_member_who_sees_the_claim_may_not_act_on_it(client, department_staff, mine):
    from tests.handoffs.factories import HandoffFactory

    HandoffFactory(claim=mine[0], contract=mine[0].contract)
    client.force_login(department_staff)

    response = post(client, action="priority", ids=[mine[0].pk], priority="critical")

    mine[0].refresh_from_db()
    assert mine[0].priority == Priority.NORMAL
    assert any(f"#{mine[0].pk}" in text for text in texts(response))


def test_bulk_priority_recomputes_due_times_and_records_an_event(manager_client, contract):
    received = timezone.now() - datetime.timedelta(hours=1)
    claim = ClaimFactory(contract=contract, received_at=received)
    # In working time on the contract's calendar, as at registration.
    response_due, fix_due = due_times(
        calendar_for_contract(contract), contract, priority=Priority.CRITICAL, received_at=received
    )

    post(manager_client, action="priority", ids=[claim.pk], priority="critical")

    claim.refresh_from_db()
    assert claim.priority == Priority.CRITICAL
    assert claim.response_due_at == response_due
    assert claim.resolution_due_at == fix_due
    event = ClaimEvent.objects.get(claim=claim, kind=ClaimEventKind.PRIORITY)
    assert "→" in event.note
    assert claim.history.count() >= 2


def test_bulk_priority_is_one_transaction_refusing_closed_claims(manager_client, mine, contract):
    closed = ClaimFactory(contract=contract, status=ClaimStatus.CLOSED)

    response = post(manager_client, action="priority", ids=[mine[0].pk, closed.pk], priority="high")

    mine[0].refresh_from_db()
    closed.refresh_from_db()
    assert mine[0].priority == Priority.HIGH
    assert closed.priority == Priority.NORMAL
    assert any(f"#{closed.pk}" in text for text in texts(response))


def test_bulk_export_is_a_csv_of_the_selection(manager_client, mine):
    response = post(manager_client, action="export", ids=[mine[1].pk])

    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 2
    assert str(mine[1].pk) in lines[1]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "assign", "ids": ["1"]},
        {"action": "priority", "ids": ["1"], "priority": "urgent"},
        {"action": "nuke", "ids": ["1"]},
        {"action": "export", "ids": ["x"]},
        {"action": "assign", "ids": ["1"], "department": "99999"},
    ],
)
def test_bad_bulk_input_is_a_message_not_a_500(manager_client, mine, data):
    response = manager_client.post(reverse("claims:bulk"), data)

    assert response.status_code == 302
    assert texts(response)
