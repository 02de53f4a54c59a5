"""The conversation end to end: mail opens a claim, we answer from it, the client's answer
threads back; the automatic acknowledgement; the letters' files on the claim."""

from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.core import mail
from django.urls import reverse

from claims.models import ClaimMessage
from claims.services import claim_reply
from intake.models import Outcome
from intake.services import message_ingest
from intake.services.ingest import eml_incoming
from tests.intake import messages

pytestmark = pytest.mark.django_db


def ingest(raw):
    return message_ingest(incoming=eml_incoming(raw))


@pytest.fixture
def acknowledge(settings):
    settings.INTAKE_AUTO_ACKNOWLEDGE = True
    settings.CLAIM_REPLY_FROM_EMAIL = "Підтримка <support@casedesk.example>"


def test_the_client_s_answer_to_our_reply_threads_onto_the_claim(
    contact, contract, manager, django_capture_on_commit_callbacks
):
    claim = ingest(messages.plain(message_id="<first@client.example>")).claim
    with django_capture_on_commit_callbacks(execute=True):
        ours = claim_reply(
            actor=manager, claim=claim, to=[contact.email], subject="", body="Уже прибираємо."
        )
    to_client = [email for email in mail.outbox if email.to == [contact.email]]
    sent = message_from_bytes(to_client[-1].message().as_bytes(), policy=default_policy)
    assert sent["In-Reply-To"] == "<first@client.example>"

    # The client answers our letter; a subject without the tag, threaded by In-Reply-To only.
    answer = ingest(
        messages.plain(
            subject="Дякуємо",
            body="Тепер чисто, дякуємо.",
            in_reply_to=sent["Message-ID"],
            references=sent["References"] + " " + sent["Message-ID"],
        )
    )

    assert answer.outcome == Outcome.THREADED
    assert answer.claim == claim
    letters = list(claim.correspondence.order_by("pk"))
    assert [letter.direction for letter in letters] == ["in", "out", "in"]
    assert letters[1] == ours and letters[2].in_reply_to == ours.message_id


def test_an_answer_to_our_reply_from_outside_the_client_goes_to_triage(contact, contract, manager):
    claim = ingest(messages.plain()).claim
    ours = claim_reply(actor=manager, claim=claim, to=[contact.email], subject="", body="Так.")

    row = ingest(messages.plain(sender="stranger@elsewhere.example", in_reply_to=ours.message_id))

    assert row.outcome == Outcome.TRIAGE
    assert f"№{claim.pk}" in row.reason


def test_mail_that_opens_a_claim_is_acknowledged_once(
    acknowledge, contact, contract, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = ingest(messages.plain(message_id="<first@client.example>")).claim
        ingest(
            messages.plain(subject=f"Re: [#{claim.pk}] ще", in_reply_to="<first@client.example>")
        )

    acknowledgement = ClaimMessage.objects.get(claim=claim, direction="out")
    assert acknowledgement.automatic and acknowledgement.status == "sent"
    assert acknowledgement.template.kind == "acknowledgement"
    assert acknowledgement.to_addresses == ["olena@client.example"]
    to_client = [email for email in mail.outbox if email.to == ["olena@client.example"]]
    assert len(to_client) == 1
    sent = message_from_bytes(to_client[0].message().as_bytes(), policy=default_policy)
    assert f"[#{claim.pk}]" in sent["Subject"]
    assert sent["Auto-Submitted"] == "auto-replied"
    assert sent["In-Reply-To"] == "<first@client.example>"
    assert f"№ {claim.pk}" in sent.get_content()
    assert contract.number in sent.get_content()


@pytest.mark.parametrize(
    "raw", [messages.auto_reply(), messages.bounce()], ids=["auto-reply", "bounce"]
)
def test_automatic_mail_is_never_answered(acknowledge, contact, contract, raw):
    row = ingest(raw)

    assert row.outcome == Outcome.IGNORED
    assert not ClaimMessage.objects.exists()
    assert all(email.to != ["olena@client.example"] for email in mail.outbox)


def test_no_acknowledgement_unless_the_setting_is_on(contact, contract, settings):
    settings.INTAKE_AUTO_ACKNOWLEDGE = False

    claim = ingest(messages.plain()).claim

    assert not claim.correspondence.filter(direction="out").exists()
    assert all(email.to != ["olena@client.example"] for email in mail.outbox)


def test_no_acknowledgement_without_an_active_template(acknowledge, contact, contract):
    from claims.models import ReplyTemplate

    ReplyTemplate.objects.filter(kind="acknowledgement").update(is_active=False)

    claim = ingest(messages.plain()).claim

    assert not claim.correspondence.filter(direction="out").exists()


def test_a_claim_made_from_triage_is_not_acknowledged_automatically(acknowledge, contract):
    row = ingest(messages.plain(sender="stranger@elsewhere.example"))
    assert row.outcome == Outcome.TRIAGE
    assert not ClaimMessage.objects.filter(direction="out").exists()


def test_the_files_of_a_letter_are_the_claim_s_files(contact, contract, manager, client):
    row = ingest(messages.with_attachments(sender=contact.email))
    claim = row.claim

    files = list(claim.files.order_by("pk"))

    assert [(f.filename, f.source) for f in files] == [("акт.pdf", "email"), ("лист.docx", "email")]
    letter = claim.correspondence.get()
    assert {f.message_id for f in files} == {letter.pk}
    client.force_login(manager)
    response = client.get(reverse("claims:file", args=[files[0].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == messages.PDF
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "акт.pdf" in page and "лист.docx" in page


def test_the_files_of_an_answer_threaded_onto_a_claim_join_it(contact, contract):
    claim = ingest(messages.plain(message_id="<first@client.example>")).claim
    raw = messages.with_attachments(sender=contact.email).replace(
        b"Subject: ", f"In-Reply-To: <first@client.example>\nSubject: [#{claim.pk}] ".encode(), 1
    )

    row = ingest(raw)

    assert row.outcome == Outcome.THREADED
    assert claim.files.count() == 2
