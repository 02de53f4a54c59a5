"""Time and numbers every dashboard shares: Kyiv months and days, age buckets, medians.

Months and days are Kyiv's, whatever the server's clock.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dashboards.models import FigureSnapshot
from org.params import ascii_id

KYIV = ZoneInfo("Europe/Kyiv")
# The periodic refresh runs every FIGURES_REFRESH; a page finding figures older than
# FIGURES_MAX_AGE (no scheduler running) recomputes them itself.
FIGURES_REFRESH = timedelta(minutes=10)
FIGURES_MAX_AGE = timedelta(minutes=30)


@dataclass(frozen=True)
class AgeBucket:
    key: str
    label: str | Promise
    from_days: int
    to_days: int | None


AGE_BUCKETS = (
    AgeBucket("lt1", _("under 1 day"), 0, 1),
    AgeBucket("1-3", _("1–3 days"), 1, 3),
    AgeBucket("3-7", _("3–7 days"), 3, 7),
    AgeBucket("gt7", _("over 7 days"), 7, None),
)
AGE_BUCKET_KEYS = {bucket.key: bucket for bucket in AGE_BUCKETS}


def kyiv_today(now: datetime.datetime) -> datetime.date:
    return now.astimezone(KYIV).date()


def month_start(moment: datetime.datetime, months_back: int = 0) -> datetime.datetime:
    """Midnight of the first day of the Kyiv month ``months_back`` before ``moment``'s."""
    local = moment.astimezone(KYIV)
    index = local.year * 12 + local.month - 1 - months_back
    return datetime.datetime(index // 12, index % 12 + 1, 1, tzinfo=KYIV)


def month_range(key: object) -> tuple[datetime.datetime, datetime.datetime] | None:
    """The Kyiv month "YYYY-MM" as [start, end), or None for anything else."""
    parts = key.split("-") if isinstance(key, str) else []
    if len(parts) != 2 or not all(ascii_id(part) is not None for part in parts):
        return None
    year, month = (int(part) for part in parts)
    # Months the database can hold in UTC, with the next month's start as well.
    if not 1900 <= year <= 9000:
        return None
    try:
        start = datetime.datetime(year, month, 1, tzinfo=KYIV)
    except ValueError:
        return None
    return start, month_start(start + timedelta(days=32))


def age_range(
    key: object, now: datetime.datetime
) -> tuple[datetime.datetime | None, datetime.datetime] | None:
    """Received-at bounds (after, at or before) of the claims of one age bucket."""
    bucket = AGE_BUCKET_KEYS.get(key) if isinstance(key, str) else None
    if bucket is None:
        return None
    latest = now - timedelta(days=bucket.from_days)
    earliest = now - timedelta(days=bucket.to_days) if bucket.to_days is not None else None
    return earliest, latest


def start_of_day(moment: datetime.datetime) -> datetime.datetime:
    local = moment.astimezone(KYIV)
    return datetime.datetime(local.year, local.month, local.day, tzinfo=KYIV)


def hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def person(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def fresh_snapshot(name: str, *, now: datetime.datetime) -> FigureSnapshot | None:
    """The kept figures ``name`` if the periodic refresh computed them lately, else None."""
    snapshot = FigureSnapshot.objects.filter(name=name).first()
    if snapshot is None or not now - FIGURES_MAX_AGE <= snapshot.computed_at <= now:
        return None
    return snapshot


def default_now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()
