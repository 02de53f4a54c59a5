import pytest

from clients import services
from clients.models import Client, Contact, Site
from org.errors import DomainError
from tests.clients.factories import ClientFactory, ContactFactory, SiteFactory, valid_edrpou
from tests.contracts.factories import ContractFactory, StaffingRequirementFactory

pytestmark = pytest.mark.django_db


def test_client_create_makes_the_actor_account_manager_and_compacts_iban(manager):
    client = services.client_create(
        actor=manager,
        legal_name='ТОВ "Оболонь-Сервіс"',
        short_name="Оболонь-Сервіс",
        edrpou="14360570",
        legal_address="м. Київ, просп. Оболонський, 1",
        iban="ua21 3223 1300 0002 6007 2335 6600 1",
    )

    client.refresh_from_db()
    assert client.account_manager == manager
    assert client.iban == "UA213223130000026007233566001"
    assert client.history.first().history_user == manager


def test_client_create_refuses_a_duplicate_edrpou_with_a_message(manager):
    ClientFactory(edrpou="14360570", short_name="Перший")

    with pytest.raises(DomainError) as error:
        services.client_create(
            actor=manager,
            legal_name="ТОВ Другий",
            short_name="Другий",
            edrpou="14360570",
            legal_address="м. Київ",
        )

    assert "Перший" in error.value.message
    assert Client.objects.count() == 1


def test_client_create_is_refused_to_department_staff(department_staff):
    with pytest.raises(DomainError):
        services.client_create(
            actor=department_staff,
            legal_name="ТОВ Х",
            short_name="Х",
            edrpou=valid_edrpou(900),
            legal_address="м. Київ",
        )


def test_manager_may_hand_a_client_to_another_manager(manager, other_manager):
    client = ClientFactory(account_manager=manager)

    services.client_update(actor=manager, client=client, account_manager=other_manager)

    client.refresh_from_db()
    assert client.account_manager == other_manager


def test_manager_may_not_change_another_managers_client(manager, other_manager):
    client = ClientFactory(account_manager=other_manager)

    with pytest.raises(DomainError):
        services.client_update(actor=manager, client=client, short_name="Нове")


def test_making_a_contact_primary_unprimaries_the_other(manager):
    client = ClientFactory(account_manager=manager)
    first = services.contact_create(actor=manager, client=client, name="Перша", is_primary=True)

    second = services.contact_create(
        actor=manager, client=client, name="Друга", phone="067 123 45 67", is_primary=True
    )

    first.refresh_from_db()
    assert not first.is_primary
    assert second.is_primary
    assert second.phone == "+380671234567"
    assert client.contacts.filter(is_primary=True).count() == 1


def test_updating_a_contact_to_primary_switches_the_primary(manager):
    client = ClientFactory(account_manager=manager)
    first = ContactFactory(client=client, is_primary=True)
    second = ContactFactory(client=client)

    services.contact_update(actor=manager, contact=second, is_primary=True)

    assert list(client.contacts.filter(is_primary=True)) == [second]
    first.refresh_from_db()
    assert first.history.first().history_user == manager


def test_contact_delete_removes_the_contact(manager):
    contact = ContactFactory(client=ClientFactory(account_manager=manager))

    services.contact_delete(actor=manager, contact=contact)

    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_site_create_and_update(manager):
    client = ClientFactory(account_manager=manager)
    site = services.site_create(
        actor=manager, client=client, name="Склад", address="м. Дніпро", area_m2=1500
    )

    services.site_update(actor=manager, site=site, name="Склад № 2")

    site.refresh_from_db()
    assert site.name == "Склад № 2"
    assert site.client == client


def test_site_delete_is_refused_while_staffing_uses_it(manager):
    requirement = StaffingRequirementFactory(contract__client__account_manager=manager)
    site = requirement.site

    with pytest.raises(DomainError) as error:
        services.site_delete(actor=manager, site=site)

    assert site.name in error.value.message
    assert Site.objects.filter(pk=site.pk).exists()


def test_site_delete_is_refused_while_a_contract_lists_it(manager):
    contract = ContractFactory(client__account_manager=manager)
    site = SiteFactory(client=contract.client)
    contract.sites.add(site)

    with pytest.raises(DomainError):
        services.site_delete(actor=manager, site=site)

    assert Site.objects.filter(pk=site.pk).exists()


def test_unused_site_can_be_deleted(manager):
    site = SiteFactory(client=ClientFactory(account_manager=manager))

    services.site_delete(actor=manager, site=site)

    assert not Site.objects.filter(pk=site.pk).exists()
