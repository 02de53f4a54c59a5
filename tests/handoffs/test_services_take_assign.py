"""Taking and assigning a hand-off."""

import pytest

from handoffs import services
from handoffs.models import Handoff, Status
from org.errors import ConflictError, DomainError
from tests.handoffs.factories import history_count

pytestmark = pytest.mark.django_db


def test_staff_takes_an_unassigned_hand_off_with_event_and_history(staff, handoff):
    before = history_count(handoff)

    services.handoff_take(actor=staff, handoff=handoff)

    handoff.refresh_from_db()
    assert handoff.assignee == staff
    assert handoff.status == Status.OPEN
    event = handoff.events.get()
    assert (event.actor, event.assignee, event.to_status) == (staff, staff, Status.OPEN)
    assert history_count(handoff) == before + 1
    latest = Handoff.history.filter(id=handoff.pk).latest("history_date")
    assert latest.assignee_id == staff.pk
    assert latest.history_user == staff


def test_taking_a_hand_off_someone_already_has_is_a_conflict(staff, colleague, handoff):
    stale = Handoff.objects.get(pk=handoff.pk)
    services.handoff_take(actor=colleague, handoff=handoff)

    with pytest.raises(ConflictError):
        services.handoff_take(actor=staff, handoff=stale)

    handoff.refresh_from_db()
    assert handoff.assignee == colleague


def test_another_department_cannot_take_it(hr_staff, handoff):
    with pytest.raises(DomainError) as error:
        services.handoff_take(actor=hr_staff, handoff=handoff)

    assert error.value.code == "forbidden"
    handoff.refresh_from_db()
    assert handoff.assignee is None
    assert not handoff.events.exists()


def test_head_assigns_and_reassigns_inside_the_department(head, staff, colleague, handoff):
    services.handoff_assign(actor=head, handoff=handoff, assignee=staff)
    services.handoff_assign(actor=head, handoff=handoff, assignee=colleague)

    handoff.refresh_from_db()
    assert handoff.assignee == colleague
    assert [e.assignee for e in handoff.events.order_by("pk")] == [staff, colleague]


def test_staff_cannot_assign_to_someone_else(staff, colleague, handoff):
    with pytest.raises(DomainError) as error:
        services.handoff_assign(actor=staff, handoff=handoff, assignee=colleague)

    assert error.value.code == "forbidden"
    handoff.refresh_from_db()
    assert handoff.assignee is None


def test_staff_assigning_to_themself_takes_it(staff, handoff):
    services.handoff_assign(actor=staff, handoff=handoff, assignee=staff)

    handoff.refresh_from_db()
    assert handoff.assignee == staff


def test_head_cannot_assign_outside_the_department(head, hr_staff, handoff):
    with pytest.raises(DomainError):
        services.handoff_assign(actor=head, handoff=handoff, assignee=hr_staff)

    handoff.refresh_from_db()
    assert handoff.assignee is None
