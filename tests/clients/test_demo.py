import pytest
from stdnum import iban
from stdnum.ua import edrpou

from clients import demo
from clients.models import Client, Contact, Site
from org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_seed_creates_valid_clients_with_contacts_and_sites_for_both_managers():
    org_demo.seed()

    lines = demo.seed()

    clients = list(Client.objects.select_related("account_manager"))
    assert 6 <= len(clients) <= 8
    assert lines[0].startswith(f"Clients: {len(clients)}")
    assert {c.account_manager.username for c in clients} == {"manager", "manager2"}
    for client in clients:
        assert edrpou.is_valid(client.edrpou)
        assert not client.iban or iban.is_valid(client.iban)
        assert 1 <= client.contacts.count() <= 3
        assert 1 <= client.sites.count() <= 3
        assert client.contacts.filter(is_primary=True).count() == 1
    assert all(c.phone.startswith("+380") for c in Contact.objects.all())


def test_seed_twice_changes_nothing():
    org_demo.seed()
    demo.seed()
    counts = (Client.objects.count(), Contact.objects.count(), Site.objects.count())

    demo.seed()

    assert (Client.objects.count(), Contact.objects.count(), Site.objects.count()) == counts
