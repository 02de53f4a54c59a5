"""Webhook endpoints (managed in the admin) and the deliveries of outbox events to them."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.outbox import Event


def new_secret() -> str:
    """A signing secret: 32 random bytes as 64 hex characters."""
    return secrets.token_hex(32)


class Endpoint(models.Model):
    """A receiver outside the desk: its URL, the events it wants and the secret it checks."""

    url = models.CharField(
        _("URL"),
        max_length=500,
        help_text=_("http(s) address on a host of the WEBHOOK_ALLOWED_HOSTS setting."),
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    events = models.JSONField(_("events"), default=list, blank=True)
    secret = models.CharField(_("signing secret"), max_length=128, default=new_secret)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["url", "id"]

    def __str__(self) -> str:
        return self.description or self.url

    def wants(self, event: str) -> bool:
        return event in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One event for one endpoint: the body to POST, and how its attempts went.

    A worker takes a row for sending with a lease (``lease_token`` and ``locked_until``);
    a worker that dies mid-delivery leaves the row "sending" until the lease expires, and
    the sweep puts it back to "waiting", so it is sent again: never lost, at worst twice
    (receivers deduplicate by the delivery id).
    """

    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.BigIntegerField(_("event number"))
    event = models.CharField(_("event"), max_length=50, choices=Event.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    retry_until = models.DateTimeField(_("retried until"))
    lease_token = models.CharField(_("lease"), max_length=32, blank=True)
    locked_until = models.DateTimeField(_("taken until"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The fan-out's guard: an event reaches an endpoint once, whatever reruns do.
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="one_delivery_per_event")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                name="delivery_due",
                condition=models.Q(status="pending"),
            ),
            models.Index(
                fields=["locked_until"],
                name="delivery_leased",
                condition=models.Q(status="sending"),
            ),
            models.Index(fields=["status", "created_at"], name="delivery_log"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_event_display()}"
