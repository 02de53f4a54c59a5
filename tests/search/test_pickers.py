"""The pickers' JSON endpoint (search/pickers.py) and the fields behind it (org/autocomplete.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.forms import ClaimFilterForm
from clients.models import Client, Site
from contracts.forms import ContractForm
from contracts.models import Contract, Stage
from handoffs.filters import HandoffFilter
from handoffs.forms import AssignForm, HandoffCreateForm
from org.models import Department, User
from org.roles import Role
from search.pickers import RESULTS_LIMIT, SOURCES
from tests.claims.factories import ClaimFactory
from tests.clients.factories import ClientFactory, SiteFactory
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


def results(http, source, **params):
    response = http.get(reverse("autocomplete", kwargs={"source": source}), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def ids(rows):
    return {row["id"] for row in rows}


@pytest.fixture
def other_manager(make_user):
    return make_user(Role.SUPPORT_MANAGER)


@pytest.fixture
def mine(manager):
    return ContractFactory(client__account_manager=manager, manager=manager, number="ДГ-7781")


@pytest.fixture
def theirs(other_manager):
    return ContractFactory(
        client__account_manager=other_manager, manager=other_manager, number="ДГ-7782"
    )


def test_a_manager_never_finds_another_managers_contracts_or_clients(client, manager, mine, theirs):
    client.force_login(manager)

    assert ids(results(client, "contracts")) == {mine.pk}
    assert ids(results(client, "contracts", q="ДГ-778")) == {mine.pk}
    assert ids(results(client, "clients", q=theirs.client.edrpou)) == set()
    assert ids(results(client, "sites", q="")) == set()
    assert ids(results(client, "clients")) == {mine.client_id}


def test_department_staff_find_the_contracts_and_clients_their_department_works_on(
    client, department_staff, mine, theirs
):
    HandoffFactory(department=department_staff.department, contract=mine, client=mine.client)
    HandoffFactory(department=Department.objects.get(code="hr"), contract=theirs)
    client.force_login(department_staff)

    assert ids(results(client, "contracts")) == {mine.pk}
    assert ids(results(client, "clients")) == {mine.client_id}


def test_results_are_capped_at_twenty(client, executive_director):
    ContractFactory.create_batch(RESULTS_LIMIT + 5)
    client.force_login(executive_director)

    rows = results(client, "contracts")

    assert len(rows) == RESULTS_LIMIT
    assert all(set(row) == {"id", "text"} for row in rows)


def test_contracts_are_found_by_number_and_by_the_clients_edrpou(client, manager, mine):
    ContractFactory(client__account_manager=manager, manager=manager, number="ІНШ-1")
    client.force_login(manager)

    by_number = results(client, "contracts", q="7781")
    by_edrpou = results(client, "contracts", q=mine.client.edrpou[:6])
    by_name = results(client, "contracts", q=mine.client.short_name)

    assert by_number == [{"id": mine.pk, "text": f"№ ДГ-7781 · {mine.client.short_name}"}]
    assert ids(by_edrpou) == {mine.pk}
    assert ids(by_name) == {mine.pk}


def test_clients_are_found_by_name_and_edrpou(client, manager):
    wanted = ClientFactory(account_manager=manager, short_name="Сонячний двір")
    ClientFactory(account_manager=manager, short_name="Інший")
    client.force_login(manager)

    # SQLite folds case for ASCII only; PostgreSQL for Cyrillic too (tested below).
    assert ids(results(client, "clients", q="Сонячний")) == {wanted.pk}
    assert results(client, "clients", q=wanted.edrpou) == [
        {"id": wanted.pk, "text": f"Сонячний двір · {wanted.edrpou}"}
    ]


def test_sites_narrow_to_the_chosen_contracts_client(client, manager, mine):
    site = SiteFactory(client=mine.client, name="Склад на Теремках")
    SiteFactory(client=ContractFactory(client__account_manager=manager, manager=manager).client)
    client.force_login(manager)

    assert ids(results(client, "sites", contract=mine.pk)) == {site.pk}
    assert ids(results(client, "sites", q="Теремк")) == {site.pk}


def test_claims_are_found_by_number_within_the_chosen_contract(client, manager, mine):
    claim = ClaimFactory(contract=mine)
    ClaimFactory(contract=ContractFactory(client__account_manager=manager, manager=manager))
    client.force_login(manager)

    assert ids(results(client, "claims", q=f"#{claim.pk}")) == {claim.pk}
    assert ids(results(client, "claims", contract=mine.pk)) == {claim.pk}
    assert ids(results(client, "claims", q="ДГ-7781")) == {claim.pk}
    assert ids(results(client, "claims", q=claim.subject, contract=mine.pk)) == {claim.pk}


def test_users_are_only_a_departments_members_or_the_managers(
    client, department_head, department_staff, manager
):
    hr = Department.objects.get(code="hr")
    client.force_login(department_head)

    members = results(client, "users", department=department_head.department_id)
    other_department = results(client, "users", department=hr.pk)
    managers = results(client, "users", role=Role.SUPPORT_MANAGER)

    assert ids(members) == {department_head.pk, department_staff.pk}
    assert other_department == []
    assert ids(managers) == {manager.pk}


@pytest.mark.parametrize(
    ("source", "params"),
    [
        ("contracts", {"q": "x" * 101}),
        ("contracts", {"q": "ab\x00c"}),
        ("contracts", {"client": "abc"}),
        ("contracts", {"stages": "support,nonsense"}),
        ("sites", {"contract": "-1"}),
        ("claims", {"contract": "1" * 30}),
        ("users", {}),
        ("users", {"department": "x"}),
    ],
)
def test_bad_input_is_refused_with_400_and_a_reason(client, executive_director, source, params):
    client.force_login(executive_director)

    response = client.get(reverse("autocomplete", kwargs={"source": source}), params)

    assert response.status_code == 400
    assert response.json()["error"]


def test_an_unknown_picker_is_not_found_and_signing_in_is_required(client, manager):
    assert client.get(reverse("autocomplete", kwargs={"source": "contracts"})).status_code == 302
    client.force_login(manager)
    assert client.get(reverse("autocomplete", kwargs={"source": "secrets"})).status_code == 404
    assert client.post(reverse("autocomplete", kwargs={"source": "contracts"})).status_code == 405


@pytest.mark.parametrize("source", ["contracts", "clients", "sites", "claims"])
def test_the_endpoint_runs_the_same_queries_for_one_result_and_twenty(
    client, manager, other_manager, source
):
    client.force_login(manager)
    url = reverse("autocomplete", kwargs={"source": source})

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def seed(count):
        for _ in range(count):
            contract = ContractFactory(client__account_manager=manager, manager=manager)
            SiteFactory(client=contract.client)
            ClaimFactory(contract=contract)

    seed(1)
    one = queries()
    seed(RESULTS_LIMIT + 2)
    many = queries()

    assert one == many
    assert one <= 6


# --- the fields and filters -----------------------------------------------------------------


def test_filters_and_forms_accept_a_visible_id_and_refuse_an_invisible_one(
    rf, manager, mine, theirs
):
    request = rf.get("/")
    request.user = manager

    def inbox_filter(contract):
        return HandoffFilter({"contract": contract.pk}, request=request).form

    def claim_filter(contract):
        return ClaimFilterForm({"contract": contract.pk}, user=manager)

    def handoff_form(contract):
        return HandoffCreateForm({"contract": contract.pk}, user=manager)

    def contract_form(contract):
        return ContractForm({"client": contract.client_id}, user=manager)

    for build in (inbox_filter, claim_filter, handoff_form, contract_form):
        name = "client" if build is contract_form else "contract"
        accepted, refused = build(mine), build(theirs)
        accepted.is_valid()
        refused.is_valid()
        assert name not in accepted.errors, build.__name__
        assert name in refused.errors, build.__name__


def test_assignment_accepts_only_the_departments_members(department_head, make_user):
    outsider = make_user(Role.DEPARTMENT_STAFF, department="hr")
    department_id = department_head.department_id

    assert AssignForm({"assignee": department_head.pk}, department_id=department_id).is_valid()
    assert not AssignForm({"assignee": outsider.pk}, department_id=department_id).is_valid()


def test_a_picker_renders_only_the_chosen_option_with_its_endpoint(manager, mine):
    others = ContractFactory.create_batch(5, client__account_manager=manager, manager=manager)
    for contract in others:
        contract.stage = Stage.SUPPORT
        contract.save(update_fields=["stage"])

    html = str(ClaimFilterForm({"contract": mine.pk}, user=manager)["contract"])

    assert html.count("<option") == 2  # "All contracts" and the chosen one
    assert (
        f'<option value="{mine.pk}" selected>№ ДГ-7781 · {mine.client.short_name}</option>' in html
    )
    assert 'data-autocomplete-url="/autocomplete/contracts/"' in html
    assert "data-autocomplete-no-results=" in html and "data-autocomplete-loading=" in html
    assert all(contract.number not in html for contract in others)


def test_an_invisible_chosen_id_renders_as_nothing_chosen(manager, theirs):
    html = str(ClaimFilterForm({"contract": theirs.pk}, user=manager)["contract"])

    assert html.count("<option") == 1
    assert theirs.number not in html
    assert theirs.client.short_name not in html


def test_a_new_contract_for_a_client_from_the_query_renders_that_client_alone(
    client, manager, mine
):
    ClientFactory.create_batch(3, account_manager=manager)
    client.force_login(manager)

    response = client.get(reverse("contracts:create"), {"client": mine.client_id})

    select = response.content.decode().split('name="client"')[1].split("</select>")[0]
    assert select.count("<option") == 2
    assert f'value="{mine.client_id}" selected' in select
    assert "own=1" in select


# --- PostgreSQL: pg_trgm answers the icontains lookups ---------------------------------------


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's pg_trgm: set DATABASE_URL")


@pytest.mark.postgres
def test_on_postgres_cyrillic_is_matched_whatever_its_case(client, manager):
    _needs_postgres()
    wanted = ClientFactory(account_manager=manager, short_name="Сонячний двір")
    client.force_login(manager)

    assert ids(results(client, "clients", q="сонЯЧНИЙ")) == {wanted.pk}


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("model", "lookup", "index"),
    [
        (Client, "short_name__icontains", "client_short_name_trigram"),
        (Client, "legal_name__icontains", "client_legal_name_trigram"),
        (Site, "name__icontains", "site_name_trigram"),
        (Site, "address__icontains", "site_address_trigram"),
        (Contract, "number__icontains", "contract_number_trigram"),
        (User, "last_name__icontains", "user_last_name_trigram"),
    ],
)
def test_on_postgres_icontains_can_use_the_trigram_index(model, lookup, index):
    """The index is on the very expression Django's icontains compares.

    On a test's handful of rows the planner rightly prefers a scan, so scans are switched
    off here; on 20,000 contracts it picks the index by itself (see the branch's report).
    """
    _needs_postgres()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")

    plan = model.objects.filter(**{lookup: "лириго"}).explain()

    assert f"Bitmap Index Scan on {index}" in plan, plan


@pytest.mark.postgres
def test_on_postgres_the_contract_search_is_a_union_of_indexed_lookups(manager, mine):
    _needs_postgres()
    source = SOURCES["contracts"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")

    plan = source.search(source.rows(manager, {}), "лириго", {}).explain()

    assert "Bitmap Index Scan on contract_number_trigram" in plan, plan
    assert "Seq Scan" not in plan, plan
