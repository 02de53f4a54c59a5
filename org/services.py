"""Business actions of the organisation app: notifications."""

from django.db import transaction
from django.utils import timezone

from org.models import EmailStatus, Notification
from org.selectors import resolve_recipient
from org.tasks_queue import enqueue_on_commit


@transaction.atomic
def notify(*, recipient, message, params=None, url="", email=True) -> Notification:
    """Tell ``recipient`` (their cover, while they are away) about something.

    ``message`` is an English message id marked with gettext_noop, formatted with
    ``params`` when shown, so each reader sees it in their own language.
    """
    from org.tasks import send_notification_email

    receiver = resolve_recipient(recipient)
    wants_email = email and receiver.email_notifications and bool(receiver.email)
    notification = Notification.objects.create(
        recipient=receiver,
        addressed_to=recipient if receiver.pk != recipient.pk else None,
        message=message,
        params=params or {},
        url=url,
        email_status=EmailStatus.PENDING if wants_email else EmailStatus.NOT_WANTED,
    )
    if wants_email:
        enqueue_on_commit(send_notification_email, notification.pk)
    return notification


def user_set_notification_preferences(*, actor, email_notifications, daily_digest) -> None:
    actor.email_notifications = email_notifications
    actor.daily_digest = daily_digest
    actor.save(update_fields=["email_notifications", "daily_digest"])


def notification_mark_read(*, actor, notification) -> None:
    # A conditional update: marking read twice (two tabs, a double click) is harmless.
    Notification.objects.filter(pk=notification.pk, recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
