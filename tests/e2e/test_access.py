"""Journey 5: a department sees only the contracts it works on; another contract's URL
is a "not found" page, and none of the contract's data reaches the browser."""

import pytest
from django.urls import reverse

from handoffs.models import Kind
from org.models import Department, DepartmentCode
from org.roles import Role
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_department_user_gets_not_found_for_a_contract_of_another_department(
    page, sign_in, manager, make_user
):
    contract = ContractFactory(
        client__account_manager=manager,
        manager=manager,
        client__short_name="Секретний Клієнт",
        number="КД-404",
    )
    # Production works on it; HR does not.
    HandoffFactory(
        contract=contract,
        client=contract.client,
        department=Department.objects.get(code=DepartmentCode.PRODUCTION),
        kind=Kind.SITE_SURVEY,
        requested_by=manager,
    )
    production = make_user(Role.DEPARTMENT_STAFF, department="production")
    hr = make_user(Role.DEPARTMENT_STAFF, department="hr")
    url = reverse("contracts:detail", kwargs={"pk": contract.pk})

    sign_in(production)
    response = page.goto(url)
    assert response.status == 200
    assert "КД-404" in page.title()

    sign_in(hr)
    response = page.goto(url)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Не знайдено"
    body = page.content()
    assert "КД-404" not in body
    assert "Секретний Клієнт" not in body
