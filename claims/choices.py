"""The claim's choices and the orders its lists sort by (integer ranks and the due time an
open claim waits on), which the lists and their indexes in `claims.models` share."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from contracts.models import Priority


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    MESSENGER = "messenger", _("Messenger")


class Category(models.TextChoices):
    SERVICE_QUALITY = "service_quality", _("Service quality")
    STAFF_ABSENCE = "staff_absence", _("Staff absence")
    STAFF_CONDUCT = "staff_conduct", _("Staff conduct")
    SAFETY = "safety", _("Safety")
    EQUIPMENT = "equipment", _("Equipment")
    BILLING = "billing", _("Billing")
    OTHER = "other", _("Other")


class Shift(models.TextChoices):
    """The shift of a post a claim concerns (which shifts a post has: `claims.posts`)."""

    DAY = "day", _("Day shift")
    NIGHT = "night", _("Night shift")
    ROUND_THE_CLOCK = "24h", _("24-hour shift")


class ClaimStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    # The ball is in the client's court: the fix clock stands still (`claims.services.waiting`).
    WAITING = "waiting", _("Waiting for the client")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# The open statuses in which the fix clock runs.
FIX_CLOCK_RUNS = (ClaimStatus.NEW, ClaimStatus.IN_PROGRESS)
OPEN_CLAIM_STATUSES = (ClaimStatus.NEW, ClaimStatus.IN_PROGRESS, ClaimStatus.WAITING)

# The list sorts priority by severity (most severe last, first when descending) and status
# by the workflow's order: integer ranks, not the alphabet of the stored values.
SEVERITY: dict[str, int] = {
    Priority.LOW: 0,
    Priority.NORMAL: 1,
    Priority.HIGH: 2,
    Priority.CRITICAL: 3,
}
STATUS_ORDER: dict[str, int] = {
    ClaimStatus.NEW: 0,
    ClaimStatus.IN_PROGRESS: 1,
    ClaimStatus.RESOLVED: 2,
    ClaimStatus.CLOSED: 3,
}


def rank(field: str, ranks: dict[str, int]) -> Case:
    """``field``'s value as its integer rank; the list's sorts and their indexes share it."""
    return Case(
        *(When(**{field: value}, then=Value(number)) for value, number in ranks.items()),
        default=Value(-1),
        output_field=IntegerField(),
    )


def severity() -> Case:
    return rank("priority", SEVERITY)


def status_rank() -> Case:
    return rank("status", STATUS_ORDER)


def next_due() -> Case:
    """The due time an open claim waits on: its response while unanswered, then its fix."""
    return Case(
        When(responded_at__isnull=True, then=F("response_due_at")),
        default=F("resolution_due_at"),
    )
