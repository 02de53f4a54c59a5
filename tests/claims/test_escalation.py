import datetime

import pytest
import time_machine
from django.utils import timezone

from claims.escalation import escalate_overdue_claims
from claims.tasks import escalate_overdue_claims as escalate_task
from handoffs.models import Escalation, EscalationLevel
from org.models import Notification
from org.roles import Role
from tests.claims.factories import ClaimFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def director(make_user):
    return make_user(Role.EXECUTIVE_DIRECTOR, is_staff=True)


def recipients(**filters):
    return sorted(
        Notification.objects.filter(**filters).values_list("recipient__username", flat=True)
    )


def test_overdue_claim_reaches_the_manager_and_the_department_heads(now, department_head, director):
    claim = ClaimFactory(resolution_due_at=NOW - datetime.timedelta(hours=1))
    HandoffFactory(claim=claim, contract=claim.contract, department=department_head.department)

    report = escalate_overdue_claims()
    escalate_overdue_claims()

    assert report.claims == {1: 1, 2: 0}
    claim_notes = Notification.objects.filter(url=claim.get_absolute_url())
    assert sorted(n.recipient.username for n in claim_notes) == sorted(
        [claim.contract.manager.username, department_head.username]
    )


def test_overdue_claim_of_an_absent_manager_reaches_the_cover(now, make_user, director):
    from org.models import AbsenceCover

    claim = ClaimFactory(resolution_due_at=NOW - datetime.timedelta(hours=1))
    cover = make_user(Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    AbsenceCover.objects.create(
        absent=claim.contract.manager, cover=cover, starts_on=today, ends_on=today
    )

    escalate_overdue_claims()

    note = Notification.objects.get(url=claim.get_absolute_url())
    assert note.recipient == cover
    assert note.addressed_to == claim.contract.manager


def test_claims_a_day_overdue_reach_the_director(now, director):
    ClaimFactory(resolution_due_at=NOW - datetime.timedelta(hours=30))

    report = escalate_overdue_claims()

    assert report.claims == {1: 1, 2: 1}
    assert recipients(recipient=director) == [director.username]


def test_the_claims_task_escalates_each_level_once(now, director):
    claim = ClaimFactory(resolution_due_at=NOW - datetime.timedelta(hours=1))

    assert "claims escalated: 1 to departments" in escalate_task.apply().result
    assert "claims escalated: 0 to departments" in escalate_task.apply().result

    escalation = Escalation.objects.get()
    assert (escalation.claim, escalation.level) == (claim, EscalationLevel.DEPARTMENT)


def test_a_claim_due_at_six_pm_on_a_daytime_calendar_does_not_escalate_at_night(director):
    from zoneinfo import ZoneInfo

    thursday_18 = datetime.datetime(2026, 12, 10, 18, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    ClaimFactory(resolution_due_at=thursday_18)

    with time_machine.travel(thursday_18 + datetime.timedelta(hours=6), tick=False):
        assert escalate_overdue_claims().claims == {1: 0, 2: 0}
    with time_machine.travel(thursday_18 + datetime.timedelta(hours=15, minutes=10), tick=False):
        assert escalate_overdue_claims().claims == {1: 1, 2: 0}


def test_on_a_24_7_contract_a_claim_escalates_at_night(director):
    from zoneinfo import ZoneInfo

    from calendars.models import WorkingCalendar

    thursday_18 = datetime.datetime(2026, 12, 10, 18, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    claim = ClaimFactory(resolution_due_at=thursday_18)
    claim.contract.calendar = WorkingCalendar.objects.get(always_open=True)
    claim.contract.save()

    with time_machine.travel(thursday_18 + datetime.timedelta(hours=6), tick=False):
        assert escalate_overdue_claims().claims == {1: 1, 2: 0}
