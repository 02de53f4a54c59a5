"""Notifications, search and the admin index cost the same number of queries, at most 12,
for 1 row or 50."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_noop

from org.models import Notification

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 12
MESSAGE = gettext_noop("Hand-off «%(title)s» is overdue.")


@pytest.mark.parametrize("count", [1, 50])
def test_notification_list_query_count_does_not_grow(
    client, manager, django_assert_max_num_queries, count
):
    for i in range(count):
        Notification.objects.create(recipient=manager, message=MESSAGE, params={"title": str(i)})
    client.force_login(manager)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications"))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("role", ["manager", "executive_director", "department_staff"])
def test_search_query_count_does_not_grow(
    request, client, manager, role, rows, django_assert_max_num_queries
):
    from tests.claims.factories import ClaimFactory
    from tests.contracts.factories import ContractFactory

    for i in range(rows):
        contract = ContractFactory(
            manager=manager,
            client__account_manager=manager,
            client__short_name=f"Пошук {i}",
            number=f"ПШ-{i}",
        )
        ClaimFactory(contract=contract, subject=f"Пошук {i}")
    client.force_login(request.getfixturevalue(role))

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("search"), {"q": "Пошук"})

    assert response.status_code == 200
    if role == "manager":
        assert len(response.context["results"]["clients"]) == min(rows, 10)


@pytest.mark.parametrize("rows", [1, 50])
def test_admin_index_query_count_does_not_grow(
    client, manager, executive_director, rows, django_assert_max_num_queries
):
    from approvals import services
    from tests.approvals.factories import ApprovalRequestFactory

    for _i in range(rows):
        draft = ApprovalRequestFactory(author=manager)
        services.approval_submit(actor=manager, request=draft)
    client.force_login(executive_director)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("admin:index"))

    assert response.status_code == 200


def test_a_cover_today_is_seen_by_the_next_request(client, manager, make_user):
    """The represented managers are kept for one request only."""
    import datetime

    from django.utils import timezone

    from org.models import AbsenceCover
    from org.roles import Role
    from tests.contracts.factories import ContractFactory

    absent = make_user(Role.SUPPORT_MANAGER)
    contract = ContractFactory(manager=absent, client__account_manager=absent)
    client.force_login(manager)
    assert client.get(contract.get_absolute_url()).status_code == 404

    today = timezone.localdate()
    AbsenceCover.objects.create(
        absent=absent, cover=manager, starts_on=today, ends_on=today + datetime.timedelta(days=1)
    )

    assert client.get(contract.get_absolute_url()).status_code == 200
