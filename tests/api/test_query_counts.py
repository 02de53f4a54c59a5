"""Every list of the API costs the same queries for 1 row as for a full page of 50, and
every detail a small fixed number (the token check included)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org.models import Notification
from tests.claims.factories import ClaimCommentFactory, ClaimFactory
from tests.clients.factories import ClientFactory, ContactFactory, SiteFactory
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

BOUND = 12


def rows_for(kind, manager, contract, count):
    client = contract.client
    makers = {
        "clients": lambda: ClientFactory(account_manager=manager),
        "contacts": lambda: ContactFactory(client=client),
        "sites": lambda: SiteFactory(client=client),
        "contracts": lambda: ContractFactory(client=client, manager=manager),
        "claims": lambda: ClaimFactory(contract=contract),
        "handoffs": lambda: HandoffFactory(contract=contract, client=client, requested_by=manager),
        "notifications": lambda: Notification.objects.create(recipient=manager, message="Так"),
    }
    return [makers[kind]() for _ in range(count)]


def queries_of(http, url):
    with CaptureQueriesContext(connection) as queries:
        response = http.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize(
    "kind", ["clients", "contacts", "sites", "contracts", "claims", "handoffs", "notifications"]
)
def test_a_list_page_costs_the_same_for_1_and_50_rows(api_as, manager, contract, kind):
    http = api_as(manager)
    rows_for(kind, manager, contract, 1)
    http.get(f"/api/v1/{kind}/")  # the token's last-used write happens on the first call
    one, body = queries_of(http, f"/api/v1/{kind}/")
    assert len(body["results"]) >= 1
    rows_for(kind, manager, contract, 49)
    fifty, body = queries_of(http, f"/api/v1/{kind}/")

    assert len(body["results"]) == 50
    assert one == fifty <= BOUND, (one, fifty)


@pytest.mark.parametrize("kind", ["claims", "handoffs"])
def test_comments_cost_the_same_for_1_and_50(api_as, manager, contract, kind):
    http = api_as(manager)
    if kind == "claims":
        record = ClaimFactory(contract=contract)
        add = lambda: ClaimCommentFactory(claim=record, author=manager)  # noqa: E731
    else:
        record = HandoffFactory(contract=contract, client=contract.client, requested_by=manager)
        add = lambda: record.comments.create(author=manager, text="Так")  # noqa: E731
    url = f"/api/v1/{kind}/{record.pk}/comments/"
    add()
    http.get(url)
    one, _ = queries_of(http, url)
    for _ in range(49):
        add()
    fifty, body = queries_of(http, url)

    assert len(body) == 50
    assert one == fifty <= BOUND


def test_details_stay_small(api_as, manager, contract):
    http = api_as(manager)
    claim = ClaimFactory(contract=contract)
    handoff = HandoffFactory(contract=contract, client=contract.client, requested_by=manager)
    http.get("/api/v1/claims/")
    for url in (
        f"/api/v1/claims/{claim.pk}/",
        f"/api/v1/handoffs/{handoff.pk}/",
        f"/api/v1/contracts/{contract.pk}/",
        f"/api/v1/clients/{contract.client_id}/",
    ):
        count, _ = queries_of(http, url)
        assert count <= BOUND, (url, count)
