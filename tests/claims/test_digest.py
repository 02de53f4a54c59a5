import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from claims.digest import digest_for, send_digest
from claims.tasks import send_daily_digests
from org.models import AbsenceCover, DigestLog
from org.roles import Role
from tests.claims.factories import ClaimFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 5, 30, tzinfo=datetime.UTC)  # 07:30 in Kyiv


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_manager_digest_lists_claims_due_today_and_overdue_not_later_ones(manager):
    overdue = ClaimFactory(
        contract__client__account_manager=manager,
        received_at=NOW - datetime.timedelta(days=5),
        response_due_at=NOW - datetime.timedelta(days=4),
    )
    today = ClaimFactory(
        contract__client__account_manager=manager,
        received_at=NOW - datetime.timedelta(hours=1),
        response_due_at=NOW + datetime.timedelta(hours=5),
    )
    ClaimFactory(
        contract__client__account_manager=manager,
        received_at=NOW,
        response_due_at=NOW + datetime.timedelta(days=2),
    )

    digest = digest_for(manager)

    assert digest.claims == [overdue, today]


def test_staff_digest_lists_their_handoffs_and_the_head_also_unassigned(
    department_staff, department_head
):
    mine = HandoffFactory(assignee=department_staff, due_at=NOW + datetime.timedelta(hours=3))
    unassigned = HandoffFactory(due_at=NOW - datetime.timedelta(hours=3))
    HandoffFactory(assignee=department_staff, due_at=NOW + datetime.timedelta(days=3))

    assert digest_for(department_staff).my_handoffs == [mine]
    assert digest_for(department_head).my_handoffs == [unassigned]


def test_digest_is_sent_once_a_day_and_not_when_empty(manager, make_user):
    ClaimFactory(
        contract__client__account_manager=manager, response_due_at=NOW - datetime.timedelta(hours=1)
    )
    idle = make_user(Role.SUPPORT_MANAGER)

    assert send_digest(manager) == 1
    assert send_digest(manager) == 0
    assert send_digest(idle) == 0

    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "1 пункт на сьогодні" in mail.outbox[0].subject
    assert "Претензії, що чекають на вас" in mail.outbox[0].body
    assert DigestLog.objects.count() == 2


def test_absent_manager_gets_no_digest_their_cover_gets_their_work(manager, make_user):
    cover = make_user(Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    AbsenceCover.objects.create(absent=manager, cover=cover, starts_on=today, ends_on=today)
    claim = ClaimFactory(contract__client__account_manager=manager, response_due_at=NOW)

    assert send_digest(manager) == 0
    assert digest_for(cover).claims == [claim]


def test_users_who_turned_it_off_get_none(manager):
    manager.daily_digest = False
    manager.save()
    ClaimFactory(contract__client__account_manager=manager, response_due_at=NOW)

    send_daily_digests.apply()

    assert mail.outbox == []
