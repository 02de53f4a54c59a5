"""The directors' dashboard: the clients and sites with the most claims, claims by site
and by post, claims fixed on time by department and month (kept by the periodic refresh),
contracts by stage."""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any, cast

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from claims.models import Claim
from contracts.models import Contract, Stage
from dashboards.figures import (
    DirectorsFigures,
    OnTime,
    OnTimeCell,
    OnTimeMonth,
    OnTimeRow,
    StageTotal,
    StoredDirectorsFigures,
    StoredOnTime,
    TopRow,
)
from dashboards.models import FigureSnapshot
from dashboards.selectors.common import KYIV, default_now, fresh_snapshot, month_start, share
from dashboards.selectors.places import linked_breakdown, place_counts
from handoffs.models import Handoff, Kind
from org.models import Department, User

TOP_LIMIT = 10
TOP_WINDOW_DAYS = 90
ON_TIME_MONTHS = 6
DIRECTORS_FIGURES = "directors"


def claims_per_client(*, now: datetime.datetime, limit: int = TOP_LIMIT) -> list[TopRow]:
    """The clients with the most claims received in the last 90 days: one query."""
    rows = (
        Claim.objects.filter(received_at__gte=now - timedelta(days=TOP_WINDOW_DAYS))
        .values("contract__client_id", "contract__client__short_name")
        .annotate(count=Count("pk"))
        .order_by("-count", "contract__client__short_name", "contract__client_id")[:limit]
    )
    return [
        {
            "id": r["contract__client_id"],
            "label": r["contract__client__short_name"],
            "count": r["count"],
        }
        for r in rows
    ]


def claims_per_site(*, now: datetime.datetime, limit: int = TOP_LIMIT) -> list[TopRow]:
    """The sites with the most claims received in the last 90 days: one query."""
    rows = (
        Claim.objects.filter(
            received_at__gte=now - timedelta(days=TOP_WINDOW_DAYS), site__isnull=False
        )
        .values("site_id", "site__name", "site__client__short_name")
        .annotate(count=Count("pk"))
        .order_by("-count", "site__name", "site_id")[:limit]
    )
    return [
        {
            "id": r["site_id"],
            "label": r["site__name"],
            "client": r["site__client__short_name"],
            "count": r["count"],
        }
        for r in rows
    ]


def _month_key(month: datetime.date | datetime.datetime) -> str:
    """The Kyiv "YYYY-MM" of a truncated month (a date on some databases)."""
    if isinstance(month, datetime.datetime):
        return month.astimezone(KYIV).strftime("%Y-%m")
    return month.strftime("%Y-%m")


def _on_time_cells(
    *, starts: list[datetime.datetime], now: datetime.datetime
) -> dict[tuple[int, str], tuple[int, int]]:
    """(resolved, on time) per (department id, month key): one grouped query."""
    grouped = (
        Handoff.objects.filter(
            kind=Kind.CLAIM_FIX,
            department__isnull=False,
            claim__resolved_at__gte=starts[0],
            claim__resolved_at__lte=now,
        )
        .annotate(month=TruncMonth("claim__resolved_at", tzinfo=KYIV))
        .values("department_id", "month")
        .annotate(
            resolved=Count("claim_id", distinct=True),
            on_time=Count("claim_id", distinct=True, filter=Q(claim__fixed_on_time=True)),
        )
        .order_by()
    )
    return {
        (row["department_id"], _month_key(row["month"])): (row["resolved"], row["on_time"])
        for row in grouped
    }


def _cell(key: str, resolved: int, on_time: int) -> OnTimeCell:
    return {"month": key, "resolved": resolved, "on_time": on_time, "pct": share(on_time, resolved)}


def on_time_by_department(*, now: datetime.datetime, months: int = ON_TIME_MONTHS) -> OnTime:
    """Per department and Kyiv month (the last six, this one included): claims resolved in
    the month with a claim-fix hand-off to the department, and how many were fixed on time.

    Two queries: the departments, and one aggregate grouped by department and month.
    """
    starts = [month_start(now, back) for back in range(months - 1, -1, -1)]
    keys = [start.strftime("%Y-%m") for start in starts]
    cells = _on_time_cells(starts=starts, now=now)
    rows: list[OnTimeRow] = [
        {
            "department": department,
            "cells": [_cell(key, *cells.get((department.pk, key), (0, 0))) for key in keys],
        }
        for department in Department.objects.order_by("name_uk")
    ]
    month_list: list[OnTimeMonth] = [
        {"key": k, "start": s.date()} for k, s in zip(keys, starts, strict=True)
    ]
    return {"months": month_list, "rows": rows}


def contracts_by_stage() -> list[StageTotal]:
    """Every stage with its number of contracts and their total monthly value: one query."""
    totals: dict[str, dict[str, Any]] = {
        row["stage"]: row
        for row in Contract.objects.values("stage")
        .annotate(count=Count("pk"), value=Sum(F("monthly_value")))
        .order_by()
    }
    return [
        {
            "stage": stage,
            "label": label,
            "count": totals.get(stage, {}).get("count", 0),
            "value": totals.get(stage, {}).get("value") or 0,
        }
        for stage, label in Stage.choices
    ]


def _stored_on_time(on_time: OnTime) -> StoredOnTime:
    """The on-time table as JSON keeps it: departments by id, months as ISO dates."""
    return {
        "months": [
            {"key": month["key"], "start": month["start"].isoformat()}
            for month in on_time["months"]
        ],
        "rows": [
            {"department_id": row["department"].pk, "cells": row["cells"]}
            for row in on_time["rows"]
        ],
    }


def _read_on_time(stored: StoredOnTime) -> OnTime:
    """The kept on-time table with its departments again (one query); a department
    deleted since is left out."""
    departments = Department.objects.in_bulk()
    return {
        "months": [
            {"key": month["key"], "start": datetime.date.fromisoformat(month["start"])}
            for month in stored["months"]
        ],
        "rows": [
            {"department": departments[row["department_id"]], "cells": row["cells"]}
            for row in stored["rows"]
            if row["department_id"] in departments
        ],
    }


def refresh_directors_figures(*, now: datetime.datetime | None = None) -> FigureSnapshot:
    """Compute the directors' figures over months of claims and keep them for the page."""
    now = default_now(now)
    data: StoredDirectorsFigures = {
        "per_client": claims_per_client(now=now),
        "per_site": claims_per_site(now=now),
        "on_time": _stored_on_time(on_time_by_department(now=now)),
        "places": place_counts(Claim.objects.all(), now=now),
    }
    snapshot, _created = FigureSnapshot.objects.update_or_create(
        name=DIRECTORS_FIGURES, defaults={"computed_at": now, "data": data}
    )
    return snapshot


def directors_dashboard(user: User, *, now: datetime.datetime) -> DirectorsFigures:
    """The figures the periodic refresh keeps (recomputed here if it has not run lately),
    and the contracts by stage, cheap enough to read live. Three queries."""
    snapshot = fresh_snapshot(DIRECTORS_FIGURES, now=now)
    # A snapshot kept before the breakdown by site and post existed is computed again.
    if snapshot is None or "places" not in snapshot.data:
        snapshot = refresh_directors_figures(now=now)
    data = cast(StoredDirectorsFigures, snapshot.data)
    return {
        "per_client": data["per_client"],
        "per_site": data["per_site"],
        "on_time": _read_on_time(data["on_time"]),
        "places": linked_breakdown(data["places"]),
        "stages": contracts_by_stage(),
        "computed_at": snapshot.computed_at,
    }
