"""Business actions of the organisation app: notifications."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from org.models import AbsenceCover, EmailStatus, Notification, User
from org.selectors import resolve_recipient
from org.tasks_queue import enqueue_many_on_commit, enqueue_on_commit


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


@dataclass(frozen=True)
class Notice:
    """One notification of a ``notify_many`` call: the arguments ``notify`` takes."""

    recipient: User
    message: str
    params: dict = field(default_factory=dict)
    url: str = ""
    email: bool = True


@transaction.atomic
def notify_many(notices: list[Notice]) -> list[Notification]:
    """``notify`` for many notices at once, for the background jobs: the same rows and
    e-mails, in three queries (covers, rows) and one broker connection after commit."""
    from org.tasks import send_notification_email

    if not notices:
        return []
    today = timezone.localdate()
    covers = {}
    absent_ids = {notice.recipient.pk for notice in notices}
    # The same choice as current_cover: the latest started cover of each absent user.
    for cover in (
        AbsenceCover.objects.active_on(today)
        .filter(absent_id__in=absent_ids)
        .select_related("cover")
        .order_by("-starts_on", "pk")
    ):
        covers.setdefault(cover.absent_id, cover.cover)
    rows = []
    for notice in notices:
        recipient = notice.recipient
        receiver = covers.get(recipient.pk, recipient)
        wants_email = notice.email and receiver.email_notifications and bool(receiver.email)
        rows.append(
            Notification(
                recipient=receiver,
                addressed_to=recipient if receiver.pk != recipient.pk else None,
                message=notice.message,
                params=notice.params or {},
                url=notice.url,
                email_status=EmailStatus.PENDING if wants_email else EmailStatus.NOT_WANTED,
            )
        )
    rows = Notification.objects.bulk_create(rows)
    pending = [(row.pk,) for row in rows if row.email_status == EmailStatus.PENDING]
    if pending:
        enqueue_many_on_commit(send_notification_email, pending)
    return rows


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
