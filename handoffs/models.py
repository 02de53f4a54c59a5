from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Self

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.archiving import ArchivableModel, ArchivableQuerySet
from org.links import record_url
from org.models import ActedEvent, Comment, DepartmentCode, User
from org.visibility import visible_rows


class Kind(models.TextChoices):
    # production
    SITE_SURVEY = "site_survey", _("Site survey")
    TECHNICAL_PARAMETERS = "technical_parameters", _("Technical parameters")
    CLAIM_FIX = "claim_fix", _("Claim fix")
    AGREEMENT_CONFIRMATION = "agreement_confirmation", _("Confirmation of an agreement")
    OBLIGATIONS_CHECK = "obligations_check", _("Obligations check at termination")
    # HR
    STAFFING_REQUEST = "staffing_request", _("Staffing request")
    STAFF_REPLACEMENT = "staff_replacement", _("Staff replacement on a site")
    RELEASE_OF_WORKERS = "release_of_workers", _("Expiry warning and release of workers")
    # accounting
    BILLING_DATA = "billing_data", _("Billing data for invoices and acts")
    PAYMENT_QUERY = "payment_query", _("Query on payments of past periods")
    FINAL_SETTLEMENT = "final_settlement", _("Final settlement")
    # quality
    QUALITY_IMPROVEMENT = "quality_improvement", _("Quality-system improvement")
    CLAIM_REVIEW = "claim_review", _("Claim review")
    QUALITY_AUDIT = "quality_audit", _("Quality audit of a site with recurring claims")
    # legal
    CONTRACT_REVIEW = "contract_review", _("Contract review")
    LEGAL_QUESTION = "legal_question", _("Obligation or dispute question")
    # sales
    DEAL_HANDOVER = "deal_handover", _("Handover of a concluded deal")
    # the manager's own follow-up
    EXTENSION_OPPORTUNITY = "extension_opportunity", _("Extension opportunity")
    # any department
    INFORMATION_REQUEST = "information_request", _("Request for information or statistics")


# Which kinds each department takes; None: any department.
KIND_DEPARTMENTS: dict[str, frozenset[str] | None] = {
    Kind.SITE_SURVEY: frozenset({DepartmentCode.PRODUCTION}),
    Kind.TECHNICAL_PARAMETERS: frozenset({DepartmentCode.PRODUCTION}),
    Kind.CLAIM_FIX: None,
    Kind.AGREEMENT_CONFIRMATION: frozenset({DepartmentCode.PRODUCTION}),
    Kind.OBLIGATIONS_CHECK: frozenset({DepartmentCode.PRODUCTION}),
    Kind.STAFFING_REQUEST: frozenset({DepartmentCode.HR}),
    Kind.STAFF_REPLACEMENT: frozenset({DepartmentCode.HR}),
    Kind.RELEASE_OF_WORKERS: frozenset({DepartmentCode.HR}),
    Kind.BILLING_DATA: frozenset({DepartmentCode.ACCOUNTING}),
    Kind.PAYMENT_QUERY: frozenset({DepartmentCode.ACCOUNTING}),
    Kind.FINAL_SETTLEMENT: frozenset({DepartmentCode.ACCOUNTING}),
    Kind.QUALITY_IMPROVEMENT: frozenset({DepartmentCode.QUALITY}),
    Kind.CLAIM_REVIEW: frozenset({DepartmentCode.QUALITY}),
    Kind.QUALITY_AUDIT: frozenset({DepartmentCode.QUALITY}),
    Kind.CONTRACT_REVIEW: frozenset({DepartmentCode.LEGAL}),
    Kind.LEGAL_QUESTION: frozenset({DepartmentCode.LEGAL}),
    Kind.DEAL_HANDOVER: frozenset({DepartmentCode.SALES}),
    Kind.INFORMATION_REQUEST: None,
}

# Kinds that are a manager's own follow-up, assigned to them and to no department.
PERSONAL_KINDS = frozenset({Kind.EXTENSION_OPPORTUNITY})


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)


class HandoffQuerySet(ArchivableQuerySet):
    def visible_to(self, user: User | AnonymousUser, *, archived: bool | None = False) -> Self:
        """Department members see their department's hand-offs; managers the ones on
        their portfolio and the ones they (or those they cover) requested; directors all."""
        return visible_rows(
            self,
            user,
            archived=archived,
            portfolio=lambda managers: (
                Q(requested_by_id__in=managers)
                | Q(on_behalf_of_id__in=managers)
                | Q(assignee_id__in=managers)
                | Q(contract__manager_id__in=managers)
                | Q(client__account_manager_id__in=managers)
            ),
            department=lambda department_id: Q(department_id=department_id),
        )

    def requested_for(self, manager_ids: Iterable[int]) -> Self:
        """The one meaning of "hand-offs I requested": asked for by one of these managers
        (mine and my covers'), filed for one of them by a cover, or a follow-up set up for
        one of them (personal kinds, assigned to the manager)."""
        return self.filter(
            Q(requested_by_id__in=manager_ids)
            | Q(on_behalf_of_id__in=manager_ids)
            | Q(kind__in=PERSONAL_KINDS, assignee_id__in=manager_ids)
        )

    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now: datetime.datetime | None = None) -> Self:
        return self.open().filter(due_at__lt=now or timezone.now())


class Handoff(ArchivableModel):
    """A piece of work one person asks of a department, with a due date and a result."""

    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="handoffs",
        null=True,
        blank=True,
        help_text=_("Empty for a manager's own follow-up, which has an assignee instead."),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    details = models.TextField(_("details"), blank=True)
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="handoffs",
        null=True,
        blank=True,
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="handoffs",
        null=True,
        blank=True,
    )
    claim = models.ForeignKey(
        "claims.Claim",
        verbose_name=_("claim"),
        on_delete=models.PROTECT,
        related_name="handoffs",
        null=True,
        blank=True,
    )
    requested_by = models.ForeignKey(
        "org.User",
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="requested_handoffs",
    )
    on_behalf_of = models.ForeignKey(
        "org.User",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    assignee = models.ForeignKey(
        "org.User",
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="assigned_handoffs",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    due_at = models.DateTimeField(_("due"))
    result = models.TextField(_("result"), blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = HandoffQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False) | Q(assignee__isnull=False),
                name="handoff_has_department_or_assignee",
            )
        ]
        # Each index matches one inbox tab's filter and its (due_at, id) keyset order.
        # (Measured on the bench data: the partial indexes below serve the department's
        # open tabs, and the contract's own foreign-key index its page.)
        indexes = [
            models.Index(
                fields=["assignee", "status", "due_at", "id"], name="handoff_assignee_status_due"
            ),
            models.Index(
                fields=["department", "completed_at", "id"], name="handoff_dept_completed"
            ),
            # A member's done tab, newest first.
            models.Index(
                fields=["assignee", "completed_at", "id"],
                condition=Q(status__in=(Status.DONE, Status.DECLINED)),
                name="handoff_assignee_completed",
            ),
            models.Index(
                fields=["requested_by", "status", "due_at"], name="handoff_requester_status_due"
            ),
            # Partial indexes over open work only, in the inbox's (due_at, id) order: a
            # page is a short index range even with millions of finished rows, where
            # `status IN (open, in progress)` on the indexes above forces a sort.
            models.Index(
                fields=["department", "due_at", "id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="handoff_open_dept_due",
            ),
            models.Index(
                fields=["department", "due_at", "id"],
                condition=Q(status__in=OPEN_STATUSES, assignee__isnull=True),
                name="handoff_open_unassigned_due",
            ),
            models.Index(
                fields=["assignee", "due_at", "id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="handoff_open_assignee_due",
            ),
            # My work's open hand-offs a manager asked for, longest waiting first: the
            # requester, the cover and the follow-up branches of `requested_for` are an OR
            # no single index orders, so the open ones are read in creation order.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="handoff_open_created",
            ),
            # Open and overdue hand-offs per department (the directors' landing, the
            # department dashboard): an index-only scan rather than a heap page per row.
            models.Index(
                fields=["department"],
                include=["id", "due_at", "archived_at", "assignee", "kind"],
                condition=Q(status__in=OPEN_STATUSES),
                name="handoff_open_figures",
            ),
        ]

    @property
    def owner_id(self):
        """Who answers for the hand-off: the manager it was filed for, else its requester."""
        return self.on_behalf_of_id or self.requested_by_id

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("handoffs:detail", self.pk)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None):
        return self.is_open and self.due_at < (now or timezone.now())


class HandoffEvent(ActedEvent):
    """One transition of a hand-off: who, from which status to which, and why."""

    handoff = models.ForeignKey(
        Handoff, verbose_name=_("hand-off"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    assignee = models.ForeignKey(
        "org.User",
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta(ActedEvent.Meta):
        verbose_name = _("hand-off event")
        verbose_name_plural = _("hand-off events")

    def __str__(self):
        return f"{self.handoff_id}: {self.from_status} → {self.to_status}"


class HandoffComment(Comment):
    handoff = models.ForeignKey(
        Handoff, verbose_name=_("hand-off"), on_delete=models.CASCADE, related_name="comments"
    )


def attachment_upload_to(instance, filename):
    return f"handoffs/{instance.handoff_id}/{filename}"


class HandoffAttachment(models.Model):
    handoff = models.ForeignKey(
        Handoff, verbose_name=_("hand-off"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    uploaded_by = models.ForeignKey(
        "org.User", verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.file.name.rsplit("/", 1)[-1]


class EscalationLevel(models.IntegerChoices):
    DEPARTMENT = 1, _("Assignee and department head")
    DIRECTOR = 2, _("Executive director")


class Escalation(models.Model):
    """That an overdue hand-off or claim was escalated to one level.

    The partial unique constraints make each level happen once per item, whatever
    retries or a second scheduler do: the row is written before anyone is told.
    """

    handoff = models.ForeignKey(
        Handoff,
        verbose_name=_("hand-off"),
        on_delete=models.CASCADE,
        related_name="escalations",
        null=True,
        blank=True,
    )
    claim = models.ForeignKey(
        "claims.Claim",
        verbose_name=_("claim"),
        on_delete=models.CASCADE,
        related_name="escalations",
        null=True,
        blank=True,
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=EscalationLevel.choices)
    due_at = models.DateTimeField(_("was due"))
    created_at = models.DateTimeField(_("escalated at"), default=timezone.now)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["handoff", "level", "due_at"],
                condition=Q(handoff__isnull=False),
                name="one_escalation_per_handoff_level",
            ),
            models.UniqueConstraint(
                fields=["claim", "level", "due_at"],
                condition=Q(claim__isnull=False),
                name="one_escalation_per_claim_level",
            ),
            models.CheckConstraint(
                condition=Q(handoff__isnull=False, claim__isnull=True)
                | Q(handoff__isnull=True, claim__isnull=False),
                name="escalation_of_handoff_or_claim",
            ),
        ]

    def __str__(self):
        return f"{self.handoff_id or self.claim_id}: {self.level}"


# The deal-handover kind's own fields, registered with the app from here.
from handoffs.handover_models import DealHandover as DealHandover  # noqa: E402
