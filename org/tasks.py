from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.db import transaction
from django.utils import timezone

from org.emails import notification_email
from org.models import EmailStatus, Notification

MAX_EMAIL_ATTEMPTS = 8


@shared_task(bind=True, max_retries=MAX_EMAIL_ATTEMPTS)
def send_notification_email(self: Task[Any, Any], notification_id: int) -> str:
    """Send one notification's e-mail; safe to run twice (the row is locked and marked sent)."""
    error = None
    with transaction.atomic():
        # SKIP LOCKED: if another worker is sending this row right now, leave it to them.
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=notification_id, email_status=EmailStatus.PENDING)
            .first()
        )
        if notification is None:
            return "skipped"
        notification.email_attempts += 1
        try:
            notification_email(notification).send()
        except OSError as exc:  # SMTP errors are OSErrors too
            error = exc
            if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
                notification.email_status = EmailStatus.FAILED
        else:
            notification.email_status = EmailStatus.SENT
            notification.emailed_at = timezone.now()
        notification.save(update_fields=["email_attempts", "email_status", "emailed_at"])
    if error is None:
        return "sent"
    if notification.email_status == EmailStatus.FAILED:
        return "failed"
    # Retried after the attempt count committed, with exponential backoff.
    raise self.retry(exc=error, countdown=min(60 * 2**self.request.retries, 3600))


SWEEP_BATCH_SIZE = 500


@shared_task
def send_pending_notification_emails() -> int:
    """The outbox sweep: enqueue every e-mail still pending, however recent.

    No age filter and no cap: right after a broker outage the rows written during it
    are seconds old, and there may be thousands; one sweep must send them all. A row
    whose first enqueue did reach the broker is simply sent by whichever task runs
    first; the other finds it sent (send_notification_email is safe to run twice).
    """
    count, last_pk = 0, 0
    while True:
        batch = list(
            Notification.objects.filter(email_status=EmailStatus.PENDING, pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:SWEEP_BATCH_SIZE]
        )
        for notification_id in batch:
            send_notification_email.delay(notification_id)
            count += 1
        if len(batch) < SWEEP_BATCH_SIZE:
            return count
        last_pk = batch[-1]
