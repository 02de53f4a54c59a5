"""The webhooks' writes: the relay's run, a delivery sent again, an endpoint's new secret.

The relay runs in Celery (`webhooks.tasks`), never in a user's request: a request only
writes its outbox row (`org.outbox.emit`). Every error of a POST is recorded on the
delivery; none reaches the caller.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from org.models import User
from webhooks import relay
from webhooks.models import Delivery, DeliveryStatus, Endpoint, new_secret
from webhooks.sending import new_session, post

logger = logging.getLogger(__name__)

SEND_BATCH = 10


@dataclass
class RelayRun:
    """What one run of the relay did."""

    requeued: int = 0
    fanned_out: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    pruned: int = 0

    def __str__(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in vars(self).items())


def deliveries_send(
    deliveries: Iterable[Delivery], run: RelayRun, session: requests.Session
) -> None:
    """POST each leased delivery, then record the outcomes
    in one transaction: one commit a batch, and no transaction open during the POSTs. A
    worker that dies before that commit loses the outcomes, not the deliveries: their
    leases expire and they are sent again (receivers deduplicate by the delivery id)."""
    outcomes = []
    for delivery in deliveries:
        try:
            outcome = post(delivery, session)
        except Exception as error:  # a bug must not leave the row leased until expiry
            logger.exception("webhook delivery %s: unexpected error", delivery.pk)
            outcome = relay.Outcome(False, error=f"{type(error).__name__}: {error}")
        outcomes.append((delivery, outcome))
    with transaction.atomic():
        statuses = [relay.delivery_record(delivery, outcome) for delivery, outcome in outcomes]
    for status in statuses:
        if status == DeliveryStatus.DELIVERED:
            run.delivered += 1
        elif status == DeliveryStatus.PENDING:
            run.retrying += 1
        elif status == DeliveryStatus.FAILED:
            run.failed += 1


def webhooks_relay(
    *, budget_seconds: float | None = None, ids: list[int] | None = None
) -> RelayRun:
    """One run: expired leases back to waiting, the outbox fanned out, then due deliveries
    (or the waiting ones of ``ids``) sent in small leased batches until none is due or
    the time budget is spent; finally old rows pruned."""
    budget = settings.WEBHOOK_RELAY_BUDGET_SECONDS if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    run = RelayRun(requeued=relay.deliveries_requeue_expired())
    while (fanned := relay.outbox_fan_out()) and time.monotonic() < deadline:
        run.fanned_out += fanned
    with new_session() as session:  # one connection pool for the run: keep-alive
        while time.monotonic() < deadline:
            batch = relay.deliveries_take(limit=SEND_BATCH, ids=ids)
            if not batch:
                break
            deliveries_send(batch, run, session)
    if ids is None:
        run.pruned = relay.outbox_prune()
    return run


@transaction.atomic
def deliveries_resend(*, actor: User, deliveries: Iterable[Delivery]) -> list[int]:
    """Send the chosen deliveries again right away, with a fresh retry window; one being
    sent this moment is left to that attempt. Returns the ids re-armed."""
    now = timezone.now()
    ids = [delivery.pk for delivery in deliveries]
    rearm = list(
        Delivery.objects.select_for_update()
        .filter(pk__in=ids)
        .exclude(status=DeliveryStatus.SENDING)
        .values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=rearm).update(
        status=DeliveryStatus.PENDING,
        next_attempt_at=now,
        retry_until=now + timedelta(hours=settings.WEBHOOK_RETRY_HOURS),
        lease_token="",  # nosec B106: no lease held, not a password
        locked_until=None,
    )
    logger.info("webhook deliveries %s resent by %s", rearm, actor.pk)
    return rearm


@transaction.atomic
def endpoint_rotate_secret(*, actor: User, endpoint: Endpoint) -> Endpoint:
    """A new signing secret: deliveries from now on are signed with it."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    logger.info("webhook endpoint %s: secret rotated by %s", endpoint.pk, actor.pk)
    return endpoint
