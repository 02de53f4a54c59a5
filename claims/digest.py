"""The morning digest: what is due today and what is overdue, for each user who wants it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from claims.models import Claim
from claims.selectors import next_due
from handoffs.models import Handoff
from org.models import AbsenceCover, DigestLog, User
from org.selectors import represented_user_ids


@dataclass
class Digest:
    claims: list[Claim] = field(default_factory=list)
    my_handoffs: list[Handoff] = field(default_factory=list)
    requested_handoffs: list[Handoff] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.claims) + len(self.my_handoffs) + len(self.requested_handoffs)


def digest_for(user: User, *, now: datetime | None = None, limit: int = 50) -> Digest:
    """Open work due before tonight (overdue included) that waits on ``user``."""
    now = now or timezone.now()
    end_of_day = timezone.make_aware(
        datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min)
    )
    digest = Digest()
    if user.is_support_manager:
        represented = represented_user_ids(user, on=timezone.localdate(now))
        digest.claims = list(
            Claim.objects.open()
            .of_managers(represented)
            .annotate(next_due_at=next_due())
            .filter(next_due_at__lt=end_of_day)
            .select_related("contract__client")
            .order_by("next_due_at", "pk")[:limit]
        )
        digest.requested_handoffs = list(
            Handoff.objects.open()
            .requested_for(represented)
            .filter(due_at__lt=end_of_day)
            .exclude(assignee=user)  # those are in "my hand-offs" below
            .select_related("department", "assignee")
            .order_by("due_at", "pk")[:limit]
        )
    mine = Q(assignee=user)
    if user.is_department_head:
        mine |= Q(department_id=user.department_id, assignee__isnull=True)
    digest.my_handoffs = list(
        Handoff.objects.open()
        .filter(mine, due_at__lt=end_of_day)
        .select_related("department", "contract__client")
        .order_by("due_at", "pk")[:limit]
    )
    return digest


def send_digest(user: User, *, now: datetime | None = None) -> int:
    """Send ``user`` today's digest once; returns how many items it listed (0: none sent)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if AbsenceCover.objects.active_on(today).filter(absent=user).exists():
        return 0  # away: the cover's digest carries their work
    digest = digest_for(user, now=now)
    try:
        with transaction.atomic():
            # The log row first: a second run for the same day stops at the constraint.
            DigestLog.objects.create(user=user, day=today, items=len(digest))
            if digest:
                _digest_email(user, digest, now).send()
    except IntegrityError:
        return 0
    return len(digest)


def _digest_email(user: User, digest: Digest, now: datetime) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "digest": digest,
            "now": now,
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        subject = render_to_string("claims/email/digest_subject.txt", context).strip()
        body = render_to_string("claims/email/digest_body.txt", context)
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )


def digest_recipients() -> QuerySet[User]:
    return User.objects.filter(is_active=True, daily_digest=True).exclude(email="")
