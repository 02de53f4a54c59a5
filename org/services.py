"""Business actions of the organisation app: notifications and absence covers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, TypedDict, Unpack

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.errors import DomainError
from org.models import AbsenceCover, EmailStatus, Notification, User
from org.records import lock_row, model_update, save_with_history
from org.selectors import resolve_recipient
from org.tasks_queue import enqueue_many_on_commit, enqueue_on_commit


@transaction.atomic
def notify(
    *,
    recipient: User,
    message: str,
    params: dict[str, Any] | None = None,
    url: str = "",
    email: bool = True,
) -> Notification:
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
    params: dict[str, Any] = field(default_factory=dict)
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
    covers: dict[int, User] = {}
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


def user_set_notification_preferences(
    *, actor: User, email_notifications: bool, daily_digest: bool
) -> None:
    actor.email_notifications = email_notifications
    actor.daily_digest = daily_digest
    actor.save(update_fields=["email_notifications", "daily_digest"])


def notification_mark_read(*, actor: User, notification: Notification) -> None:
    # A conditional update: marking read twice (two tabs, a double click) is harmless.
    Notification.objects.filter(pk=notification.pk, recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_mark_all_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- absence covers -------------------------------------------------------------------------

ABSENCE_COVER_FIELDS = ("absent", "cover", "starts_on", "ends_on", "reason")


class AbsenceCoverChanges(TypedDict, total=False):
    absent: User
    cover: User
    starts_on: datetime.date
    ends_on: datetime.date
    reason: str


def absence_cover_refusals(
    *,
    absent: User | None,
    cover: User | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    excluding: int | None = None,
) -> list[DomainError]:
    """Every reason to refuse this cover (``excluding``: the cover being changed), the
    field concerned as each error's code; an empty list when it may be recorded.

    The form shows them all at once with the values it has; the services refuse with the
    first. The overlaps are looked at only once the people and the dates are sound.
    """
    refusals = _absence_cover_shape_refusals(absent, cover, starts_on, ends_on)
    if refusals or absent is None or cover is None or starts_on is None or ends_on is None:
        return refusals
    return _absence_cover_overlap_refusals(absent, cover, starts_on, ends_on, excluding)


def _absence_cover_shape_refusals(
    absent: User | None,
    cover: User | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> list[DomainError]:
    refusals = []
    if absent is not None and not _is_active_manager(absent):
        refusals.append(
            DomainError(_("Only an active support manager can be covered."), code="absent")
        )
    if cover is not None and not _is_active_manager(cover):
        refusals.append(DomainError(_("Only an active support manager can cover."), code="cover"))
    if absent is not None and absent == cover:
        refusals.append(DomainError(_("A manager cannot cover for themself."), code="cover"))
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        refusals.append(DomainError(_("The absence cannot end before it starts."), code="ends_on"))
    return refusals


def _is_active_manager(user: User) -> bool:
    return user.is_active and user.is_support_manager


def _absence_cover_overlap_refusals(
    absent: User,
    cover: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    excluding: int | None,
) -> list[DomainError]:
    overlapping = AbsenceCover.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if excluding is not None:
        overlapping = overlapping.exclude(pk=excluding)
    clash = overlapping.filter(absent=absent).first()
    if clash:
        # Said alone: a second cover for the same absence is the whole problem.
        message = _("%(manager)s already has a cover for %(start)s–%(end)s.") % {
            "manager": absent,
            "start": f"{clash.starts_on:%d.%m.%Y}",
            "end": f"{clash.ends_on:%d.%m.%Y}",
        }
        return [DomainError(message, code="overlap")]
    refusals = []
    if overlapping.filter(absent=cover).exists():
        refusals.append(
            DomainError(_("This manager is away themself during that time."), code="cover")
        )
    if overlapping.filter(cover=absent).exists():
        refusals.append(
            DomainError(_("This manager covers for someone else during that time."), code="absent")
        )
    return refusals


def _ensure_may_assign_covers(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise DomainError(_("You may not assign absence covers."), code="forbidden")


def _lock_people(*people: User) -> None:
    # Every overlap rule is about a person both covers share: with their user rows locked
    # (in id order, so two saves cannot wait on each other), two covers saved at once
    # cannot both pass the checks.
    for pk in sorted({person.pk for person in people}):
        lock_row(User.objects.all(), pk=pk)


def _ensure_absence_cover_allowed(record: AbsenceCover) -> None:
    _lock_people(record.absent, record.cover)
    refusals = absence_cover_refusals(
        absent=record.absent,
        cover=record.cover,
        starts_on=record.starts_on,
        ends_on=record.ends_on,
        excluding=record.pk,
    )
    if refusals:
        raise refusals[0]


@transaction.atomic
def absence_cover_create(
    *,
    actor: User,
    absent: User,
    cover: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
) -> AbsenceCover:
    """``cover`` acts for ``absent`` from ``starts_on`` to ``ends_on``, both included.

    Refused (DomainError, the field concerned as its code) unless both are active support
    managers, distinct, the dates in order, ``absent`` has no other cover then, ``cover``
    is not away then, and ``absent`` covers nobody then.
    """
    _ensure_may_assign_covers(actor, "org.add_absencecover")
    record = AbsenceCover(
        absent=absent,
        cover=cover,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        created_by=actor,
    )
    _ensure_absence_cover_allowed(record)
    return save_with_history(record, actor=actor, clean=True)


@transaction.atomic
def absence_cover_update(
    *, actor: User, absence_cover: AbsenceCover, **changes: Unpack[AbsenceCoverChanges]
) -> AbsenceCover:
    """Change a cover's people, dates or reason under the rules of `absence_cover_create`."""
    _ensure_may_assign_covers(actor, "org.change_absencecover")
    stored = lock_row(AbsenceCover.objects.all(), pk=absence_cover.pk)
    current = {name: getattr(stored, name) for name in ABSENCE_COVER_FIELDS}
    # The rules judge the cover as it would be; the stored row changes only if they pass.
    _ensure_absence_cover_allowed(AbsenceCover(pk=stored.pk, **{**current, **changes}))
    model_update(stored, fields=ABSENCE_COVER_FIELDS, data=changes, actor=actor, clean=True)
    return stored
