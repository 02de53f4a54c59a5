"""Creating a hand-off, the rules the screens read, comments and attachments."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from handoffs import services
from handoffs.models import Handoff, Kind, Status
from handoffs.rules import HandoffRules
from handoffs.transitions import TRANSITIONS
from org.errors import DomainError
from tests.handoffs.factories import history_count

pytestmark = pytest.mark.django_db


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
