"""Claims as CSV: the list's export and the export of a selection share the columns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim
from org.exports import csv_response, local_datetime

EXPORT_CHUNK = 1000


def _hours(value: timedelta | None) -> str:
    return f"{value.total_seconds() / 3600:.1f}" if value is not None else ""


def _on_time(value: bool | None) -> str:
    return "" if value is None else (_("on time") if value else _("late"))


def _header() -> list[str]:
    return [
        _("Number"),
        _("Received"),
        _("Client"),
        _("Contract"),
        _("Site"),
        _("Subject"),
        _("Category"),
        _("Priority"),
        _("Formal"),
        _("Status"),
        _("Response due"),
        _("Fix due"),
        _("Responded"),
        _("Resolved"),
        _("Time to respond, h"),
        _("Response"),
        _("Time to fix, h"),
        _("Fix"),
        _("Satisfaction"),
    ]


def _row(claim: Claim) -> Sequence[object]:
    return [
        claim.pk,
        local_datetime(claim.received_at),
        claim.contract.client.short_name,
        claim.contract.number,
        claim.site.name if claim.site else "",
        claim.subject,
        claim.get_category_display(),
        claim.get_priority_display(),
        claim.formal_number or (_("yes") if claim.is_formal else ""),
        claim.get_status_display(),
        local_datetime(claim.response_due_at),
        local_datetime(claim.resolution_due_at),
        local_datetime(claim.responded_at),
        local_datetime(claim.resolved_at),
        _hours(claim.time_to_respond),
        _on_time(claim.responded_on_time),
        _hours(claim.time_to_fix),
        _on_time(claim.fixed_on_time),
        claim.satisfaction or "",
    ]


def claims_csv(claims: QuerySet[Claim] | Iterable[Claim]) -> StreamingHttpResponse:
    """``claims`` (ordered, with contract, client and site) as a CSV download."""
    rows = claims.iterator(chunk_size=EXPORT_CHUNK) if isinstance(claims, QuerySet) else claims
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(
        filename=f"claims-{stamp}.csv", header=_header(), rows=(_row(claim) for claim in rows)
    )
