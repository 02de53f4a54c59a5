"""Every figure the dashboards show, each a function of the user and the moment.

Each function runs a fixed number of queries whatever the data size: counts and
sums are aggregated in the database, and medians are taken in Python over the
bounded rows of one period (the same answer on SQLite and PostgreSQL). Months
and days are Kyiv's, whatever the server's clock.
"""

import datetime
import statistics
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from claims.models import Claim
from claims.selectors import next_due
from contracts.models import Contract, Stage
from dashboards.models import FigureSnapshot
from handoffs.models import OPEN_STATUSES, Handoff, Kind, Status
from org.models import Department, User
from org.params import ascii_id
from org.selectors import represented_user_ids

KYIV = ZoneInfo("Europe/Kyiv")
DUE_WINDOW = timedelta(days=7)
DUE_LIMIT = 25
EXPIRY_DAYS = 90
EXPIRY_LIMIT = 30
COMPLETION_WINDOW = timedelta(days=30)
TOP_LIMIT = 10
TOP_WINDOW_DAYS = 90
MAX_WINDOW_DAYS = 36_500
ON_TIME_MONTHS = 6
# The periodic refresh runs every FIGURES_REFRESH; a page finding figures older than
# FIGURES_MAX_AGE (no scheduler running) recomputes them itself.
FIGURES_REFRESH = timedelta(minutes=10)
FIGURES_MAX_AGE = timedelta(minutes=30)
DIRECTORS_FIGURES = "directors"


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


# --- time ---------------------------------------------------------------------------


def month_start(moment: datetime.datetime, months_back: int = 0) -> datetime.datetime:
    """Midnight of the first day of the Kyiv month ``months_back`` before ``moment``'s."""
    local = moment.astimezone(KYIV)
    index = local.year * 12 + local.month - 1 - months_back
    return datetime.datetime(index // 12, index % 12 + 1, 1, tzinfo=KYIV)


def month_range(key: str) -> tuple[datetime.datetime, datetime.datetime] | None:
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


def age_range(key: str, now) -> tuple[datetime.datetime | None, datetime.datetime] | None:
    """Received-at bounds (after, at or before) of the claims of one age bucket."""
    bucket = AGE_BUCKET_KEYS.get(key)
    if bucket is None:
        return None
    latest = now - timedelta(days=bucket.from_days)
    earliest = now - timedelta(days=bucket.to_days) if bucket.to_days is not None else None
    return earliest, latest


def _start_of_day(moment) -> datetime.datetime:
    local = moment.astimezone(KYIV)
    return datetime.datetime(local.year, local.month, local.day, tzinfo=KYIV)


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _median(values):
    return round(statistics.median(values), 1) if values else None


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _person(first, last, username) -> str:
    return f"{first} {last}".strip() or username


# --- the manager ----------------------------------------------------------------------


def my_claims(represented):
    """Claims on the contracts of the user and the managers they cover today."""
    return Claim.objects.filter(contract__manager_id__in=represented)


def open_claims_by_age(user, *, now, represented=None) -> list[dict]:
    """The user's open claims counted by age since received: one query."""
    represented = represented or represented_user_ids(user, on=now.astimezone(KYIV).date())
    counts = {}
    for bucket in AGE_BUCKETS:
        earliest, latest = age_range(bucket.key, now)
        condition = Q(received_at__lte=latest)
        if earliest is not None:
            condition &= Q(received_at__gt=earliest)
        counts[bucket.key] = Count("pk", filter=condition)
    totals = my_claims(represented).open().aggregate(**counts)
    return [
        {"key": bucket.key, "label": bucket.label, "count": totals[bucket.key] or 0}
        for bucket in AGE_BUCKETS
    ]


def due_this_week(user, *, now, represented=None, limit=DUE_LIMIT) -> list[dict]:
    """Open claims (their next due time) and open hand-offs the user requested, due from
    the start of today to seven days from now, soonest first: two queries."""
    represented = represented or represented_user_ids(user, on=now.astimezone(KYIV).date())
    start, end = _start_of_day(now), now + DUE_WINDOW
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
        .filter(requested_by_id__in=represented, due_at__gte=start, due_at__lt=end)
        .select_related("department", "assignee", "contract__client")
        .order_by("due_at", "pk")[:limit]
    )
    items = [{"type": "claim", "due_at": c.next_due_at, "item": c} for c in claims] + [
        {"type": "handoff", "due_at": h.due_at, "item": h} for h in handoffs
    ]
    for entry in items:
        entry["overdue"] = entry["due_at"] < now
        entry["overdue_by"] = now - entry["due_at"] if entry["overdue"] else None
    items.sort(key=lambda entry: (entry["due_at"], entry["type"], entry["item"].pk))
    return items[:limit]


def contracts_expiring(user, *, today, represented=None, limit=EXPIRY_LIMIT) -> list[dict]:
    """The user's contracts in support or termination ending within 90 days, with their
    notice deadlines, soonest first: one query."""
    represented = represented or represented_user_ids(user, on=today)
    contracts = (
        Contract.objects.filter(
            manager_id__in=represented,
            stage__in=[Stage.SUPPORT, Stage.TERMINATION],
            end_date__gte=today,
            end_date__lte=today + timedelta(days=EXPIRY_DAYS),
        )
        .select_related("client")
        .order_by("end_date", "pk")[:limit]
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
    ]


def _promptness(rows) -> dict:
    resolved = len(rows)
    fixed_on_time = sum(1 for fixed, _responded, _t in rows if fixed is True)
    responded = [r for _fixed, r, _t in rows if r is not None]
    return {
        "resolved": resolved,
        "fixed_on_time": fixed_on_time,
        "fixed_on_time_pct": _share(fixed_on_time, resolved),
        "median_hours_to_fix": _median([_hours(t) for _f, _r, t in rows if t is not None]),
        "responded_on_time": sum(1 for r in responded if r),
        "responded_on_time_pct": _share(sum(1 for r in responded if r), len(responded)),
    }


def _change(current, previous):
    if current is None or previous is None:
        return None
    return round(current - previous, 1)


def promptness(user, *, now, represented=None) -> dict:
    """Claims on the user's contracts resolved this Kyiv month (so far) and last month:
    % fixed on time, median hours to fix, % responded on time, and the change: one query."""
    represented = represented or represented_user_ids(user, on=now.astimezone(KYIV).date())
    this_start, last_start = month_start(now), month_start(now, 1)
    rows = my_claims(represented).filter(resolved_at__gte=last_start, resolved_at__lte=now)
    this, last = [], []
    for resolved_at, fixed, responded, time_to_fix in rows.values_list(
        "resolved_at", "fixed_on_time", "responded_on_time", "time_to_fix"
    ):
        (this if resolved_at >= this_start else last).append((fixed, responded, time_to_fix))
    current, previous = _promptness(this), _promptness(last)
    return {
        "this_month": current,
        "last_month": previous,
        "this_key": this_start.strftime("%Y-%m"),
        "last_key": last_start.strftime("%Y-%m"),
        "this_start": this_start.date(),
        "last_start": last_start.date(),
        "change": {
            key: _change(current[key], previous[key])
            for key in ("fixed_on_time_pct", "median_hours_to_fix", "responded_on_time_pct")
        },
    }


def manager_dashboard(user, *, now) -> dict:
    represented = represented_user_ids(user, on=now.astimezone(KYIV).date())
    return {
        "by_age": open_claims_by_age(user, now=now, represented=represented),
        "due": due_this_week(user, now=now, represented=represented),
        "expiring": contracts_expiring(
            user, today=now.astimezone(KYIV).date(), represented=represented
        ),
        "promptness": promptness(user, now=now, represented=represented),
    }


# --- the department head --------------------------------------------------------------


def department_members(department_id) -> list[User]:
    return list(
        User.objects.filter(department_id=department_id, is_active=True).order_by(
            "last_name", "first_name", "username"
        )
    )


def open_handoffs_load(user, *, now, members=None) -> dict:
    """Open and overdue hand-offs of the user's department by assignee (and unassigned)
    and by kind: one grouped query, plus the member list."""
    members = members if members is not None else department_members(user.department_id)
    grouped = (
        Handoff.objects.filter(department_id=user.department_id, status__in=OPEN_STATUSES)
        .values(
            "assignee_id",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__username",
            "kind",
        )
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
        .order_by()
    )
    by_assignee = {
        member.pk: {"id": member.pk, "name": str(member), "open": 0, "overdue": 0}
        for member in members
    }
    unassigned = {"id": None, "name": _("Unassigned"), "open": 0, "overdue": 0}
    kinds = {}
    for row in grouped:
        if row["assignee_id"] is None:
            entry = unassigned
        else:
            entry = by_assignee.setdefault(
                row["assignee_id"],
                {
                    "id": row["assignee_id"],
                    "name": _person(
                        row["assignee__first_name"],
                        row["assignee__last_name"],
                        row["assignee__username"],
                    ),
                    "open": 0,
                    "overdue": 0,
                },
            )
        entry["open"] += row["open"]
        entry["overdue"] += row["overdue"]
        kind = kinds.setdefault(
            row["kind"],
            {"kind": row["kind"], "label": Kind(row["kind"]).label, "open": 0, "overdue": 0},
        )
        kind["open"] += row["open"]
        kind["overdue"] += row["overdue"]
    assignees = sorted(by_assignee.values(), key=lambda e: (-e["open"], str(e["name"])))
    return {
        "by_assignee": [*assignees, unassigned],
        "by_kind": sorted(kinds.values(), key=lambda e: (-e["open"], str(e["label"]))),
        "open": sum(e["open"] for e in [*assignees, unassigned]),
        "overdue": sum(e["overdue"] for e in [*assignees, unassigned]),
    }


def completion_times(user, *, now, members=None) -> dict:
    """Median hours from creation to completion of the user's department's hand-offs
    completed in the last 30 days, per assignee and overall."""
    return department_completion_times(user.department_id, now=now, members=members)


def department_completion_times(department_id, *, now, members=None) -> dict:
    """`completion_times` of one department: one query over those rows."""
    members = members if members is not None else department_members(department_id)
    rows = Handoff.objects.filter(
        department_id=department_id,
        status=Status.DONE,
        completed_at__gte=now - COMPLETION_WINDOW,
        completed_at__lte=now,
    ).values_list(
        "assignee_id",
        "assignee__first_name",
        "assignee__last_name",
        "assignee__username",
        "created_at",
        "completed_at",
    )
    names = {member.pk: str(member) for member in members}
    hours: dict[int | None, list[float]] = {}
    for assignee_id, first, last, username, created_at, completed_at in rows:
        names.setdefault(assignee_id, _person(first, last, username) if assignee_id else None)
        hours.setdefault(assignee_id, []).append(_hours(completed_at - created_at))
    per_assignee = [
        {
            "id": assignee_id,
            "name": names[assignee_id] or _("Unassigned"),
            "completed": len(values),
            "median_hours": _median(values),
        }
        for assignee_id, values in hours.items()
    ]
    per_assignee.sort(key=lambda e: (e["median_hours"], str(e["name"])))
    everything = [value for values in hours.values() for value in values]
    return {
        "per_assignee": per_assignee,
        "completed": len(everything),
        "median_hours": _median(everything),
    }


def completion_snapshot_name(department_id) -> str:
    return f"completion-{department_id}"


def refresh_completion_figures(department_id, *, now=None, members=None) -> FigureSnapshot:
    """Compute a department's completion times over 30 days and keep them for its page:
    they read every hand-off the department finished in that time."""
    now = now or timezone.now()
    data = department_completion_times(department_id, now=now, members=members)
    for entry in data["per_assignee"]:
        # Stored untranslated: the page names the unassigned row in the reader's language.
        entry["name"] = str(entry["name"]) if entry["id"] is not None else None
    snapshot, _created = FigureSnapshot.objects.update_or_create(
        name=completion_snapshot_name(department_id),
        defaults={"computed_at": now, "data": data},
    )
    return snapshot


def kept_completion_times(user, *, now, members=None) -> dict:
    """The completion times the periodic refresh keeps (recomputed here if stale)."""
    snapshot = FigureSnapshot.objects.filter(
        name=completion_snapshot_name(user.department_id)
    ).first()
    if snapshot is None or not now - FIGURES_MAX_AGE <= snapshot.computed_at <= now:
        snapshot = refresh_completion_figures(user.department_id, now=now, members=members)
    data = snapshot.data
    for entry in data["per_assignee"]:
        if entry["id"] is None:
            entry["name"] = _("Unassigned")
    return data


def department_dashboard(user, *, now) -> dict:
    members = department_members(user.department_id)
    return {
        "load": open_handoffs_load(user, now=now, members=members),
        "completion": kept_completion_times(user, now=now, members=members),
    }


# --- the directors --------------------------------------------------------------------


def claims_per_client(*, now, limit=TOP_LIMIT) -> list[dict]:
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


def claims_per_site(*, now, limit=TOP_LIMIT) -> list[dict]:
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


def on_time_by_department(*, now, months=ON_TIME_MONTHS) -> dict:
    """Per department and Kyiv month (the last six, this one included): claims resolved in
    the month with a claim-fix hand-off to the department, and how many were fixed on time.

    Two queries: the departments, and one aggregate grouped by department and month.
    """
    starts = [month_start(now, back) for back in range(months - 1, -1, -1)]
    keys = [start.strftime("%Y-%m") for start in starts]
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
    cells = {}
    for row in grouped:
        month = row["month"]
        key = (
            month.astimezone(KYIV).strftime("%Y-%m")
            if isinstance(month, datetime.datetime)
            else month.strftime("%Y-%m")
        )
        cells[(row["department_id"], key)] = (row["resolved"], row["on_time"])
    departments = []
    for department in Department.objects.order_by("name_uk"):
        row_cells = []
        for key in keys:
            resolved, on_time = cells.get((department.pk, key), (0, 0))
            row_cells.append(
                {
                    "month": key,
                    "resolved": resolved,
                    "on_time": on_time,
                    "pct": _share(on_time, resolved),
                }
            )
        departments.append({"department": department, "cells": row_cells})
    return {
        "months": [{"key": k, "start": s.date()} for k, s in zip(keys, starts, strict=True)],
        "rows": departments,
    }


def contracts_by_stage() -> list[dict]:
    """Every stage with its number of contracts and their total monthly value: one query."""
    totals = {
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


def refresh_directors_figures(*, now=None) -> FigureSnapshot:
    """Compute the directors' figures over months of claims and keep them for the page."""
    now = now or timezone.now()
    on_time = on_time_by_department(now=now)
    data = {
        "per_client": claims_per_client(now=now),
        "per_site": claims_per_site(now=now),
        "on_time": {
            "months": [
                {"key": month["key"], "start": month["start"].isoformat()}
                for month in on_time["months"]
            ],
            "rows": [
                {"department_id": row["department"].pk, "cells": row["cells"]}
                for row in on_time["rows"]
            ],
        },
    }
    snapshot, _created = FigureSnapshot.objects.update_or_create(
        name=DIRECTORS_FIGURES, defaults={"computed_at": now, "data": data}
    )
    return snapshot


def directors_dashboard(user, *, now) -> dict:
    """The figures the periodic refresh keeps (recomputed here if it has not run lately),
    and the contracts by stage, cheap enough to read live. Three queries."""
    snapshot = FigureSnapshot.objects.filter(name=DIRECTORS_FIGURES).first()
    if snapshot is None or not now - FIGURES_MAX_AGE <= snapshot.computed_at <= now:
        snapshot = refresh_directors_figures(now=now)
    data = snapshot.data
    departments = Department.objects.in_bulk()
    rows = [
        {"department": departments[row["department_id"]], "cells": row["cells"]}
        for row in data["on_time"]["rows"]
        if row["department_id"] in departments
    ]
    months = [
        {"key": month["key"], "start": datetime.date.fromisoformat(month["start"])}
        for month in data["on_time"]["months"]
    ]
    return {
        "per_client": data["per_client"],
        "per_site": data["per_site"],
        "on_time": {"months": months, "rows": rows},
        "stages": contracts_by_stage(),
        "computed_at": snapshot.computed_at,
    }


# --- the lists behind the figures ----------------------------------------------------


def figure_claims(user, *, params: dict, now):
    """The claims behind one figure, within what ``user`` sees; unknown values are ignored.

    ``mine``: on the user's (and covered) contracts; ``open``; ``age``: an age bucket;
    ``client``, ``site``: ids; ``days``: received in the last N days; ``department``: with a
    claim-fix hand-off to it; ``resolved``: a Kyiv month YYYY-MM; ``fixed``: on_time or late.
    """
    claims = Claim.objects.visible_to(user)
    if params.get("mine"):
        claims = claims.filter(
            contract__manager_id__in=represented_user_ids(user, on=now.astimezone(KYIV).date())
        )
    if params.get("open"):
        claims = claims.open()
    if (bounds := age_range(params.get("age", ""), now)) is not None:
        earliest, latest = bounds
        claims = claims.filter(received_at__lte=latest)
        if earliest is not None:
            claims = claims.filter(received_at__gt=earliest)
    if (client := ascii_id(params.get("client"))) is not None:
        claims = claims.filter(contract__client_id=client)
    if (site := ascii_id(params.get("site"))) is not None:
        claims = claims.filter(site_id=site)
    if (days := received_within_days(params)) is not None:
        claims = claims.filter(received_at__gte=now - timedelta(days=days))
    if (department := ascii_id(params.get("department"))) is not None:
        claims = claims.filter(
            pk__in=Handoff.objects.filter(kind=Kind.CLAIM_FIX, department_id=department).values(
                "claim_id"
            )
        )
    if (month := month_range(params.get("resolved", ""))) is not None:
        claims = claims.filter(resolved_at__gte=month[0], resolved_at__lt=month[1])
    if params.get("fixed") == "on_time":
        claims = claims.filter(fixed_on_time=True)
    elif params.get("fixed") == "late":
        claims = claims.filter(fixed_on_time=False)
    return claims


def received_within_days(params) -> int | None:
    """The ``days`` filter: ASCII digits, at most a century (a longer window is all of them,
    and a huge one would overflow the date arithmetic)."""
    days = ascii_id(params.get("days"))
    return min(days, MAX_WINDOW_DAYS) if days is not None else None


def figure_handoffs(user, *, params: dict, now):
    """The hand-offs of the user's department behind one figure (a director's: those of
    ``department``, or of all): ``state`` open, overdue, pending (open, not overdue) or
    done (in the last 30 days); ``assignee``: an id or "none"; ``kind``."""
    handoffs = Handoff.objects.visible_to(user)
    if not user.is_director:
        handoffs = handoffs.filter(department_id=user.department_id)
    elif (department_id := ascii_id(params.get("department"))) is not None:
        handoffs = handoffs.filter(department_id=department_id)
    state = params.get("state")
    if state == "overdue":
        handoffs = handoffs.overdue(now)
    elif state == "pending":
        handoffs = handoffs.open().filter(due_at__gte=now)
    elif state == "done":
        handoffs = handoffs.filter(
            status=Status.DONE, completed_at__gte=now - COMPLETION_WINDOW, completed_at__lte=now
        )
    else:
        handoffs = handoffs.open()
    assignee = str(params.get("assignee", ""))
    if assignee == "none":
        handoffs = handoffs.filter(assignee__isnull=True)
    elif (assignee_id := ascii_id(assignee)) is not None:
        handoffs = handoffs.filter(assignee_id=assignee_id)
    if params.get("kind") in Kind.values:
        handoffs = handoffs.filter(kind=params["kind"])
    return handoffs
