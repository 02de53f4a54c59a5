"""The recurring-problem rule's records: the rule (N claims at one site within D days,
edited in the admin) and each time it fired, a quality audit linked to its claims.

Defined here and imported by `claims.models`, so that the claim model's module stays the
claim's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from handoffs.models import OPEN_STATUSES

if TYPE_CHECKING:
    from claims.models import Claim

DEFAULT_CLAIMS_COUNT = 3
DEFAULT_WINDOW_DAYS = 30


class RecurrenceRule(models.Model):
    """N claims at one site within D days open a quality audit."""

    name = models.CharField(_("name"), max_length=200)
    claims_count = models.PositiveSmallIntegerField(
        _("claims"),
        default=DEFAULT_CLAIMS_COUNT,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text=_("How many claims at one site open an audit."),
    )
    window_days = models.PositiveSmallIntegerField(
        _("within, days"),
        default=DEFAULT_WINDOW_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    categories = models.JSONField(
        _("categories"),
        default=list,
        blank=True,
        help_text=_("Only claims of these categories count; none chosen: every category."),
    )
    same_category = models.BooleanField(
        _("of the same category"),
        default=False,
        help_text=_("Count only the claims of the new claim's own category."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recurring-problem rule")
        verbose_name_plural = _("recurring-problem rules")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claims_count__gte=2), name="recurrence_rule_two_claims_or_more"
            ),
            models.CheckConstraint(
                condition=models.Q(window_days__gte=1), name="recurrence_rule_window_a_day_or_more"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def counts(self, category: str) -> bool:
        """Whether a claim of ``category`` counts under this rule."""
        return not self.categories or category in self.categories


class QualityAuditQuerySet(models.QuerySet["QualityAudit"]):
    def open(self) -> QualityAuditQuerySet:
        """Audits whose hand-off is not finished yet (the site page reads this through
        ``site.quality_audits``: clients sit below claims and never import them)."""
        return self.filter(handoff__status__in=OPEN_STATUSES)


class QualityAudit(models.Model):
    """The rule fired at a site: the quality audit hand-off it opened and the claims it is for."""

    rule = models.ForeignKey(
        RecurrenceRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="audits"
    )
    site = models.ForeignKey(
        "clients.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="quality_audits",
    )
    handoff = models.OneToOneField(
        "handoffs.Handoff",
        verbose_name=_("hand-off"),
        on_delete=models.CASCADE,
        related_name="quality_audit",
    )
    claims: models.ManyToManyField[Claim, AuditedClaim] = models.ManyToManyField(
        "claims.Claim",
        verbose_name=_("claims"),
        through="AuditedClaim",
        related_name="quality_audits",
    )
    window_starts_at = models.DateTimeField(_("first claim received"))
    window_ends_at = models.DateTimeField(_("last claim received"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = QualityAuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality audit")
        verbose_name_plural = _("quality audits")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "-created_at"], name="quality_audit_site")]

    def __str__(self) -> str:
        return f"{self.site} · {self.created_at:%d.%m.%Y}"


class AuditedClaim(models.Model):
    """A claim an audit was opened for. Unique per rule: the firing key, so that the same
    claims never fire the same rule twice, whatever two registrations racing do."""

    audit = models.ForeignKey(
        QualityAudit,
        verbose_name=_("quality audit"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    claim = models.ForeignKey(
        "claims.Claim",
        verbose_name=_("claim"),
        on_delete=models.CASCADE,
        related_name="audit_links",
    )
    rule = models.ForeignKey(
        RecurrenceRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("audited claim")
        verbose_name_plural = _("audited claims")
        constraints = [
            models.UniqueConstraint(fields=["rule", "claim"], name="audited_claim_once_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.audit_id}: {self.claim_id}"
