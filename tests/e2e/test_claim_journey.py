"""Journey 2: a claim from the client's call to its closing: registered on the contract's
page, routed to production's inbox, done there, answered, resolved and closed by the manager."""

import re

import pytest

from claims.models import Claim, ClaimStatus
from handoffs.models import Status as HandoffStatus
from org.models import DepartmentCode
from org.roles import Role
from tests.claims.factories import SupportContractFactory
from tests.clients.factories import ContactFactory, SiteFactory
from tests.e2e.browser import expect, uk

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_claim_goes_from_registration_through_production_to_closing(
    page, sign_in, manager, make_user
):
    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    site = SiteFactory(client=contract.client, name="Склад №2")
    ContactFactory(client=contract.client, name="Олена Ковальчук", is_primary=True)
    production = make_user(Role.DEPARTMENT_STAFF, department="production")

    # The manager registers the client's call from the contract's page.
    sign_in(manager)
    page.goto(f"/contracts/{contract.pk}/")
    page.click(f"a[href='/claims/new/?contract={contract.pk}']")
    expect(page.locator("#id_contract")).to_have_value(str(contract.pk))
    # One site and a primary contact: both come preselected.
    expect(page.locator("#id_site")).to_have_value(str(site.pk))
    page.fill("#id_subject", "Не прибрано в холі другого поверху")
    page.fill("#id_description", "Клієнт телефонував о 9:10: сміття з учорашнього дня.")
    page.select_option("#id_category", "service_quality")
    page.click("#claim-form button[type=submit]")
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    claim = Claim.objects.get(contract=contract)
    assert page.url.endswith(f"/claims/{claim.pk}/")
    handoff = claim.handoffs.select_related("department").get()
    # Service quality goes to the production department.
    assert handoff.department.code == DepartmentCode.PRODUCTION
    expect(page.locator("#messages .alert-success")).to_contain_text(handoff.department.name_uk)

    # Production finds it unassigned in its inbox, takes it and completes it in the row.
    sign_in(production)
    page.click("a.nav-link[href*='tab=unassigned']")
    # Loaded, scripts included: the row's buttons post through htmx and swap the row.
    page.wait_for_url("**/handoffs/?tab=unassigned")
    row = page.locator(f"#handoff-{handoff.pk}")
    expect(row).to_contain_text("Не прибрано в холі другого поверху")
    row.locator(f"button[formaction='/handoffs/{handoff.pk}/take/']").click()
    expect(row.locator(f"button[formaction='/handoffs/{handoff.pk}/take/']")).to_have_count(0)
    row.locator("summary.btn-outline-success").click()
    row.locator("input[name=result]").fill(
        "Хол прибрано о 11:00, прибиральнику зроблено зауваження."
    )
    row.locator(f"form[action='/handoffs/{handoff.pk}/complete/'] button[type=submit]").click()
    expect(row.locator(".badge")).to_have_text(uk("Done"))
    handoff.refresh_from_db()
    assert handoff.status == HandoffStatus.DONE
    assert handoff.assignee == production

    # The manager answers the client, resolves the claim and closes it with the
    # client's confirmation.
    sign_in(manager)
    page.goto(f"/claims/{claim.pk}/")
    page.fill("#id_note", "Повідомили клієнта, що прибирання проведуть до 11:00.")
    page.click(f"form[action='/claims/{claim.pk}/respond/'] button[type=submit]")
    expect(page.locator("#messages .alert-success")).to_contain_text(
        uk("The response is recorded; the claim is in progress.")
    )
    page.fill("#id_resolution", "Хол прибрано, з прибиральником проведено бесіду.")
    page.click(f"form[action='/claims/{claim.pk}/resolve/'] button[type=submit]")
    expect(page.locator("#messages .alert-success")).to_contain_text(
        uk("The claim is resolved. Confirm the fix with the client to close it.")
    )
    close = page.locator(f"form[action='/claims/{claim.pk}/close/']")
    close.locator("#id_client_confirmation").fill("Олена Ковальчук підтвердила телефоном о 11:30.")
    close.locator("#id_satisfaction").select_option("4")
    close.locator("button[type=submit]").click()
    expect(page.locator("#messages .alert-success")).to_contain_text(uk("The claim is closed."))
    expect(page.locator("h1 .badge")).to_have_text(uk("Closed"))
    expect(page.locator("main")).to_contain_text("Олена Ковальчук підтвердила телефоном о 11:30.")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLOSED
    assert claim.satisfaction == 4
