"""Escalation of claims past their fix time (in working time on the contract's calendar): first to the manager, and the assignees and
heads of the departments still working on them; then, still overdue a while later, to the
executive director. Each level once per claim and due time, as for hand-offs
(`handoffs.escalation`, whose escalation rows and rules this shares).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_noop

from claims.models import FIX_CLOCK_RUNS, Claim
from contracts.selectors import calendar_for_contract
from handoffs.escalation import (
    Counts,
    counts_text,
    director_after,
    due_text,
    executive_directors,
    late_enough,
    no_escalations,
    record_escalation,
)
from handoffs.models import OPEN_STATUSES, Escalation, EscalationLevel
from org.models import User
from org.services import notify

logger = logging.getLogger(__name__)

CLAIM_OVERDUE = gettext_noop("Claim #%(number)s «%(title)s» is overdue: the fix was due %(due)s.")
CLAIM_STILL_OVERDUE = gettext_noop(
    "Claim #%(number)s «%(title)s» (%(client)s) is still overdue: the fix was due %(due)s."
)


@dataclass
class ClaimEscalationReport:
    claims: Counts = field(default_factory=no_escalations)

    def __str__(self) -> str:
        return f"claims escalated: {counts_text(self.claims)}"


def _department_recipients(claim: Claim) -> set[User]:
    """The manager, and whoever works on the claim's open hand-offs and their heads."""
    recipients: set[User | None] = {claim.contract.manager}
    for handoff in claim.handoffs.all():
        if handoff.status in OPEN_STATUSES:
            recipients.add(handoff.assignee)
            recipients.add(handoff.department.head if handoff.department else None)
    return {user for user in recipients if user is not None}


def _escalate_claim(claim: Claim, level: int, directors: list[User]) -> bool:
    with transaction.atomic():
        if not record_escalation(claim_id=claim.pk, level=level, due_at=claim.resolution_due_at):
            return False
        params = {
            "number": claim.pk,
            "title": claim.subject,
            "due": due_text(claim.resolution_due_at),
            "client": str(claim.contract.client),
        }
        url = claim.get_absolute_url()
        if level == EscalationLevel.DEPARTMENT:
            for user in _department_recipients(claim):
                notify(recipient=user, message=CLAIM_OVERDUE, params=params, url=url)
        else:
            for director in directors:
                notify(recipient=director, message=CLAIM_STILL_OVERDUE, params=params, url=url)
    return True


def escalate_overdue_claims(*, now: datetime.datetime | None = None) -> ClaimEscalationReport:
    """Escalate every open claim past its fix time that has not reached its level yet."""
    now = now or timezone.now()
    report = ClaimEscalationReport()
    directors = executive_directors()
    overdue = (
        # A claim waiting for the client is not late: its fix clock stands still.
        Claim.objects.filter(status__in=FIX_CLOCK_RUNS, resolution_due_at__lt=now)
        .select_related("contract__manager", "contract__client")
        .prefetch_related("handoffs__department__head", "handoffs__assignee")
    )
    for level, queryset in (
        (EscalationLevel.DEPARTMENT, overdue),
        (EscalationLevel.DIRECTOR, overdue.filter(resolution_due_at__lt=now - director_after())),
    ):
        done = Escalation.objects.filter(
            claim=OuterRef("pk"), level=level, due_at=OuterRef("resolution_due_at")
        )
        for claim in queryset.exclude(Exists(done)).iterator(chunk_size=500):
            if not late_enough(
                calendar_for_contract(claim.contract), claim.resolution_due_at, now, level
            ):
                continue
            if _escalate_claim(claim, level, directors):
                report.claims[level] += 1
    logger.info("Escalation: %s", report)
    return report
