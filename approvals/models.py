"""Requests a manager puts to the directors: plans, reports, extra funds, proposals, notices."""

import uuid
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from org.models import ActedEvent
from org.roles import DIRECTOR_ROLES, Role
from org.versioning import VersionedModel


class Kind(models.TextChoices):
    WORK_PLAN = "work_plan", _("Work plan")
    REPORT = "report", _("Report on work done")
    EXTRA_FUNDS = "extra_funds", _("Extra-funds request")
    PROPOSAL = "proposal", _("Proposal")
    SHORTCOMINGS_NOTICE = (
        "shortcomings_notice",
        _("Notice of shortcomings in the work with clients"),
    )
    # The job description's 3.3: the manager may require the working conditions the job
    # needs (premises, a workplace, equipment) from the executive director.
    WORKING_CONDITIONS = "working_conditions", _("Request about working conditions")
    # A contract's monthly report to its client (the `reports` app writes it): approved
    # before it goes out.
    CLIENT_REPORT = "client_report", _("Monthly client report")


PERIOD_KINDS = frozenset({Kind.WORK_PLAN, Kind.REPORT, Kind.CLIENT_REPORT})
# Requests written on a screen of their own (the client report's page), never through the
# generic request forms: the manager's request screens send them there.
WRITTEN_ELSEWHERE = frozenset({Kind.CLIENT_REPORT})


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for revision")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class Action(models.TextChoices):
    EDIT = "edit", _("Edit")
    SUBMIT = "submit", _("Submit")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    RETURN = "return", _("Return for revision")
    ACKNOWLEDGE = "acknowledge", _("Acknowledge")


# What the timeline says happened: the action in the past tense ("Submitted"), never the
# button's imperative followed by the statuses ("Submit Draft → Submitted").
ACTION_DONE: dict[str, str | Promise] = {
    Action.EDIT: pgettext_lazy("request event", "Edited"),
    Action.SUBMIT: pgettext_lazy("request event", "Submitted"),
    Action.APPROVE: pgettext_lazy("request event", "Approved"),
    Action.REJECT: pgettext_lazy("request event", "Rejected"),
    Action.RETURN: pgettext_lazy("request event", "Returned for revision"),
    Action.ACKNOWLEDGE: pgettext_lazy("request event", "Acknowledged"),
}


# The moves between these statuses are the table in `approvals.transitions`.
OPEN_STATUSES = (Status.DRAFT, Status.RETURNED)
DECIDED_STATUSES = (Status.APPROVED, Status.REJECTED, Status.ACKNOWLEDGED)


STATUS_BADGES: dict[str, str] = {
    Status.DRAFT: "text-bg-secondary",
    Status.SUBMITTED: "text-bg-primary",
    Status.APPROVED: "text-bg-success",
    Status.REJECTED: "text-bg-danger",
    Status.RETURNED: "text-bg-warning",
    Status.ACKNOWLEDGED: "text-bg-info",
}


class ApproverRole(models.TextChoices):
    EXECUTIVE_DIRECTOR = Role.EXECUTIVE_DIRECTOR.value, Role.EXECUTIVE_DIRECTOR.label
    GENERAL_DIRECTOR = Role.GENERAL_DIRECTOR.value, Role.GENERAL_DIRECTOR.label


class ApprovalRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Directors see every request; a manager theirs and those of the managers they cover."""
        from org.selectors import represented_user_ids

        if not user.is_authenticated:
            return self.none()
        if user.is_director or user.is_superuser:
            return self
        represented = represented_user_ids(user)
        return self.filter(Q(author_id__in=represented) | Q(on_behalf_of_id__in=represented))

    def awaiting_decision_by(self, user):
        """Submitted requests whose current step waits for one of ``user``'s director roles,
        leaving out their own (nobody decides their own request)."""
        roles = [role for role in user.roles if role in DIRECTOR_ROLES]
        if not roles:
            return self.none()
        return (
            self.filter(status=Status.SUBMITTED, current_approver_role__in=roles)
            .exclude(author_id=user.pk)
            .exclude(on_behalf_of_id=user.pk)
        )


class ApprovalRequest(VersionedModel):
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    content = models.TextField(_("content"), blank=True)
    period_type = models.CharField(
        _("period type"), max_length=10, choices=PeriodType.choices, blank=True
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount, UAH"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="approval_requests",
        null=True,
        blank=True,
    )
    # The report's figures as the data said when they were drafted: what is approved is this.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    figures_computed_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        "org.User",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="approval_requests",
    )
    on_behalf_of = models.ForeignKey(
        "org.User",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The absent manager the author wrote it for, as their cover."),
    )
    # Which director the request waits for now; kept on the row (not derived from the
    # steps) so that "awaiting my decision" is one indexed filter.
    current_approver_role = models.CharField(
        _("waits for"), max_length=30, choices=ApproverRole.choices, blank=True
    )
    round = models.PositiveSmallIntegerField(
        _("submission"), default=0, help_text=_("How many times it was submitted.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApprovalRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request to the directors")
        verbose_name_plural = _("requests to the directors")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["status", "current_approver_role", "submitted_at"],
                name="approval_awaiting",
            ),
            models.Index(fields=["author", "status", "created_at"], name="approval_author"),
            # The admin's list, latest submitted first.
            models.Index(fields=["submitted_at", "id"], name="approval_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="approval_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return reverse("approvals:detail", kwargs={"pk": self.pk})

    @property
    def owner(self):
        """The manager whose request this is: the absent one, when a cover wrote it."""
        return self.on_behalf_of or self.author

    @property
    def owner_id(self):
        return self.on_behalf_of_id or self.author_id

    @property
    def has_period(self):
        return self.kind in PERIOD_KINDS

    @property
    def status_badge(self):
        return STATUS_BADGES[self.status]


class Decision(models.TextChoices):
    APPROVE = Action.APPROVE.value, _("Approved")
    REJECT = Action.REJECT.value, _("Rejected")
    RETURN = Action.RETURN.value, _("Returned for revision")
    ACKNOWLEDGE = Action.ACKNOWLEDGE.value, _("Acknowledged")


class ApprovalStep(models.Model):
    """One director's decision in the chain a submission goes through, in order."""

    request = models.ForeignKey(
        ApprovalRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="steps"
    )
    round = models.PositiveSmallIntegerField(_("submission"))
    order = models.PositiveSmallIntegerField(_("order"))
    approver_role = models.CharField(_("approver"), max_length=30, choices=ApproverRole.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        "org.User",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["request", "round", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "round", "order"], name="approval_step_unique_order"
            )
        ]
        # The directors' landing lists their latest decisions: an index range, not a
        # scan and sort of every step.
        indexes = [
            models.Index(
                "decided_by", F("decided_at").desc(), F("id").desc(), name="approval_step_decided"
            )
        ]

    def __str__(self):
        return f"{self.request_id} #{self.round}.{self.order} {self.get_approver_role_display()}"

    @property
    def is_pending(self):
        return not self.decision


class ApprovalEvent(ActedEvent):
    """One move of a request, for its timeline: who, from which status to which, and why."""

    request = models.ForeignKey(
        ApprovalRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, blank=True)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(ActedEvent.Meta):
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self):
        return f"{self.request_id}: {self.from_status} → {self.to_status}"

    @property
    def done_label(self) -> str | Promise:
        """The event in the past tense for the timeline ("Submitted", "Created")."""
        return ACTION_DONE.get(self.action) or pgettext_lazy("request event", "Created")


def attachment_upload_to(instance, filename):
    # A random folder per file: names the manager chose never collide or guess a path.
    return f"approvals/{instance.request_id}/{uuid.uuid4().hex}/{filename}"


class ApprovalAttachment(models.Model):
    request = models.ForeignKey(
        ApprovalRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_by = models.ForeignKey(
        "org.User", verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "approvals:attachment", kwargs={"pk": self.request_id, "attachment_pk": self.pk}
        )
