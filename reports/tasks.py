"""The monthly drafting of the client reports, and the sending of those approved."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.utils import timezone

from reports.figures import previous_month
from reports.models import DeliveryStatus, ReportDelivery
from reports.services import client_reports_draft_month, report_delivery_send
from reports.services.sending import MAX_ATTEMPTS


@shared_task
def draft_monthly_client_reports() -> int:
    """The 1st of the month: draft last month's report of every contract served then.
    Safe to run twice: a contract that has its report is left as it is."""
    return client_reports_draft_month(month=previous_month(timezone.localdate()))


@shared_task(bind=True, max_retries=MAX_ATTEMPTS)
def send_client_report(self: Task[Any, Any], delivery_id: int) -> str:
    """Send one report to its contacts; retried with backoff while the mail server fails."""
    outcome = report_delivery_send(delivery_id=delivery_id)
    if outcome == "retry":
        raise self.retry(countdown=min(60 * 2**self.request.retries, 3600))
    return outcome


@shared_task
def send_pending_client_reports() -> int:
    """The outbox sweep: enqueue every sending still pending."""
    pending = list(
        ReportDelivery.objects.filter(status=DeliveryStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for delivery_id in pending:
        send_client_report.delay(delivery_id)
    return len(pending)
