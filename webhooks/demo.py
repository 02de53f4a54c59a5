"""A demo endpoint, switched off (its host is not on the demo's allow-list), with the
deliveries of the demo's latest events in its log: the admin shows what a real one keeps.
Safe to run again: the endpoint is found by its URL, an event reaches it once."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from org.outbox import Event, OutboxEvent
from webhooks.models import Delivery, Endpoint
from webhooks.relay import envelope

DEMO_URL = "https://hooks.example.com/casedesk"
DEMO_DELIVERIES = 5


def seed() -> list[str]:
    endpoint, _created = Endpoint.objects.get_or_create(
        url=DEMO_URL,
        defaults={
            "description": "CRM (демо, вимкнено)",
            "events": list(Event.values),
            "is_active": False,
        },
    )
    now = timezone.now()
    latest = OutboxEvent.objects.order_by("-pk")[:DEMO_DELIVERIES]
    Delivery.objects.bulk_create(
        [
            Delivery(
                endpoint=endpoint,
                event_id=event.pk,
                event=event.event,
                payload=envelope(event),
                retry_until=now + timedelta(hours=settings.WEBHOOK_RETRY_HOURS),
            )
            for event in latest
        ],
        ignore_conflicts=True,
    )
    return [
        f"Webhooks: demo endpoint {endpoint.url} (inactive), {endpoint.deliveries.count()} deliveries"
    ]
