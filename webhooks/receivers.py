"""Waking the relay when a transaction that wrote outbox events commits.

Once per transaction, whatever number of events it wrote, and only with a real broker:
in the embedded default (tasks run in the calling process) the relay would POST inside
the user's request, so there the scheduler's sweep relays instead (`run_scheduler`).
A broker that is down costs the request nothing (`org.tasks_queue.enqueue_on_commit`):
the sweep relays those events too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from org.outbox import OutboxEvent, events_emitted
from org.tasks_queue import enqueue_on_commit
from webhooks.tasks import relay_webhooks


def _wake() -> None:
    enqueue_on_commit(relay_webhooks)  # after the commit: sent at once, errors swallowed


def _already_waking(connection: Any) -> bool:
    return any(hook[1] is _wake for hook in getattr(connection, "run_on_commit", ()))


@receiver(events_emitted, sender=OutboxEvent)
def wake_relay_on_commit(**kwargs: object) -> None:
    if not settings.WEBHOOK_RELAY_ON_COMMIT:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and _already_waking(connection):
        return
    transaction.on_commit(_wake)
