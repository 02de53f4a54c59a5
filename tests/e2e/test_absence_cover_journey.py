"""Journey 4: the executive director sets an absence cover in the admin; the cover opens
the absent manager's contract, acts on it, and the timeline says whom they acted for."""

import pytest
from django.utils import timezone

from contracts.models import Stage
from handoffs.models import Handoff, Kind
from org.models import AbsenceCover
from org.roles import Role
from tests.contracts.factories import ContractFactory
from tests.e2e.browser import expect, uk

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_cover_acts_on_the_absent_managers_contract_for_them(
    page, sign_in, make_user, executive_director
):
    absent = make_user(Role.SUPPORT_MANAGER, first_name="Марта", last_name="Відпусткова")
    cover = make_user(Role.SUPPORT_MANAGER, first_name="Степан", last_name="Заміщенко")
    contract = ContractFactory(
        client__account_manager=absent, manager=absent, stage=Stage.PREPARATION, number="ЗМ-7"
    )
    today = timezone.localdate().strftime("%d.%m.%Y")

    # The executive director records the absence in the admin.
    sign_in(executive_director)
    page.goto("/admin/org/absencecover/add/")
    page.select_option("#id_absent", str(absent.pk))
    page.select_option("#id_cover", str(cover.pk))
    page.fill("#id_starts_on", today)
    page.fill("#id_ends_on", today)
    page.fill("#id_reason", "Відпустка")
    page.click("input[name=_save]")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    assert AbsenceCover.objects.filter(absent=absent, cover=cover, created_by=executive_director)

    # The cover finds the contract in their portfolio and opens it.
    sign_in(cover)
    page.wait_for_url("**/contracts/portfolio/")
    page.click(f"main a[href='/contracts/{contract.pk}/']")
    page.wait_for_url(f"**/contracts/{contract.pk}/")
    expect(page.locator("main")).to_contain_text(
        uk("absent today, covered by %(cover)s") % {"cover": cover}
    )

    # They act on it: a service line, and the site survey asked of production.
    page.click(f"#services a[href='/contracts/{contract.pk}/services/new/']")
    page.fill("#id_service", "Прибирання прилеглої території")
    page.fill("#id_price", "12000")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/contracts/{contract.pk}/#services")
    expect(page.locator("#services")).to_contain_text("Прибирання прилеглої території")
    page.click("button[data-bs-target='#handoffs']")
    page.fill("#handoffs #id_details", "Оглянути територію до підписання")
    page.click(f"form[action='/contracts/{contract.pk}/site-survey/'] button[type=submit]")
    page.wait_for_url(f"**/contracts/{contract.pk}/#handoffs")
    expect(page.locator("#messages .alert-success")).to_contain_text(
        uk("The production department is asked for a site survey.")
    )
    survey = Handoff.objects.get(contract=contract, kind=Kind.SITE_SURVEY)
    assert survey.requested_by == cover
    assert survey.on_behalf_of == absent

    # The timeline says the cover acted for the absent manager.
    page.click("button[data-bs-target='#timeline']")
    entry = page.locator("#timeline li[data-source=handoff]").first
    expect(entry).to_contain_text(uk("by %(actor)s for %(for)s") % {"actor": cover, "for": absent})
