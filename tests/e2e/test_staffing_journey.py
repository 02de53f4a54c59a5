"""Journey: the general director appoints a new support manager by order, transfers the
leaving manager's portfolio to them after a preview, and dismisses the leaving manager;
the new manager signs in and finds the moved work on My work."""

import pytest

from claims.models import ClaimStatus
from contracts.models import Contract, Stage
from org.models import User
from org.roles import Role
from staffing.models import OrderKind, StaffOrder
from tests.claims.factories import ClaimFactory
from tests.contracts.factories import ContractFactory
from tests.e2e.browser import expect, uk
from tests.handoffs.factories import HandoffFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_appoint_transfer_dismiss_and_the_new_manager_sees_the_work(
    page, sign_in, make_user, general_director
):
    leaving = make_user(Role.SUPPORT_MANAGER, first_name="Ганна", last_name="Відхідна")
    contract = ContractFactory(
        client__account_manager=leaving,
        client__short_name="Атлант-Сервіс",
        manager=leaving,
        stage=Stage.SUPPORT,
        number="ПП-31",
    )
    ClaimFactory(
        contract=contract,
        subject="Не вивезено сміття",
        status=ClaimStatus.NEW,
        registered_by=leaving,
    )
    HandoffFactory(
        contract=contract, client=contract.client, requested_by=leaving, title="Графік прибирання"
    )

    # The general director opens their screen from the admin's landing page and appoints a
    # new manager.
    sign_in(general_director)
    page.goto("/admin/")
    page.click("#staffing-link a")
    page.wait_for_url("**/staffing/")
    page.get_by_role("link", name=uk("Appoint a manager")).click()
    page.fill("#id_last_name", "Новенька")
    page.fill("#id_first_name", "Марія")
    page.fill("#id_email", "m.novenka@example.com")
    page.fill("#id_username", "m.novenka")
    page.fill("#id_password", "Kyiv-2026-support")
    page.fill("#id_number", "15-к")
    page.fill("#id_date", "2026-12-01")
    page.get_by_role("button", name=uk("Appoint")).click()
    page.wait_for_url("**/staffing/")
    expect(page.locator("#messages .alert-success")).to_be_visible()
    newcomer = User.objects.get(username="m.novenka")
    expect(page.locator(f"#managers tr[data-manager='{newcomer.pk}']")).to_be_visible()

    # The leaving manager's portfolio: previewed, then transferred to the newcomer.
    page.click(f"#managers tr[data-manager='{leaving.pk}'] a[href*='transfer']")
    page.locator("#id_to_manager + .ts-wrapper .ts-control").click()
    page.keyboard.type("Новенька")
    page.locator(
        "#id_to_manager + .ts-wrapper .ts-dropdown .option", has_text="Марія Новенька"
    ).click()
    expect(page.locator("#id_to_manager")).to_have_value(str(newcomer.pk))
    page.get_by_role("button", name=uk("Preview")).click()
    expect(page.locator("#preview")).to_contain_text("Атлант-Сервіс")
    assert Contract.objects.get(pk=contract.pk).manager == leaving  # nothing moved yet
    page.locator("#preview").get_by_role("button", name=uk("Transfer")).click()
    expect(page.locator("#messages .alert-success")).to_contain_text(
        uk("The portfolio is transferred.")
    )
    assert Contract.objects.get(pk=contract.pk).manager == newcomer

    # Nothing is left: the leaving manager is dismissed by order, without a transfer.
    page.goto("/staffing/")
    page.click(f"#managers tr[data-manager='{leaving.pk}'] a[href*='dismiss']")
    expect(page.locator("#id_manager")).to_have_value(str(leaving.pk))
    page.fill("#id_number", "16-к")
    page.fill("#id_date", "2026-12-02")
    page.get_by_role("button", name=uk("Dismiss")).click()
    page.wait_for_url("**/staffing/")
    leaving.refresh_from_db()
    assert not leaving.is_active
    assert StaffOrder.objects.filter(kind=OrderKind.DISMISSAL, person=leaving).exists()

    # The new manager signs in and finds the moved work on My work.
    sign_in(newcomer, password="Kyiv-2026-support")
    page.goto("/claims/my-work/")
    expect(page.locator("main")).to_contain_text("Не вивезено сміття")
    expect(page.locator("main")).to_contain_text("Графік прибирання")
