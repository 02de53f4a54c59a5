"""A tampered page cursor gives the first page, never a 500 (issue 10, finding 2)."""

import pytest
from django.utils import timezone

from org.models import Notification
from org.pagination import keyset_page
from tests.approvals.factories import ApprovalRequestFactory
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.handoffs.factories import HandoffFactory
from tests.hostile.values import BAD_CURSORS

pytestmark = pytest.mark.django_db


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
