import datetime

import pytest
from django.utils import timezone

from org.models import User
from org.pagination import keyset_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(make_user):
    base = timezone.now()
    # Ties on the sort column on purpose: the id breaks them.
    return [make_user(date_joined=base + datetime.timedelta(minutes=i // 3)) for i in range(11)]


def walk(queryset, size, descending=False):
    seen, cursor, pages = [], None, 0
    while True:
        page = keyset_page(
            queryset, field="date_joined", cursor=cursor, size=size, descending=descending
        )
        seen.extend(row.pk for row in page.rows)
        pages += 1
        if not page.next_cursor:
            return seen, pages
        cursor = page.next_cursor


@pytest.mark.parametrize("descending", [False, True])
def test_paging_returns_every_row_once_in_order(users, descending):
    expected = sorted(users, key=lambda u: (u.date_joined, u.pk), reverse=descending)

    seen, pages = walk(User.objects.all(), size=4, descending=descending)

    assert seen == [u.pk for u in expected]
    assert pages == 3


def test_previous_cursor_leads_back_to_the_page_before(users):
    first = keyset_page(User.objects.all(), field="date_joined", cursor=None, size=4)
    second = keyset_page(User.objects.all(), field="date_joined", cursor=first.next_cursor, size=4)

    back = keyset_page(
        User.objects.all(), field="date_joined", cursor=second.previous_cursor, size=4
    )

    assert first.previous_cursor is None
    assert [u.pk for u in back.rows] == [u.pk for u in first.rows]


def test_garbage_cursor_gives_the_first_page(users):
    page = keyset_page(User.objects.all(), field="date_joined", cursor="not-a-cursor", size=4)

    assert len(page.rows) == 4
