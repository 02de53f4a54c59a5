"""The contract page's one-click moves that open hand-offs: an open one of the same kind
is linked, and opened again only when the manager confirms."""

import pytest
from django.urls import reverse

from handoffs.models import Handoff, Kind
from org.models import Department
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_billing_on():
    def make(contract):
        return HandoffFactory(
            kind=Kind.BILLING_DATA,
            department=Department.objects.get(code="accounting"),
            contract=contract,
            client=contract.client,
        )

    return make


@pytest.fixture
def contract(manager):
    return ContractFactory(manager=manager, client__account_manager=manager)


def test_concluding_warns_of_the_open_one_and_does_not_open_it_again(
    client, manager, ready_contract, open_billing_on
):
    billing = open_billing_on(ready_contract)
    client.force_login(manager)

    page = client.get(reverse("contracts:detail", args=[ready_contract.pk])).content.decode()
    assert f'href="{billing.get_absolute_url()}"' in page
    assert 'name="conclude-open_duplicates"' in page

    client.post(reverse("contracts:conclude", args=[ready_contract.pk]), {"conclude-reason": ""})

    kinds = list(
        Handoff.objects.filter(contract=ready_contract, kind=Kind.BILLING_DATA).values_list(
            "pk", flat=True
        )
    )
    assert kinds == [billing.pk]
    assert Handoff.objects.filter(contract=ready_contract, kind=Kind.STAFFING_REQUEST).count() == 1


def test_concluding_with_confirmation_opens_another(
    client, manager, ready_contract, open_billing_on
):
    open_billing_on(ready_contract)
    client.force_login(manager)

    client.post(
        reverse("contracts:conclude", args=[ready_contract.pk]),
        {"conclude-reason": "", "conclude-open_duplicates": "on"},
    )

    assert Handoff.objects.filter(contract=ready_contract, kind=Kind.BILLING_DATA).count() == 2


def test_without_open_ones_the_conclude_form_asks_nothing(client, manager, ready_contract):
    client.force_login(manager)

    page = client.get(reverse("contracts:detail", args=[ready_contract.pk])).content.decode()

    assert "conclude-open_duplicates" not in page


def test_the_open_survey_is_linked_instead_of_a_second_request(client, manager, contract):
    survey = HandoffFactory(
        kind=Kind.SITE_SURVEY,
        department=Department.objects.get(code="production"),
        contract=contract,
        client=contract.client,
    )
    client.force_login(manager)

    page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()

    assert "Обстеження об'єкта вже відкрите" in page
    assert f'href="{survey.get_absolute_url()}"' in page
    assert reverse("contracts:request_site_survey", args=[contract.pk]) not in page
