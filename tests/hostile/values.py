"""The values the hostile-input tests send, and a watch on what reaches the database."""

import base64
import json
from contextlib import contextmanager

from django.db import connection


def cursor(data) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


BAD_CURSORS = {
    "text key": cursor({"k": {"v": "x"}, "id": 1}),
    "null key": cursor({"k": {"v": None}, "id": 1}),
    "list key": cursor({"k": {"v": [1]}, "id": 1}),
    "date key that is no date": cursor({"k": {"d": "x"}, "id": 1}),
    "NUL in a text key": cursor({"k": {"v": "a\x00b"}, "id": 1}),
    "NUL in a datetime key": cursor({"k": {"dt": "2026-01-01\x00T10:00"}, "id": 1}),
    "impossible datetime": cursor({"k": {"dt": "2026-02-30T10:00:00+00:00"}, "id": 1}),
    "datetime beyond UTC": cursor({"k": {"dt": "0001-01-01T00:00:00+05:00"}, "id": 1}),
    "date key on a datetime field": cursor({"k": {"d": "2026-01-01"}, "id": 1}),
    "key not an object": cursor({"k": "2026-01-01", "id": 1}),
    "huge id": cursor({"k": {"dt": "2026-01-01T10:00:00+00:00"}, "id": 10**30}),
    "text id": cursor({"k": {"dt": "2026-01-01T10:00:00+00:00"}, "id": "1"}),
    "unknown direction": cursor({"k": {"dt": "2026-01-01T10:00:00+00:00"}, "id": 1, "dir": 7}),
    "not JSON": cursor(b"\xff\xfe"),
    "JSON list": cursor([1, 2]),
    "deep nesting": cursor(b"[" * 3000),
    "timeline cursor with text rank": cursor(
        {"at": "2026-01-01T10:00:00+00:00", "r": "x", "id": 1}
    ),
    "not base64": "%%%",
}

MEGABYTE = "я" * 500_000  # 1 MB in UTF-8

# What a hostile or broken client sends in one field. Non-UTF-8 bytes are sent raw
# (``%ff%fe``), not through this list.
HOSTILE_VALUES = {
    "NUL": "a\x00b",
    "1 MB": MEGABYTE,
    "superscript digits": "²²",
    "Arabic-Indic digit": "٣",
    "negative": "-1",
    "huge number": "99999999999999999999",
    "huge decimal": "9" * 40 + ".99",
    "not a number": "NaN",
    "infinity": "Infinity",
    "first moment": "0001-01-01T00:00",
    "last moment": "9999-12-31T23:59",
    "first day": "0001-01-01",
    "impossible date": "2026-02-30",
    "unknown choice": "no-such-choice",
    "markup": "<script>alert(1)</script>\"'",
    "SQL": "' OR 1=1 --",
    "control characters": "\x01\x1b[31m\r\n",
}
NON_UTF8 = "%ff%fe"
# Sent to every field of a form (or parameter of a list) at once; every value (1 MB and
# the rest) also goes to one field or parameter at a time, in turn.
EVERY_FIELD_VALUES = (
    "NUL",
    "superscript digits",
    "Arabic-Indic digit",
    "negative",
    "huge number",
    "first moment",
    "unknown choice",
)
# A few of the bad cursors, for every list (tests/org/test_bad_cursors.py sends them all).
SOME_BAD_CURSORS = ("text key", "null key", "NUL in a text key")


class NulWatch:
    """Every statement parameter with a NUL in it, as the database driver would get it:
    PostgreSQL refuses those (a 500), SQLite stores them silently."""

    def __init__(self):
        self.found = []

    def __call__(self, execute, sql, params, many, context):
        rows = params if many else [params]
        for row in rows or []:
            values = row.values() if isinstance(row, dict) else row or []
            self.found.extend(
                (sql[:80], value[:40])
                for value in values
                if isinstance(value, str) and "\x00" in value
            )
        return execute(sql, params, many, context)


@contextmanager
def nul_watch():
    watch = NulWatch()
    with connection.execute_wrapper(watch):
        yield watch
