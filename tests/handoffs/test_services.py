import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from handoffs import services
from handoffs.models import Handoff, HandoffEvent, Kind, Status
from handoffs.services import TRANSITIONS, HandoffRules
from handoffs.signals import handoff_status_changed
from org.errors import ConflictError, DomainError
from org.models import AbsenceCover
from org.roles import Role
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


def history_count(handoff):
    return Handoff.history.filter(id=handoff.pk).count()


@pytest.fixture
def signals():
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    handoff_status_changed.connect(listener)
    yield received
    handoff_status_changed.disconnect(listener)


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


def test_create_refuses_a_department_that_does_not_take_the_kind(manager):
    from org.models import Department

    with pytest.raises(DomainError):
        services.handoff_create(
            actor=manager,
            kind=Kind.SITE_SURVEY,
            title="Обстеження",
            department=Department.objects.get(code="hr"),
        )
    assert not Handoff.objects.exists()


def test_create_writes_the_opening_event_and_history(manager):
    from org.models import Department

    due = timezone.now() + datetime.timedelta(days=5)
    handoff = services.handoff_create(
        actor=manager,
        kind=Kind.INFORMATION_REQUEST,
        title="Статистика",
        department=Department.objects.get(code="accounting"),
        due_at=due,
    )

    assert handoff.events.get().to_status == Status.OPEN
    assert history_count(handoff) == 1
    assert handoff.due_at == due


def test_rules_offer_only_the_allowed_actions(head, staff, manager, handoff):
    assert HandoffRules(staff).actions(handoff) == ["take", "start", "complete", "decline"]
    assert HandoffRules(head).actions(handoff) == [
        "take",
        "assign",
        "start",
        "complete",
        "decline",
    ]
    assert HandoffRules(manager).actions(handoff) == []
    handoff.status = Status.DONE
    assert HandoffRules(manager).actions(handoff) == ["reopen"]
    assert set(TRANSITIONS) == {"take", "assign", "start", "complete", "decline", "reopen"}


def test_comment_is_added_by_whoever_sees_the_hand_off(manager, staff, hr_staff, handoff):
    services.handoff_comment(actor=manager, handoff=handoff, text="Терміново, будь ласка")
    services.handoff_comment(actor=staff, handoff=handoff, text="Беремо")

    with pytest.raises(DomainError):
        services.handoff_comment(actor=hr_staff, handoff=handoff, text="?")
    with pytest.raises(DomainError):
        services.handoff_comment(actor=staff, handoff=handoff, text=" ")

    assert list(handoff.comments.values_list("text", flat=True)) == [
        "Терміново, будь ласка",
        "Беремо",
    ]


def docx_bytes(folder="word"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("act.pdf", b"%PDF-1.7\n..."),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
        ("letter.docx", docx_bytes("word")),
        ("table.xlsx", docx_bytes("xl")),
    ],
)
def test_attach_accepts_the_allowed_types_by_content(staff, handoff, name, content):
    attachment = services.handoff_attach(
        actor=staff, handoff=handoff, file=SimpleUploadedFile(name, content)
    )

    assert attachment.handoff == handoff
    assert str(attachment) == name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf"),
        ("photo.png", b"%PDF-1.7 a pdf named png"),
        ("archive.docx", docx_bytes("other")),
        ("script.html", b"<html></html>"),
    ],
)
def test_attach_refuses_files_whose_content_is_not_allowed(staff, handoff, name, content):
    with pytest.raises(DomainError):
        services.handoff_attach(
            actor=staff, handoff=handoff, file=SimpleUploadedFile(name, content)
        )

    assert not handoff.attachments.exists()


def test_attach_refuses_files_over_10_mb(staff, handoff):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))

    with pytest.raises(DomainError):
        services.handoff_attach(actor=staff, handoff=handoff, file=big)
