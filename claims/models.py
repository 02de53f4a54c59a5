from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The choices and orders live in claims.choices; every caller imports them from here.
from claims.choices import (
    FIX_CLOCK_RUNS,
    OPEN_CLAIM_STATUSES,
    Category,
    Channel,
    ClaimStatus,
    Shift,
    next_due,
    severity,
    status_rank,
)
from contracts.models import Priority
from org.archiving import ArchivableModel, ArchivableQuerySet
from org.links import record_url
from org.models import ActedEvent, Comment
from org.visibility import visible_rows

if TYPE_CHECKING:
    from claims.selectors import Clock
    from handoffs.models import Handoff
    from handoffs.waiting import Waiting


def late(now: datetime) -> Q:
    """An open claim's condition of being overdue at ``now`` (`ClaimQuerySet.overdue`): for
    counting overdue claims among open ones in the same scan."""
    return Q(resolution_due_at__lt=now, status__in=FIX_CLOCK_RUNS) | Q(
        responded_at__isnull=True, response_due_at__lt=now
    )


class ClaimQuerySet(ArchivableQuerySet):
    def visible_to(self, user, *, archived=False):
        """Department members see claims routed to their department; managers their
        portfolio's (and those they cover); directors all."""
        from handoffs.models import Handoff

        return visible_rows(
            self,
            user,
            archived=archived,
            portfolio=lambda managers: (
                Q(contract__manager_id__in=managers) | Q(registered_by_id__in=managers)
            ),
            department=lambda department_id: Q(
                Exists(Handoff.objects.filter(department_id=department_id, claim_id=OuterRef("pk")))
            ),
        )

    def of_managers(self, manager_ids):
        """Claims on the contracts of these managers (mine and my covers')."""
        return self.filter(contract__manager_id__in=manager_ids)

    def open(self):
        return self.filter(status__in=OPEN_CLAIM_STATUSES)

    def overdue(self, now=None):
        """Open claims past their fix time (not while waiting for the client: that clock
        stands still), or past their response time unanswered."""
        return self.open().filter(late(now or timezone.now()))

    def routed_to(self, department):
        """Claims with a hand-off to ``department``."""
        from handoffs.models import Handoff

        return self.filter(
            Exists(Handoff.objects.filter(department=department, claim_id=OuterRef("pk")))
        )


class Claim(ArchivableModel):
    """A client's complaint about the service on a contract (скарга), or a formal claim (претензія)."""

    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="claims",
    )
    site = models.ForeignKey(
        "clients.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="claims",
        null=True,
        blank=True,
    )
    reported_by = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        related_name="claims",
        null=True,
        blank=True,
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.PHONE
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    priority = models.CharField(
        _("priority"), max_length=20, choices=Priority.choices, default=Priority.NORMAL
    )
    subject = models.CharField(_("subject"), max_length=255)
    description = models.TextField(_("description"))
    is_formal = models.BooleanField(
        _("formal written claim"),
        default=False,
        help_text=_("A претензія: carries the contract's answer deadline."),
    )
    formal_number = models.CharField(_("number of the formal claim"), max_length=50, blank=True)
    formal_amount = models.DecimalField(
        _("amount claimed, UAH"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW
    )
    registered_by = models.ForeignKey(
        "org.User",
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="registered_claims",
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    response_due_at = models.DateTimeField(_("response due"))
    resolution_due_at = models.DateTimeField(_("fix due"))
    answer_due_on = models.DateField(_("formal answer due"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    client_confirmation = models.TextField(_("client's confirmation"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("client satisfaction, 1–5"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # Promptness, derived once when the claim is responded to and resolved, kept for reports.
    time_to_respond = models.DurationField(_("time to respond"), null=True, blank=True)
    time_to_fix = models.DurationField(_("time to fix"), null=True, blank=True)
    responded_on_time = models.BooleanField(_("responded on time"), null=True, blank=True)
    fixed_on_time = models.BooleanField(_("fixed on time"), null=True, blank=True)
    # Which staffing post on the site, and which of its shifts, the claim is about.
    post = models.ForeignKey(
        "contracts.StaffingRequirement",
        verbose_name=_("post"),
        on_delete=models.SET_NULL,
        related_name="claims",
        null=True,
        blank=True,
    )
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices, blank=True)
    # Waiting for the client (`claims.services.waiting`): since when, the working time of
    # the pauses already over, and whether the manager was reminded during this one.
    paused_at = models.DateTimeField(_("waiting for the client since"), null=True, blank=True)
    paused_working_seconds = models.PositiveIntegerField(
        _("working time waited for the client, seconds"), default=0
    )
    pause_reminded = models.BooleanField(_("reminded of the wait"), default=False)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords()

    # Set on the rows of a table by `claims.selectors.with_promptness`.
    response_clock: Clock
    fix_clock: Clock
    overdue_by: timedelta | None
    # Set by `claims.selectors.with_waiting_on`.
    open_department_handoffs: list[Handoff]
    waiting_on: list[Waiting]

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "resolution_due_at", "id"], name="claim_status_due"),
            models.Index(fields=["contract", "status"], name="claim_contract_status"),
            models.Index(fields=["received_at", "id"], name="claim_received"),
            # The list filtered by status, and its open and overdue filters, newest first:
            # a page is an index range, not a sort of every open claim.
            models.Index(fields=["status", "received_at", "id"], name="claim_status_received"),
            models.Index(
                fields=["received_at", "id"],
                condition=Q(status__in=OPEN_CLAIM_STATUSES),
                name="claim_open_received",
            ),
            # The dashboards' resolved-in-a-period figures: all claims (the periodic
            # refresh) and one manager's contracts (promptness).
            models.Index(fields=["resolved_at"], name="claim_resolved"),
            models.Index(fields=["contract", "resolved_at"], name="claim_contract_resolved"),
            # The list's other sorts (`claims.listing.SORTS`): fix due, severity, status.
            models.Index(fields=["resolution_due_at", "id"], name="claim_fix_due"),
            models.Index(severity(), F("id"), name="claim_severity"),
            models.Index(status_rank(), F("id"), name="claim_status_rank"),
            # The recurring-problem rule's count and the site page's history: a site's
            # claims in a window of receipt.
            models.Index(fields=["site", "received_at"], name="claim_site_received"),
            # My work's open claims soonest due first, and those due today: an index range
            # in that order, not a sort of every open claim of the portfolio.
            models.Index(
                next_due(),
                F("id"),
                condition=Q(status__in=OPEN_CLAIM_STATUSES),
                name="claim_open_next_due",
            ),
            # The open and overdue counts (the directors' landing, the dashboards), of all
            # or of some contracts: an index-only scan, where reading the open claims' rows
            # costs a table page each (0.9 s cold at a million claims when the open ones
            # lie all over the table). PostgreSQL only; elsewhere a plain index.
            models.Index(
                fields=["status"],
                include=[
                    "id",
                    "resolution_due_at",
                    "responded_at",
                    "response_due_at",
                    "archived_at",
                ],
                condition=Q(status__in=OPEN_CLAIM_STATUSES),
                name="claim_open_figures",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="claim_satisfaction_1_to_5",
            )
        ]

    @property
    def owner_id(self):
        """The manager of the claim's contract answers for it (`org.selectors.may_act_on`)."""
        return self.contract.manager_id

    def __str__(self):
        return f"#{self.pk} {self.subject}"

    def get_absolute_url(self):
        return record_url("claims:detail", self.pk)

    @property
    def is_open(self):
        return self.status in OPEN_CLAIM_STATUSES


class RoutingRule(models.Model):
    """A claim of this category (or any formal claim) goes to this department."""

    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    formal_only = models.BooleanField(
        _("for formal claims"),
        default=False,
        help_text=_("Applies to every formal claim, whatever its category."),
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["category", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "formal_only", "department"], name="routing_rule_unique"
            ),
            models.CheckConstraint(
                condition=Q(formal_only=True) | ~Q(category=""),
                name="routing_rule_has_category_or_formal",
            ),
        ]

    def __str__(self):
        what = _("formal claim") if self.formal_only else self.get_category_display()
        return f"{what} → {self.department}"


class ClaimEventKind(models.TextChoices):
    TRANSITION = "transition", _("Status change")
    PRIORITY = "priority", _("Priority change")
    HANDOFFS_DONE = "handoffs_done", _("All hand-offs done — ready to resolve")
    DUE_RECOMPUTED = "due_recomputed", _("Due times recomputed")


class ClaimEvent(ActedEvent):
    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ClaimEventKind.choices,
        default=ClaimEventKind.TRANSITION,
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ClaimStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ClaimStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta(ActedEvent.Meta):
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")

    def __str__(self):
        return f"{self.claim_id}: {self.from_status} → {self.to_status}"


class ClaimComment(Comment):
    """An internal comment: never shown to the client."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="comments"
    )


# The models of the correspondence with the client, the claim's files and the reply
# templates (claims.correspondence), and of the recurring-problem rule (claims.recurrence),
# live beside the claim's and are registered with the app here.
from claims.correspondence import (  # noqa: E402
    ClaimAttachment as ClaimAttachment,
)
from claims.correspondence import (  # noqa: E402
    ClaimMessage as ClaimMessage,
)
from claims.correspondence import (  # noqa: E402
    ReplyTemplate as ReplyTemplate,
)
from claims.recurrence import (  # noqa: E402
    AuditedClaim as AuditedClaim,
)
from claims.recurrence import (  # noqa: E402
    QualityAudit as QualityAudit,
)
from claims.recurrence import (  # noqa: E402
    RecurrenceRule as RecurrenceRule,
)
