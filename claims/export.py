"""Claims as CSV or XLSX: the list's download and the export of a selection share the
columns; the list's rows are read in chunks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim
from org.exports import Column, Format, table_response

EXPORT_CHUNK = 1000
# The columns the rows read: the rest of a claim (its description above all) stays in the
# database.
EXPORTED_FIELDS = (
    "received_at",
    "subject",
    "category",
    "priority",
    "is_formal",
    "formal_number",
    "status",
    "response_due_at",
    "resolution_due_at",
    "responded_at",
    "resolved_at",
    "satisfaction",
    "time_to_respond",
    "time_to_fix",
    "responded_on_time",
    "fixed_on_time",
    "contract__number",
    "contract__client__short_name",
    "site__name",
)


def _columns() -> list[Column]:
    return [
        Column(_("Number"), 9),
        Column(_("Received"), 17),
        Column(_("Client"), 30),
        Column(_("Contract"), 12),
        Column(_("Site"), 24),
        Column(_("Subject"), 50),
        Column(_("Category"), 22),
        Column(_("Priority"), 12),
        Column(_("Formal"), 12),
        Column(_("Status"), 14),
        Column(_("Response due"), 17),
        Column(_("Fix due"), 17),
        Column(_("Responded"), 17),
        Column(_("Resolved"), 17),
        Column(_("Time to respond, h"), 12),
        Column(_("Response"), 12),
        Column(_("Time to fix, h"), 12),
        Column(_("Fix"), 12),
        Column(_("Satisfaction"), 12),
    ]


def _hours(value: datetime.timedelta | None) -> float | None:
    return round(value.total_seconds() / 3600, 1) if value is not None else None


def _labels(field: str) -> dict[str, str]:
    """The field's choices as translated text, looked up once per download rather than
    once per row (a translation lookup per cell doubled an XLSX's writing time)."""
    choices = getattr(Claim._meta.get_field(field), "choices", None) or ()
    return {value: str(label) for value, label in choices}


def _row(claim: Claim, labels: dict[str, dict[Any, str]]) -> Sequence[object]:
    return (
        claim.pk,
        claim.received_at,
        claim.contract.client.short_name,
        claim.contract.number,
        claim.site.name if claim.site else "",
        claim.subject,
        labels["category"].get(claim.category, claim.category),
        labels["priority"].get(claim.priority, claim.priority),
        claim.formal_number or (_("yes") if claim.is_formal else ""),
        labels["status"].get(claim.status, claim.status),
        claim.response_due_at,
        claim.resolution_due_at,
        claim.responded_at,
        claim.resolved_at,
        _hours(claim.time_to_respond),
        labels["on_time"][claim.responded_on_time],
        _hours(claim.time_to_fix),
        labels["on_time"][claim.fixed_on_time],
        claim.satisfaction,
    )


def claims_download(
    claims: QuerySet[Claim] | Iterable[Claim], *, fmt: Format
) -> StreamingHttpResponse | FileResponse:
    """``claims`` as a download: a queryset (the filtered list) newest first, reading only
    the exported columns; or the claims of a selection, as they are."""
    labels: dict[str, dict[Any, str]] = {
        field: _labels(field) for field in ("category", "priority", "status")
    }
    labels["on_time"] = {None: "", True: _("on time"), False: _("late")}
    if isinstance(claims, QuerySet):
        ordered = claims.order_by("-received_at", "-id").only(*EXPORTED_FIELDS)
        claims = ordered.iterator(chunk_size=EXPORT_CHUNK)
    rows: Iterator[Sequence[object]] = (_row(claim, labels) for claim in claims)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return table_response(fmt, filename=f"claims-{stamp}", columns=_columns(), rows=rows)
