"""The portfolio and the contract page cost the same number of queries for 1 row or 50."""

import datetime

import pytest
from django.utils import timezone

from claims.models import Claim
from contracts import services
from contracts.models import ExpiryWarning, Stage, TerminationItem
from contracts.selectors.page import PAGE_ROWS
from handoffs.models import Kind
from handoffs.services import handoff_create
from tests.clients.factories import ClientFactory, SiteFactory
from tests.contracts.factories import (
    ContractFactory,
    ObligationFactory,
    ServiceLineFactory,
    StaffingRequirementFactory,
)
from tests.org.factories import department

pytestmark = pytest.mark.django_db

PORTFOLIO_QUERIES = 12
PAGE_QUERIES = 12
# A contract in termination also reads its checklist and the open hand-offs that keep it
# from closing: two queries, whatever their numbers.
TERMINATION_PAGE_QUERIES = PAGE_QUERIES + 2


def fill_portfolio(manager, count):
    for i in range(count):
        client = ClientFactory(account_manager=manager)
        ContractFactory(
            client=client,
            stage=[Stage.SUPPORT, Stage.TERMINATION, Stage.PREPARATION][i % 3],
            end_date=timezone.localdate() + datetime.timedelta(days=10 + i),
        )


@pytest.mark.parametrize("count", [1, 50])
def test_portfolio_queries_do_not_grow_with_contracts(
    client, manager, count, django_assert_max_num_queries
):
    fill_portfolio(manager, count)
    client.force_login(manager)

    with django_assert_max_num_queries(PORTFOLIO_QUERIES):
        response = client.get("/contracts/portfolio/", {"q": "", "stage": ""})

    assert len(response.context["contracts"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_contract_list_queries_do_not_grow_for_a_director(
    client, manager, executive_director, count, django_assert_max_num_queries
):
    fill_portfolio(manager, count)
    client.force_login(executive_director)

    with django_assert_max_num_queries(PORTFOLIO_QUERIES):
        response = client.get("/contracts/", {"manager": manager.pk})

    assert len(response.context["contracts"]) == count


def fill_contract(contract, manager, count):
    production = department("production")
    for i in range(count):
        ServiceLineFactory(contract=contract, service=f"Послуга {i}")
        site = SiteFactory(client=contract.client)
        contract.sites.add(site)
        StaffingRequirementFactory(contract=contract, site=site)
        ObligationFactory(
            contract=contract,
            department=production,
            fulfilled_by=manager if i % 2 else None,
            fulfilled_at=timezone.now() if i % 2 else None,
        )
        services.agreement_add(
            actor=manager, contract=contract, date=timezone.localdate(), summary=f"Угода {i}"
        )
        handoff_create(
            actor=manager,
            kind=Kind.INFORMATION_REQUEST,
            department=production,
            title=f"Доручення {i}",
            contract=contract,
            due_at=timezone.now() + datetime.timedelta(days=1 if i % 2 else -1),
        )
        Claim.objects.create(
            contract=contract,
            category="service_quality",
            subject=f"Скарга {i}",
            description="x",
            registered_by=manager,
            response_due_at=timezone.now(),
            resolution_due_at=timezone.now(),
        )
        ExpiryWarning.objects.create(
            contract=contract,
            threshold_days=i + 1,
            deadline=contract.end_date,
        )
        services.contract_extend(
            actor=manager,
            contract=contract,
            new_end_date=contract.end_date + datetime.timedelta(days=1),
        )
        contract.refresh_from_db()


@pytest.mark.parametrize("count", [1, 50])
def test_contract_page_queries_do_not_grow_with_its_records(
    client, manager, client_of, count, django_assert_max_num_queries
):
    contract = ContractFactory(client=client_of, stage=Stage.SUPPORT)
    fill_contract(contract, manager, count)
    client.force_login(manager)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(contract.get_absolute_url())

    shown = min(count, PAGE_ROWS)
    assert len(response.context["handoffs"]) == shown
    assert len(response.context["claims"]) == shown
    page = response.context["contract"]
    assert page.handoff_count == count and page.claim_count == count
    more = f'href="/claims/?contract={contract.pk}"'
    assert (more in response.content.decode()) == (count > PAGE_ROWS)


@pytest.mark.parametrize("count", [1, 50])
def test_a_terminating_contracts_page_reads_its_checklist_once(
    client, manager, client_of, count, django_assert_max_num_queries
):
    contract = ContractFactory(client=client_of, stage=Stage.SUPPORT)
    fill_contract(contract, manager, count)  # its moves include an extension, back to support
    type(contract).objects.filter(pk=contract.pk).update(stage=Stage.TERMINATION)
    for number in range(count):
        TerminationItem.objects.create(contract=contract, text=f"Крок {number}", created_by=manager)
    client.force_login(manager)

    with django_assert_max_num_queries(TERMINATION_PAGE_QUERIES):
        response = client.get(contract.get_absolute_url())

    assert len(response.context["contract"].checklist) == count


@pytest.mark.parametrize("count", [1, 50])
def test_contract_page_queries_do_not_grow_for_a_department_user(
    client, manager, department_staff, client_of, count, django_assert_max_num_queries
):
    contract = ContractFactory(client=client_of, stage=Stage.SUPPORT)
    fill_contract(contract, manager, count)
    client.force_login(department_staff)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(contract.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_contract_timeline_queries_do_not_grow_with_its_records(
    client, manager, client_of, count, htmx, django_assert_max_num_queries
):
    contract = ContractFactory(client=client_of, stage=Stage.SUPPORT)
    fill_contract(contract, manager, count)
    client.force_login(manager)
    headers = {"HX-Request": "true"} if htmx else {}

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(f"/contracts/{contract.pk}/timeline/", headers=headers)

    assert len(response.context["timeline"].entries) == min(50, count * 6)


def test_contract_page_loads_its_timeline_from_the_timeline_url(client, manager, client_of):
    contract = ContractFactory(client=client_of, stage=Stage.SUPPORT)
    client.force_login(manager)

    html = client.get(contract.get_absolute_url()).content.decode()

    assert f'hx-get="/contracts/{contract.pk}/timeline/"' in html


def test_contract_page_reads_covers_and_roles_once(client, manager, client_of):
    """Was: the represented managers read six times and the roles once more per page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    contract = ContractFactory(client=client_of, stage=Stage.SUPPORT)
    fill_contract(contract, manager, 2)
    client.force_login(manager)

    with CaptureQueriesContext(connection) as queries:
        client.get(contract.get_absolute_url())

    sql = [query["sql"] for query in queries.captured_queries]
    assert sum(statement.startswith('SELECT "org_absencecover"') for statement in sql) == 1
    assert not [statement for statement in sql if statement.startswith('SELECT "auth_group"')]
