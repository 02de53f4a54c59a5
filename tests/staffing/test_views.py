import pytest
from django.urls import reverse

from contracts.models import Contract
from org.models import User
from org.roles import Role
from staffing.models import OrderKind, PortfolioTransfer, StaffOrder
from staffing.services import OrderDetails, manager_appoint, portfolio_transfer
from tests.clients.factories import ClientFactory
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db

PAGES = ("staffing:home", "staffing:appoint", "staffing:dismiss", "staffing:transfer")


@pytest.fixture
def director_client(client, general_director):
    client.force_login(general_director)
    return client


@pytest.mark.parametrize("role", [Role.EXECUTIVE_DIRECTOR, Role.SUPPORT_MANAGER, None])
def test_only_the_general_director_opens_the_screens(client, make_user, role, general_director):
    old, new = make_user(Role.SUPPORT_MANAGER), make_user(Role.SUPPORT_MANAGER)
    ContractFactory(client__account_manager=old, manager=old)
    done = portfolio_transfer(actor=general_director, from_manager=old, to_manager=new)
    client.force_login(make_user(role, department="sales" if role is None else None))

    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name
        assert client.post(reverse(name), {}).status_code == 403, name
    assert client.get(done.get_absolute_url()).status_code == 403


def test_the_general_director_sees_the_screen_in_the_menu(director_client):
    page = director_client.get(reverse("claims:list"))

    assert reverse("staffing:home") in page.content.decode()


def test_the_preview_shows_the_counts_and_the_clients_and_moves_nothing(
    director_client, build_portfolio, manager, make_user
):
    successor = make_user(Role.SUPPORT_MANAGER)
    work = build_portfolio(manager, size=2)

    page = director_client.get(
        reverse("staffing:transfer"),
        {"from_manager": manager.pk, "to_manager": successor.pk, "scope": "whole"},
    )

    assert page.status_code == 200
    counts = {str(label): count for label, count in page.context["counts"].rows()}
    assert counts["Клієнти"] == 2 and counts["Відкриті претензії за цими договорами"] == 2
    text = page.content.decode()
    assert all(client.short_name in text for client in work.clients)
    assert not PortfolioTransfer.objects.exists()
    assert set(Contract.objects.filter(manager=manager)) >= set(work.contracts)


def test_the_transfer_form_moves_the_chosen_clients_work(
    director_client, build_portfolio, manager, make_user
):
    successor = make_user(Role.SUPPORT_MANAGER)
    work = build_portfolio(manager, size=2)
    chosen = work.clients[0]

    answer = director_client.post(
        reverse("staffing:transfer"),
        {
            "from_manager": manager.pk,
            "to_manager": successor.pk,
            "scope": "clients",
            "clients": [chosen.pk],
            "reason": "Перерозподіл",
        },
    )

    transfer = PortfolioTransfer.objects.get()
    assert answer.status_code == 302 and answer["Location"] == transfer.get_absolute_url()
    assert list(Contract.objects.filter(manager=successor)) == [work.contracts[0]]
    detail = director_client.get(transfer.get_absolute_url())
    assert chosen.short_name in detail.content.decode()


def test_choosing_clients_without_any_is_a_form_error(director_client, manager, make_user):
    successor = make_user(Role.SUPPORT_MANAGER)

    answer = director_client.post(
        reverse("staffing:transfer"),
        {"from_manager": manager.pk, "to_manager": successor.pk, "scope": "clients"},
    )

    assert answer.status_code == 200 and answer.context["form"].errors["clients"]


def test_appointing_a_new_user_through_the_form(director_client, general_director):
    answer = director_client.post(
        reverse("staffing:appoint"),
        {
            "last_name": "Гнатенко",
            "first_name": "Марія",
            "email": "m.hnatenko@example.com",
            "username": "m.hnatenko",
            "password": "Kyiv-2026-support",
            "number": "15-к",
            "date": "2026-12-01",
        },
    )

    assert answer.status_code == 302
    person = User.objects.get(username="m.hnatenko")
    assert person.is_support_manager
    assert StaffOrder.objects.get().person == person


def test_appointing_asks_for_every_field_of_a_new_user(director_client):
    answer = director_client.post(
        reverse("staffing:appoint"), {"last_name": "Гнатенко", "number": "1", "date": "2026-12-01"}
    )

    assert answer.status_code == 200
    assert set(answer.context["form"].errors) == {"first_name", "email", "username", "password"}
    assert not StaffOrder.objects.exists()


def test_dismissing_a_manager_with_a_portfolio_is_refused_with_a_link_to_the_transfer(
    director_client, build_portfolio, manager
):
    build_portfolio(manager)

    answer = director_client.post(
        reverse("staffing:dismiss"), {"manager": manager.pk, "number": "16-к", "date": "2026-12-02"}
    )

    assert answer.status_code == 200
    link = f'href="{reverse("staffing:transfer")}?from_manager={manager.pk}"'
    assert link in answer.content.decode()
    manager.refresh_from_db()
    assert manager.is_active and not StaffOrder.objects.exists()


def test_dismissing_with_a_successor_moves_the_portfolio(
    director_client, build_portfolio, manager, make_user
):
    successor = make_user(Role.SUPPORT_MANAGER)
    work = build_portfolio(manager)

    answer = director_client.post(
        reverse("staffing:dismiss"),
        {
            "manager": manager.pk,
            "transfer_to": successor.pk,
            "number": "16-к",
            "date": "2026-12-02",
        },
    )

    order = StaffOrder.objects.get(kind=OrderKind.DISMISSAL)
    assert answer.status_code == 302 and answer["Location"] == order.transfer.get_absolute_url()
    assert Contract.objects.get(pk=work.contracts[0].pk).manager == successor
    manager.refresh_from_db()
    assert not manager.is_active


def _home_queries(director_client, django_assert_max_num_queries, make_user, general_director, n):
    for index in range(n):
        person = make_user(Role.SUPPORT_MANAGER)
        manager_appoint(
            actor=general_director,
            order=OrderDetails(number=f"{n}-{index}", date=person.date_joined.date()),
            user=make_user(),
        )
    with django_assert_max_num_queries(HOME_QUERIES):
        page = director_client.get(reverse("staffing:home"))
    assert page.status_code == 200
    return page


HOME_QUERIES = 10


@pytest.mark.parametrize("rows", [1, 50])
def test_the_home_page_reads_a_fixed_number_of_queries(
    director_client, django_assert_max_num_queries, make_user, general_director, rows
):
    page = _home_queries(
        director_client, django_assert_max_num_queries, make_user, general_director, rows
    )

    assert len(page.context["orders"].object_list) == rows
    assert len(page.context["managers"]) == min(rows * 2, 50)


@pytest.mark.parametrize("clients", [1, 50])
def test_the_transfer_pages_read_a_fixed_number_of_queries(
    director_client, django_assert_max_num_queries, make_user, general_director, clients
):
    old, new = make_user(Role.SUPPORT_MANAGER), make_user(Role.SUPPORT_MANAGER)
    chosen = [ClientFactory(account_manager=old) for _ in range(clients)]
    done = portfolio_transfer(
        actor=general_director, from_manager=old, to_manager=new, clients=chosen
    )
    with django_assert_max_num_queries(8):
        assert director_client.get(done.get_absolute_url()).status_code == 200
    preview = {"from_manager": new.pk, "to_manager": old.pk, "scope": "whole"}
    with django_assert_max_num_queries(12):
        assert director_client.get(reverse("staffing:transfer"), preview).status_code == 200
