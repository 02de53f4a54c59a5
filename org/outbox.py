"""The events outbox: what happened, written in the transaction of the change itself.

A service that changes a record calls ``emit(event, payload)`` inside its own
``@transaction.atomic``: the event row commits with the change or rolls back with it, so
an event is never sent for a change that did not happen and never lost for one that did.
Whoever consumes the outbox (the ``webhooks`` app, above every other app) reads the rows
later, outside the user's request; this module only writes them, with one INSERT.

Every event is written, whether or not anyone listens: asking "is there an endpoint?"
would cost a query of its own (as much as the INSERT it saves) or a cache that another
process may not have refreshed, and an endpoint created a second ago would miss events.
The relay marks rows relayed and deletes them after ``WEBHOOK_OUTBOX_KEEP_DAYS``.

The payloads are small and stable (ids, numbers, statuses, times, the record's link):
`docs/WEBHOOKS.md` lists them. Names and texts are left out: they change, and the
receiver can fetch the record.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    CLAIM_REGISTERED = "claim.registered", _("Claim registered")
    CLAIM_RESPONDED = "claim.responded", _("Claim responded to")
    CLAIM_RESOLVED = "claim.resolved", _("Claim resolved")
    CLAIM_CLOSED = "claim.closed", _("Claim closed")
    HANDOFF_CREATED = "handoff.created", _("Hand-off created")
    HANDOFF_COMPLETED = "handoff.completed", _("Hand-off completed")
    HANDOFF_DECLINED = "handoff.declined", _("Hand-off declined")
    CONTRACT_STAGE_CHANGED = "contract.stage_changed", _("Contract stage changed")
    APPROVAL_DECIDED = "approval.decided", _("Approval decided")


# Sent (synchronously, inside the writer's transaction) after rows were added, so that a
# consumer can arrange to be woken once the transaction commits. Receivers must not write.
events_emitted = Signal()


class OutboxEvent(models.Model):
    """One event, waiting to be relayed (``relayed_at`` empty) or kept for a while after."""

    event = models.CharField(_("event"), max_length=50, choices=Event.choices)
    payload = models.JSONField(_("payload"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    relayed_at = models.DateTimeField(_("relayed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        ordering = ["id"]
        indexes = [
            # The relay reads the waiting rows in id order: a small partial index.
            models.Index(
                fields=["id"], name="outbox_waiting", condition=models.Q(relayed_at__isnull=True)
            ),
            models.Index(fields=["relayed_at"], name="outbox_relayed"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event}"


def emit(event: str, payload: Mapping[str, Any]) -> OutboxEvent:
    """Write ``event`` with ``payload`` to the outbox, in the caller's transaction."""
    row = OutboxEvent.objects.create(event=Event(event), payload=dict(payload))
    events_emitted.send(sender=OutboxEvent, count=1)
    return row


def emit_many(events: Iterable[tuple[str, Mapping[str, Any]]]) -> list[OutboxEvent]:
    """``emit`` for many events of a bulk write: one INSERT for all of them."""
    now = timezone.now()
    rows = [
        OutboxEvent(event=Event(event), payload=dict(payload), created_at=now)
        for event, payload in events
    ]
    if not rows:
        return []
    rows = OutboxEvent.objects.bulk_create(rows)
    events_emitted.send(sender=OutboxEvent, count=len(rows))
    return rows


def link(path: str) -> str:
    """The record's address for a receiver outside the site: ``SITE_URL`` and the path."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def when(moment: datetime.datetime | datetime.date | None) -> str | None:
    """A time (or date) in ISO 8601, with its offset; None stays None."""
    return moment.isoformat() if moment is not None else None
