"""Journey: on a phone, a manager finds a contract in the claim list's filter by typing
part of its number, picks it with the keyboard, and the list shows that contract's claims.
The picker asks the server as they type (org/autocomplete.py); the page held one option."""

import pytest

from contracts.models import Stage
from tests.claims.factories import ClaimFactory
from tests.contracts.factories import ContractFactory
from tests.e2e.browser import expect, uk

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_picks_a_contract_by_typing_part_of_its_number(page, sign_in, manager):
    wanted = ContractFactory(
        client__account_manager=manager, manager=manager, number="ДГ-7781", stage=Stage.SUPPORT
    )
    others = ContractFactory.create_batch(
        25, client__account_manager=manager, manager=manager, stage=Stage.SUPPORT
    )
    ClaimFactory(contract=wanted, subject="Брудні вікна в холі")
    ClaimFactory(contract=others[0], subject="Охорона спізнилася")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(manager)

    page.goto("/claims/")
    assert page.locator("#id_contract option").count() == 1
    page.locator("#id_contract + .ts-wrapper .ts-control").click()
    page.keyboard.type("ніщо-такого")
    expect(page.locator(".ts-dropdown .no-results")).to_have_text(uk("Nothing found."))
    for _ in "ніщо-такого":
        page.keyboard.press("Backspace")
    page.keyboard.type("7781")
    expect(page.locator(".ts-dropdown .option")).to_have_count(1)
    expect(page.locator(".ts-dropdown .option")).to_contain_text("ДГ-7781")
    page.keyboard.press("Enter")
    expect(page.locator("#id_contract")).to_have_value(str(wanted.pk))
    page.get_by_role("button", name=uk("Filter")).click()

    page.wait_for_url(f"**contract={wanted.pk}**")
    expect(page.get_by_text("Брудні вікна в холі")).to_be_visible()
    expect(page.get_by_text("Охорона спізнилася")).to_have_count(0)
    expect(page.locator("#id_contract + .ts-wrapper .ts-control")).to_contain_text("ДГ-7781")
