"""Values read from a request without a form: strict, ASCII and bounded.

``str.isdigit()`` (and ``isdecimal``) accept "²" or "٣", which ``int()`` refuses or
turns into an id nobody meant; a request's text may hold NUL, which PostgreSQL refuses.
"""

import re

# At most 18 digits: every such number fits a bigint column.
_ID = re.compile(r"[0-9]{1,18}")
_DIGITS = re.compile(r"[0-9]+")
# Longer than any name, number or EDRPOU; SQLite refuses LIKE patterns over 50,000 bytes.
SEARCH_QUERY_LIMIT = 200


def ascii_id(value: object) -> int | None:
    """``value`` as a database id, or None unless it is 1–18 ASCII digits."""
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None


def is_ascii_digits(value: object) -> bool:
    return isinstance(value, str) and _DIGITS.fullmatch(value) is not None


def has_control_characters(value: str) -> bool:
    """NUL and the other C0 controls: never part of a link or a search we answer."""
    return any(ord(char) < 32 or ord(char) == 127 for char in value)
