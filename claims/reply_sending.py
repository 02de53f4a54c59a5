"""Sending a reply from the outbox through Django's e-mail backend (`claims.tasks`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from claims.correspondence import ClaimMessage, Direction, SendStatus
from claims.reply_mail import reply_email

SWEEP_BATCH_SIZE = 500


def send_reply(reply_id: int, *, max_attempts: int) -> tuple[str, OSError | None]:
    """Send the reply if it still waits: ("sent" | "skipped" | "failed" | "retry", error)."""
    error: OSError | None = None
    with transaction.atomic():
        # SKIP LOCKED: if another worker is sending this row right now, leave it to them.
        reply = (
            ClaimMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=reply_id, direction=Direction.OUTGOING, status=SendStatus.PENDING)
            .first()
        )
        if reply is None:
            return "skipped", None
        reply.attempts += 1
        try:
            reply_email(reply).send()
        except OSError as exc:  # SMTP errors are OSErrors too; a missing file as well
            error = exc
            reply.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if reply.attempts >= max_attempts:
                reply.status = SendStatus.FAILED
        else:
            reply.status = SendStatus.SENT
            reply.sent_at = timezone.now()
            reply.last_error = ""
        reply.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if error is None:
        return "sent", None
    return ("failed" if reply.status == SendStatus.FAILED else "retry"), error


def pending_reply_ids() -> list[int]:
    """Every reply still waiting to be sent, oldest first."""
    ids: list[int] = []
    last_pk = 0
    while True:
        batch = list(
            ClaimMessage.objects.filter(status=SendStatus.PENDING, pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:SWEEP_BATCH_SIZE]
        )
        ids.extend(batch)
        if len(batch) < SWEEP_BATCH_SIZE:
            return ids
        last_pk = batch[-1]
