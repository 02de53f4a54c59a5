"""The XLSX download of 100,000 claims, as the director's claim list gives it: seconds."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TypedDict, cast

from django.utils import translation

from claims.export import claims_download
from claims.selectors import claim_list
from org.models import User

ROWS = 100_000


class ExportFigures(TypedDict):
    name: str
    seconds: float
    count: int
    duplicates: int
    bytes: int


def measure_xlsx_export(username: str, rows: int = ROWS) -> ExportFigures:
    """Write the newest ``rows`` claims the user (the director) sees as XLSX, the way the
    list's download does (visibility, relations, write-only workbook), and read it out."""
    claims = claim_list(User.objects.get(username=username), filters={})
    newest = claims.order_by("-received_at", "-id").values_list("received_at", flat=True)
    cutoff = newest[rows - 1 : rows].first()
    chosen = claims if cutoff is None else claims.filter(received_at__gte=cutoff)
    started = time.perf_counter()
    with translation.override("uk"):
        response = claims_download(chosen, fmt="xlsx")
        chunks = cast(Iterator[bytes], response.streaming_content)
        size = sum(len(chunk) for chunk in chunks)
    seconds = time.perf_counter() - started
    count = chosen.count()
    return {
        "name": f"xlsx-{count // 1000}k",
        "seconds": round(seconds, 2),
        "count": count,
        "duplicates": 0,
        "bytes": size,
    }
