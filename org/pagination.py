"""Keyset ("newer/older") pagination: no OFFSET, no COUNT, fast at millions of rows.

The queryset is ordered by one sort column and ``id``; a page is the rows after (or
before) the last row's (value, id) pair, which a composite index serves directly.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

# The largest value a bigint (and SQLite's INTEGER) column holds.
BIGINT_MAX = 2**63 - 1
# A sort key is at most a short text; anything longer is not one we wrote.
TEXT_KEY_LIMIT = 1000

# A cursor's decoded JSON: whatever a client sent, checked before use.
CursorData = dict[str, Any]
# Reads a sort key of one field's type from a cursor's data.
KeyParser = Callable[[CursorData], object]
RowT = TypeVar("RowT", bound=models.Model)


class BadCursor(ValueError):
    """A cursor that is not one of ours, or whose key does not fit the sort field."""


def _encode(value: object) -> dict[str, object]:
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    return {"v": value}


def checked_integer(value: object) -> int:
    """An integer from a cursor, within a bigint; BadCursor (a ValueError) for anything else."""
    if type(value) is not int or not -BIGINT_MAX <= value <= BIGINT_MAX:
        raise BadCursor("not an integer in range")
    return value


def _datetime(data: CursorData) -> datetime:
    return checked_datetime(data.get("dt"))


def checked_datetime(text: object) -> datetime:
    """An ISO moment from a cursor, in UTC; BadCursor (a ValueError) for anything else."""
    if not isinstance(text, str):
        raise BadCursor("no datetime")
    moment = parse_datetime(text)  # ValueError for a well-formed impossible moment
    if moment is None:
        raise BadCursor("not a datetime")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    # The database compares in UTC: a moment that cannot be written there is refused here.
    return moment.astimezone(UTC)


def _date(data: CursorData) -> date:
    text = data.get("d")
    if not isinstance(text, str):
        raise BadCursor("no date")
    day = parse_date(text)
    if day is None:
        raise BadCursor("not a date")
    return day


def _decimal(data: CursorData) -> Decimal:
    text = data.get("n")
    if not isinstance(text, str) or not re.fullmatch(r"-?[0-9]{1,30}(\.[0-9]{1,30})?", text):
        raise BadCursor("not a decimal")
    return Decimal(text)


def _text(data: CursorData) -> str:
    text = data.get("v")
    if not isinstance(text, str) or "\x00" in text or len(text) > TEXT_KEY_LIMIT:
        raise BadCursor("not a text key")
    return text


def _key_parser(model_field: object) -> KeyParser:
    """How to read a cursor key for ``model_field``: by its type, so that no value of the
    wrong type reaches the query (PostgreSQL answers those with an error, not no rows)."""
    if isinstance(model_field, models.DateTimeField):
        return _datetime
    if isinstance(model_field, models.DateField):
        return _date
    if isinstance(model_field, models.DecimalField):
        return _decimal
    if isinstance(model_field, (models.IntegerField, models.AutoField, models.ForeignKey)):
        return lambda data: checked_integer(data.get("v"))
    if isinstance(model_field, (models.CharField, models.TextField)):
        return _text
    raise ImproperlyConfigured(f"Keyset pages cannot sort by a {type(model_field).__name__}.")


def _sort_field(queryset: QuerySet[Any], path: str) -> object:
    """The model field (or annotation's output field) that ``path`` names."""
    annotation = queryset.query.annotations.get(path)
    if annotation is not None:
        return annotation.output_field
    model: Any = queryset.model
    model_field: object = None
    for part in path.split("__"):
        found = model._meta.get_field(part)
        if found.is_relation:
            model = found.related_model
        model_field = found
    return model_field


def encode_cursor(value: object, pk: int, direction: str = "after") -> str:
    raw = json.dumps({"k": _encode(value), "id": pk, "dir": direction})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, parse_key: KeyParser) -> tuple[object, int, str] | None:
    """Return (value, id, direction), or None for a cursor that is not ours.

    ``parse_key`` reads the key for the sort field's type (see ``_key_parser``) and raises
    for anything else.
    """
    try:
        if not isinstance(cursor, str) or len(cursor) > 4 * TEXT_KEY_LIMIT:
            raise BadCursor("too long")
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if not isinstance(data, dict) or not isinstance(data.get("k"), dict):
            raise BadCursor("not a cursor")
        direction = data.get("dir", "after")
        if direction not in ("after", "before"):
            raise BadCursor("no direction")
        key = data["k"]
        return parse_key(key), checked_integer(data.get("id")), direction
    except (
        ValueError,
        KeyError,
        TypeError,
        OverflowError,
        RecursionError,
        binascii.Error,
        UnicodeError,
    ):
        return None


@dataclass
class KeysetPage(Generic[RowT]):
    rows: list[RowT]
    next_cursor: str | None
    previous_cursor: str | None


def keyset_page(
    queryset: QuerySet[RowT],
    *,
    field: str,
    cursor: str | None,
    size: int = 50,
    descending: bool = False,
) -> KeysetPage[RowT]:
    """One page of ``queryset`` ordered by (``field``, id), from ``cursor`` on.

    ``field`` must not be null in these rows. A bad or stale cursor gives the first page:
    its key is checked against the type of ``field`` before it reaches the query.
    """
    state = decode_cursor(cursor, _key_parser(_sort_field(queryset, field))) if cursor else None
    forward = state is None or state[2] == "after"
    ascending = not descending if forward else descending
    order = (field, "id") if ascending else (f"-{field}", "-id")
    if state is not None:
        value, pk, _direction = state
        compare = "gt" if ascending else "lt"
        # The bound on the sort column alone gives the index a range to start from; the OR
        # only sorts out the rows that share the last row's value.
        queryset = queryset.filter(
            Q(**{f"{field}__{compare}e": value})
            & (Q(**{f"{field}__{compare}": value}) | Q(**{f"id__{compare}": pk}))
        )
    # The page's ids first, from the index alone, then its rows with their relations: joined
    # before the LIMIT, the relations make the planner join every matching row (misjudging
    # how many there are) and sort them all.
    ids = list(queryset.order_by(*order).values_list("pk", flat=True)[: size + 1])
    has_more = len(ids) > size
    ids = ids[:size]
    found = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)} if ids else {}
    rows = [found[pk] for pk in ids if pk in found]
    if not forward:
        rows.reverse()

    def key(row: RowT) -> object:
        value: object = row
        for part in field.split("__"):
            value = getattr(value, part)
        return value

    next_cursor: str | None = None
    previous_cursor: str | None = None
    if rows:
        if has_more or not forward:
            next_cursor = encode_cursor(key(rows[-1]), rows[-1].pk, "after")
        if state is not None and (forward or has_more):
            previous_cursor = encode_cursor(key(rows[0]), rows[0].pk, "before")
    return KeysetPage(rows=rows, next_cursor=next_cursor, previous_cursor=previous_cursor)


def query_without_cursor(params: QueryDict) -> str:
    """The current filters as a query string, for the newer/older links to extend."""
    query = params.copy()
    query.pop("cursor", None)
    return query.urlencode()
