import pytest
from django.urls import reverse

from org.roles import Role
from tests.clients.factories import ClientFactory
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_search_finds_clients_by_edrpou_and_contracts_by_number(client, manager):
    own = ClientFactory(short_name="Арсенал", account_manager=manager)
    contract = ContractFactory(client=own, number="КД-777")
    client.force_login(manager)

    by_code = client.get(reverse("search"), {"q": own.edrpou})
    by_number = client.get(reverse("search"), {"q": "777"})

    assert by_code.context["results"]["clients"] == [own]
    assert by_number.context["results"]["contracts"] == [contract]


def test_search_shows_only_what_the_user_may_see(client, manager, make_user):
    other = make_user(Role.SUPPORT_MANAGER)
    ClientFactory(short_name="Чужий клієнт", account_manager=other)
    client.force_login(manager)

    response = client.get(reverse("search"), {"q": "Чужий"})

    assert response.context["results"]["clients"] == []
    assert "Чужий клієнт" not in response.content.decode()


def test_one_character_asks_for_more(client, manager):
    client.force_login(manager)

    response = client.get(reverse("search"), {"q": "А"})

    assert response.status_code == 200
    assert response.context["results"] is None
