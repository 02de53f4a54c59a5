"""Journey 1: a manager brings a new client from the first entry to a concluded contract,
with the production department's site survey done from its inbox in between."""

import datetime
import re

import pytest
from django.utils import timezone

from clients.models import Client
from contracts.models import Contract, Stage
from handoffs.models import Handoff, Kind
from handoffs.models import Status as HandoffStatus
from org.roles import Role
from tests.e2e.browser import expect, uk

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INVALID_EDRPOU = "32855968"
VALID_EDRPOU = "32855961"


def test_manager_takes_a_new_client_to_a_concluded_contract(page, sign_in, manager, make_user):
    production = make_user(Role.DEPARTMENT_STAFF, department="production")
    today = timezone.localdate()

    # The manager registers the client; a mistyped EDRPOU code is caught on the field.
    sign_in(manager)
    page.goto("/clients/")
    page.click("main a[href='/clients/new/']")
    page.fill("#id_legal_name", 'ТОВ "Світанок Плюс"')
    page.fill("#id_short_name", "Світанок")
    page.fill("#id_edrpou", INVALID_EDRPOU)
    page.fill("#id_legal_address", "м. Київ, вул. Січових Стрільців, 21")
    page.click("main form button[type=submit]")
    expect(page.locator("#id_edrpou.is-invalid")).to_be_visible()
    expect(page.locator("main form")).to_contain_text(
        uk("This EDRPOU code fails its check digit: check it against the client's documents.")
    )
    # What was typed is kept; only the code needs fixing.
    expect(page.locator("#id_short_name")).to_have_value("Світанок")
    page.fill("#id_edrpou", VALID_EDRPOU)
    page.click("main form button[type=submit]")
    # The page is the new client's: only then is the row surely saved.
    page.wait_for_url(re.compile(r"/clients/\d+/$"))
    client = Client.objects.get(edrpou=VALID_EDRPOU)
    assert page.url.endswith(f"/clients/{client.pk}/")
    assert client.account_manager == manager

    # A site of the client.
    page.click(f"main a[href='/clients/{client.pk}/sites/new/']")
    page.fill("#id_name", "Бізнес-центр «Поділ»")
    page.fill("#id_address", "м. Київ, вул. Нижній Вал, 17")
    page.fill("#id_area_m2", "2400")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/clients/{client.pk}/**")
    expect(page.locator("main")).to_contain_text("Бізнес-центр «Поділ»")

    # The contract, from the client's page.
    page.click(f"main a[href='/contracts/new/?client={client.pk}']")
    expect(page.locator("#id_client")).to_have_value(str(client.pk))
    page.fill("#id_number", "СП-2024/17")
    page.fill("#id_title", "Комплексне прибирання бізнес-центру")
    page.fill("#id_start_date", (today + datetime.timedelta(days=14)).isoformat())
    page.fill("#id_end_date", (today + datetime.timedelta(days=379)).isoformat())
    page.fill("#id_monthly_value", "96000")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/contracts/\d+/$"))
    contract = Contract.objects.get(client=client, number="СП-2024/17")
    assert page.url.endswith(f"/contracts/{contract.pk}/")
    expect(page.locator("ol.stepper li[aria-current=step]")).to_have_text(uk("Preparation"))

    # A service line (the services tab is open by default).
    page.click(f"#services a[href='/contracts/{contract.pk}/services/new/']")
    page.fill("#id_service", "Щоденне вологе прибирання")
    page.fill("#id_frequency", "щодня, 2 400 м²")
    page.fill("#id_price", "60000")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/contracts/{contract.pk}/#services")
    expect(page.locator("#services")).to_contain_text("Щоденне вологе прибирання")

    # A staffing requirement at the site.
    page.click("button[data-bs-target='#staffing']")
    page.click(f"#staffing a[href='/contracts/{contract.pk}/staffing/new/']")
    page.select_option("#id_site", label="Бізнес-центр «Поділ»")
    page.fill("#id_post", "Прибиральник")
    page.fill("#id_headcount", "4")
    page.select_option("#id_schedule", "5x8")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/contracts/{contract.pk}/#staffing")
    assert contract.staffing.get().headcount == 4

    # The site survey, asked of the production department.
    page.click("button[data-bs-target='#handoffs']")
    page.fill("#handoffs #id_details", "Оглянути підсобні приміщення та вузол прибирання")
    page.click(f"form[action='/contracts/{contract.pk}/site-survey/'] button[type=submit]")
    page.wait_for_url(f"**/contracts/{contract.pk}/#handoffs")
    expect(page.locator("#messages .alert-success")).to_contain_text(
        uk("The production department is asked for a site survey.")
    )
    survey = Handoff.objects.get(contract=contract, kind=Kind.SITE_SURVEY)

    # A production user finds it among the department's unassigned work, takes it, does it.
    sign_in(production)
    page.click("a.nav-link[href*='tab=unassigned']")
    # Loaded, scripts included: the row's buttons post through htmx and swap the row.
    page.wait_for_url("**/handoffs/?tab=unassigned")
    row = page.locator(f"#handoff-{survey.pk}")
    expect(row).to_be_visible()
    row.locator(f"button[formaction='/handoffs/{survey.pk}/take/']").click()
    # The row is swapped in place (htmx): now it can be started or completed.
    expect(row.locator(f"button[formaction='/handoffs/{survey.pk}/take/']")).to_have_count(0)
    row.locator(f"a[href='/handoffs/{survey.pk}/']").click()
    page.wait_for_url(f"**/handoffs/{survey.pk}/")
    page.fill("#id_result", "Обстежено: 3 поверхи, вузол прибирання на кожному, зауважень немає.")
    page.click(f"form[action='/handoffs/{survey.pk}/complete/'] button[type=submit]")
    expect(page.locator("#messages .alert-success")).to_contain_text(uk("The hand-off is done."))
    survey.refresh_from_db()
    assert survey.status == HandoffStatus.DONE
    assert survey.assignee == production

    # The manager concludes the contract: it moves on to support.
    sign_in(manager)
    page.goto(f"/contracts/{contract.pk}/")
    page.click("button[data-bs-target='#action-conclude']")
    page.click("#action-conclude button[type=submit]")
    expect(page.locator("#messages .alert-success")).to_be_visible()
    expect(page.locator("ol.stepper li[aria-current=step]")).to_have_text(uk("Support"))
    contract.refresh_from_db()
    assert contract.stage == Stage.SUPPORT
