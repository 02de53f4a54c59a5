"""Demo mail, as if it had reached the support mailbox: a new claim from a client's
contact, a reply on a claim (with a photo), an HTML-only letter, an auto-reply and a
stranger's letter waiting in triage. Processed by the same service as real mail; keyed on
Message-ID, so running it again adds nothing. Then the conversation goes on on that claim:
our reply to the client's letter and an internal comment beside it.
`manage.py intake_eml DIR` imports .eml files the same way.
"""

from __future__ import annotations

import base64
from email.message import EmailMessage
from email.utils import format_datetime

from django.utils import timezone

from claims.models import Claim, ClaimMessage
from claims.services import REGISTRABLE_STAGES, claim_comment, claim_reply
from clients.models import Contact
from intake.models import ClientMailDomain, InboundMessage
from intake.parsing import parse_headers
from intake.services import message_ingest
from intake.services.ingest import eml_incoming

# A 1×1 PNG: the client's photo of the problem.
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def _message(
    number: int,
    sender: str,
    subject: str,
    body: str,
    *,
    html: bool = False,
    photo: bool = False,
    **headers: str,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@casedesk.example"
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = f"<demo-{number}@casedesk.example>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body, subtype="html" if html else "plain")
    if photo:
        message.add_attachment(PHOTO, maintype="image", subtype="png", filename="фото.png")
    return message.as_bytes()


def _demo_contact() -> Contact | None:
    """A contact whose client has exactly one contract in service (so the mail has a home)."""
    for contact in Contact.objects.exclude(email="").select_related("client").order_by("pk"):
        serving = contact.client.contracts.filter(
            stage__in=REGISTRABLE_STAGES, archived_at__isnull=True
        )
        if serving.count() == 1:
            return contact
    return None


def _letters(contact: Contact | None, claim: Claim | None) -> list[bytes]:
    letters = [
        _message(
            1,
            "Петро Невідомий <petro@gmail.example>",
            "Хто прибирає на Оболоні?",
            "Доброго дня! Кому писати про прибирання?",
        ),
        _message(
            2,
            "MAILER-DAEMON@mx.casedesk.example",
            "Undelivered Mail Returned to Sender",
            "This is the mail system.",
            Auto_Submitted="auto-replied",
        ),
    ]
    if contact is not None:
        sender = f"{contact.name} <{contact.email}>"
        letters.append(
            _message(
                3,
                sender,
                "Брудні вікна в холі",
                "Вікна в холі не миті третій тиждень. Прошу вжити заходів.",
            )
        )
        letters.append(
            _message(
                4,
                sender,
                "Не працює освітлення на парковці",
                "<p>На парковці <b>не світять</b> лампи.</p>",
                html=True,
            )
        )
    if claim is not None and claim.reported_by is not None and claim.reported_by.email:
        reporter = claim.reported_by
        letters.append(
            _message(
                5,
                f"{reporter.name} <{reporter.email}>",
                f"Re: [#{claim.pk}] {claim.subject}",
                "Дякуємо, чекаємо на виправлення до п'ятниці. Фото додаю.",
                photo=True,
            )
        )
    return letters


def seed() -> list[str]:
    contact = _demo_contact()
    if contact is not None:
        # Colleagues of the contact write from the company's domain: their mail finds the client too.
        ClientMailDomain.objects.get_or_create(
            domain=contact.email.rpartition("@")[2].lower(), defaults={"client": contact.client}
        )
    claim = Claim.objects.open().filter(reported_by__email__gt="").order_by("pk").first()
    counts: dict[str, int] = {}
    for raw in _letters(contact, claim):
        if InboundMessage.objects.filter(message_id=parse_headers(raw).message_id).exists():
            continue
        row = message_ingest(incoming=eml_incoming(raw))
        if row is not None:
            counts[str(row.outcome)] = counts.get(str(row.outcome), 0) + 1
    triage = InboundMessage.objects.in_triage().count()
    lines = [
        f"Mail intake: {sum(counts.values())} demo letters processed {counts}; {triage} in triage"
    ]
    if claim is not None:
        lines.append(_conversation(claim))
    return lines


def _conversation(claim: Claim) -> str:
    """Our answer to the client's letter on ``claim`` and an internal comment beside it."""
    letter = claim.correspondence.filter(direction="in").order_by("-created_at").first()
    if letter is None:
        return "Claim correspondence: no client's letter to answer"
    answered = ClaimMessage.objects.filter(claim=claim, direction="out", automatic=False)
    if answered.exists():
        return f"Claim correspondence: claim #{claim.pk} already answered"
    manager = claim.contract.manager
    claim_reply(
        actor=manager,
        claim=claim,
        to=[letter.from_address],
        subject="",
        body=(
            "Доброго дня!\n\nДякуємо за фото. Бригадир уже на об'єкті, "
            "усунемо до п'ятниці.\n\nЗ повагою,\n"
            f"{manager.get_full_name() or manager.username}"
        ),
    )
    claim_comment(
        actor=manager,
        claim=claim,
        text="Бригадиру доручено перевірити прибирання щодня до кінця тижня.",
    )
    return f"Claim correspondence: claim #{claim.pk} has a letter, our reply and a comment"
