"""Escalation of overdue hand-offs: first to the assignee and the department head, then,
still overdue a while later, to the executive director. Each level once per item.

The rest is shared with the claims' escalation (`claims.escalation`), which sits above
hand-offs: the escalation row written once per level, the directors, the wording of a time.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_noop

from calendars.working_time import Schedule, working_time_between
from handoffs.models import OPEN_STATUSES, Escalation, EscalationLevel, Handoff
from org.models import User
from org.roles import Role
from org.selectors import calendar_for_department
from org.services import notify

logger = logging.getLogger(__name__)

HANDOFF_OVERDUE = gettext_noop("Hand-off «%(title)s» is overdue: it was due %(due)s.")
HANDOFF_STILL_OVERDUE = gettext_noop(
    "Hand-off «%(title)s» (%(department)s) is still overdue: it was due %(due)s."
)

# How many items were escalated to each level (`EscalationLevel`) in one run.
Counts = dict[int, int]


def no_escalations() -> Counts:
    return {EscalationLevel.DEPARTMENT: 0, EscalationLevel.DIRECTOR: 0}


def counts_text(counts: Counts) -> str:
    return (
        f"{counts[EscalationLevel.DEPARTMENT]} to departments, "
        f"{counts[EscalationLevel.DIRECTOR]} to the director"
    )


@dataclass
class EscalationReport:
    handoffs: Counts = field(default_factory=no_escalations)

    def __str__(self) -> str:
        return f"hand-offs escalated: {counts_text(self.handoffs)}"


def director_after() -> timedelta:
    """Still overdue this much WORKING time after its due time: the executive director hears."""
    return timedelta(hours=settings.ESCALATION_DIRECTOR_AFTER_HOURS)


def late_enough(
    schedule: Schedule, due_at: datetime.datetime, now: datetime.datetime, level: int
) -> bool:
    """Overdue by some working time (the department level) or by more than
    `director_after` of it (the director's): an item due at 18:00 on a daytime calendar
    wakes nobody at night, it escalates after 09:00. Working time never exceeds wall
    time, so the queries' wall-clock bounds are a safe first cut."""
    late = working_time_between(schedule, due_at, now)
    threshold = timedelta(0) if level == EscalationLevel.DEPARTMENT else director_after()
    return late > threshold


def executive_directors() -> list[User]:
    return list(User.objects.filter(groups__name=Role.EXECUTIVE_DIRECTOR, is_active=True))


def due_text(due_at: datetime.datetime) -> str:
    return f"{timezone.localtime(due_at):%d.%m.%Y %H:%M}"


def record_escalation(
    *,
    level: int,
    due_at: datetime.datetime,
    handoff_id: int | None = None,
    claim_id: int | None = None,
) -> bool:
    """Write the escalation row of a hand-off or a claim; False if another run wrote it first."""
    try:
        with transaction.atomic():
            Escalation.objects.create(
                handoff_id=handoff_id, claim_id=claim_id, level=level, due_at=due_at
            )
    except IntegrityError:
        return False
    return True


def _department_recipients(handoff: Handoff) -> set[User]:
    recipients = {handoff.assignee, handoff.department.head if handoff.department else None}
    found = {user for user in recipients if user is not None}
    # A personal follow-up without anyone else: its requester.
    return found or {handoff.requested_by}


def _escalate_handoff(handoff: Handoff, level: int, directors: list[User]) -> bool:
    with transaction.atomic():
        if not record_escalation(handoff_id=handoff.pk, level=level, due_at=handoff.due_at):
            return False
        params = {"title": handoff.title, "due": due_text(handoff.due_at)}
        url = handoff.get_absolute_url()
        if level == EscalationLevel.DEPARTMENT:
            for user in _department_recipients(handoff):
                notify(recipient=user, message=HANDOFF_OVERDUE, params=params, url=url)
        else:
            params["department"] = str(handoff.department or handoff.assignee)
            for director in directors:
                notify(recipient=director, message=HANDOFF_STILL_OVERDUE, params=params, url=url)
    return True


def escalate_overdue(*, now: datetime.datetime | None = None) -> EscalationReport:
    """Escalate every overdue open hand-off that has not reached its level yet."""
    now = now or timezone.now()
    report = EscalationReport()
    directors = executive_directors()
    overdue = Handoff.objects.filter(status__in=OPEN_STATUSES, due_at__lt=now).select_related(
        "department__head", "assignee", "requested_by"
    )
    for level, queryset in (
        (EscalationLevel.DEPARTMENT, overdue),
        (EscalationLevel.DIRECTOR, overdue.filter(due_at__lt=now - director_after())),
    ):
        done = Escalation.objects.filter(
            handoff=OuterRef("pk"), level=level, due_at=OuterRef("due_at")
        )
        for handoff in queryset.exclude(Exists(done)).iterator(chunk_size=500):
            schedule = calendar_for_department(handoff.department)
            if not late_enough(schedule, handoff.due_at, now, level):
                continue
            if _escalate_handoff(handoff, level, directors):
                report.handoffs[level] += 1
    logger.info("Escalation: %s", report)
    return report
