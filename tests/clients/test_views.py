import datetime

import pytest
import time_machine
from django.urls import reverse

from clients.models import Client, Contact, Site
from contracts.models import Stage
from org.models import AbsenceCover
from org.roles import Role
from tests.clients.factories import ClientFactory, ContactFactory, SiteFactory, valid_edrpou
from tests.contracts.factories import ContractFactory, StaffingRequirementFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


def detail_url(client):
    return reverse("clients:detail", kwargs={"pk": client.pk})


def new_client_data(manager, **overrides):
    data = {
        "legal_name": 'ТОВ "Нова Хвиля"',
        "short_name": "Нова Хвиля",
        "edrpou": "32855961",
        "vat_number": "",
        "legal_address": "м. Одеса, вул. Дерибасівська, 1",
        "iban": "ua21 3223 1300 0002 6007 2335 6600 1",
        "status": "active",
        "account_manager": manager.pk,
        "notes": "",
    }
    data.update(overrides)
    return data


# Visibility


def test_manager_sees_own_client_page_with_legal_details(signed_in, manager):
    client = ClientFactory(account_manager=manager, iban="UA213223130000026007233566001")

    response = signed_in(manager).get(detail_url(client))

    assert response.status_code == 200
    html = response.content.decode()
    assert client.edrpou in html
    assert "UA21 3223 1300 0002 6007 2335 6600 1" in html
    assert reverse("clients:update", kwargs={"pk": client.pk}) in html


def test_manager_gets_404_on_another_managers_client(signed_in, manager, other_manager):
    client = ClientFactory(account_manager=other_manager)
    http = signed_in(manager)

    assert http.get(detail_url(client)).status_code == 404
    assert http.get(reverse("clients:update", kwargs={"pk": client.pk})).status_code == 404
    assert http.post(reverse("clients:update", kwargs={"pk": client.pk})).status_code == 404


def test_client_list_shows_a_manager_only_their_portfolio(signed_in, manager, other_manager):
    mine = ClientFactory(account_manager=manager, short_name="Мій клієнт")
    ClientFactory(account_manager=other_manager, short_name="Чужий клієнт")

    response = signed_in(manager).get(reverse("clients:list"))

    assert list(response.context["clients"]) == [mine]


def test_directors_see_every_client(signed_in, executive_director, manager, other_manager):
    clients = [ClientFactory(account_manager=manager), ClientFactory(account_manager=other_manager)]
    http = signed_in(executive_director)

    response = http.get(reverse("clients:list"))

    assert set(response.context["clients"]) == set(clients)
    for client in clients:
        assert http.get(detail_url(client)).status_code == 200


def test_department_member_sees_only_clients_with_their_departments_handoff(
    signed_in, department_staff, make_user
):
    by_client = ClientFactory()
    HandoffFactory(client=by_client)
    by_contract = ContractFactory().client
    HandoffFactory(contract=by_contract.contracts.get())
    other_department = ClientFactory()
    HandoffFactory(
        client=other_department,
        department=make_user(Role.DEPARTMENT_STAFF, department="hr").department,
    )
    untouched = ClientFactory()
    http = signed_in(department_staff)

    assert set(Client.objects.visible_to(department_staff)) == {by_client, by_contract}
    assert http.get(detail_url(by_client)).status_code == 200
    assert http.get(detail_url(by_contract)).status_code == 200
    assert http.get(detail_url(other_department)).status_code == 404
    assert http.get(detail_url(untouched)).status_code == 404


def test_cover_sees_the_absent_managers_clients_only_during_the_cover(
    signed_in, manager, other_manager, executive_director
):
    client = ClientFactory(account_manager=other_manager)
    AbsenceCover.objects.create(
        absent=other_manager,
        cover=manager,
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 6),
        created_by=executive_director,
    )
    http = signed_in(manager)

    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert http.get(detail_url(client)).status_code == 404
    with time_machine.travel(datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert http.get(detail_url(client)).status_code == 200
        edit = http.post(
            reverse("clients:update", kwargs={"pk": client.pk}),
            new_client_data(
                other_manager, edrpou=client.edrpou, short_name="Змінено", version=client.version
            ),
        )
        assert edit.status_code == 302
    with time_machine.travel(datetime.datetime(2026, 3, 7, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert http.get(detail_url(client)).status_code == 404
    client.refresh_from_db()
    assert client.short_name == "Змінено"


def test_client_page_names_the_cover_of_an_absent_manager(
    signed_in, manager, other_manager, executive_director
):
    client = ClientFactory(account_manager=other_manager)
    AbsenceCover.objects.create(
        absent=other_manager,
        cover=manager,
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 6),
    )

    with time_machine.travel(datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.UTC), tick=False):
        response = signed_in(executive_director).get(detail_url(client))

    assert response.context["cover"] == manager
    assert str(manager) in response.content.decode()


# Permissions


def test_department_member_views_read_only_and_gets_403_on_edits(signed_in, department_staff):
    client = ClientFactory()
    HandoffFactory(client=client)
    contact = ContactFactory(client=client)
    site = SiteFactory(client=client)
    http = signed_in(department_staff)

    page = http.get(detail_url(client))
    assert page.status_code == 200
    assert reverse("clients:update", kwargs={"pk": client.pk}) not in page.content.decode()
    edits = [
        ("clients:update", {"pk": client.pk}),
        ("clients:contact_create", {"pk": client.pk}),
        ("clients:contact_update", {"pk": client.pk, "contact_pk": contact.pk}),
        ("clients:contact_delete", {"pk": client.pk, "contact_pk": contact.pk}),
        ("clients:site_create", {"pk": client.pk}),
        ("clients:site_update", {"pk": client.pk, "site_pk": site.pk}),
        ("clients:site_delete", {"pk": client.pk, "site_pk": site.pk}),
    ]
    for name, kwargs in edits:
        assert http.post(reverse(name, kwargs=kwargs), {"name": "X"}).status_code == 403, name
    assert (
        http.post(reverse("clients:create"), new_client_data(client.account_manager)).status_code
        == 403
    )
    assert http.get(reverse("clients:list")).status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert Site.objects.filter(pk=site.pk).exists()


def test_manager_registers_a_client_and_lands_on_its_page(signed_in, manager):
    response = signed_in(manager).post(reverse("clients:create"), new_client_data(manager))

    client = Client.objects.get(edrpou="32855961")
    assert response.status_code == 302
    assert response.url == detail_url(client)
    assert client.account_manager == manager
    assert client.iban == "UA213223130000026007233566001"


def test_director_registers_a_client_for_a_manager(signed_in, general_director, manager):
    response = signed_in(general_director).post(reverse("clients:create"), new_client_data(manager))

    assert response.status_code == 302
    assert Client.objects.get(edrpou="32855961").account_manager == manager


def test_duplicate_edrpou_on_create_shows_a_field_error(signed_in, manager):
    ClientFactory(edrpou="32855961", short_name="Вже є")

    response = signed_in(manager).post(reverse("clients:create"), new_client_data(manager))

    assert response.status_code == 200
    assert "Вже є" in response.context["form"].errors["edrpou"][0]
    assert Client.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"edrpou": "x" * 500, "iban": "💥", "status": "nope", "account_manager": "abc"},
        {"legal_name": "\x00", "account_manager": "-1", "edrpou": "00000000"},
    ],
)
def test_garbage_posted_to_create_gives_field_errors_not_500(signed_in, manager, data):
    response = signed_in(manager).post(reverse("clients:create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Client.objects.exists()


def test_garbage_in_list_filters_and_page_is_ignored(signed_in, manager):
    ClientFactory(account_manager=manager)

    response = signed_in(manager).get(
        reverse("clients:list"),
        {"status": "zzz", "account_manager": "abc", "page": "-7", "q": "\x00"},
    )

    assert response.status_code == 200


def test_list_searches_by_name_and_edrpou_and_filters_by_status(signed_in, manager):
    alpha = ClientFactory(account_manager=manager, short_name="Альфа", edrpou=valid_edrpou(700))
    beta = ClientFactory(
        account_manager=manager, short_name="Бета", edrpou="32855961", status="prospect"
    )
    http = signed_in(manager)
    url = reverse("clients:list")

    assert list(http.get(url, {"q": "Альфа"}).context["clients"]) == [alpha]
    assert list(http.get(url, {"q": "328559"}).context["clients"]) == [beta]
    assert list(http.get(url, {"status": "prospect"}).context["clients"]) == [beta]
    assert list(http.get(url, {"account_manager": manager.pk}).context["clients"]) == [alpha, beta]


def test_list_counts_only_open_contracts(signed_in, manager):
    client = ClientFactory(account_manager=manager)
    for stage in (Stage.PREPARATION, Stage.SUPPORT, Stage.TERMINATION, Stage.CLOSED):
        ContractFactory(client=client, stage=stage)
    ContractFactory(client=client, stage=Stage.CANCELLED)

    response = signed_in(manager).get(reverse("clients:list"))

    assert response.context["clients"][0].open_contracts == 3


def test_manager_adds_a_primary_contact_and_the_old_one_steps_down(signed_in, manager):
    client = ClientFactory(account_manager=manager)
    old = ContactFactory(client=client, is_primary=True)

    response = signed_in(manager).post(
        reverse("clients:contact_create", kwargs={"pk": client.pk}),
        {"name": "Нова Особа", "phone": "067 123 45 67", "is_primary": "on"},
    )

    assert response.status_code == 302
    new = client.contacts.get(name="Нова Особа")
    assert new.is_primary and new.phone == "+380671234567"
    old.refresh_from_db()
    assert not old.is_primary


def test_bad_phone_shows_a_field_error(signed_in, manager):
    client = ClientFactory(account_manager=manager)

    response = signed_in(manager).post(
        reverse("clients:contact_create", kwargs={"pk": client.pk}),
        {"name": "Особа", "phone": "12345"},
    )

    assert response.status_code == 200
    assert "phone" in response.context["form"].errors


def test_contact_edit_page_shows_phone_formatted(signed_in, manager):
    contact = ContactFactory(client=ClientFactory(account_manager=manager), phone="+380671234567")

    response = signed_in(manager).get(
        reverse(
            "clients:contact_update", kwargs={"pk": contact.client_id, "contact_pk": contact.pk}
        )
    )

    assert "+380 67 123 45 67" in response.content.decode()


def test_deleting_a_used_site_is_refused_with_a_message(signed_in, manager):
    requirement = StaffingRequirementFactory(contract__client__account_manager=manager)
    site = requirement.site

    response = signed_in(manager).post(
        reverse("clients:site_delete", kwargs={"pk": site.client_id, "site_pk": site.pk}),
        follow=True,
    )

    assert response.status_code == 200
    assert Site.objects.filter(pk=site.pk).exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_delete_views_are_post_only(signed_in, manager):
    site = SiteFactory(client=ClientFactory(account_manager=manager))

    response = signed_in(manager).get(
        reverse("clients:site_delete", kwargs={"pk": site.client_id, "site_pk": site.pk})
    )

    assert response.status_code == 405


def test_site_of_another_client_is_404(signed_in, manager):
    mine = ClientFactory(account_manager=manager)
    foreign_site = SiteFactory()

    response = signed_in(manager).get(
        reverse("clients:site_update", kwargs={"pk": mine.pk, "site_pk": foreign_site.pk})
    )

    assert response.status_code == 404


def test_edit_posts_need_the_csrf_token(manager):
    from django.test import Client as HttpClient

    client = ClientFactory(account_manager=manager)
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(manager)

    response = http.post(
        reverse("clients:contact_create", kwargs={"pk": client.pk}), {"name": "Без токена"}
    )

    assert response.status_code == 403
    assert not client.contacts.exists()


def test_department_member_sees_only_the_contracts_their_department_works_on(
    signed_in, department_staff
):
    worked_on = ContractFactory()
    client = worked_on.client
    other = ContractFactory(client=client)
    HandoffFactory(contract=worked_on)

    response = signed_in(department_staff).get(detail_url(client))

    assert response.context["contracts"] == [worked_on]
    assert other.number not in response.content.decode()
