import datetime

import pytest
import time_machine
from django.core.management import call_command

from handoffs.escalation import escalate_overdue
from handoffs.models import Escalation, EscalationLevel, Status
from handoffs.tasks import escalate_overdue as escalate_task
from org.models import Notification
from org.roles import Role
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


def test_overdue_handoff_reaches_assignee_and_head_once(
    now, department_head, department_staff, director
):
    handoff = HandoffFactory(assignee=department_staff, due_at=NOW - datetime.timedelta(hours=2))

    first = escalate_overdue()
    second = escalate_overdue()
    escalate_overdue()

    assert first.handoffs == {1: 1, 2: 0}
    assert second.handoffs == {1: 0, 2: 0}
    assert recipients() == sorted([department_staff.username, department_head.username])
    assert Escalation.objects.get().handoff == handoff


def test_still_overdue_a_working_day_later_reaches_the_executive_director_once(
    now, department_head, director, settings
):
    settings.ESCALATION_DIRECTOR_AFTER_HOURS = 9
    # Due on Thursday at 09:00 in Kyiv (NOW is 11:00 there).
    HandoffFactory(due_at=NOW - datetime.timedelta(hours=2))
    escalate_overdue()

    # Thursday 17:00: 8 working hours late; 23:00: 9, and nobody is woken at night.
    for later in (6, 12):
        with time_machine.travel(NOW + datetime.timedelta(hours=later), tick=False):
            assert escalate_overdue().handoffs == {1: 0, 2: 0}
    # Friday 09:30: more than a working day late.
    with time_machine.travel(NOW + datetime.timedelta(hours=22, minutes=30), tick=False):
        report = escalate_overdue()
        escalate_overdue()

    assert report.handoffs == {1: 0, 2: 1}
    assert recipients(recipient=director) == [director.username]
    assert set(Escalation.objects.values_list("level", flat=True)) == {1, 2}


def test_work_not_yet_due_or_finished_is_left_alone(now, department_head, director):
    HandoffFactory(due_at=NOW + datetime.timedelta(minutes=1))
    HandoffFactory(due_at=NOW - datetime.timedelta(days=3), status=Status.DONE)
    HandoffFactory(due_at=NOW - datetime.timedelta(days=3), status=Status.DECLINED)

    report = escalate_overdue()

    assert report.handoffs == {1: 0, 2: 0}
    assert not Notification.objects.exists()


def test_a_new_due_date_starts_a_new_round(now, department_head, director):
    handoff = HandoffFactory(due_at=NOW - datetime.timedelta(hours=1))
    escalate_overdue()
    handoff.due_at = NOW - datetime.timedelta(minutes=10)
    handoff.save()

    assert escalate_overdue().handoffs == {1: 1, 2: 0}


def test_task_and_command_run_the_same_job(now, department_head, director, capsys):
    HandoffFactory(due_at=NOW - datetime.timedelta(hours=1))

    assert "1 to departments" in escalate_task.apply().result
    call_command("escalate_overdue")

    assert "0 to departments" in capsys.readouterr().out
    assert Escalation.objects.filter(level=EscalationLevel.DEPARTMENT).count() == 1
