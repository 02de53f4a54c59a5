"""Opening a hand-off of a kind already open on the same contract (and claim) warns,
links to the open one and creates nothing until the user confirms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from handoffs.models import Handoff, Kind, Status
from org.models import Department
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(manager):
    return ContractFactory(manager=manager, client__account_manager=manager)


@pytest.fixture
def open_billing(contract):
    return HandoffFactory(
        kind=Kind.BILLING_DATA,
        department=Department.objects.get(code="accounting"),
        contract=contract,
        client=contract.client,
        title="Дані для рахунків",
    )


def _post(client, contract, **extra):
    due = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    return client.post(
        reverse("handoffs:create"),
        {
            "kind": Kind.BILLING_DATA,
            "department": Department.objects.get(code="accounting").pk,
            "title": "Ще раз дані для рахунків",
            "due_at": due,
            "contract": contract.pk,
            **extra,
        },
    )


def test_a_second_open_one_warns_with_a_link_and_creates_nothing(
    client, manager, contract, open_billing
):
    client.force_login(manager)

    response = _post(client, contract)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Доручення цього виду вже відкрите за цим договором" in html
    assert f'href="{open_billing.get_absolute_url()}"' in html
    assert 'name="confirm_duplicate" value="1"' in html
    assert "Все одно створити" in html
    assert Handoff.objects.count() == 1


def test_confirming_creates_the_second_one(client, manager, contract, open_billing):
    client.force_login(manager)
    assert _post(client, contract).status_code == 200

    response = _post(client, contract, confirm_duplicate="1")

    created = Handoff.objects.exclude(pk=open_billing.pk).get()
    assert response.url == created.get_absolute_url()
    assert created.kind == Kind.BILLING_DATA


@pytest.mark.parametrize("status", [Status.DONE, Status.DECLINED])
def test_a_finished_one_is_no_duplicate(client, manager, contract, open_billing, status):
    Handoff.objects.filter(pk=open_billing.pk).update(status=status)
    client.force_login(manager)

    response = _post(client, contract)

    assert response.status_code == 302
    assert Handoff.objects.count() == 2


def test_another_kind_or_contract_is_no_duplicate(client, manager, contract, open_billing):
    other = ContractFactory(manager=manager, client__account_manager=manager)
    client.force_login(manager)

    assert _post(client, other).status_code == 302
    assert _post(client, contract, kind=Kind.PAYMENT_QUERY).status_code == 302
    assert Handoff.objects.count() == 3
