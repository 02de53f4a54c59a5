"""Clients, contacts, sites, contracts and notifications: only what the screens show."""

import pytest

from contracts.models import Stage
from org.models import Notification
from tests.claims.factories import SupportContractFactory
from tests.clients.factories import ClientFactory, ContactFactory, SiteFactory

pytestmark = pytest.mark.django_db


def ids(http, url, **params):
    response = http.get(url, params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_clients_contacts_and_sites_of_the_portfolio_only(api_as, manager, other_manager, contract):
    mine = contract.client
    theirs = ClientFactory(account_manager=other_manager)
    contact, site = ContactFactory(client=mine), SiteFactory(client=mine)
    foreign_contact, foreign_site = ContactFactory(client=theirs), SiteFactory(client=theirs)
    http = api_as(manager)

    assert ids(http, "/api/v1/clients/") == [mine.pk]
    assert ids(http, "/api/v1/contacts/") == [contact.pk]
    assert ids(http, "/api/v1/sites/") == [site.pk]
    assert ids(http, "/api/v1/sites/", client=mine.pk) == [site.pk]
    assert http.get("/api/v1/sites/", {"client": theirs.pk}).status_code == 400
    for url in (
        f"/api/v1/clients/{theirs.pk}/",
        f"/api/v1/contacts/{foreign_contact.pk}/",
        f"/api/v1/sites/{foreign_site.pk}/",
    ):
        assert http.get(url).status_code == 404, url


def test_the_client_list_filters_as_the_screen(api_as, manager, contract):
    other = ClientFactory(account_manager=manager, short_name="Ромашка", status="former")
    http = api_as(manager)

    assert ids(http, "/api/v1/clients/", q="Ромашка") == [other.pk]
    assert ids(http, "/api/v1/clients/", q=other.edrpou) == [other.pk]
    assert ids(http, "/api/v1/clients/", status="former") == [other.pk]
    assert http.get("/api/v1/clients/", {"status": "bankrupt"}).status_code == 400


def test_contracts_carry_their_stage_and_filter_by_it(api_as, manager, other_manager, contract):
    preparing = SupportContractFactory(
        client=contract.client, manager=manager, stage=Stage.PREPARATION
    )
    foreign = SupportContractFactory(manager=other_manager)
    http = api_as(manager)

    assert ids(http, "/api/v1/contracts/") == [preparing.pk, contract.pk]
    assert ids(http, "/api/v1/contracts/", stage="preparation") == [preparing.pk]
    detail = http.get(f"/api/v1/contracts/{contract.pk}/").json()
    assert detail["stage"] == "support" and detail["stage_label"]
    assert detail["client"]["id"] == contract.client_id
    assert detail["monthly_value"] == f"{contract.monthly_value:.2f}"
    assert http.get(f"/api/v1/contracts/{foreign.pk}/").status_code == 404


def test_notifications_are_the_users_own_and_marked_read(api_as, manager, other_manager):
    first = Notification.objects.create(recipient=manager, message="Нове доручення")
    second = Notification.objects.create(recipient=manager, message="Нова претензія")
    foreign = Notification.objects.create(recipient=other_manager, message="Чуже")
    http = api_as(manager)

    assert ids(http, "/api/v1/notifications/") == [second.pk, first.pk]
    assert http.get(f"/api/v1/notifications/{foreign.pk}/").status_code == 404
    assert http.post(f"/api/v1/notifications/{foreign.pk}/read/").status_code == 404
    read = http.post(f"/api/v1/notifications/{first.pk}/read/")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert ids(http, "/api/v1/notifications/", unread="true") == [second.pk]
    assert http.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    foreign.refresh_from_db()
    assert foreign.read_at is None
