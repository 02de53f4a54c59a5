"""The inbox tab as CSV or XLSX: its columns, and the rows read in chunks."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from handoffs.models import Handoff
from org.exports import Column, Format, table_response

EXPORT_CHUNK = 2000


def _columns() -> list[Column]:
    return [
        Column(_("Number"), 9),
        Column(_("Title"), 50),
        Column(_("Kind"), 30),
        Column(_("Status"), 14),
        Column(_("Department"), 24),
        Column(_("Assignee"), 22),
        Column(_("Requested by"), 22),
        Column(_("Contract"), 12),
        Column(_("Client"), 30),
        Column(_("Due"), 17),
        Column(_("Overdue"), 10),
        Column(_("Created"), 17),
        Column(_("Completed"), 17),
        Column(_("Result"), 50),
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
        handoff.due_at,
        _("yes") if handoff.is_overdue(now) else "",
        handoff.created_at,
        handoff.completed_at,
        handoff.result or handoff.decline_reason,
    )


def inbox_download(
    rows: QuerySet[Handoff], *, fmt: Format, tab: str, now: datetime.datetime
) -> StreamingHttpResponse | FileResponse:
    """``rows`` (ordered, with their relations) as the download of inbox ``tab``."""
    lines: Iterator[Sequence[object]] = (
        _row(handoff, now) for handoff in rows.iterator(chunk_size=EXPORT_CHUNK)
    )
    stamp = timezone.localtime(now).strftime("%Y-%m-%d")
    return table_response(fmt, filename=f"inbox-{tab}-{stamp}", columns=_columns(), rows=lines)
