"""A contract's monthly report to its client: drafted from the data, approved by a
director (an `approvals` request of kind «client_report»), then sent as a PDF."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import Status as ApprovalStatus
from org.versioning import VersionedModel

if TYPE_CHECKING:
    from org.models import User


class ReportStatus(models.TextChoices):
    """The report's state, read from its approval request and its sendings."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SENT = "sent", _("Sent to the client")


STATUS_BADGES: dict[str, str] = {
    ReportStatus.DRAFT: "text-bg-secondary",
    ReportStatus.SUBMITTED: "text-bg-primary",
    ReportStatus.RETURNED: "text-bg-warning",
    ReportStatus.APPROVED: "text-bg-success",
    ReportStatus.REJECTED: "text-bg-danger",
    ReportStatus.SENT: "text-bg-info",
}

# Which approval statuses leave the report's text and figures open to change.
EDITABLE_APPROVAL_STATUSES = (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)


class ClientReportQuerySet(models.QuerySet["ClientReport"]):
    def visible_to(self, user: User) -> ClientReportQuerySet:
        """Directors see every report; a manager those of their portfolio and of the
        managers they cover today; nobody else any (a report speaks to the client)."""
        from org.selectors import represented_user_ids

        if not user.is_authenticated:
            return self.none()
        if user.is_director:
            return self
        if user.is_support_manager:
            return self.filter(contract__manager_id__in=represented_user_ids(user))
        return self.none()

    def with_status(self, status: str) -> ClientReportQuerySet:
        """Reports in ``status`` (a `ReportStatus`), as `ClientReport.status` reads it."""
        if status == ReportStatus.DRAFT:
            return self.filter(Q(approval__isnull=True) | Q(approval__status=ApprovalStatus.DRAFT))
        if status == ReportStatus.SENT:
            return self.filter(sent_at__isnull=False)
        if status == ReportStatus.APPROVED:
            return self.filter(approval__status=ApprovalStatus.APPROVED, sent_at__isnull=True)
        return self.filter(approval__status=status)


class ClientReport(VersionedModel):
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="client_reports",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    # The figures as the data said when they were drafted (JSON, `reports.figures`): the
    # director approves these and the client receives these, whatever changes later.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    figures_computed_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    planned = models.TextField(_("planned for the next month"), blank=True)
    approval = models.OneToOneField(
        "approvals.ApprovalRequest",
        verbose_name=_("approval request"),
        on_delete=models.PROTECT,
        related_name="client_report",
        null=True,
        blank=True,
    )
    # The PDF submitted for approval, kept as the request's attachment: the one sent.
    pdf = models.OneToOneField(
        "approvals.ApprovalAttachment",
        verbose_name=_("PDF"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    drafted_by = models.ForeignKey(
        "org.User",
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty: drafted by the monthly job."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("first sent at"), null=True, blank=True)

    objects = ClientReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("client report")
        verbose_name_plural = _("client reports")
        ordering = ["-month", "-id"]
        constraints = [
            # The monthly job may run twice (a duplicate beat, a retry): one report a month.
            models.UniqueConstraint(fields=["contract", "month"], name="one_client_report_a_month")
        ]
        indexes = [models.Index(fields=["month", "id"], name="client_report_month")]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.month:%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"pk": self.pk})

    @property
    def owner_id(self) -> int:
        """The contract's manager answers for the report (`org.selectors.may_act_on`)."""
        return self.contract.manager_id

    @property
    def month_end(self) -> datetime.date:
        following = (self.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)

    @property
    def status(self) -> str:
        if self.sent_at is not None:
            return ReportStatus.SENT
        if self.approval is None:
            return ReportStatus.DRAFT
        return ReportStatus(self.approval.status).value

    def get_status_display(self) -> str:
        return str(ReportStatus(self.status).label)

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def is_editable(self) -> bool:
        return self.approval is None or self.approval.status in EDITABLE_APPROVAL_STATUSES

    @property
    def is_approved(self) -> bool:
        return self.approval is not None and self.approval.status == ApprovalStatus.APPROVED


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")


class ReportDelivery(models.Model):
    """One sending of an approved report to the contacts the manager chose: who asked,
    when, to whom (names and addresses as they were then), and whether it went out.

    The row is the outbox: the task that sends it is safe to run twice, and the periodic
    sweep sends the rows a broker outage left behind."""

    report = models.ForeignKey(
        ClientReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="deliveries"
    )
    recipients = models.JSONField(_("recipients"), default=list)
    sent_by = models.ForeignKey(
        "org.User", verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        "org.User",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("client report sending")
        verbose_name_plural = _("client report sendings")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["status", "id"], name="report_delivery_status"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.status}"

    @property
    def addresses(self) -> list[str]:
        return [item["email"] for item in self.recipients if isinstance(item, dict)]

    @property
    def recipient_names(self) -> str:
        return ", ".join(
            f"{item.get('name', '')} <{item.get('email', '')}>"
            for item in self.recipients
            if isinstance(item, dict)
        )
