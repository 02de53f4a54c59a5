"""Claims by site and by staffing post: how many were received in the last 90 days, how
many of those are open and overdue, each row a link to the claims it counts.

Two grouped queries (one per breakdown) over the claims of the last 90 days that the
caller passes: the manager's contracts live, or all of them for the directors, whose
counts the periodic refresh keeps (`place_counts`) and the page links (`with_links`).
"""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Literal

from django.db.models import Count, Q
from django.utils import timezone

from claims.models import OPEN_CLAIM_STATUSES, ClaimQuerySet, late
from dashboards.charts import link
from dashboards.figures import PlaceBreakdown, PlaceCount, PlaceCounts, PlaceRow

PLACES_WINDOW_DAYS = 90
PLACES_LIMIT = 10
DIRECTORS_PLACES_LIMIT = 20


def _counts(now: datetime.datetime) -> dict[str, Count]:
    # The same conditions as ClaimQuerySet.overdue, so a number and its list agree.
    is_open = Q(status__in=OPEN_CLAIM_STATUSES)
    return {
        "total": Count("pk"),
        "open_count": Count("pk", filter=is_open),
        "overdue_count": Count("pk", filter=is_open & late(now)),
    }


def _count(param: Literal["site", "post"], pk: int, label: str, detail: str, r: dict) -> PlaceCount:
    return {
        "param": param,
        "id": pk,
        "label": label,
        "detail": detail,
        "total": r["total"],
        "open": r["open_count"],
        "overdue": r["overdue_count"],
    }


def _recent(claims: ClaimQuerySet, now: datetime.datetime) -> ClaimQuerySet:
    return claims.filter(received_at__gte=now - timedelta(days=PLACES_WINDOW_DAYS))


def site_counts(
    claims: ClaimQuerySet, *, now: datetime.datetime, limit: int = PLACES_LIMIT
) -> list[PlaceCount]:
    """The sites with the most claims of the last 90 days among ``claims``: one query."""
    rows = (
        _recent(claims, now)
        .filter(site__isnull=False)
        .values("site_id", "site__name", "site__client__short_name")
        .annotate(**_counts(now))
        .order_by("-total", "site__name", "site_id")[:limit]
    )
    return [
        _count("site", r["site_id"], r["site__name"], r["site__client__short_name"], r)
        for r in rows
    ]


def post_counts(
    claims: ClaimQuerySet, *, now: datetime.datetime, limit: int = PLACES_LIMIT
) -> list[PlaceCount]:
    """The staffing posts with the most claims of the last 90 days among ``claims``: one query."""
    rows = (
        _recent(claims, now)
        .filter(post__isnull=False)
        .values("post_id", "post__post", "post__site__name", "post__contract__number")
        .annotate(**_counts(now))
        .order_by("-total", "post__post", "post_id")[:limit]
    )
    return [
        _count(
            "post",
            r["post_id"],
            r["post__post"],
            " · ".join(
                part for part in (r["post__site__name"], f"№ {r['post__contract__number']}") if part
            ),
            r,
        )
        for r in rows
    ]


def with_links(rows: list[PlaceCount], *, mine: bool = False) -> list[PlaceRow]:
    """Each row with the links to the claims its numbers count (``mine``: the links keep
    to the user's contracts)."""
    linked: list[PlaceRow] = []
    for row in rows:
        base = {"days": PLACES_WINDOW_DAYS, row["param"]: row["id"], "mine": mine or None}
        linked.append(
            {
                **row,
                "total_url": link("dashboards:claims", **base),
                "open_url": link("dashboards:claims", **base, open=1),
                "overdue_url": link("dashboards:claims", **base, overdue=1),
            }
        )
    return linked


def claims_by_site(
    claims: ClaimQuerySet, *, now: datetime.datetime | None = None, mine: bool = False
) -> list[PlaceRow]:
    return with_links(site_counts(claims, now=now or timezone.now()), mine=mine)


def claims_by_post(
    claims: ClaimQuerySet, *, now: datetime.datetime | None = None, mine: bool = False
) -> list[PlaceRow]:
    return with_links(post_counts(claims, now=now or timezone.now()), mine=mine)


def place_counts(
    claims: ClaimQuerySet, *, now: datetime.datetime, limit: int = DIRECTORS_PLACES_LIMIT
) -> PlaceCounts:
    """Both breakdowns' counts, no links: what the directors' snapshot keeps."""
    return {
        "by_site": site_counts(claims, now=now, limit=limit),
        "by_post": post_counts(claims, now=now, limit=limit),
    }


def linked_breakdown(counts: PlaceCounts, *, mine: bool = False) -> PlaceBreakdown:
    return {
        "by_site": with_links(counts["by_site"], mine=mine),
        "by_post": with_links(counts["by_post"], mine=mine),
        "days": PLACES_WINDOW_DAYS,
    }


def places_breakdown(
    claims: ClaimQuerySet, *, now: datetime.datetime, mine: bool = False
) -> PlaceBreakdown:
    """Both breakdowns of ``claims``, top 10 each (``mine``: the links keep to the user's
    contracts)."""
    return linked_breakdown(place_counts(claims, now=now, limit=PLACES_LIMIT), mine=mine)
