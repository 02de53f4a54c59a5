"""Replies through Django's SMTP backend to a real SMTP server on loopback (aiosmtpd)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.services import IncomingLetter, claim_record_incoming, claim_reply
from claims.tasks import send_pending_claim_replies
from tests.claims.smtp_sink import SmtpSink, free_port
from tests.clients.factories import ContactFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
BODY = "Шановна Олено!\n\nПрибиральниця вже на об'єкті; усунемо до 16:00.\n\nЗ повагою, Ірина"


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


def smtp_to(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.CLAIM_REPLY_FROM_EMAIL = "Підтримка <support@casedesk.example>"


@pytest.fixture
def claim(register, contract):
    olena = ContactFactory(client=contract.client, name="Олена", email="olena@client.example")
    claim = register(reported_by=olena)
    claim_record_incoming(
        claim=claim,
        letter=IncomingLetter(
            message_id="<first@client.example>",
            references="<start@client.example>",
            from_address="olena@client.example",
            subject="Не прибрано в холі",
            body="Сьогодні не прибрано.",
        ),
    )
    return claim


def test_a_reply_reaches_the_smtp_server_as_a_proper_rfc_5322_message(
    smtp_sink, settings, manager, claim, django_capture_on_commit_callbacks
):
    smtp_to(settings, smtp_sink.port)

    with django_capture_on_commit_callbacks(execute=True):
        reply = claim_reply(
            actor=manager,
            claim=claim,
            to=["olena@client.example"],
            subject="",
            body=BODY,
            files=[SimpleUploadedFile("фото холу.png", PNG, content_type="image/png")],
        )

    reply.refresh_from_db()
    assert reply.status == "sent"
    [received] = smtp_sink.received
    assert received.recipients == ["olena@client.example"]
    assert received.sender == "support@casedesk.example"
    message = received.message
    assert message["Subject"] == f"[#{claim.pk}] Re: Не прибрано в холі"
    assert message["Message-ID"] == reply.message_id
    assert reply.message_id.endswith("@casedesk.example>")
    assert message["In-Reply-To"] == "<first@client.example>"
    assert message["References"] == "<start@client.example> <first@client.example>"
    assert message["From"].addresses[0].addr_spec == "support@casedesk.example"
    text = message.get_body(preferencelist=("plain",))
    assert text.get_content_charset() == "utf-8"
    assert text.get_content().replace("\r\n", "\n").strip() == BODY
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "фото холу.png"
    assert attachment.get_content_type() == "image/png"
    assert attachment.get_content() == PNG


def test_a_reply_written_while_the_server_is_down_is_sent_when_it_is_back(
    settings, manager, claim, django_capture_on_commit_callbacks
):
    port = free_port()  # nothing listens there yet
    smtp_to(settings, port)
    with django_capture_on_commit_callbacks(execute=True):
        reply = claim_reply(
            actor=manager, claim=claim, to=["olena@client.example"], subject="", body=BODY
        )
    reply.refresh_from_db()
    assert (reply.status, reply.attempts) == ("pending", 1)
    assert reply.last_error

    sink = SmtpSink(port).start()
    try:
        assert send_pending_claim_replies() == 1
    finally:
        sink.stop()

    reply.refresh_from_db()
    assert reply.status == "sent"
    assert [r.message["Message-ID"] for r in sink.received] == [reply.message_id]
