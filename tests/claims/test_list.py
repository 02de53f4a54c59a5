"""The claim list: its filters, its pages and its CSV export."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from claims.models import ClaimStatus
from tests.claims.factories import ClaimFactory, SupportContractFactory

pytestmark = pytest.mark.django_db


# --- list filters and export -------------------------------------------------------------


@pytest.fixture
def assorted(register, contract, manager):
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=5), tick=False):
        late = register(subject="Прострочена", category="billing", priority="low")
    formal = register(subject="Офіційна", is_formal=True, formal_number="П-3", priority="high")
    other_contract = SupportContractFactory(manager=manager, client__account_manager=manager)
    elsewhere = register(contract=other_contract, subject="Інший договір", category="equipment")
    done = ClaimFactory(contract=contract, status=ClaimStatus.CLOSED, subject="Закрита")
    return {"late": late, "formal": formal, "elsewhere": elsewhere, "done": done}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"late", "formal", "elsewhere", "done"}),
        ({"status": "closed"}, {"done"}),
        ({"overdue": "on"}, {"late"}),
        ({"priority": "high"}, {"formal"}),
        ({"formal": "yes"}, {"formal"}),
        ({"formal": "no"}, {"late", "elsewhere", "done"}),
        ({"q": "Офіційна"}, {"formal"}),
        ({"q": "П-3"}, {"formal"}),
    ],
)
def test_list_filters(manager_client, assorted, params, expected):
    response = manager_client.get(reverse("claims:list"), params)

    shown = {c.pk for c in response.context["claims"]}
    assert shown == {assorted[name].pk for name in expected}


def test_list_filters_by_department_and_contract(manager_client, assorted, manager):
    from org.models import Department

    accounting = Department.objects.get(code="accounting")
    by_department = manager_client.get(reverse("claims:list"), {"department": accounting.pk})
    by_contract = manager_client.get(
        reverse("claims:list"), {"contract": assorted["elsewhere"].contract_id}
    )

    assert [c.pk for c in by_department.context["claims"]] == [assorted["late"].pk]
    assert [c.pk for c in by_contract.context["claims"]] == [assorted["elsewhere"].pk]


def test_overdue_rows_are_marked_with_how_long(manager_client, assorted):
    html = manager_client.get(reverse("claims:list")).content.decode()

    assert 'class="row-overdue"' in html
    assert 'class="overdue"' in html


def test_list_pages_with_keyset_cursors_and_returns_every_row_once(manager_client, contract):
    base = timezone.now()
    claims = [
        ClaimFactory(contract=contract, received_at=base - datetime.timedelta(minutes=i // 2))
        for i in range(7)
    ]
    from claims import views

    views.PAGE_SIZE, saved = 3, views.PAGE_SIZE
    try:
        seen, cursor = [], None
        while True:
            params = {"cursor": cursor} if cursor else {}
            page = manager_client.get(reverse("claims:list"), params).context["page"]
            seen.extend(c.pk for c in page.rows)
            cursor = page.next_cursor
            if not cursor:
                break
    finally:
        views.PAGE_SIZE = saved
    expected = sorted(claims, key=lambda c: (c.received_at, c.pk), reverse=True)
    assert seen == [c.pk for c in expected]


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_csv_export_streams_the_filtered_visible_rows_with_a_bom(manager_client, assorted):
    ClaimFactory(subject="Чужа")  # another manager's: never exported

    response = manager_client.get(reverse("claims:export"), {"priority": "high"})

    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert len(rows) == 2
    assert rows[1][0] == str(assorted["formal"].pk)
    assert "Офіційна" in rows[1]


def test_csv_export_for_department_staff_holds_only_their_claims(
    client, assorted, department_staff
):
    client.force_login(department_staff)

    rows = read_csv(client.get(reverse("claims:export")))

    # Production takes the service-quality (formal) and equipment claims, not billing.
    assert {row[0] for row in rows[1:]} == {
        str(assorted["formal"].pk),
        str(assorted["elsewhere"].pk),
    }
