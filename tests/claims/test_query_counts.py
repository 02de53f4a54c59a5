import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import ClaimEvent
from contracts.models import Stage
from handoffs.models import HandoffEvent
from tests.claims.factories import ClaimCommentFactory, ClaimFactory, SupportContractFactory
from tests.clients.factories import SiteFactory
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

# Session, user, roles and the base layout's own reads are part of each count; the pages
# that show how long hand-offs wait in working hours read the calendar once (3 queries).
# The "Views" menu reads the user's and their team's saved views once.
SAVED_VIEWS_MENU = 1
LIST_QUERIES = 12 + SAVED_VIEWS_MENU
EXPORT_QUERIES = 6
# The page's clocks read the contract's calendar once (the calendar, its hours, its
# exceptions: 3 queries), then the process keeps it (`calendars.selectors`).
CALENDAR_QUERIES = 3
DETAIL_QUERIES = 12 + CALENDAR_QUERIES
MY_WORK_QUERIES = 10 + CALENDAR_QUERIES


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def many_claims(contract, n):
    past = timezone.now() - datetime.timedelta(days=10)
    for i in range(n):
        site = SiteFactory(client=contract.client)
        claim = ClaimFactory(contract=contract, site=site, received_at=past, is_formal=i % 2 == 0)
        HandoffFactory(claim=claim, contract=contract, client=contract.client)


@pytest.mark.parametrize("rows", [1, 50])
def test_claim_list_queries_do_not_grow_with_rows(
    manager_client, contract, rows, django_assert_max_num_queries
):
    many_claims(contract, rows)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = manager_client.get(reverse("claims:list"), {"overdue": "on", "q": "Скарга"})

    assert len(response.context["claims"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("role", ["executive_director", "department_staff"])
def test_claim_list_queries_do_not_grow_for_directors_and_departments(
    request, client, contract, role, rows, django_assert_max_num_queries
):
    many_claims(contract, rows)
    client.force_login(request.getfixturevalue(role))

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("claims:list"))

    assert len(response.context["claims"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_claim_list_waiting_on_column_and_sorts_do_not_grow_with_rows(
    manager_client, contract, rows, django_assert_max_num_queries
):
    from org.models import Department

    many_claims(contract, rows)
    quality = Department.objects.get(code="quality")
    for claim in contract.claims.all():
        HandoffFactory(claim=claim, contract=contract, client=contract.client, department=quality)

    for sort in ("-priority", "due", "status"):
        with django_assert_max_num_queries(LIST_QUERIES):
            response = manager_client.get(reverse("claims:list"), {"sort": sort})

        shown = response.context["claims"]
        assert len(shown) == rows
        assert all(len(claim.waiting_on) == 2 for claim in shown)


def test_a_deep_claim_list_page_costs_the_same_as_the_first(
    manager_client, contract, django_assert_max_num_queries
):
    many_claims(contract, 60)
    first = manager_client.get(reverse("claims:list"))

    with django_assert_max_num_queries(LIST_QUERIES):
        deeper = manager_client.get(
            reverse("claims:list"), {"cursor": first.context["page"].next_cursor}
        )

    assert len(deeper.context["claims"]) == 10


@pytest.mark.parametrize("rows", [1, 50])
def test_claim_export_queries_do_not_grow_with_rows(
    manager_client, contract, rows, django_assert_max_num_queries
):
    many_claims(contract, rows)

    with django_assert_max_num_queries(EXPORT_QUERIES):
        response = manager_client.get(reverse("claims:export"))
        lines = b"".join(response.streaming_content).decode().splitlines()

    assert len(lines) == rows + 1


@pytest.mark.parametrize("rows", [1, 50])
def test_claim_page_queries_do_not_grow_with_rows(
    manager_client, manager, contract, rows, django_assert_max_num_queries
):
    claim = ClaimFactory(contract=contract, site=SiteFactory(client=contract.client))
    for _ in range(rows):
        handoff = HandoffFactory(claim=claim, contract=contract, assignee=None)
        HandoffEvent.objects.create(handoff=handoff, to_status="open", actor=manager)
        ClaimEvent.objects.create(claim=claim, from_status="new", to_status="new", actor=manager)
        ClaimCommentFactory(claim=claim, author=manager)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = manager_client.get(reverse("claims:detail", args=[claim.pk]))

    assert len(response.context["handoffs"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_my_work_queries_do_not_grow_with_rows(
    manager_client, manager, contract, rows, django_assert_max_num_queries
):
    soon = timezone.now() + datetime.timedelta(minutes=30)
    for _ in range(rows):
        claim = ClaimFactory(contract=contract, response_due_at=soon)
        HandoffFactory(requested_by=manager, claim=claim, contract=contract, due_at=soon)
        ContractFactory(
            manager=manager,
            client__account_manager=manager,
            stage=Stage.SUPPORT,
            end_date=timezone.localdate() + datetime.timedelta(days=30),
        )
    SupportContractFactory(manager=manager, client__account_manager=manager)

    with django_assert_max_num_queries(MY_WORK_QUERIES):
        response = manager_client.get(reverse("claims:my_work"))

    assert len(response.context["claims"]) == min(rows, 25)
