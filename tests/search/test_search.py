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


def test_contracts_are_found_by_number_title_client_name_and_code_latest_ending_first(
    client, manager, make_user
):
    import datetime

    from search.site import LIMIT

    market = ClientFactory(short_name="Маркет Плюс", account_manager=manager)
    other = ClientFactory(short_name="Арсенал", account_manager=manager)
    start = {"start_date": datetime.date(2025, 1, 1)}
    ended = ContractFactory(client=market, end_date=datetime.date(2026, 3, 31), **start)
    running = ContractFactory(client=market, end_date=datetime.date(2027, 12, 31), **start)
    open_ended = ContractFactory(client=market, end_date=None)
    by_title = ContractFactory(client=other, title="Прибирання складу Zeta", end_date=None)
    stranger = make_user(Role.SUPPORT_MANAGER)
    ContractFactory(client=ClientFactory(short_name="Маркет Чужий", account_manager=stranger))
    client.force_login(manager)

    def found(query):
        return client.get(reverse("search"), {"q": query}).context["results"]["contracts"]

    # The latest end first, an open-ended contract before every dated one.
    assert found("Маркет") == [open_ended, running, ended]
    assert found(market.edrpou) == [open_ended, running, ended]
    assert found("Zeta") == [by_title]
    assert found(running.number) == [running]

    ContractFactory.create_batch(LIMIT + 2, client=market, end_date=datetime.date(2030, 1, 1))
    assert len(found("Маркет")) == LIMIT
    assert found("Маркет")[0] == open_ended
