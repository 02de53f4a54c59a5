"""The manager's dashboard: open claims by age, what is due this week, contracts
expiring, and promptness this month against last.

Each function runs a fixed number of queries whatever the data size: counts are
aggregated in the database, medians taken in Python over the bounded rows of one period
(the same answer on SQLite and PostgreSQL). The figures over months of claims (the
promptness and the claims by place) are kept per manager by the periodic refresh; the
page reads them in one query and computes only what must be live.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from datetime import timedelta
from typing import cast

from django.db.models import Count, Q

from claims.models import Claim, ClaimQuerySet
from claims.selectors import next_due
from contracts.selectors import contracts_expiring as portfolio_contracts_expiring
from dashboards.figures import (
    AgeCount,
    DueItem,
    ExpiringContract,
    KeptManagerFigures,
    ManagerFigures,
    MonthlyPromptness,
    Promptness,
    PromptnessChange,
)
from dashboards.models import FigureSnapshot
from dashboards.selectors.common import (
    AGE_BUCKETS,
    age_range,
    default_now,
    fresh_snapshot,
    hours,
    kyiv_today,
    median,
    month_start,
    share,
    start_of_day,
)
from dashboards.selectors.places import PLACES_LIMIT, place_counts
from handoffs.models import Handoff
from org.models import User
from org.selectors import represented_user_ids

DUE_WINDOW = timedelta(days=7)
DUE_LIMIT = 25
EXPIRY_DAYS = 90
EXPIRY_LIMIT = 30

# (fixed on time, responded on time, time to fix) of one resolved claim
Resolution = tuple[bool | None, bool | None, timedelta | None]


def my_claims(represented: Iterable[int]) -> ClaimQuerySet:
    """Claims on the contracts of the user and the managers they cover today."""
    return Claim.objects.of_managers(represented)


def _represented(user: User, now: datetime.datetime, represented: set[int] | None) -> set[int]:
    return represented or represented_user_ids(user, on=kyiv_today(now))


def open_claims_by_age(
    user: User, *, now: datetime.datetime, represented: set[int] | None = None
) -> list[AgeCount]:
    """The user's open claims counted by age since received: one query."""
    represented = _represented(user, now, represented)
    counts = {}
    for bucket in AGE_BUCKETS:
        bounds = age_range(bucket.key, now)
        if bounds is None:  # every bucket has its range
            continue
        earliest, latest = bounds
        condition = Q(received_at__lte=latest)
        if earliest is not None:
            condition &= Q(received_at__gt=earliest)
        counts[bucket.key] = Count("pk", filter=condition)
    totals = my_claims(represented).open().aggregate(**counts)
    return [
        {"key": bucket.key, "label": bucket.label, "count": totals.get(bucket.key) or 0}
        for bucket in AGE_BUCKETS
    ]


def _due_item(
    kind: str, due_at: datetime.datetime, item: Claim | Handoff, now: datetime.datetime
) -> DueItem:
    overdue = due_at < now
    return {
        "type": "claim" if kind == "claim" else "handoff",
        "due_at": due_at,
        "item": item,
        "overdue": overdue,
        "overdue_by": now - due_at if overdue else None,
    }


def due_this_week(
    user: User,
    *,
    now: datetime.datetime,
    represented: set[int] | None = None,
    limit: int = DUE_LIMIT,
) -> list[DueItem]:
    """Open claims (their next due time) and open hand-offs the user requested, due from
    the start of today to seven days from now, soonest first: two queries."""
    represented = _represented(user, now, represented)
    start, end = start_of_day(now), now + DUE_WINDOW
    claims = (
        my_claims(represented)
        .open()
        .annotate(next_due_at=next_due())
        .filter(next_due_at__gte=start, next_due_at__lt=end)
        .select_related("contract__client")
        .order_by("next_due_at", "pk")[:limit]
    )
    handoffs = (
        Handoff.objects.open()
        .requested_for(represented)
        .filter(due_at__gte=start, due_at__lt=end)
        .select_related("department", "assignee", "contract__client")
        .order_by("due_at", "pk")[:limit]
    )
    items = [_due_item("claim", c.next_due_at, c, now) for c in claims] + [
        _due_item("handoff", h.due_at, h, now) for h in handoffs
    ]
    items.sort(key=lambda entry: (entry["due_at"], entry["type"], entry["item"].pk))
    return items[:limit]


def contracts_expiring(
    user: User,
    *,
    today: datetime.date,
    represented: set[int] | None = None,
    limit: int = EXPIRY_LIMIT,
) -> list[ExpiringContract]:
    """The user's contracts in support or termination ending within 90 days (or past their
    end, not yet closed), with their notice deadlines, soonest first: one query."""
    represented = represented or represented_user_ids(user, on=today)
    contracts = portfolio_contracts_expiring(
        represented, today=today, days=EXPIRY_DAYS, limit=limit
    )
    return [
        {
            "contract": contract,
            "end_date": contract.end_date,
            "notice_deadline": contract.notice_deadline,
            "days_left": (contract.end_date - today).days,
            "notice_days_left": (contract.notice_deadline - today).days,
        }
        for contract in contracts
        # Always so for a contract ending by a day; the check tells the type checker.
        if contract.end_date is not None and contract.notice_deadline is not None
    ]


def _promptness(rows: list[Resolution]) -> Promptness:
    resolved = len(rows)
    fixed_on_time = sum(1 for fixed, _responded, _t in rows if fixed is True)
    responded = [r for _fixed, r, _t in rows if r is not None]
    return {
        "resolved": resolved,
        "fixed_on_time": fixed_on_time,
        "fixed_on_time_pct": share(fixed_on_time, resolved),
        "median_hours_to_fix": median([hours(t) for _f, _r, t in rows if t is not None]),
        "responded_on_time": sum(1 for r in responded if r),
        "responded_on_time_pct": share(sum(1 for r in responded if r), len(responded)),
    }


def _change(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None:
        return None
    return round(current - previous, 1)


def promptness(
    user: User, *, now: datetime.datetime, represented: set[int] | None = None
) -> MonthlyPromptness:
    """Claims on the user's contracts resolved this Kyiv month (so far) and last month:
    % fixed on time, median hours to fix, % responded on time, and the change: one query."""
    represented = _represented(user, now, represented)
    this_start, last_start = month_start(now), month_start(now, 1)
    rows = my_claims(represented).filter(resolved_at__gte=last_start, resolved_at__lte=now)
    this: list[Resolution] = []
    last: list[Resolution] = []
    for resolved_at, fixed, responded, time_to_fix in rows.values_list(
        "resolved_at", "fixed_on_time", "responded_on_time", "time_to_fix"
    ):
        # Filtered on resolved_at: never None here.
        period = this if resolved_at and resolved_at >= this_start else last
        period.append((fixed, responded, time_to_fix))
    current, previous = _promptness(this), _promptness(last)
    change: PromptnessChange = {
        "fixed_on_time_pct": _change(current["fixed_on_time_pct"], previous["fixed_on_time_pct"]),
        "median_hours_to_fix": _change(
            current["median_hours_to_fix"], previous["median_hours_to_fix"]
        ),
        "responded_on_time_pct": _change(
            current["responded_on_time_pct"], previous["responded_on_time_pct"]
        ),
    }
    return {
        "this_month": current,
        "last_month": previous,
        "this_key": this_start.strftime("%Y-%m"),
        "last_key": last_start.strftime("%Y-%m"),
        "this_start": this_start.date(),
        "last_start": last_start.date(),
        "change": change,
    }


def manager_snapshot_name(user_id: int) -> str:
    return f"manager-{user_id}"


def refresh_manager_figures(
    user: User, *, now: datetime.datetime | None = None, represented: set[int] | None = None
) -> FigureSnapshot:
    """Compute a manager's figures over months of claims (of their contracts and of those
    they cover today) and keep them for their dashboard."""
    now = default_now(now)
    represented = _represented(user, now, represented)
    data: KeptManagerFigures = {
        "represented": sorted(represented),
        "promptness": promptness(user, now=now, represented=represented),
        "places": place_counts(my_claims(represented), now=now, limit=PLACES_LIMIT),
    }
    snapshot, _created = FigureSnapshot.objects.update_or_create(
        name=manager_snapshot_name(user.pk), defaults={"computed_at": now, "data": data}
    )
    return snapshot


def kept_manager_figures(
    user: User, *, now: datetime.datetime, represented: set[int]
) -> tuple[KeptManagerFigures, datetime.datetime]:
    """The manager's kept figures and when they were computed; computed here if the
    refresh has not run lately, if a new month began, or if whom the manager covers
    changed since."""
    snapshot = fresh_snapshot(manager_snapshot_name(user.pk), now=now)
    data = cast("KeptManagerFigures | None", snapshot.data if snapshot else None)
    if (
        snapshot is None
        or data is None
        or data.get("represented") != sorted(represented)
        or data["promptness"]["this_key"] != month_start(now).strftime("%Y-%m")
    ):
        snapshot = refresh_manager_figures(user, now=now, represented=represented)
        data = cast(KeptManagerFigures, snapshot.data)
    # JSON keeps the months' first days as text.
    for key in ("this_start", "last_start"):
        value = data["promptness"][key]
        if isinstance(value, str):
            data["promptness"][key] = datetime.date.fromisoformat(value)
    return data, snapshot.computed_at


def manager_dashboard(user: User, *, now: datetime.datetime) -> ManagerFigures:
    represented = represented_user_ids(user, on=kyiv_today(now))
    kept, computed_at = kept_manager_figures(user, now=now, represented=represented)
    return {
        "by_age": open_claims_by_age(user, now=now, represented=represented),
        "due": due_this_week(user, now=now, represented=represented),
        "expiring": contracts_expiring(user, today=kyiv_today(now), represented=represented),
        "promptness": kept["promptness"],
        "places": kept["places"],
        "computed_at": computed_at,
    }
