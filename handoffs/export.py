"""The inbox tab as CSV: its columns, and the rows streamed in chunks."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from handoffs.models import Handoff
from org.exports import csv_response, local_datetime

EXPORT_CHUNK = 2000


def _header() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Kind"),
        _("Status"),
        _("Department"),
        _("Assignee"),
        _("Requested by"),
        _("Contract"),
        _("Client"),
        _("Due"),
        _("Overdue"),
        _("Created"),
        _("Completed"),
        _("Result"),
    ]


def _row(handoff: Handoff, now: datetime.datetime) -> Sequence[object]:
    return (
        handoff.pk,
        handoff.title,
        handoff.get_kind_display(),
        handoff.get_status_display(),
        handoff.department or "",
        handoff.assignee or "",
        handoff.requested_by,
        handoff.contract.number if handoff.contract else "",
        handoff.client or "",
        local_datetime(handoff.due_at),
        _("yes") if handoff.is_overdue(now) else "",
        local_datetime(handoff.created_at),
        local_datetime(handoff.completed_at),
        handoff.result or handoff.decline_reason,
    )


def inbox_csv(
    rows: QuerySet[Handoff], *, tab: str, now: datetime.datetime
) -> StreamingHttpResponse:
    """``rows`` (ordered, with their relations) as the CSV download of inbox ``tab``."""
    lines: Iterator[Sequence[object]] = (
        _row(handoff, now) for handoff in rows.iterator(chunk_size=EXPORT_CHUNK)
    )
    stamp = timezone.localtime(now).strftime("%Y-%m-%d")
    return csv_response(filename=f"inbox-{tab}-{stamp}.csv", header=_header(), rows=lines)
