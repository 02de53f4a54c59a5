from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contracts.choices import AgreementKind, Schedule, Stage, StageEventKind, Unit, VatRate
from contracts.choices import Priority as Priority  # re-exported: claims set SLAs by it
from handoffs.models import Handoff
from org.archiving import ArchivableModel, ArchivableQuerySet
from org.links import record_url
from org.models import ActedEvent
from org.versioning import VersionedModel
from org.visibility import visible_rows


class ContractQuerySet(ArchivableQuerySet):
    def visible_to(self, user, *, archived=False):
        """The one rule for who sees which contracts (see ``ClientQuerySet.visible_to``)."""
        return visible_rows(
            self,
            user,
            archived=archived,
            portfolio=lambda managers: Q(manager_id__in=managers),
            department=lambda department_id: Q(
                Exists(
                    Handoff.objects.filter(department_id=department_id, contract_id=OuterRef("pk"))
                )
            ),
        )

    def of_managers(self, manager_ids):
        """The portfolio of these managers (e.g. `represented_user_ids`: mine and my covers')."""
        return self.filter(manager_id__in=manager_ids)

    def open(self):
        return self.exclude(stage__in=[Stage.CLOSED, Stage.CANCELLED])

    def ending_by(self, day):
        """Contracts in support or termination whose term ends on ``day`` or earlier
        (those past their end but not yet closed included: they are the most urgent)."""
        return self.filter(stage__in=[Stage.SUPPORT, Stage.TERMINATION], end_date__lte=day)


class Contract(VersionedModel, ArchivableModel):
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    number = models.CharField(_("number"), max_length=50)
    title = models.CharField(_("title"), max_length=255)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.PREPARATION
    )
    manager = models.ForeignKey(
        "org.User",
        verbose_name=_("manager"),
        on_delete=models.PROTECT,
        related_name="managed_contracts",
    )
    sites = models.ManyToManyField(
        "clients.Site", verbose_name=_("sites"), related_name="contracts", blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    monthly_value = models.DecimalField(
        _("monthly value, UAH"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
    )
    vat_rate = models.PositiveSmallIntegerField(
        _("VAT rate, %"),
        choices=VatRate.choices,
        default=VatRate.STANDARD,
        help_text=_("The rate of the invoices and acts of services (the BAS export)."),
    )
    notice_period_days = models.PositiveSmallIntegerField(
        _("notice period, days"),
        default=30,
        help_text=_("Days before the end date by which either side must give notice."),
    )
    auto_renewal = models.BooleanField(
        _("automatic renewal"),
        default=False,
        help_text=_("Renewed for a year unless notice is given within the notice period."),
    )
    claim_answer_days = models.PositiveSmallIntegerField(
        _("formal claim answer deadline, days"),
        default=30,
        help_text=_(
            "Days to answer a formal written claim (претензія), as agreed in the contract."
        ),
    )
    # SLA targets in hours; empty means the company default (settings.CLAIM_SLA_DEFAULTS).
    sla_critical_response_hours = models.PositiveIntegerField(
        _("critical: response, hours"), null=True, blank=True
    )
    sla_critical_resolution_hours = models.PositiveIntegerField(
        _("critical: fix, hours"), null=True, blank=True
    )
    sla_high_response_hours = models.PositiveIntegerField(
        _("high: response, hours"), null=True, blank=True
    )
    sla_high_resolution_hours = models.PositiveIntegerField(
        _("high: fix, hours"), null=True, blank=True
    )
    sla_normal_response_hours = models.PositiveIntegerField(
        _("normal: response, hours"), null=True, blank=True
    )
    sla_normal_resolution_hours = models.PositiveIntegerField(
        _("normal: fix, hours"), null=True, blank=True
    )
    sla_low_response_hours = models.PositiveIntegerField(
        _("low: response, hours"), null=True, blank=True
    )
    sla_low_resolution_hours = models.PositiveIntegerField(
        _("low: fix, hours"), null=True, blank=True
    )
    calendar = models.ForeignKey(
        "calendars.WorkingCalendar",
        verbose_name=_("working calendar"),
        on_delete=models.PROTECT,
        related_name="contracts",
        null=True,
        blank=True,
        help_text=_(
            "When the claim clocks run. Empty: the company default; 24/7 for security posts."
        ),
    )
    stage_reason = models.TextField(_("reason of the last stage change"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ContractQuerySet.as_manager()
    history = HistoricalRecords()

    # Not columns: what the screens' reads add (`contracts.selectors.mark_expiry`, the
    # page's ``manager_cover_id`` annotation).
    ending_soon: bool
    days_left: int | None
    notice_passed: bool
    manager_cover_id: int | None

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["end_date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "number"], name="contract_number_unique_per_client"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="contract_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["manager", "stage", "end_date"]),
            models.Index(fields=["stage", "end_date"]),
        ]

    @property
    def owner_id(self):
        """The manager who answers for the contract (`org.selectors.may_act_on`)."""
        return self.manager_id

    def __str__(self):
        return f"№ {self.number} · {self.client}" if self.client_id else f"№ {self.number}"

    def get_absolute_url(self):
        return record_url("contracts:detail", self.pk)

    @property
    def notice_deadline(self):
        """The last day to give notice: the end date minus the notice period."""
        if self.end_date is None:
            return None
        return self.end_date - timedelta(days=self.notice_period_days)

    def sla_hours(self, priority) -> tuple[int, int]:
        """(response, fix) hours for a claim of ``priority``: the contract's, else the company's."""
        default_response, default_resolution = settings.CLAIM_SLA_DEFAULTS[priority]
        response = getattr(self, f"sla_{priority}_response_hours")
        resolution = getattr(self, f"sla_{priority}_resolution_hours")
        return (
            response if response is not None else default_response,
            resolution if resolution is not None else default_resolution,
        )


class ServiceLine(VersionedModel):
    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="service_lines"
    )
    service = models.CharField(_("service"), max_length=255)
    frequency = models.CharField(
        _("frequency or volume"),
        max_length=255,
        blank=True,
        help_text=_("e.g. daily, 2 times a week, 1 200 m²"),
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=3,
        default=Decimal("1.000"),
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("Per month, in the unit below: what the monthly act bills."),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.MONTH)
    price = models.DecimalField(
        _("price per unit, UAH excl. VAT"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service line")
        verbose_name_plural = _("list of services")
        ordering = ["pk"]

    def __str__(self):
        return self.service


class StaffingRequirement(VersionedModel):
    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="staffing"
    )
    site = models.ForeignKey(
        "clients.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="staffing",
        null=True,
        blank=True,
    )
    post = models.CharField(_("post"), max_length=200)
    headcount = models.PositiveSmallIntegerField(_("headcount"), validators=[MinValueValidator(1)])
    schedule = models.CharField(
        _("work schedule"), max_length=20, choices=Schedule.choices, default=Schedule.FIVE_BY_EIGHT
    )
    requirements = models.TextField(_("special staff requirements"), blank=True)
    uniform = models.CharField(_("uniform"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staffing requirement")
        verbose_name_plural = _("staffing")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.post} × {self.headcount}"


def agreement_upload_to(instance, filename):
    return f"agreements/{instance.contract_id}/{filename}"


class Agreement(models.Model):
    """An agreement with the client, confirmed in writing (the document is attached)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgreementKind.choices, default=AgreementKind.TECHNICAL
    )
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    confirmed_by = models.CharField(
        _("confirmed by"),
        max_length=255,
        blank=True,
        help_text=_("Who confirmed it in writing, on either side."),
    )
    document = models.FileField(_("document"), upload_to=agreement_upload_to, blank=True)
    created_by = models.ForeignKey(
        "org.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["contract", "created_at", "id"], name="agreement_timeline")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class Obligation(models.Model):
    """A duty under the contract, checked off before the contract can close."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="obligations"
    )
    description = models.CharField(_("obligation"), max_length=500)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    fulfilled_by = models.ForeignKey(
        "org.User",
        verbose_name=_("fulfilled by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["pk"]

    def __str__(self):
        return self.description

    @property
    def is_fulfilled(self):
        return self.fulfilled_at is not None


class StageEvent(ActedEvent):
    """One stage change (or archiving): who moved the contract, from where to where, and why."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="stage_events"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    reason = models.TextField(_("reason"), blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=StageEventKind.choices,
        default=StageEventKind.STAGE,
        db_default=StageEventKind.STAGE,
    )

    class Meta(ActedEvent.Meta):
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        # The contract's timeline reads its events newest first, page by page.
        indexes = [
            models.Index(fields=["contract", "created_at", "id"], name="stage_event_timeline")
        ]

    def __str__(self):
        return f"{self.contract}: {self.from_stage} → {self.to_stage}"


# The records kept beside these, registered with the app from here.
from contracts.record_models import ExpiryWarning as ExpiryWarning  # noqa: E402
from contracts.record_models import RecordChange as RecordChange  # noqa: E402
from contracts.record_models import TerminationItem as TerminationItem  # noqa: E402
