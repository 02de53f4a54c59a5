"""Working a hand-off: start, complete, decline, reopen."""

import pytest
from django.utils import timezone

from handoffs import services
from handoffs.models import Handoff, Status
from handoffs.signals import handoff_status_changed
from org.errors import DomainError
from org.models import AbsenceCover
from org.roles import Role
from tests.handoffs.factories import history_count

pytestmark = pytest.mark.django_db


def test_start_moves_open_to_in_progress_and_takes_an_unassigned_one(staff, handoff, signals):
    before = history_count(handoff)

    services.handoff_start(actor=staff, handoff=handoff)

    handoff.refresh_from_db()
    assert handoff.status == Status.IN_PROGRESS
    assert handoff.assignee == staff
    assert handoff.started_at is not None
    assert history_count(handoff) == before + 1
    event = handoff.events.get()
    assert (event.from_status, event.to_status) == (Status.OPEN, Status.IN_PROGRESS)
    assert signals == [
        {
            "signal": handoff_status_changed,
            "handoff": handoff,
            "from_status": Status.OPEN,
            "to_status": Status.IN_PROGRESS,
            "actor": staff,
        }
    ]


def test_start_twice_is_refused_without_change(staff, handoff):
    services.handoff_start(actor=staff, handoff=handoff)
    before = history_count(handoff)

    with pytest.raises(DomainError):
        services.handoff_start(actor=staff, handoff=handoff)

    assert history_count(handoff) == before
    assert handoff.events.count() == 1


def test_staff_cannot_work_a_hand_off_assigned_to_a_colleague(staff, colleague, handoff):
    services.handoff_take(actor=colleague, handoff=handoff)
    handoff.refresh_from_db()

    for call in (
        lambda: services.handoff_start(actor=staff, handoff=handoff),
        lambda: services.handoff_complete(actor=staff, handoff=handoff, result="x"),
        lambda: services.handoff_decline(actor=staff, handoff=handoff, reason="x"),
    ):
        with pytest.raises(DomainError):
            call()

    handoff.refresh_from_db()
    assert handoff.status == Status.OPEN


def test_complete_needs_a_result(staff, handoff):
    services.handoff_start(actor=staff, handoff=handoff)

    with pytest.raises(DomainError):
        services.handoff_complete(actor=staff, handoff=handoff, result="  ")

    handoff.refresh_from_db()
    assert handoff.status == Status.IN_PROGRESS


def test_complete_writes_result_event_history_and_signal(staff, handoff, signals):
    services.handoff_start(actor=staff, handoff=handoff)
    before = history_count(handoff)

    services.handoff_complete(actor=staff, handoff=handoff, result="Обстеження проведено")

    handoff.refresh_from_db()
    assert handoff.status == Status.DONE
    assert handoff.result == "Обстеження проведено"
    assert handoff.completed_at is not None
    assert history_count(handoff) == before + 1
    latest = Handoff.history.filter(id=handoff.pk).latest("history_date")
    assert (latest.status, latest.result) == (Status.DONE, "Обстеження проведено")
    event = handoff.events.first()
    assert (event.from_status, event.to_status, event.note) == (
        Status.IN_PROGRESS,
        Status.DONE,
        "Обстеження проведено",
    )
    assert signals[-1]["to_status"] == Status.DONE


def test_head_may_complete_any_hand_off_of_the_department(head, staff, handoff):
    services.handoff_take(actor=staff, handoff=handoff)
    handoff.refresh_from_db()

    services.handoff_complete(actor=head, handoff=handoff, result="Зроблено")

    handoff.refresh_from_db()
    assert handoff.status == Status.DONE


def test_done_hand_off_cannot_be_completed_declined_or_started_again(staff, handoff):
    services.handoff_complete(actor=staff, handoff=handoff, result="ok")
    before = history_count(handoff)

    for call in (
        lambda: services.handoff_complete(actor=staff, handoff=handoff, result="again"),
        lambda: services.handoff_decline(actor=staff, handoff=handoff, reason="no"),
        lambda: services.handoff_start(actor=staff, handoff=handoff),
        lambda: services.handoff_take(actor=staff, handoff=handoff),
    ):
        with pytest.raises(DomainError):
            call()

    handoff.refresh_from_db()
    assert (handoff.status, handoff.result) == (Status.DONE, "ok")
    assert history_count(handoff) == before


def test_decline_needs_a_reason_and_records_it(staff, handoff):
    with pytest.raises(DomainError):
        services.handoff_decline(actor=staff, handoff=handoff, reason="")

    services.handoff_decline(actor=staff, handoff=handoff, reason="Не наш відділ")

    handoff.refresh_from_db()
    assert handoff.status == Status.DECLINED
    assert handoff.decline_reason == "Не наш відділ"
    assert handoff.events.first().note == "Не наш відділ"


def test_requester_reopens_a_finished_hand_off(manager, staff, handoff, signals):
    services.handoff_complete(actor=staff, handoff=handoff, result="ok")
    handoff.refresh_from_db()

    services.handoff_reopen(actor=manager, handoff=handoff, reason="Неповні дані")

    handoff.refresh_from_db()
    assert handoff.status == Status.OPEN
    assert handoff.completed_at is None
    assert handoff.assignee == staff
    event = handoff.events.first()
    assert (event.from_status, event.to_status, event.actor) == (
        Status.DONE,
        Status.OPEN,
        manager,
    )
    assert signals[-1]["to_status"] == Status.OPEN


def test_reopen_is_refused_for_open_hand_offs_and_for_staff(manager, staff, handoff):
    with pytest.raises(DomainError):
        services.handoff_reopen(actor=manager, handoff=handoff)

    services.handoff_complete(actor=staff, handoff=handoff, result="ok")
    handoff.refresh_from_db()
    with pytest.raises(DomainError):
        services.handoff_reopen(actor=staff, handoff=handoff)

    handoff.refresh_from_db()
    assert handoff.status == Status.DONE


def test_cover_reopens_for_the_absent_requester(make_user, manager, staff, handoff):
    cover = make_user(Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    AbsenceCover.objects.create(absent=manager, cover=cover, starts_on=today, ends_on=today)
    services.handoff_complete(actor=staff, handoff=handoff, result="ok")
    handoff.refresh_from_db()

    services.handoff_reopen(actor=cover, handoff=handoff)

    event = handoff.events.first()
    assert (event.actor, event.on_behalf_of) == (cover, manager)
