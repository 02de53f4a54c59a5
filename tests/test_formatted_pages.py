"""Every page that shows an amount writes "125 000,00 грн", and every page that shows a
phone writes "+380 67 123 45 67" with a tel: link in E.164 (org.formatting)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

from approvals import services as approval_services
from approvals.models import Kind
from contracts.handoff_texts import billing_data
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory
from tests.claims.factories import ClaimFactory
from tests.clients.factories import ClientFactory, ContactFactory
from tests.contracts.factories import ContractFactory, ServiceLineFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
AMOUNT = Decimal("125000.00")
SHOWN = f"125{NBSP}000,00{NBSP}грн"
PHONE = "+380671234567"
PHONE_SHOWN = "+380 67 123 45 67"
TEL_LINK = f'href="tel:{PHONE}"'


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def contract(manager):
    contract = ContractFactory(client=ClientFactory(account_manager=manager), monthly_value=AMOUNT)
    ServiceLineFactory(contract=contract, price=Decimal("45000.50"))
    return contract


@pytest.fixture
def extra_funds(manager):
    draft = ApprovalRequestFactory(author=manager, kind=Kind.EXTRA_FUNDS, amount=AMOUNT)
    return approval_services.approval_submit(actor=manager, request=draft)


@pytest.fixture
def director_permissions():
    perms = Permission.objects.filter(
        content_type__app_label="approvals",
        codename__in=["view_approvalrequest", "change_approvalrequest"],
    )
    for role in (Role.EXECUTIVE_DIRECTOR, Role.GENERAL_DIRECTOR):
        Group.objects.get(name=role).permissions.add(*perms)


def test_contract_page_shows_its_monthly_value_and_service_prices_in_hryvnias(
    client, manager, contract
):
    body = page(client, manager, contract.get_absolute_url())

    assert SHOWN in body
    assert f"45{NBSP}000,50{NBSP}грн" in body


def test_contract_list_shows_the_monthly_value_in_hryvnias(client, manager, contract):
    body = page(client, manager, reverse("contracts:list"))

    assert SHOWN in body


def test_extra_funds_request_page_and_my_requests_show_the_amount(client, manager, extra_funds):
    assert SHOWN in page(client, manager, extra_funds.get_absolute_url())
    assert SHOWN in page(client, manager, reverse("approvals:mine") + "?tab=submitted")


def test_director_sees_the_amount_on_the_admin_index_list_and_request_page(
    client, executive_director, extra_funds, director_permissions
):
    change = reverse("admin:approvals_approvalrequest_change", args=[extra_funds.pk])

    assert SHOWN in page(client, executive_director, reverse("admin:index"))
    assert SHOWN in page(client, executive_director, change)
    assert SHOWN in page(
        client, executive_director, reverse("admin:approvals_approvalrequest_changelist")
    )


def test_admin_lists_of_contracts_and_service_lines_show_hryvnias(admin_client, contract):
    contracts = admin_client.get(reverse("admin:contracts_contract_changelist"))
    lines = admin_client.get(reverse("admin:contracts_serviceline_changelist"))

    assert SHOWN in contracts.content.decode()
    assert f"45{NBSP}000,50{NBSP}грн" in lines.content.decode()


def test_directors_dashboard_writes_stage_totals_in_hryvnias(client, executive_director, contract):
    client.force_login(executive_director)
    response = client.get(reverse("dashboards:directors"))

    chart = response.context["stage_chart"]
    preparation = next(row for row in chart["rows"] if row["url"].endswith("stage=preparation"))
    assert preparation["total"] == f"1 · {SHOWN}"
    assert f"1 · {SHOWN}" in response.content.decode()


def test_billing_hand_off_text_writes_the_monthly_value_in_hryvnias(contract):
    with translation.override("uk"):
        text = billing_data(contract)

    assert f"Вартість на місяць: {SHOWN}." in str(text.details)


def test_formal_claim_page_shows_the_amount_and_the_reporters_phone(client, manager, contract):
    contact = ContactFactory(client=contract.client, phone=PHONE)
    claim = ClaimFactory(
        contract=contract,
        reported_by=contact,
        is_formal=True,
        formal_number="12/05",
        formal_amount=AMOUNT,
    )

    body = page(client, manager, reverse("claims:detail", args=[claim.pk]))

    assert SHOWN in body
    assert f"<a {TEL_LINK}>{PHONE_SHOWN}</a>" in body


def test_client_page_lists_contacts_phones_grouped_with_tel_links(client, manager):
    contact = ContactFactory(client=ClientFactory(account_manager=manager), phone=PHONE)

    body = page(client, manager, contact.client.get_absolute_url())

    assert f"<a {TEL_LINK}>{PHONE_SHOWN}</a>" in body


def test_contact_admin_list_shows_the_phone_grouped(admin_client):
    ContactFactory(phone=PHONE)

    body = admin_client.get(reverse("admin:clients_contact_changelist")).content.decode()

    assert PHONE_SHOWN in body
