"""Measure webhook deliveries per second to a loopback receiver (see bench/webhooks.py).

    DATABASE_URL=postgres://…/casedesk_bench python manage.py bench_webhooks --events 1000

Writes to the database it measures and deletes what it wrote: refuses a database whose
name does not contain "bench".
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.webhooks import measure_webhooks
from org.outbox import OutboxEvent


class Command(BaseCommand):
    help = "Webhook deliveries per second to a local receiver."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--events", type=int, default=1000)
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args: Any, events: int, workers: int, **options: Any) -> None:
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name:
            raise CommandError(f"refusing to write to {name!r}: its name must contain 'bench'")
        # Events already waiting would be relayed too and counted: there must be none.
        if OutboxEvent.objects.filter(relayed_at__isnull=True).exists():
            raise CommandError("the outbox has waiting events: relay them first")
        self.stdout.write(json.dumps(measure_webhooks(events, workers), indent=2))
