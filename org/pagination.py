"""Keyset ("newer/older") pagination: no OFFSET, no COUNT, fast at millions of rows.

The queryset is ordered by one sort column and ``id``; a page is the rows after (or
before) the last row's (value, id) pair, which a composite index serves directly.
"""

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_date, parse_datetime


def _encode(value):
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return {"v": value}


def _decode(data):
    if "dt" in data:
        return parse_datetime(data["dt"])
    if "d" in data:
        return parse_date(data["d"])
    return data["v"]


def encode_cursor(value, pk, direction="after") -> str:
    raw = json.dumps({"k": _encode(value), "id": pk, "dir": direction})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str):
    """Return (value, id, direction), or None for a cursor that is not ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return _decode(data["k"]), int(data["id"]), data.get("dir", "after")
    except (ValueError, KeyError, TypeError):
        return None


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def keyset_page(
    queryset: QuerySet, *, field: str, cursor: str | None, size: int = 50, descending=False
):
    """One page of ``queryset`` ordered by (``field``, id), from ``cursor`` on.

    ``field`` must not be null in these rows. A bad or stale cursor gives the first page.
    """
    state = decode_cursor(cursor) if cursor else None
    forward = state is None or state[2] == "after"
    ascending = not descending if forward else descending
    order = (field, "id") if ascending else (f"-{field}", "-id")
    if state is not None:
        value, pk, _direction = state
        compare = "gt" if ascending else "lt"
        queryset = queryset.filter(
            Q(**{f"{field}__{compare}": value}) | Q(**{field: value, f"id__{compare}": pk})
        )
    rows = list(queryset.order_by(*order)[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()

    def key(row):
        value = row
        for part in field.split("__"):
            value = getattr(value, part)
        return value

    next_cursor = previous_cursor = None
    if rows:
        if has_more or not forward:
            next_cursor = encode_cursor(key(rows[-1]), rows[-1].pk, "after")
        if state is not None and (forward or has_more):
            previous_cursor = encode_cursor(key(rows[0]), rows[0].pk, "before")
    return KeysetPage(rows=rows, next_cursor=next_cursor, previous_cursor=previous_cursor)


def query_without_cursor(params) -> str:
    """The current filters as a query string, for the newer/older links to extend."""
    query = params.copy()
    query.pop("cursor", None)
    return query.urlencode()
