"""A tampered page cursor gives the first page, never a 500 (issue 10, finding 2)."""

import base64
import json

import pytest
from django.utils import timezone

from org.models import Notification
from org.pagination import keyset_page
from tests.approvals.factories import ApprovalRequestFactory
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


def cursor(data) -> str:
    raw = json.dumps(data) if not isinstance(data, bytes) else data
    raw = raw if isinstance(raw, bytes) else raw.encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


BAD_CURSORS = {
    "text key": cursor({"k": {"v": "x"}, "id": 1}),
    "null key": cursor({"k": {"v": None}, "id": 1}),
    "list key": cursor({"k": {"v": [1]}, "id": 1}),
    "date key that is no date": cursor({"k": {"d": "x"}, "id": 1}),
    "NUL in a text key": cursor({"k": {"v": "a\x00b"}, "id": 1}),
    "NUL in a datetime key": cursor({"k": {"dt": "2026-01-01\x00T10:00"}, "id": 1}),
    "impossible datetime": cursor({"k": {"dt": "2026-02-30T10:00:00+00:00"}, "id": 1}),
    "datetime beyond UTC": cursor({"k": {"dt": "0001-01-01T00:00:00+05:00"}, "id": 1}),
    "date key on a datetime field": cursor({"k": {"d": "2026-01-01"}, "id": 1}),
    "key not an object": cursor({"k": "2026-01-01", "id": 1}),
    "huge id": cursor({"k": {"dt": "2026-01-01T10:00:00+00:00"}, "id": 10**30}),
    "text id": cursor({"k": {"dt": "2026-01-01T10:00:00+00:00"}, "id": "1"}),
    "unknown direction": cursor({"k": {"dt": "2026-01-01T10:00:00+00:00"}, "id": 1, "dir": 7}),
    "not JSON": cursor(b"\xff\xfe"),
    "JSON list": cursor([1, 2]),
    "deep nesting": cursor("[" * 3000),
    "not base64": "%%%",
}


@pytest.fixture
def lists(manager, department_staff):
    """Each list URL with its rightful user and one row on it."""
    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    claim = ClaimFactory(contract=contract, registered_by=manager)
    HandoffFactory(
        requested_by=manager, department=department_staff.department, claim=claim, contract=contract
    )
    ApprovalRequestFactory(author=manager)
    Notification.objects.create(recipient=manager, message="x")
    Notification.objects.create(recipient=department_staff, message="x")
    return {
        "/claims/": manager,
        "/handoffs/": department_staff,
        "/handoffs/mine/": manager,
        "/approvals/": manager,
        "/accounts/notifications/": manager,
        "/dashboards/claims/": manager,
    }


@pytest.mark.parametrize("name", BAD_CURSORS)
def test_a_bad_cursor_gives_the_first_page_on_every_list(client, lists, name):
    for url, user in lists.items():
        client.force_login(user)

        response = client.get(url, {"cursor": BAD_CURSORS[name]})

        assert response.status_code == 200, (url, name)


@pytest.mark.parametrize("name", BAD_CURSORS)
def test_keyset_page_ignores_a_bad_cursor(make_user, name):
    users = [make_user() for _ in range(3)]
    from org.models import User

    page = keyset_page(User.objects.all(), field="date_joined", cursor=BAD_CURSORS[name], size=2)

    assert [u.pk for u in page.rows] == [u.pk for u in sorted(users, key=lambda u: u.pk)][:2]
    assert page.previous_cursor is None


def test_a_cursor_of_ours_still_pages(make_user):
    from org.models import User

    base = timezone.now()
    for minute in range(5):
        make_user(date_joined=base + timezone.timedelta(minutes=minute))
    first = keyset_page(User.objects.all(), field="date_joined", cursor=None, size=2)

    second = keyset_page(User.objects.all(), field="date_joined", cursor=first.next_cursor, size=2)

    assert second.previous_cursor is not None
    assert {u.pk for u in second.rows}.isdisjoint({u.pk for u in first.rows})
