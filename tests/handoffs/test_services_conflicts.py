"""Two users at once, and the follow-ups a manager works personally."""

import pytest
from django.utils import timezone

from handoffs import services
from handoffs.models import Handoff, HandoffEvent, Kind, Status
from org.errors import ConflictError, DomainError
from org.models import AbsenceCover
from org.roles import Role
from tests.handoffs.factories import HandoffFactory, history_count

pytestmark = pytest.mark.django_db


def test_of_two_users_completing_at_once_exactly_one_wins(head, staff):
    handoff = HandoffFactory(assignee=staff, status=Status.IN_PROGRESS)
    # Both loaded the page while it was in progress: two in-memory copies, same status.
    seen_by_staff = Handoff.objects.get(pk=handoff.pk)
    seen_by_head = Handoff.objects.get(pk=handoff.pk)

    services.handoff_complete(actor=staff, handoff=seen_by_staff, result="Перший")
    with pytest.raises(ConflictError) as error:
        services.handoff_complete(actor=head, handoff=seen_by_head, result="Другий")

    assert "виконано" in str(error.value).lower() or "done" in str(error.value).lower()
    handoff.refresh_from_db()
    assert (handoff.status, handoff.result) == (Status.DONE, "Перший")
    assert handoff.events.filter(to_status=Status.DONE).count() == 1
    assert Handoff.history.filter(id=handoff.pk, status=Status.DONE).count() == 1


def test_a_conflict_leaves_no_event_or_history(staff, colleague, handoff):
    stale = Handoff.objects.get(pk=handoff.pk)
    services.handoff_decline(actor=colleague, handoff=handoff, reason="ні")
    events, history = HandoffEvent.objects.count(), history_count(handoff)

    with pytest.raises(ConflictError):
        services.handoff_start(actor=staff, handoff=stale)

    assert HandoffEvent.objects.count() == events
    assert history_count(handoff) == history


def test_personal_follow_up_is_worked_by_its_assignee_only(manager, staff):
    follow_up = services.handoff_create(
        actor=manager,
        kind=Kind.EXTENSION_OPPORTUNITY,
        title="Запропонувати продовження",
        assignee=manager,
    )

    with pytest.raises(DomainError):
        services.handoff_start(actor=staff, handoff=follow_up)
    services.handoff_complete(actor=manager, handoff=follow_up, result="Клієнт згоден")

    follow_up.refresh_from_db()
    assert follow_up.status == Status.DONE
    assert follow_up.department is None


def test_cover_works_the_absent_managers_follow_up(make_user, manager):
    cover = make_user(Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    AbsenceCover.objects.create(absent=manager, cover=cover, starts_on=today, ends_on=today)
    follow_up = services.handoff_create(
        actor=manager, kind=Kind.EXTENSION_OPPORTUNITY, title="Дзвінок", assignee=manager
    )

    services.handoff_start(actor=cover, handoff=follow_up)

    assert follow_up.events.first().on_behalf_of == manager
