"""The contract's records that its page keeps beside the main ones: the changes to its
service lines and staffing (timeline events), the termination checklist, and the expiry
warnings sent.

Imported by `contracts.models`, so that the app's models are all registered with it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import ActedEvent


class RecordKind(models.TextChoices):
    SERVICE_LINE = "service_line", _("service line")
    STAFFING = "staffing", _("staffing requirement")


class RecordAction(models.TextChoices):
    ADDED = "added", _("added")
    CHANGED = "changed", _("changed")
    REMOVED = "removed", _("removed")


class RecordChange(ActedEvent):
    """A service line or staffing requirement added, changed or removed: who, and each
    field's old and new value (as ``[{"field", "old", "new"}]``, raw values as text)."""

    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="record_changes",
    )
    record = models.CharField(_("record"), max_length=20, choices=RecordKind.choices)
    action = models.CharField(_("action"), max_length=20, choices=RecordAction.choices)
    label = models.CharField(_("name"), max_length=255)
    changes = models.JSONField(_("changes"), default=list, blank=True)

    class Meta(ActedEvent.Meta):
        verbose_name = _("service or staffing change")
        verbose_name_plural = _("service and staffing changes")
        indexes = [
            models.Index(fields=["contract", "created_at", "id"], name="record_change_timeline")
        ]

    def __str__(self):
        return f"{self.contract_id}: {self.record} {self.action} {self.label}"


class TerminationItem(models.Model):
    """One step of winding a contract down, ticked off by its manager.

    ``source`` names the record a prefilled item comes from ("service:12", "billing");
    the unique constraint keeps a second prefill from adding it again. Items the
    manager adds have none."""

    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="termination_items",
    )
    text = models.CharField(_("step"), max_length=500)
    source = models.CharField(_("prefilled from"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        "org.User",
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    done_by = models.ForeignKey(
        "org.User",
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # A removed step is kept, hidden, so that filling the list in again does not bring
    # back what the manager took off it.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("termination step")
        verbose_name_plural = _("termination checklist")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "source"],
                condition=~Q(source=""),
                name="one_termination_item_per_source",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def is_done(self):
        return self.done_at is not None


class ExpiryWarning(models.Model):
    """That a contract was warned about at one threshold of one deadline.

    The unique constraint is the guard against a second warning from retries,
    duplicate beats or crashed workers. The deadline is part of it so that an
    extended contract (a new end date) is warned again before its new deadline.
    """

    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="expiry_warnings",
    )
    threshold_days = models.PositiveSmallIntegerField(_("days before"))
    deadline = models.DateField(_("deadline warned about"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expiry warning")
        verbose_name_plural = _("expiry warnings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "deadline", "threshold_days"],
                name="one_expiry_warning_per_threshold",
            )
        ]

    def __str__(self):
        return f"{self.contract}: {self.threshold_days}"
