"""The relay's tasks: thin, safe to run twice or at once (leases and SKIP LOCKED)."""

from __future__ import annotations

from celery import shared_task

from webhooks.services import webhooks_relay


@shared_task
def relay_webhooks() -> str:
    """The sweep (Celery beat, every WEBHOOK_SWEEP_SECONDS) and the kick after a commit:
    fan out the outbox and send what is due."""
    return str(webhooks_relay())


@shared_task
def send_webhook_deliveries(delivery_ids: list[int]) -> str:
    """Send these deliveries now, if they are waiting (the admin's "resend")."""
    return str(webhooks_relay(ids=[int(pk) for pk in delivery_ids]))
