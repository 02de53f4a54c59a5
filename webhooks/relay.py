"""From the outbox to deliveries, and each delivery's lease and outcome.

- `outbox_fan_out`: each waiting outbox event becomes one delivery per active endpoint
  that wants it; the events are then marked relayed (one transaction, rows locked with
  SKIP LOCKED, and a unique constraint on (endpoint, event) against any rerun).
- `deliveries_take`: due deliveries are leased to this worker (status "sending", a token
  and an expiry), so that no other worker sends them meanwhile.
- `delivery_record`: the outcome of an attempt, written only if the lease is still ours.
- `deliveries_requeue_expired`: a lease that expired (its worker died) goes back to waiting.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from org.outbox import OutboxEvent
from webhooks.models import Delivery, DeliveryStatus, Endpoint

FAN_OUT_BATCH = 500
ERROR_LIMIT = 2000


def envelope(event: OutboxEvent) -> dict[str, object]:
    """The JSON body of every delivery of ``event``."""
    return {
        "id": event.pk,
        "event": event.event,
        "occurred_at": event.created_at.isoformat(),
        "data": event.payload,
    }


@transaction.atomic
def outbox_fan_out(*, limit: int = FAN_OUT_BATCH) -> int:
    """Turn up to ``limit`` waiting outbox events into deliveries; how many events."""
    events = list(
        OutboxEvent.objects.select_for_update(skip_locked=True)
        .filter(relayed_at__isnull=True)
        .order_by("id")[:limit]
    )
    if not events:
        return 0
    now = timezone.now()
    until = now + timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
    endpoints = list(Endpoint.objects.filter(is_active=True))
    Delivery.objects.bulk_create(
        [
            Delivery(
                endpoint=endpoint,
                event_id=event.pk,
                event=event.event,
                payload=envelope(event),
                next_attempt_at=now,
                retry_until=until,
                created_at=now,
            )
            for event in events
            for endpoint in endpoints
            if endpoint.wants(event.event)
        ],
        ignore_conflicts=True,
    )
    OutboxEvent.objects.filter(pk__in=[event.pk for event in events]).update(relayed_at=now)
    return len(events)


def lease_seconds(batch: int) -> float:
    """Long enough for ``batch`` POSTs that each run into both timeouts, and a margin."""
    per_post = settings.WEBHOOK_CONNECT_TIMEOUT + settings.WEBHOOK_READ_TIMEOUT
    return batch * per_post + 30.0


@transaction.atomic
def deliveries_take(*, limit: int, ids: list[int] | None = None) -> list[Delivery]:
    """Lease up to ``limit`` due deliveries (or the waiting ones of ``ids``) to this worker.

    SKIP LOCKED on PostgreSQL: two workers taking at once get different rows. The update
    is conditional on the status, and the rows returned are those carrying our token, so
    even without row locks (SQLite) a row is never taken twice.
    """
    now = timezone.now()
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING)
    due = due.filter(pk__in=ids) if ids is not None else due.filter(next_attempt_at__lte=now)
    picked = list(
        due.select_for_update(skip_locked=True)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    if not picked:
        return []
    token = secrets.token_hex(16)
    Delivery.objects.filter(pk__in=picked, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING,
        lease_token=token,
        locked_until=now + timedelta(seconds=lease_seconds(len(picked))),
        attempts=F("attempts") + 1,
        last_attempt_at=now,
    )
    return list(
        Delivery.objects.filter(lease_token=token, status=DeliveryStatus.SENDING)
        .select_related("endpoint")
        .order_by("next_attempt_at", "id")
    )


def backoff_delay(attempts: int, *, rng: random.Random | None = None) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: doubling from
    ``WEBHOOK_RETRY_BASE_SECONDS`` up to ``WEBHOOK_RETRY_MAX_SECONDS``, with "equal
    jitter" (half fixed, half random) so that many failed deliveries do not all come
    back at the same second."""
    base = settings.WEBHOOK_RETRY_BASE_SECONDS
    ceiling = settings.WEBHOOK_RETRY_MAX_SECONDS
    raw = min(ceiling, base * 2 ** max(attempts - 1, 0))
    jitter = (rng or random).uniform(0, raw / 2)  # nosec B311 # spacing retries, not a secret
    return timedelta(seconds=raw / 2 + jitter)


@dataclass(frozen=True)
class Outcome:
    """What one attempt gave: delivered or not, the HTTP status, the error text."""

    delivered: bool
    status_code: int | None = None
    error: str = ""
    retry: bool = True


def delivery_record(delivery: Delivery, outcome: Outcome) -> str:
    """Write the attempt's outcome if the lease is still ours; the new status ("" if the
    lease was lost: the sweep gave the row to another attempt, whose outcome counts)."""
    now = timezone.now()
    fields: dict[str, object] = {
        "last_status_code": outcome.status_code,
        "last_error": outcome.error[:ERROR_LIMIT],
        "lease_token": "",  # nosec B105: no lease held, not a password
        "locked_until": None,
    }
    if outcome.delivered:
        fields.update(status=DeliveryStatus.DELIVERED, delivered_at=now)
    else:
        fields.update(_after_failure(delivery, now, retry=outcome.retry))
    changed = Delivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.SENDING, lease_token=delivery.lease_token
    ).update(**fields)
    return str(fields["status"]) if changed else ""


def _after_failure(delivery: Delivery, now: datetime, *, retry: bool) -> dict[str, object]:
    """Waiting again after the backoff, or failed once the retry window would be passed."""
    next_at = now + backoff_delay(delivery.attempts)
    if not retry or next_at > delivery.retry_until:
        return {"status": DeliveryStatus.FAILED}
    return {"status": DeliveryStatus.PENDING, "next_attempt_at": next_at}


def deliveries_requeue_expired() -> int:
    """Deliveries whose worker died mid-attempt (the lease expired) wait to be sent again."""
    return Delivery.objects.filter(
        status=DeliveryStatus.SENDING, locked_until__lt=timezone.now()
    ).update(
        status=DeliveryStatus.PENDING,
        next_attempt_at=timezone.now(),
        lease_token="",  # nosec B106: no lease held, not a password
        locked_until=None,
        last_error=gettext("The worker stopped during the attempt; it is sent again."),
    )


def outbox_prune() -> int:
    """Relayed outbox events and finished deliveries past their keeping time go."""
    now = timezone.now()
    events, _ = OutboxEvent.objects.filter(
        relayed_at__lt=now - timedelta(days=settings.WEBHOOK_OUTBOX_KEEP_DAYS)
    ).delete()
    deliveries, _ = Delivery.objects.filter(
        status__in=(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED),
        created_at__lt=now - timedelta(days=settings.WEBHOOK_DELIVERY_KEEP_DAYS),
    ).delete()
    return events + deliveries
