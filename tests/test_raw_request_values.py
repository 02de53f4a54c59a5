"""Values that views read without a model form: NUL and Unicode digits never reach the
database and never give a 500 (issue 10, findings 3 and 4)."""

import pytest
from django.urls import reverse

from handoffs import services
from handoffs.models import Handoff, Status
from org.params import ascii_id
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.handoffs.factories import HandoffFactory
from tests.hostile.values import nul_watch

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def handoff(manager, department_staff):
    return HandoffFactory(requested_by=manager, department=department_staff.department)


def test_search_with_a_nul_answers_without_sending_it_to_the_database(client, manager):
    client.force_login(manager)

    with nul_watch() as queries:
        response = client.get("/search/", {"q": "a\x00b"})

    assert response.status_code == 200
    assert queries.found == []


@pytest.mark.parametrize("htmx", [False, True])
def test_complete_with_a_nul_in_the_result_is_refused(client, department_staff, handoff, htmx):
    services.handoff_take(actor=department_staff, handoff=handoff)
    client.force_login(department_staff)

    with nul_watch() as queries:
        response = client.post(
            reverse("handoffs:complete", args=[handoff.pk]),
            {"result": "Зроблено\x00"},
            **(HTMX if htmx else {}),
        )

    assert response.status_code == (409 if htmx else 302)
    assert queries.found == []
    handoff.refresh_from_db()
    assert handoff.status != Status.DONE
    assert handoff.result == ""


def test_decline_with_a_nul_in_the_reason_is_refused(client, department_staff, handoff):
    client.force_login(department_staff)

    response = client.post(
        reverse("handoffs:decline", args=[handoff.pk]), {"reason": "Не\x00наше"}, follow=True
    )

    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    handoff.refresh_from_db()
    assert handoff.status == Status.OPEN


def test_reopen_with_a_nul_in_the_reason_is_refused(client, manager, department_staff, handoff):
    services.handoff_take(actor=department_staff, handoff=handoff)
    services.handoff_complete(actor=department_staff, handoff=handoff, result="Готово")
    client.force_login(manager)

    with nul_watch() as queries:
        response = client.post(
            reverse("handoffs:reopen", args=[handoff.pk]), {"reason": "Ще\x00раз"}
        )

    assert response.status_code == 302
    assert queries.found == []
    handoff.refresh_from_db()
    assert handoff.status == Status.DONE


def test_bulk_complete_with_a_nul_in_the_result_is_refused(client, department_staff, handoff):
    services.handoff_take(actor=department_staff, handoff=handoff)
    client.force_login(department_staff)

    with nul_watch() as queries:
        response = client.post(
            reverse("handoffs:bulk"),
            {"action": "complete", "result": "Дані\x00надано", "ids": [handoff.pk]},
        )

    assert response.status_code == 302
    assert queries.found == []
    handoff.refresh_from_db()
    assert handoff.status != Status.DONE


@pytest.fixture
def claim(manager):
    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    return ClaimFactory(contract=contract, registered_by=manager)


@pytest.mark.parametrize("digits", ["²", "²²", "٣", "¹²³", "99999999999999999999"])
@pytest.mark.parametrize(
    "path",
    [
        "/search/?q={}",
        "/search/?q=%23{}",
        "/claims/?q={}",
        "/claims/export.csv?q={}",
        "/dashboards/claims/?department={}",
        "/dashboards/claims/?client={}&site={}&days={}",
        "/contracts/new/?client={}",
        "/handoffs/new/?contract={}&claim={}&client={}",
        "/claims/new/?contract={}",
    ],
)
def test_unicode_and_huge_digits_in_a_query_never_give_a_500(client, manager, claim, path, digits):
    client.force_login(manager)

    response = client.get(path.format(digits, digits, digits))

    assert response.status_code == 200


def test_dashboard_handoffs_take_no_unicode_digits_for_an_assignee(client, department_head):
    client.force_login(department_head)

    response = client.get("/dashboards/handoffs/", {"assignee": "²"})

    assert response.status_code == 200


def test_bulk_refuses_unicode_digits_for_ids(client, department_staff, handoff):
    client.force_login(department_staff)
    # "٣" passes str.isdigit() and int() reads it as 3: the row must not be taken by it.
    spelled = str(handoff.pk).translate(ARABIC_INDIC)

    for ids in (["²"], [spelled], [str(handoff.pk), "²"]):
        response = client.post(reverse("handoffs:bulk"), {"action": "take", "ids": ids})

        assert response.status_code == 302
    assert Handoff.objects.get(pk=handoff.pk).assignee is None


def test_bulk_still_takes_rows_by_their_ascii_ids(client, department_staff, handoff):
    client.force_login(department_staff)

    client.post(reverse("handoffs:bulk"), {"action": "take", "ids": [str(handoff.pk)]})

    assert Handoff.objects.get(pk=handoff.pk).assignee == department_staff


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("007", 7),
        ("²", None),
        ("٣", None),
        ("", None),
        ("-1", None),
        ("1 ", None),
        ("1" * 19, None),
        (None, None),
        (12, None),
    ],
)
def test_ascii_id_takes_only_ascii_digits(value, expected):
    assert ascii_id(value) == expected
