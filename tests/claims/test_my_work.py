import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from claims.models import ClaimStatus
from contracts.models import Stage
from handoffs.models import Status as HandoffStatus
from org.models import AbsenceCover
from org.roles import Role
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_claims_waiting_on_me_are_mine_and_my_covered_ones_soonest_due_first(
    manager_client, manager, contract, make_user
):
    absent = make_user(Role.SUPPORT_MANAGER)
    AbsenceCover.objects.create(
        absent=absent, cover=manager, starts_on=NOON.date(), ends_on=NOON.date()
    )
    covered = SupportContractFactory(manager=absent, client__account_manager=absent)
    later = ClaimFactory(contract=contract, response_due_at=NOON + datetime.timedelta(hours=5))
    sooner = ClaimFactory(contract=covered, response_due_at=NOON + datetime.timedelta(hours=1))
    ClaimFactory(contract=contract, status=ClaimStatus.CLOSED)
    ClaimFactory()  # someone else's

    response = manager_client.get(reverse("claims:my_work"))

    assert response.status_code == 200
    assert [c.pk for c in response.context["claims"]] == [sooner.pk, later.pk]


def test_an_answered_claim_waits_on_its_fix_time(manager_client, contract):
    answered = ClaimFactory(
        contract=contract,
        status=ClaimStatus.IN_PROGRESS,
        responded_at=NOON,
        response_due_at=NOON - datetime.timedelta(hours=1),
        resolution_due_at=NOON + datetime.timedelta(hours=10),
    )
    unanswered = ClaimFactory(contract=contract, response_due_at=NOON + datetime.timedelta(hours=3))

    response = manager_client.get(reverse("claims:my_work"))

    assert [c.pk for c in response.context["claims"]] == [unanswered.pk, answered.pk]


def test_hand_offs_i_requested_show_whom_they_wait_on_longest_first(manager_client, manager):
    older = HandoffFactory(requested_by=manager, created_at=NOON - datetime.timedelta(days=4))
    newer = HandoffFactory(requested_by=manager, created_at=NOON - datetime.timedelta(days=1))
    HandoffFactory(requested_by=manager, status=HandoffStatus.DONE)
    HandoffFactory()  # requested by someone else

    response = manager_client.get(reverse("claims:my_work"))

    assert [h.pk for h in response.context["handoffs"]] == [older.pk, newer.pk]
    assert "Виробничий відділ" in response.content.decode()


def test_contracts_expiring_within_90_days_in_support_or_termination(manager_client, manager):
    today = timezone.localdate()

    def make(stage, days):
        return ContractFactory(
            manager=manager,
            client__account_manager=manager,
            stage=stage,
            start_date=today - datetime.timedelta(days=400),
            end_date=today + datetime.timedelta(days=days),
        )

    soon = make(Stage.SUPPORT, 10)
    ending = make(Stage.TERMINATION, 89)
    make(Stage.SUPPORT, 120)
    make(Stage.PREPARATION, 10)

    response = manager_client.get(reverse("claims:my_work"))

    assert response.context["contracts"] == [soon, ending]


def test_due_today_lists_claims_and_hand_offs_due_before_midnight(
    manager_client, manager, contract
):
    claim = ClaimFactory(contract=contract, response_due_at=NOON + datetime.timedelta(hours=2))
    ClaimFactory(contract=contract, response_due_at=NOON + datetime.timedelta(days=2))
    handoff = HandoffFactory(requested_by=manager, due_at=NOON + datetime.timedelta(hours=1))
    HandoffFactory(requested_by=manager, due_at=NOON + datetime.timedelta(days=3))

    response = manager_client.get(reverse("claims:my_work"))

    assert [(e["type"], e["item"].pk) for e in response.context["due_today"]] == [
        ("handoff", handoff.pk),
        ("claim", claim.pk),
    ]


def test_my_work_is_for_managers(client, department_staff):
    client.force_login(department_staff)

    assert client.get(reverse("claims:my_work")).status_code == 403
