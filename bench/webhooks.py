"""Webhook deliveries per second to a local receiver (`manage.py bench_webhooks`).

Writes ``count`` outbox events (as the services do, one ``emit`` each), one endpoint
that wants them on a loopback receiver (``http.server``, threaded, checking every
signature as docs/WEBHOOKS.md says), then runs the relay in ``workers`` threads (each a
worker with its own database connection, taking leases with SKIP LOCKED on PostgreSQL)
until every delivery is delivered. Reports the seconds, deliveries per second, the
receiver's count, bad signatures and duplicates, then deletes what it wrote.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypedDict

from django.db import connection
from django.test.utils import override_settings

from org.outbox import Event, OutboxEvent, emit
from webhooks.models import Delivery, DeliveryStatus, Endpoint
from webhooks.services import webhooks_relay


class WebhookFigures(TypedDict):
    name: str
    events: int
    workers: int
    vendor: str
    seconds: float
    deliveries_per_second: float
    received: int
    bad_signatures: int
    duplicates: int
    delivered: int


class _Receiver:
    def __init__(self) -> None:
        self.secret = ""
        self.deliveries: Counter[str] = Counter()
        self.bad = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: the relay reuses its connection

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.check(self.headers, body)
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    def check(self, headers: Any, body: bytes) -> None:
        timestamp = headers.get("X-Casedesk-Timestamp", "")
        mac = hmac.new(self.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
        valid = hmac.compare_digest(
            headers.get("X-Casedesk-Signature", ""), "v1=" + mac.hexdigest()
        )
        with self.lock:
            self.deliveries[headers.get("X-Casedesk-Delivery", "")] += 1
            self.bad += 0 if valid else 1

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"


def _worker() -> None:
    try:
        while webhooks_relay(budget_seconds=600).delivered:
            pass
    finally:
        connection.close()


def measure_webhooks(count: int = 1000, workers: int = 1) -> WebhookFigures:
    receiver = _Receiver()
    threading.Thread(target=receiver.server.serve_forever, daemon=True).start()
    with override_settings(WEBHOOK_ALLOWED_HOSTS=["127.0.0.1"]):
        endpoint = Endpoint.objects.create(
            url=receiver.url, events=[Event.CLAIM_REGISTERED], description="bench"
        )
        receiver.secret = endpoint.secret
        first = None
        for number in range(count):
            row = emit(Event.CLAIM_REGISTERED, {"claim": {"id": number, "status": "new"}})
            first = first or row.pk
        began = time.perf_counter()
        threads = [threading.Thread(target=_worker) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - began
    receiver.server.shutdown()
    delivered = endpoint.deliveries.filter(status=DeliveryStatus.DELIVERED).count()
    figures = WebhookFigures(
        name=f"webhooks-{count}",
        events=count,
        workers=workers,
        vendor=connection.vendor,
        seconds=round(seconds, 2),
        deliveries_per_second=round(delivered / seconds, 1),
        received=sum(receiver.deliveries.values()),
        bad_signatures=receiver.bad,
        duplicates=sum(n - 1 for n in receiver.deliveries.values() if n > 1),
        delivered=delivered,
    )
    Delivery.objects.filter(endpoint=endpoint).delete()
    endpoint.delete()
    OutboxEvent.objects.filter(pk__gte=first or 0).delete()
    return figures
