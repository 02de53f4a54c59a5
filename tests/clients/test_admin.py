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
