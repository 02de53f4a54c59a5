"""Claims by site and by staffing post: how many were received in the last 90 days, how
many of those are open and overdue, each row a link to the claims it counts.

Two grouped queries (one per breakdown) over the claims of the last 90 days that the
caller passes: the manager's contracts, or all of them for the directors.
"""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import TypedDict

from django.db.models import Count, Q
from django.utils import timezone

from claims.models import OPEN_CLAIM_STATUSES, ClaimQuerySet
from dashboards.charts import link

PLACES_WINDOW_DAYS = 90
PLACES_LIMIT = 10


class PlaceRow(TypedDict):
    label: str
    detail: str
    total: int
    open: int
    overdue: int
    total_url: str
    open_url: str
    overdue_url: str


def _counts(now: datetime.datetime) -> dict[str, Count]:
    is_open = Q(status__in=OPEN_CLAIM_STATUSES)
    late = Q(resolution_due_at__lt=now) | Q(responded_at__isnull=True, response_due_at__lt=now)
    return {
        "total": Count("pk"),
        "open_count": Count("pk", filter=is_open),
        "overdue_count": Count("pk", filter=is_open & late),
    }


def _row(label: str, detail: str, counts: dict, **where: object) -> PlaceRow:
    base = {"days": PLACES_WINDOW_DAYS, **where}
    return {
        "label": label,
        "detail": detail,
        "total": counts["total"],
        "open": counts["open_count"],
        "overdue": counts["overdue_count"],
        "total_url": link("dashboards:claims", **base),
        "open_url": link("dashboards:claims", **base, open=1),
        "overdue_url": link("dashboards:claims", **base, overdue=1),
    }


def claims_by_site(
    claims: ClaimQuerySet, *, now: datetime.datetime | None = None, mine: bool = False
) -> list[PlaceRow]:
    """The sites with the most claims of the last 90 days among ``claims``: one query."""
    now = now or timezone.now()
    rows = (
        claims.filter(received_at__gte=now - timedelta(days=PLACES_WINDOW_DAYS), site__isnull=False)
        .values("site_id", "site__name", "site__client__short_name")
        .annotate(**_counts(now))
        .order_by("-total", "site__name", "site_id")[:PLACES_LIMIT]
    )
    return [
        _row(
            r["site__name"], r["site__client__short_name"], r, site=r["site_id"], mine=mine or None
        )
        for r in rows
    ]


def claims_by_post(
    claims: ClaimQuerySet, *, now: datetime.datetime | None = None, mine: bool = False
) -> list[PlaceRow]:
    """The staffing posts with the most claims of the last 90 days among ``claims``: one query."""
    now = now or timezone.now()
    rows = (
        claims.filter(received_at__gte=now - timedelta(days=PLACES_WINDOW_DAYS), post__isnull=False)
        .values("post_id", "post__post", "post__site__name", "post__contract__number")
        .annotate(**_counts(now))
        .order_by("-total", "post__post", "post_id")[:PLACES_LIMIT]
    )
    return [
        _row(
            r["post__post"],
            " · ".join(
                part for part in (r["post__site__name"], f"№ {r['post__contract__number']}") if part
            ),
            r,
            post=r["post_id"],
            mine=mine or None,
        )
        for r in rows
    ]


class PlaceBreakdown(TypedDict):
    by_site: list[PlaceRow]
    by_post: list[PlaceRow]
    days: int


def places_breakdown(
    claims: ClaimQuerySet, *, now: datetime.datetime, mine: bool = False
) -> PlaceBreakdown:
    """Both breakdowns of ``claims`` (``mine``: the links keep to the user's contracts)."""
    return {
        "by_site": claims_by_site(claims, now=now, mine=mine),
        "by_post": claims_by_post(claims, now=now, mine=mine),
        "days": PLACES_WINDOW_DAYS,
    }
