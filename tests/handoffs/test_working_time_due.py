"""A hand-off's default due time and its escalation in working time on its department's calendar."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from calendars.models import WorkingCalendar
from handoffs import services
from handoffs.escalation import escalate_overdue
from handoffs.models import Kind
from org.models import Department
from org.roles import Role
from org.selectors import calendar_for_department
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
FRIDAY_15 = datetime.datetime(2026, 3, 6, 15, 0, tzinfo=KYIV)


def asked(manager, department):
    with time_machine.travel(FRIDAY_15, tick=False):
        return services.handoff_create(
            actor=manager, kind=Kind.INFORMATION_REQUEST, title="Статистика", department=department
        )


def test_a_hand_off_asked_on_friday_afternoon_is_due_after_the_weekend(manager):
    handoff = asked(manager, Department.objects.get(code="accounting"))

    # 27 working hours: Friday 3, Monday 9, Tuesday 9, Wednesday 6.
    assert handoff.due_at == datetime.datetime(2026, 3, 11, 15, 0, tzinfo=KYIV)


def test_a_department_on_a_24_7_calendar_counts_the_weekend(manager):
    department = Department.objects.get(code="accounting")
    department.calendar = WorkingCalendar.objects.get(always_open=True)
    department.save()

    handoff = asked(manager, department)

    assert handoff.due_at == FRIDAY_15 + datetime.timedelta(hours=27)


def test_the_department_calendar_is_read_once_per_process(django_assert_num_queries):
    department = Department.objects.get(code="accounting")
    calendar_for_department(department)

    with django_assert_num_queries(0):
        for _ in range(100):
            calendar_for_department(department)


def test_escalation_does_not_fire_at_night_for_a_daytime_calendar(make_user, department_head):
    make_user(Role.EXECUTIVE_DIRECTOR, is_staff=True)
    thursday_18 = datetime.datetime(2026, 12, 10, 18, 0, tzinfo=KYIV)
    HandoffFactory(department=department_head.department, due_at=thursday_18)

    with time_machine.travel(thursday_18 + datetime.timedelta(hours=5), tick=False):
        assert escalate_overdue().handoffs == {1: 0, 2: 0}
    with time_machine.travel(thursday_18 + datetime.timedelta(hours=15, minutes=30), tick=False):
        assert escalate_overdue().handoffs == {1: 1, 2: 0}
