"""The claim's correspondence: our replies to the client, the client's letters recorded
by the mail intake, the automatic acknowledgement, and files on the claim.

A reply is written to the database first and sent after the commit (`claims.tasks`):
the row is the outbox, so a failed send loses nothing and the page shows its status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.correspondence import (
    ClaimAttachment,
    ClaimMessage,
    Direction,
    FileSource,
    ReplyKind,
    ReplyTemplate,
    SendStatus,
)
from claims.models import Claim, ClaimStatus
from claims.reply_mail import new_message_id, support_address, tagged_subject, thread_headers
from claims.reply_recipients import allowed_addresses
from claims.reply_text import fill, placeholder_values
from claims.services.moves import claim_respond
from org.errors import DomainError
from org.models import User
from org.records import lock_row
from org.selectors import acting_for, ensure_may_act_on
from org.tasks_queue import enqueue_on_commit
from org.uploads import validate_upload

SUBJECT_LIMIT = 998


@dataclass(frozen=True)
class MailFile:
    """A file that came with a client's letter, already stored (by the intake)."""

    stored_name: str
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class IncomingLetter:
    """A client's letter as the intake read it."""

    message_id: str
    from_address: str
    from_name: str = ""
    subject: str = ""
    body: str = ""
    in_reply_to: str = ""
    references: str = ""
    to_addresses: list[str] = field(default_factory=list)
    sent_at: datetime | None = None
    files: Sequence[MailFile] = ()


def _may_not_write() -> str:
    return _("Only the contract's manager, their cover or a director may write to the client.")


def _enqueue(reply: ClaimMessage) -> None:
    from claims.tasks import send_claim_reply

    enqueue_on_commit(send_claim_reply, reply.pk)


def last_letter(claim: Claim) -> ClaimMessage | None:
    """The thread's last letter: the client's latest, or our latest reply."""
    return (
        ClaimMessage.objects.filter(claim=claim)
        .exclude(message_id="")
        .order_by("-created_at", "-pk")
        .first()
    )


def writer_name(writer: User) -> str:
    return f"{writer.get_full_name() or writer.username} (Case desk)"


def _checked_recipients(claim: Claim, to: Sequence[str]) -> list[str]:
    addresses = list(dict.fromkeys(address.strip().lower() for address in to if address.strip()))
    if not addresses:
        raise DomainError(_("Choose whom to write to."), code="to")
    allowed = allowed_addresses(claim)
    strangers = [address for address in addresses if address not in allowed]
    if strangers:
        raise DomainError(
            _("Only the client's contacts and the senders of its letters: not %(addresses)s.")
            % {"addresses": ", ".join(strangers)},
            code="to",
        )
    return addresses


def _checked_files(files: Sequence[File]) -> list[tuple[File, str]]:
    checked = []
    for file in files:
        try:
            checked.append((file, validate_upload(file)))
        except ValidationError as error:
            name = getattr(file, "name", "") or ""
            raise DomainError(f"{name}: {' '.join(error.messages)}", code="attachments") from None
    return checked


def _new_reply(
    claim: Claim,
    *,
    writer: User,
    to: list[str],
    subject: str,
    body: str,
    template: ReplyTemplate | None = None,
    automatic: bool = False,
) -> ClaimMessage:
    in_reply_to, references = thread_headers(last_letter(claim))
    return ClaimMessage.objects.create(
        claim=claim,
        direction=Direction.OUTGOING,
        message_id=new_message_id(),
        in_reply_to=in_reply_to,
        references=references,
        from_address=support_address(),
        from_name=writer_name(writer),
        to_addresses=to,
        subject=tagged_subject(subject or f"Re: {claim.subject}", claim.pk)[:SUBJECT_LIMIT],
        body=body,
        sent_by=writer,
        on_behalf_of=None if automatic else acting_for(writer, claim.contract.manager),
        template=template,
        automatic=automatic,
        status=SendStatus.PENDING,
    )


@transaction.atomic
def claim_reply(
    *,
    actor: User,
    claim: Claim,
    to: Sequence[str],
    subject: str,
    body: str,
    files: Sequence[File] = (),
    template: ReplyTemplate | None = None,
) -> ClaimMessage:
    """Write to the client from the claim: recorded as outgoing, sent after the commit.

    The first reply to a new claim is its response (the response clock stops)."""
    ensure_may_act_on(actor, claim, message=_may_not_write())
    body = (body or "").strip()
    if not body:
        raise DomainError(_("The reply is empty."), code="body")
    recipients = _checked_recipients(claim, to)
    checked = _checked_files(files)
    # Locked: two replies written at once thread one after the other, not both on one parent.
    locked = lock_row(
        Claim.objects.select_related("contract__client", "contract__manager"), pk=claim.pk
    )
    reply = _new_reply(
        locked, writer=actor, to=recipients, subject=subject, body=body, template=template
    )
    for file, content_type in checked:
        ClaimAttachment.objects.create(
            claim=locked,
            message=reply,
            source=FileSource.REPLY,
            file=file,
            filename=(getattr(file, "name", "") or "file")[:255],
            content_type=content_type,
            size=file.size or 0,
            uploaded_by=actor,
        )
    if locked.status == ClaimStatus.NEW:
        claim_respond(
            actor=actor,
            claim=locked,
            note=_("Answered by e-mail: «%(subject)s».") % {"subject": reply.subject},
        )
    _enqueue(reply)
    return reply


@transaction.atomic
def claim_acknowledge(*, claim: Claim, to_address: str) -> ClaimMessage | None:
    """The automatic acknowledgement of a claim opened by an e-mail: once per claim, from
    the active acknowledgement template; None when there is none or it went already."""
    template = ReplyTemplate.objects.filter(kind=ReplyKind.ACKNOWLEDGEMENT, is_active=True).first()
    address = to_address.strip().lower()
    ours = support_address().lower()
    if template is None or not address or address == ours:
        return None
    if ClaimMessage.objects.filter(claim=claim, automatic=True).exists():
        return None
    writer = claim.contract.manager
    values = placeholder_values(claim, writer)
    try:
        # A savepoint: a second worker's acknowledgement fails on the constraint alone.
        with transaction.atomic():
            reply = _new_reply(
                claim,
                writer=writer,
                to=[address],
                subject=fill(template.subject, values),
                body=fill(template.body, values),
                template=template,
                automatic=True,
            )
    except IntegrityError:
        return None
    _enqueue(reply)
    return reply


@transaction.atomic
def claim_record_incoming(*, claim: Claim, letter: IncomingLetter) -> ClaimMessage:
    """A client's letter on the claim's correspondence, with its files on the claim."""
    message = ClaimMessage.objects.create(
        claim=claim,
        direction=Direction.INCOMING,
        message_id=letter.message_id[:998],
        in_reply_to=letter.in_reply_to[:998],
        references=letter.references,
        from_address=letter.from_address[:320],
        from_name=letter.from_name[:255],
        to_addresses=list(letter.to_addresses),
        subject=letter.subject[:SUBJECT_LIMIT],
        body=letter.body,
        status=SendStatus.RECEIVED,
        sent_at=letter.sent_at,
        created_at=timezone.now(),
    )
    ClaimAttachment.objects.bulk_create(
        ClaimAttachment(
            claim=claim,
            message=message,
            source=FileSource.EMAIL,
            file=mail_file.stored_name,
            filename=mail_file.filename[:255],
            content_type=mail_file.content_type,
            size=mail_file.size,
        )
        for mail_file in letter.files
    )
    return message


@transaction.atomic
def claim_attach(*, actor: User, claim: Claim, file: File) -> ClaimAttachment:
    """A photo or a document added to the claim by its manager (or cover, or a director)."""
    ensure_may_act_on(
        actor,
        claim,
        message=_("Only the contract's manager, their cover or a director may add files."),
    )
    try:
        content_type = validate_upload(file)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), code="file") from None
    return ClaimAttachment.objects.create(
        claim=claim,
        source=FileSource.MANAGER,
        file=file,
        filename=(getattr(file, "name", "") or "file")[:255],
        content_type=content_type,
        size=file.size or 0,
        uploaded_by=actor,
    )


@transaction.atomic
def claim_reply_resend(*, actor: User, reply: ClaimMessage) -> ClaimMessage:
    """Send again a reply whose attempts all failed (the SMTP server is back)."""
    ensure_may_act_on(actor, reply.claim, message=_may_not_write())
    # A conditional update: two presses of "send again" queue it once.
    changed = ClaimMessage.objects.filter(pk=reply.pk, status=SendStatus.FAILED).update(
        status=SendStatus.PENDING, attempts=0
    )
    if not changed:
        raise DomainError(_("This reply is not waiting to be sent again."), code="conflict")
    reply.refresh_from_db()
    _enqueue(reply)
    return reply
