"""Writing to the client from the claim: the reply service, its e-mail, its outbox."""

from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from claims.models import ClaimComment, ClaimMessage, ClaimStatus, ReplyTemplate
from claims.reply_mail import ReplyEmail
from claims.services import IncomingLetter, claim_record_incoming, claim_reply, claim_reply_resend
from claims.tasks import MAX_REPLY_ATTEMPTS, send_claim_reply, send_pending_claim_replies
from org.errors import DomainError
from org.models import AbsenceCover
from org.roles import Role
from tests.clients.factories import ContactFactory
from tests.org.factories import UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def olena(contract):
    return ContactFactory(
        client=contract.client, name="Олена Петренко", email="olena@client.example"
    )


@pytest.fixture
def claim(register, olena):
    return register(reported_by=olena)


def letter_from_client(claim, message_id="<first@client.example>", **kwargs):
    values = {
        "message_id": message_id,
        "from_address": "olena@client.example",
        "from_name": "Олена Петренко",
        "subject": "Не прибрано в холі",
        "body": "Сьогодні в холі не прибрано.",
    }
    values.update(kwargs)
    return claim_record_incoming(claim=claim, letter=IncomingLetter(**values))


def reply(manager, claim, **kwargs):
    values = {
        "actor": manager,
        "claim": claim,
        "to": ["olena@client.example"],
        "subject": "",
        "body": "Доброго дня! Прибиральниця вже на місці.",
    }
    values.update(kwargs)
    return claim_reply(**values)


def sent_message(index=-1):
    return message_from_bytes(mail.outbox[index].message().as_bytes(), policy=default_policy)


def test_a_reply_is_sent_tagged_and_threaded_on_the_client_s_last_letter(
    manager, claim, settings, django_capture_on_commit_callbacks
):
    settings.CLAIM_REPLY_FROM_EMAIL = "Підтримка <support@casedesk.example>"
    letter_from_client(claim, references="<older@client.example>")

    with django_capture_on_commit_callbacks(execute=True):
        sent = reply(manager, claim)

    sent.refresh_from_db()
    assert sent.direction == "out" and sent.status == "sent" and sent.attempts == 1
    assert sent.sent_by == manager and sent.on_behalf_of is None
    message = sent_message()
    assert message["Subject"] == f"[#{claim.pk}] Re: Не прибрано в холі"
    assert message["Message-ID"] == sent.message_id
    assert sent.message_id.endswith("@casedesk.example>")
    assert message["In-Reply-To"] == "<first@client.example>"
    assert message["References"] == "<older@client.example> <first@client.example>"
    assert message["To"] == "olena@client.example"
    assert message["Reply-To"] == "support@casedesk.example"
    assert "Прибиральниця вже на місці" in message.get_content()
    assert "Auto-Submitted" not in message


@pytest.mark.parametrize(
    "subject",
    [
        "[#28] Re: Не прибрано в холі",
        "[#123456] Re: Не прибрано в холі, і ще раз не прибрано у вестибюлі другого поверху",
        "[#12345] Re: Plain ASCII subject",
    ],
)
def test_a_subject_of_any_length_reads_back_as_written(subject):
    # Django alone folds a Cyrillic subject before its first word, read back with a space.
    email = ReplyEmail(subject=subject, body="-", from_email="a@casedesk.example", to=["b@c.ua"])
    raw = email.message().as_bytes()

    assert message_from_bytes(raw, policy=default_policy)["Subject"] == subject
    assert all(len(line) <= 78 for line in raw.split(b"\n\n")[0].split(b"\n"))


def test_the_next_reply_threads_on_our_previous_one(
    manager, claim, django_capture_on_commit_callbacks
):
    letter_from_client(claim)
    with django_capture_on_commit_callbacks(execute=True):
        first = reply(manager, claim)
        second = reply(manager, claim, body="І ще одне.")

    assert second.in_reply_to == first.message_id
    assert second.references.split() == ["<first@client.example>", first.message_id]
    assert first.message_id != second.message_id


def test_the_first_reply_to_a_new_claim_records_its_response(manager, claim):
    assert claim.status == ClaimStatus.NEW

    reply(manager, claim)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert claim.responded_at is not None
    assert claim.events.filter(to_status=ClaimStatus.IN_PROGRESS).exists()


def test_a_cover_replies_on_behalf_of_the_absent_manager(manager, claim):
    cover = UserFactory(role=Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    AbsenceCover.objects.create(absent=manager, cover=cover, starts_on=today, ends_on=today)

    sent = reply(cover, claim)

    assert (sent.sent_by, sent.on_behalf_of) == (cover, manager)
    assert cover.get_full_name() in sent.from_name


def test_another_manager_may_not_write_to_the_client(claim):
    other = UserFactory(role=Role.SUPPORT_MANAGER)

    with pytest.raises(DomainError) as refused:
        reply(other, claim)

    assert refused.value.code == "forbidden"
    assert not ClaimMessage.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"body": "   "}, "body"),
        ({"to": []}, "to"),
        ({"to": ["stranger@elsewhere.example"]}, "to"),
        ({"files": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")]}, "attachments"),
    ],
    ids=["empty", "nobody", "stranger", "renamed-executable"],
)
def test_a_refused_reply_writes_nothing(manager, claim, changes, code):
    with pytest.raises(DomainError) as refused:
        reply(manager, claim, **changes)

    assert refused.value.code == code
    assert not ClaimMessage.objects.exists()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW
    assert mail.outbox == []


def test_a_reply_may_go_to_the_sender_of_a_letter_who_is_not_a_contact(manager, claim):
    letter_from_client(claim, from_address="boss@client.example", from_name="Бос")

    sent = reply(manager, claim, to=["BOSS@client.example"])

    assert sent.to_addresses == ["boss@client.example"]


def test_files_go_with_the_reply_and_stay_on_the_claim(
    manager, claim, django_capture_on_commit_callbacks
):
    photo = SimpleUploadedFile("фото.png", PNG, content_type="image/png")

    with django_capture_on_commit_callbacks(execute=True):
        sent = reply(manager, claim, files=[photo])

    attachment = claim.files.get()
    assert (attachment.message, attachment.source, attachment.content_type) == (
        sent,
        "reply",
        "image/png",
    )
    parts = list(sent_message().iter_attachments())
    assert [(part.get_filename(), part.get_content()) for part in parts] == [("фото.png", PNG)]


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


def test_a_failed_send_keeps_the_reply_waiting_with_the_reason(
    manager, claim, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.claims.test_replies.FailingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        sent = reply(manager, claim)

    sent.refresh_from_db()
    assert sent.status == "pending" and sent.attempts == 1
    assert "Connection refused" in sent.last_error
    # The outbox sweep finds it and, once the server is back, sends it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending_claim_replies() == 1
    sent.refresh_from_db()
    assert sent.status == "sent" and sent.last_error == ""
    assert len(mail.outbox) == 1


def test_a_reply_failing_every_attempt_is_marked_not_sent_and_can_be_sent_again(
    manager, claim, settings
):
    settings.EMAIL_BACKEND = "tests.claims.test_replies.FailingBackend"
    sent = reply(manager, claim)
    ClaimMessage.objects.filter(pk=sent.pk).update(attempts=MAX_REPLY_ATTEMPTS - 1)

    assert send_claim_reply.run(sent.pk) == "failed"

    sent.refresh_from_db()
    assert sent.status == "failed"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    claim_reply_resend(actor=manager, reply=sent)
    send_claim_reply.run(sent.pk)
    sent.refresh_from_db()
    assert sent.status == "sent"
    with pytest.raises(DomainError) as refused:
        claim_reply_resend(actor=manager, reply=sent)
    assert refused.value.code == "conflict"


def test_sending_twice_sends_once(manager, claim, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = reply(manager, claim)

    assert send_claim_reply.run(sent.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_reply_is_never_an_internal_comment(manager, claim):
    reply(manager, claim)
    assert not ClaimComment.objects.exists()


def test_the_seeded_templates_cover_the_four_kinds():
    kinds = set(ReplyTemplate.objects.filter(is_active=True).values_list("kind", flat=True))
    assert {"acknowledgement", "details", "fixed", "formal_answer"} <= kinds
