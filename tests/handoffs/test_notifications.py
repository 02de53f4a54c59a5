import pytest
from django.core import mail
from django.utils import timezone

from handoffs.models import Kind
from handoffs.services import handoff_assign, handoff_complete, handoff_create, handoff_decline
from org.models import AbsenceCover, Notification
from org.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(department_head):
    return department_head.department


def test_a_new_handoff_tells_the_department_head(
    manager, production, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        handoff = handoff_create(
            actor=manager, kind=Kind.SITE_SURVEY, title="Обстеження", department=production
        )

    note = Notification.objects.get()
    assert note.recipient == production.head
    assert note.url == handoff.get_absolute_url()
    assert mail.outbox[0].to == [production.head.email]


def test_assignment_tells_the_assignee(manager, production, department_staff):
    handoff = handoff_create(
        actor=manager, kind=Kind.SITE_SURVEY, title="Обстеження", department=production
    )

    handoff_assign(actor=production.head, handoff=handoff, assignee=department_staff)

    assert Notification.objects.filter(recipient=department_staff).count() == 1


def test_the_result_reaches_the_requester_or_their_cover(
    manager, production, department_staff, make_user
):
    cover = make_user(Role.SUPPORT_MANAGER)
    handoff = handoff_create(
        actor=manager, kind=Kind.SITE_SURVEY, title="Обстеження", department=production
    )
    today = timezone.localdate()
    AbsenceCover.objects.create(absent=manager, cover=cover, starts_on=today, ends_on=today)

    handoff_complete(actor=department_staff, handoff=handoff, result="Площа 1200 м²")

    note = Notification.objects.get(recipient=cover)
    assert note.addressed_to == manager
    assert "Площа 1200 м²" in note.text


def test_a_decline_tells_the_requester_why(manager, production, department_staff):
    handoff = handoff_create(
        actor=manager, kind=Kind.SITE_SURVEY, title="Обстеження", department=production
    )

    handoff_decline(actor=department_staff, handoff=handoff, reason="Немає доступу на об'єкт")

    note = Notification.objects.get(recipient=manager)
    assert "Немає доступу" in note.text


def test_nobody_is_told_about_their_own_action(production):
    head = production.head

    handoff_create(actor=head, kind=Kind.SITE_SURVEY, title="Сам собі", department=production)

    assert not Notification.objects.exists()
