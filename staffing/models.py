"""The general director's orders on support managers (appointment, dismissal) and the
portfolio transfers that move a manager's work to another, with what each moved."""

from __future__ import annotations

from typing import Self, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.models import User


def may_see_staffing(user: User | AnonymousUser) -> bool:
    """Both directors read the orders and transfers; only the general director makes them."""
    return bool(user.is_authenticated and isinstance(user, User) and user.is_director)


class OrderKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment")
    DISMISSAL = "dismissal", _("Dismissal")


M = TypeVar("M", bound=models.Model)


class DirectorsQuerySet(models.QuerySet[M]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self if may_see_staffing(user) else self.none()


class PortfolioTransfer(models.Model):
    """One move of a manager's work (all of it, or the work on some clients) to another.

    ``counts`` keeps how many of each kind moved ({"contracts": 3, …}) and ``client_ids``
    the clients chosen (empty: the whole portfolio), as they were when it happened."""

    from_manager = models.ForeignKey(
        User, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_manager = models.ForeignKey(
        User, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    whole = models.BooleanField(_("whole portfolio"), default=True)
    client_ids = models.JSONField(_("clients chosen"), default=list, blank=True)
    counts = models.JSONField(_("what moved"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = DirectorsQuerySet.as_manager()

    class Meta:
        verbose_name = _("portfolio transfer")
        verbose_name_plural = _("portfolio transfers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_manager=models.F("to_manager")),
                name="portfolio_transfer_between_two_managers",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_manager} → {self.to_manager} ({self.created_at:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("staffing:transfer_detail", kwargs={"pk": self.pk})


class StaffOrder(models.Model):
    """An order of the general director appointing or dismissing a support manager."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrderKind.choices)
    number = models.CharField(_("order number"), max_length=50)
    date = models.DateField(_("order date"))
    person = models.ForeignKey(
        User, verbose_name=_("manager"), on_delete=models.PROTECT, related_name="staff_orders"
    )
    notes = models.TextField(_("notes"), blank=True)
    transfer = models.ForeignKey(
        PortfolioTransfer,
        verbose_name=_("portfolio transfer"),
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
        help_text=_("The transfer made in the same step as a dismissal."),
    )
    issued_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = DirectorsQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("order on a manager")
        verbose_name_plural = _("orders on managers")
        ordering = ["-date", "-pk"]
        constraints = [
            # The guard against recording one order twice (a double submit).
            models.UniqueConstraint(
                fields=["kind", "number", "date"], name="one_staff_order_per_number_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"№ {self.number} {self.date:%d.%m.%Y}: {self.get_kind_display()} {self.person}"
