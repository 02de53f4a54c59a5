import pytest
from django.urls import reverse

from tests.clients.factories import ClientFactory, ContactFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_searches_and_opens_clients_contacts_and_sites(admin_client):
    client = ClientFactory(short_name="Пошуковий")
    contact = ContactFactory(client=client)
    site = SiteFactory(client=client)

    found = admin_client.get(reverse("admin:clients_client_changelist"), {"q": client.edrpou})
    assert found.status_code == 200
    assert "Пошуковий" in found.content.decode()
    for name, obj in (("client", client), ("contact", contact), ("site", site)):
        assert admin_client.get(reverse(f"admin:clients_{name}_changelist")).status_code == 200
        change = reverse(f"admin:clients_{name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200, name
        history = reverse(f"admin:clients_{name}_history", args=[obj.pk])
        assert admin_client.get(history).status_code == 200, name


def test_admin_refuses_two_primary_contacts_in_one_save(admin_client):
    client = ClientFactory()
    data = {
        "legal_name": client.legal_name,
        "short_name": client.short_name,
        "edrpou": client.edrpou,
        "vat_number": "",
        "legal_address": client.legal_address,
        "iban": "",
        "account_manager": client.account_manager_id,
        "status": client.status,
        "notes": "",
        "version": client.version,
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "Перша",
        "contacts-0-is_primary": "on",
        "contacts-1-name": "Друга",
        "contacts-1-is_primary": "on",
        "sites-TOTAL_FORMS": "0",
        "sites-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:clients_client_change", args=[client.pk]), data)

    assert response.status_code == 200
    assert client.contacts.count() == 0


def client_change_data(client, contacts=(), new=()):
    """The client's admin form with its contacts' inline: (contact, primary) rows, then
    (name, primary) new rows."""
    data = {
        "legal_name": client.legal_name,
        "short_name": client.short_name,
        "edrpou": client.edrpou,
        "vat_number": "",
        "legal_address": client.legal_address,
        "iban": "",
        "account_manager": client.account_manager_id,
        "status": client.status,
        "notes": "",
        "version": client.version,
        "contacts-TOTAL_FORMS": str(len(contacts) + len(new)),
        "contacts-INITIAL_FORMS": str(len(contacts)),
        "sites-TOTAL_FORMS": "0",
        "sites-INITIAL_FORMS": "0",
    }
    rows = [(contact.pk, contact.name, primary) for contact, primary in contacts]
    rows += [(None, name, primary) for name, primary in new]
    for index, (pk, name, primary) in enumerate(rows):
        data[f"contacts-{index}-name"] = name
        if pk is not None:
            data[f"contacts-{index}-id"] = pk
            data[f"contacts-{index}-client"] = client.pk
        if primary:
            data[f"contacts-{index}-is_primary"] = "on"
    return data


def primary_names(client):
    return list(client.contacts.filter(is_primary=True).values_list("name", flat=True))


def test_admin_contact_page_makes_a_contact_primary_and_unmarks_the_old_one(
    admin_client, admin_user
):
    client = ClientFactory()
    old = ContactFactory(client=client, is_primary=True, name="Стара")
    new = ContactFactory(client=client, name="Нова", phone="067 123 45 67")

    response = admin_client.post(
        reverse("admin:clients_contact_change", args=[new.pk]),
        {"name": new.name, "phone": new.phone, "is_primary": "on", "version": new.version},
    )

    assert response.status_code == 302
    assert primary_names(client) == ["Нова"]
    old.refresh_from_db()
    assert old.history.first().history_user == admin_user
    new.refresh_from_db()
    assert new.phone == "+380671234567"


def test_admin_inline_switches_the_primary_contact_in_either_order(admin_client):
    client = ClientFactory()
    old = ContactFactory(client=client, is_primary=True, name="Стара")
    new = ContactFactory(client=client, name="Нова")

    # The newly ticked row first: saved first, it takes the mark from the old one.
    response = admin_client.post(
        reverse("admin:clients_client_change", args=[client.pk]),
        client_change_data(client, contacts=[(new, True), (old, False)]),
    )

    assert response.status_code == 302
    assert primary_names(client) == ["Нова"]


def test_admin_inline_adds_a_primary_contact_in_place_of_the_old_one(admin_client):
    client = ClientFactory()
    old = ContactFactory(client=client, is_primary=True, name="Стара")

    response = admin_client.post(
        reverse("admin:clients_client_change", args=[client.pk]),
        client_change_data(client, contacts=[(old, False)], new=[("Нова", True)]),
    )

    assert response.status_code == 302
    assert primary_names(client) == ["Нова"]


def test_admin_inline_refuses_the_old_and_a_new_primary_ticked_together(admin_client):
    client = ClientFactory()
    old = ContactFactory(client=client, is_primary=True, name="Стара")

    response = admin_client.post(
        reverse("admin:clients_client_change", args=[client.pk]),
        client_change_data(client, contacts=[(old, True)], new=[("Нова", True)]),
    )

    assert response.status_code == 200
    assert primary_names(client) == ["Стара"]
    assert client.contacts.count() == 1


def test_admin_inline_deletes_a_contact(admin_client):
    client = ClientFactory()
    kept, gone = ContactFactory(client=client), ContactFactory(client=client)
    data = client_change_data(client, contacts=[(kept, False), (gone, False)])
    data["contacts-1-DELETE"] = "on"

    response = admin_client.post(reverse("admin:clients_client_change", args=[client.pk]), data)

    assert response.status_code == 302
    assert list(client.contacts.all()) == [kept]
