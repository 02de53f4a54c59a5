"""Escalation of overdue work: first to the assignee and the department head, then,
still overdue a while later, to the executive director. Each level once per item."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_noop

from handoffs.models import OPEN_STATUSES, Escalation, EscalationLevel, Handoff
from org.models import User
from org.roles import Role
from org.services import notify

logger = logging.getLogger(__name__)

HANDOFF_OVERDUE = gettext_noop("Hand-off «%(title)s» is overdue: it was due %(due)s.")
HANDOFF_STILL_OVERDUE = gettext_noop(
    "Hand-off «%(title)s» (%(department)s) is still overdue: it was due %(due)s."
)
CLAIM_OVERDUE = gettext_noop("Claim #%(number)s «%(title)s» is overdue: the fix was due %(due)s.")
CLAIM_STILL_OVERDUE = gettext_noop(
    "Claim #%(number)s «%(title)s» (%(client)s) is still overdue: the fix was due %(due)s."
)


@dataclass
class EscalationReport:
    handoffs: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0})
    claims: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0})

    def __str__(self):
        return (
            f"hand-offs escalated: {self.handoffs[1]} to departments, {self.handoffs[2]} to the "
            f"director; claims: {self.claims[1]} to departments, {self.claims[2]} to the director"
        )


def _director_after():
    return timedelta(hours=settings.ESCALATION_DIRECTOR_AFTER_HOURS)


def _executive_directors():
    return list(User.objects.filter(groups__name=Role.EXECUTIVE_DIRECTOR, is_active=True))


def _due_text(due_at):
    return f"{timezone.localtime(due_at):%d.%m.%Y %H:%M}"


def _record(**kwargs) -> bool:
    """Write the escalation row; False if another run wrote it first."""
    try:
        with transaction.atomic():
            Escalation.objects.create(**kwargs)
    except IntegrityError:
        return False
    return True


def _escalate_handoff(handoff, level, directors) -> bool:
    with transaction.atomic():
        if not _record(handoff=handoff, level=level, due_at=handoff.due_at):
            return False
        params = {"title": handoff.title, "due": _due_text(handoff.due_at)}
        url = handoff.get_absolute_url()
        if level == EscalationLevel.DEPARTMENT:
            recipients = {handoff.assignee, handoff.department.head if handoff.department else None}
            recipients.discard(None)
            if not recipients:  # a personal follow-up without anyone else: its requester
                recipients = {handoff.requested_by}
            for user in recipients:
                notify(recipient=user, message=HANDOFF_OVERDUE, params=params, url=url)
        else:
            params["department"] = str(handoff.department or handoff.assignee)
            for director in directors:
                notify(recipient=director, message=HANDOFF_STILL_OVERDUE, params=params, url=url)
    return True


def _escalate_claim(claim, level, directors) -> bool:
    with transaction.atomic():
        if not _record(claim=claim, level=level, due_at=claim.resolution_due_at):
            return False
        params = {
            "number": claim.pk,
            "title": claim.subject,
            "due": _due_text(claim.resolution_due_at),
            "client": str(claim.contract.client),
        }
        url = claim.get_absolute_url()
        if level == EscalationLevel.DEPARTMENT:
            recipients = {claim.contract.manager}
            for handoff in claim.handoffs.all():
                if handoff.status in OPEN_STATUSES:
                    recipients.add(handoff.assignee)
                    recipients.add(handoff.department.head if handoff.department else None)
            recipients.discard(None)
            for user in recipients:
                notify(recipient=user, message=CLAIM_OVERDUE, params=params, url=url)
        else:
            for director in directors:
                notify(recipient=director, message=CLAIM_STILL_OVERDUE, params=params, url=url)
    return True


def escalate_overdue(*, now=None) -> EscalationReport:
    """Escalate every overdue open hand-off and claim that has not reached its level yet."""
    now = now or timezone.now()
    report = EscalationReport()
    directors = _executive_directors()
    late = now - _director_after()
    overdue_handoffs = Handoff.objects.filter(
        status__in=OPEN_STATUSES, due_at__lt=now
    ).select_related("department__head", "assignee", "requested_by")
    for level, queryset in (
        (EscalationLevel.DEPARTMENT, overdue_handoffs),
        (EscalationLevel.DIRECTOR, overdue_handoffs.filter(due_at__lt=late)),
    ):
        done = Escalation.objects.filter(
            handoff=OuterRef("pk"), level=level, due_at=OuterRef("due_at")
        )
        pending = queryset.exclude(Exists(done))
        for handoff in pending.iterator(chunk_size=500):
            if _escalate_handoff(handoff, level, directors):
                report.handoffs[level] += 1

    Claim = apps.get_model("claims", "Claim")
    overdue_claims = (
        Claim.objects.open()
        .filter(resolution_due_at__lt=now)
        .select_related("contract__manager", "contract__client")
        .prefetch_related("handoffs__department__head", "handoffs__assignee")
    )
    for level, queryset in (
        (EscalationLevel.DEPARTMENT, overdue_claims),
        (EscalationLevel.DIRECTOR, overdue_claims.filter(resolution_due_at__lt=late)),
    ):
        done = Escalation.objects.filter(
            claim=OuterRef("pk"), level=level, due_at=OuterRef("resolution_due_at")
        )
        pending = queryset.exclude(Exists(done))
        for claim in pending.iterator(chunk_size=500):
            if _escalate_claim(claim, level, directors):
                report.claims[level] += 1
    logger.info("Escalation: %s", report)
    return report
