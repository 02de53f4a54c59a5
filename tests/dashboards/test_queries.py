"""Each dashboard and each list behind a figure: the same number of queries for 1 row and 50."""

from datetime import timedelta

import pytest

from claims.models import ClaimStatus
from dashboards.tasks import refresh_dashboard_figures
from handoffs.models import Kind, Status
from org.models import AbsenceCover
from org.roles import Role
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import SiteFactory
from tests.dashboards.conftest import NOW, TODAY
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

# The figures over months of claims (promptness, claims by place) come from the kept
# snapshot in one query; whom the user covers, the ages, what is due, what expires live.
MANAGER_QUERIES = 9
DEPARTMENT_QUERIES = 8
DIRECTORS_QUERIES = 9
CLAIMS_LIST_QUERIES = 8
HANDOFFS_LIST_QUERIES = 7
H = timedelta(hours=1)


def seed(manager, head, rows):
    covered = SupportContractFactory().manager
    AbsenceCover.objects.create(absent=covered, cover=manager, starts_on=TODAY, ends_on=TODAY)
    for index in range(rows):
        contract = SupportContractFactory(
            client__account_manager=manager,
            manager=manager,
            end_date=TODAY + timedelta(days=index % 90),
        )
        site = SiteFactory(client=contract.client)
        open_claim = ClaimFactory(contract=contract, site=site, received_at=NOW - index * 5 * H)
        resolved = ClaimFactory(
            contract=contract,
            site=site,
            received_at=NOW - (index + 10) * 24 * H,
            resolved_at=NOW - index * 24 * H,
            status=ClaimStatus.RESOLVED,
            fixed_on_time=index % 2 == 0,
            responded_on_time=True,
            time_to_fix=timedelta(hours=index + 1),
        )
        HandoffFactory(
            requested_by=manager,
            kind=Kind.CLAIM_FIX,
            claim=resolved,
            status=Status.DONE,
            assignee=head,
            created_at=NOW - (index + 2) * H,
            completed_at=NOW - H,
            due_at=NOW + index * H,
        )
        HandoffFactory(
            requested_by=manager,
            claim=open_claim,
            kind=Kind.SITE_SURVEY,
            assignee=head if index % 3 else None,
            due_at=NOW + (index - 25) * H,
        )


@pytest.fixture(params=[1, 50], ids=["1-row", "50-rows"])
def rows(request, frozen, manager, department_head):
    seed(manager, department_head, request.param)
    return request.param


def test_manager_dashboard_queries_do_not_grow(
    rows, manager, client, django_assert_max_num_queries
):
    refresh_dashboard_figures()  # what the periodic job keeps for the page
    client.force_login(manager)
    with django_assert_max_num_queries(MANAGER_QUERIES):
        assert client.get("/dashboards/manager/").status_code == 200


def test_department_dashboard_queries_do_not_grow(
    rows, department_head, client, django_assert_max_num_queries
):
    refresh_dashboard_figures()  # what the periodic job keeps for the page
    client.force_login(department_head)
    with django_assert_max_num_queries(DEPARTMENT_QUERIES):
        assert client.get("/dashboards/department/").status_code == 200


def test_directors_dashboard_queries_do_not_grow(
    rows, make_user, client, django_assert_max_num_queries
):
    refresh_dashboard_figures()  # what the periodic job keeps for the page
    client.force_login(make_user(Role.EXECUTIVE_DIRECTOR))
    with django_assert_max_num_queries(DIRECTORS_QUERIES):
        assert client.get("/dashboards/directors/").status_code == 200


def test_claims_behind_a_figure_queries_do_not_grow(
    rows, manager, client, django_assert_max_num_queries
):
    client.force_login(manager)
    with django_assert_max_num_queries(CLAIMS_LIST_QUERIES):
        response = client.get("/dashboards/claims/", {"mine": 1, "days": 90, "client": 1})
        assert response.status_code == 200


def test_handoffs_behind_a_figure_queries_do_not_grow(
    rows, department_head, client, django_assert_max_num_queries
):
    client.force_login(department_head)
    with django_assert_max_num_queries(HANDOFFS_LIST_QUERIES):
        response = client.get(
            "/dashboards/handoffs/", {"state": "open", "assignee": department_head.pk}
        )
        assert response.status_code == 200
    assert len(response.context["rows"]) == sum(1 for i in range(rows) if i % 3)
