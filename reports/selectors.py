"""Reads the report screens share."""

from __future__ import annotations

from django.db.models import QuerySet

from clients.models import Contact
from reports.models import ClientReport, ReportDelivery


def recipient_choices(report: ClientReport) -> QuerySet[Contact]:
    """The client's contacts a report can go to: those with an e-mail address."""
    return (
        Contact.objects.filter(client_id=report.contract.client_id)
        .exclude(email="")
        .order_by("-is_primary", "name", "pk")
    )


def report_deliveries(report: ClientReport) -> list[ReportDelivery]:
    """Every sending of the report, newest first, with who sent it."""
    return list(
        ReportDelivery.objects.filter(report=report).select_related("sent_by", "on_behalf_of")
    )


def last_recipients(report: ClientReport) -> set[int]:
    """The contacts the contract's previous report went to: ticked by default."""
    previous = (
        ReportDelivery.objects.filter(
            report__contract_id=report.contract_id, report__month__lt=report.month
        )
        .order_by("-requested_at", "-pk")
        .values_list("recipients", flat=True)
        .first()
    )
    return {
        item["contact_id"]
        for item in previous or []
        if isinstance(item, dict) and isinstance(item.get("contact_id"), int)
    }
