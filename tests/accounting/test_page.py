"""The "Експорт для BAS" page: who may open it, its preview, its refusals, its queries;
and the ways to it from the accounting inbox and the billing hand-off."""

from decimal import Decimal

import pytest
from django.urls import reverse

from handoffs.models import Handoff, Kind
from org.roles import Role
from tests.accounting.helpers import sheet_rows, workbook

pytestmark = pytest.mark.django_db

LINE = ("Прибирання", "3", "hour", "33.33")


@pytest.mark.parametrize(
    ("role", "department", "status"),
    [
        (Role.DEPARTMENT_STAFF, "accounting", 200),
        (Role.DEPARTMENT_HEAD, "accounting", 200),
        (Role.SUPPORT_MANAGER, None, 200),
        (Role.EXECUTIVE_DIRECTOR, None, 200),
        (Role.GENERAL_DIRECTOR, None, 200),
        (Role.DEPARTMENT_STAFF, "production", 403),
        (Role.DEPARTMENT_HEAD, "hr", 403),
        (None, None, 403),
    ],
)
def test_who_may_export(client, make_user, role, department, status):
    client.force_login(make_user(role, department=department))

    page = client.get(reverse("accounting:bas"))
    download = client.get(reverse("accounting:bas_download"), {"month": "2026-11"})

    assert page.status_code == status
    assert download.status_code == status


def test_the_preview_shows_the_batch_and_its_totals(client, accountant, make_contract):
    contract = make_contract(LINE, LINE)
    client.force_login(accountant)

    page = client.get(reverse("accounting:bas"), {"month": "2026-11"}).content.decode()

    assert f"№ {contract.number}" in page
    assert "199,98" in page  # two lines of 99.99
    assert "40,00" in page  # 20.00 VAT each
    assert "239,98" in page


def test_the_menu_offers_it_to_accounting_not_to_production(client, accountant, make_user):
    client.force_login(accountant)
    assert reverse("accounting:bas") in client.get(reverse("handoffs:inbox")).content.decode()

    client.force_login(make_user(Role.DEPARTMENT_STAFF, department="production"))
    assert reverse("accounting:bas") not in client.get(reverse("handoffs:inbox")).content.decode()


def test_the_billing_hand_off_links_to_its_contracts_export(client, accountant, make_contract):
    contract = make_contract(LINE)
    handoff = Handoff.objects.get(contract=contract, kind=Kind.BILLING_DATA)
    client.force_login(accountant)

    page = client.get(handoff.get_absolute_url()).content.decode()
    link = f"{reverse('accounting:bas')}?contracts={contract.pk}"
    preview = client.get(link).content.decode()

    assert f'href="{link}"' in page
    # The link alone (the previous month by default) is a valid choice: the preview shows.
    assert "bi-eye" in preview and 'class="invalid-feedback"' not in preview


@pytest.mark.parametrize(
    "params",
    [
        {"month": "2026-13"},
        {"month": "тиждень"},
        {"month": "0001-01"},
        {"month": "2026-11", "format": "pdf"},
        {"month": "2026-11", "document": "payments"},
        {"month": "2026-11", "contracts": "x"},
        {"month": "2026-11", "contracts": "99999999999999999999"},
        {"month": "2026-11", "client": "0"},
    ],
)
def test_bad_choices_answer_400_with_the_reason(client, accountant, params):
    client.force_login(accountant)

    for name in ("accounting:bas", "accounting:bas_download"):
        response = client.get(reverse(name), params)
        assert response.status_code == 400
        assert "invalid-feedback" in response.content.decode()


def test_more_than_a_hundred_contracts_are_refused_unchecked(
    client, accountant, django_assert_max_num_queries
):
    """Counted before validation reads them: the one contracts query left is the form
    showing which of them (none here) its user sees."""
    client.force_login(accountant)
    ids = [str(n) for n in range(1, 102)]

    with django_assert_max_num_queries(4):
        response = client.get(
            reverse("accounting:bas_download"), {"month": "2026-11", "contracts": ids}
        )

    assert response.status_code == 400
    assert "100" in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_and_the_download_read_a_constant_number_of_queries(
    client, make_user, make_contract, django_assert_max_num_queries, count
):
    accountant = make_user(Role.DEPARTMENT_STAFF, department="accounting")
    for _ in range(count):
        make_contract(LINE, ("Охорона", "1", "month", "1000.00"))
    client.force_login(accountant)
    params = {"month": "2026-11"}

    with django_assert_max_num_queries(9):
        page = client.get(reverse("accounting:bas"), params)
    with django_assert_max_num_queries(7):
        xlsx = client.get(reverse("accounting:bas_download"), params)
    with django_assert_max_num_queries(7):
        counterparties = client.get(
            reverse("accounting:bas_download"), {**params, "document": "counterparties"}
        )

    assert page.status_code == 200
    _header, rows = sheet_rows(workbook(xlsx)["Рядки послуг"])
    assert len(rows) == 2 * count
    assert sum(Decimal(str(row[13])) for row in rows) == count * (Decimal("119.99") + 1200)
    assert len(sheet_rows(workbook(counterparties).active)[1]) == count
