"""Processing one message, exactly once, in one transaction with what it changes.

The message's row is inserted first: a second worker reading the same message waits on
the unique constraint until the first commits, then fails and skips it. A crash rolls
the row back with the claim change, so the message is read again on the next run.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from intake.models import InboundAttachment, InboundMessage, Outcome
from intake.parsing import ParsedMessage, UnreadableMessage, parse_headers, parse_message
from intake.selectors import is_known_message
from intake.services.routing import route
from org.uploads import validate_upload

logger = logging.getLogger(__name__)

SUBJECT_LIMIT = 998


@dataclass(frozen=True)
class Incoming:
    """A message as a mailbox (or a file) delivered it."""

    source: str
    raw: bytes
    size: int
    uidvalidity: int | None = None
    uid: int | None = None
    # Over the size limit: only the headers were read.
    headers_only: bool = False


def eml_incoming(raw: bytes) -> Incoming:
    """An .eml file: its digest stands for the UID, so importing it again changes nothing."""
    digest = int(hashlib.sha256(raw).hexdigest()[:15], 16)
    size = len(raw)
    too_large = size > settings.INTAKE_MAX_MESSAGE_BYTES
    return Incoming(
        source="eml", raw=raw, size=size, uidvalidity=0, uid=digest, headers_only=too_large
    )


def _read(incoming: Incoming) -> tuple[ParsedMessage, str]:
    """The parsed message, and why it goes to triage unread ('' when it was read)."""
    if incoming.headers_only:
        reason = _(
            "The message is too large (%(size)s; at most %(limit)s): its body was not read."
        ) % {
            "size": filesizeformat(incoming.size),
            "limit": filesizeformat(settings.INTAKE_MAX_MESSAGE_BYTES),
        }
        return _headers_or_nothing(incoming.raw), reason
    try:
        return parse_message(incoming.raw), ""
    except UnreadableMessage as error:
        reason = _("The message could not be read: %(error)s") % {"error": error}
        return _headers_or_nothing(incoming.raw), reason


def _headers_or_nothing(raw: bytes) -> ParsedMessage:
    try:
        return parse_headers(raw)
    except Exception:  # headers too broken to read: the row still records the message
        logger.warning("intake: unreadable headers", exc_info=True)
        return ParsedMessage()


def _new_row(
    incoming: Incoming, parsed: ParsedMessage, *, outcome: str, reason: str
) -> InboundMessage:
    return InboundMessage.objects.create(
        source=incoming.source,
        uidvalidity=incoming.uidvalidity,
        uid=incoming.uid,
        message_id=parsed.message_id[:998],
        in_reply_to=parsed.in_reply_to,
        references=" ".join(parsed.references),
        from_address=parsed.from_address[:320],
        from_name=parsed.from_name[:255],
        subject=parsed.subject[:SUBJECT_LIMIT],
        sent_at=parsed.sent_at,
        body_text=parsed.text,
        body_html=parsed.html,
        size=incoming.size,
        outcome=outcome,
        reason=reason,
    )


def _keep_attachments(row: InboundMessage, parsed: ParsedMessage) -> None:
    """Keep the files that pass the upload rules; list the others with the reason."""
    skipped = []
    for attachment in parsed.attachments:
        file = ContentFile(attachment.data, name=attachment.filename)
        try:
            content_type = validate_upload(file)
        except ValidationError as error:
            skipped.append({"name": attachment.filename, "reason": " ".join(error.messages)})
            continue
        InboundAttachment.objects.create(
            message=row,
            file=file,
            filename=attachment.filename,
            content_type=content_type,
            size=len(attachment.data),
        )
    if skipped:
        row.skipped_attachments = skipped
        row.save(update_fields=["skipped_attachments"])


def _process(incoming: Incoming) -> InboundMessage:
    parsed, unread = _read(incoming)
    if is_known_message(parsed.message_id):
        return _new_row(incoming, parsed, outcome=Outcome.DUPLICATE, reason=_("Already received."))
    row = _new_row(incoming, parsed, outcome=Outcome.TRIAGE, reason=unread)
    if unread:
        return row
    if parsed.automatic:
        row.outcome = Outcome.IGNORED
        row.reason = _("Automatic mail (%(header)s): no claim, no answer.") % {
            "header": parsed.automatic
        }
        row.save(update_fields=["outcome", "reason"])
        return row
    _keep_attachments(row, parsed)
    if parsed.broken:
        row.reason = _("The message's MIME structure is broken (%(defects)s).") % {
            "defects": parsed.broken
        }
        row.save(update_fields=["reason"])
        return row
    route(row, parsed)
    return row


def _already_recorded(incoming: Incoming) -> bool:
    return (
        incoming.uid is not None
        and InboundMessage.objects.filter(
            source=incoming.source, uidvalidity=incoming.uidvalidity, uid=incoming.uid
        ).exists()
    )


def message_ingest(*, incoming: Incoming) -> InboundMessage | None:
    """Process one message; None when another run has already recorded it."""
    if _already_recorded(incoming):
        return None
    try:
        with transaction.atomic():
            return _process(incoming)
    except IntegrityError:
        if _already_recorded(incoming):
            return None  # another worker committed it while this one waited
    # The same Message-ID committed meanwhile from another mailbox: this copy is a duplicate.
    with transaction.atomic():
        parsed, _unread = _read(incoming)
        return _new_row(incoming, parsed, outcome=Outcome.DUPLICATE, reason=_("Already received."))
