"""Reads for the approval screens, and the figures a report is drafted from."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Mapping
from typing import Any, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from approvals.models import (
    DECIDED_STATUSES,
    OPEN_STATUSES,
    ApprovalAttachment,
    ApprovalEvent,
    ApprovalRequest,
    ApprovalStep,
    Kind,
    Status,
)
from claims.models import Claim, late
from contracts.models import Stage, StageEvent
from handoffs.models import OPEN_STATUSES as HANDOFF_OPEN
from handoffs.models import Handoff
from org.models import Department, User

# The manager's "My requests" tabs: key → (label, statuses).
TABS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "drafts": (_("Drafts and returned"), OPEN_STATUSES),
    "submitted": (_("Submitted"), (Status.SUBMITTED,)),
    "decided": (_("Decided"), DECIDED_STATUSES),
}


def tab_counts(queryset: QuerySet[ApprovalRequest]) -> dict[str, int]:
    """How many requests each tab holds, in one query."""
    return queryset.aggregate(
        **{key: Count("pk", filter=Q(status__in=statuses)) for key, (_l, statuses) in TABS.items()}
    )


def with_details(queryset: QuerySet[ApprovalRequest]) -> QuerySet[ApprovalRequest]:
    """Requests with everything their page shows, in a fixed number of queries."""
    return queryset.select_related(
        "author", "on_behalf_of", "contract", "contract__client"
    ).prefetch_related(
        Prefetch(
            "steps",
            queryset=ApprovalStep.objects.select_related("decided_by").order_by("-round", "order"),
        ),
        Prefetch(
            "events",
            queryset=ApprovalEvent.objects.select_related("actor", "on_behalf_of"),
        ),
        Prefetch(
            "attachments",
            queryset=ApprovalAttachment.objects.select_related("uploaded_by"),
        ),
    )


def current_steps(request: ApprovalRequest) -> list[ApprovalStep]:
    """The steps of the latest submission (uses the prefetched steps)."""
    return sorted(
        (step for step in request.steps.all() if step.round == request.round),
        key=lambda step: step.order,
    )


def earlier_steps(request: ApprovalRequest) -> list[ApprovalStep]:
    return [step for step in request.steps.all() if step.round != request.round]


# ----------------------------------------------------------------------------------
# Report figures


def _period_range(
    period_start: datetime.date, period_end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The period's days as [start, end) aware datetimes in the local time zone."""
    start = timezone.make_aware(datetime.datetime.combine(period_start, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(period_end + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


class ContractFigures(TypedDict):
    concluded: int
    extended: int
    terminated: int


class ClaimFigures(TypedDict):
    registered: int
    resolved: int
    resolved_on_time: int
    resolved_late: int
    median_time_to_fix_hours: float | None


class DepartmentFigures(TypedDict):
    code: str
    name_uk: str
    name_en: str
    requested: int
    overdue: int


class HandoffFigures(TypedDict):
    requested: int
    overdue: int
    by_department: list[DepartmentFigures]


class ReportFigures(TypedDict):
    """What a report freezes in ``ApprovalRequest.figures`` (JSON: dates as ISO text)."""

    period_start: str
    period_end: str
    computed_at: str
    contracts: ContractFigures
    claims: ClaimFigures
    handoffs: HandoffFigures


class FigureRow(TypedDict, total=False):
    label: str | Promise
    value: object
    overdue: int
    indent: bool


def contract_figures(
    *, manager_id: int, period_start: datetime.date, period_end: datetime.date
) -> ContractFigures:
    """Contracts of the manager's portfolio concluded, extended and terminated in the period,
    read from their stage changes (distinct contracts)."""
    start, end = _period_range(period_start, period_end)
    events = StageEvent.objects.filter(
        contract__manager_id=manager_id, created_at__gte=start, created_at__lt=end
    )
    counts = events.aggregate(
        concluded=Count(
            "contract",
            distinct=True,
            filter=Q(from_stage=Stage.PREPARATION, to_stage=Stage.SUPPORT),
        ),
        extended=Count(
            "contract",
            distinct=True,
            filter=Q(from_stage__in=[Stage.SUPPORT, Stage.TERMINATION], to_stage=Stage.SUPPORT),
        ),
        terminated=Count("contract", distinct=True, filter=Q(to_stage=Stage.TERMINATION)),
    )
    return {
        "concluded": counts["concluded"] or 0,
        "extended": counts["extended"] or 0,
        "terminated": counts["terminated"] or 0,
    }


def claim_figures(
    *, manager_id: int, period_start: datetime.date, period_end: datetime.date
) -> ClaimFigures:
    """Claims on the manager's contracts: registered in the period; resolved in the period,
    on time and late; the median time to fix of those resolved (hours)."""
    start, end = _period_range(period_start, period_end)
    portfolio = Claim.objects.filter(contract__manager_id=manager_id)
    registered = portfolio.filter(received_at__gte=start, received_at__lt=end).count()
    resolved = list(
        portfolio.filter(resolved_at__gte=start, resolved_at__lt=end).values_list(
            "fixed_on_time", "time_to_fix"
        )
    )
    on_time = sum(1 for fixed_on_time, _t in resolved if fixed_on_time is True)
    late = sum(1 for fixed_on_time, _t in resolved if fixed_on_time is False)
    # The median in Python: the same answer on SQLite and PostgreSQL.
    hours = [t.total_seconds() / 3600 for _f, t in resolved if t is not None]
    median = round(statistics.median(hours), 2) if hours else None
    return {
        "registered": registered,
        "resolved": len(resolved),
        "resolved_on_time": on_time,
        "resolved_late": late,
        "median_time_to_fix_hours": median,
    }


def handoff_figures(
    *,
    manager_id: int,
    period_start: datetime.date,
    period_end: datetime.date,
    now: datetime.datetime | None = None,
) -> HandoffFigures:
    """Hand-offs the manager requested in the period, by department, and how many of those
    are overdue now."""
    start, end = _period_range(period_start, period_end)
    now = now or timezone.now()
    rows = list(
        Handoff.objects.filter(
            requested_by_id=manager_id, created_at__gte=start, created_at__lt=end
        )
        .values("department_id")
        .annotate(
            requested=Count("pk"),
            overdue=Count("pk", filter=Q(status__in=HANDOFF_OPEN, due_at__lt=now)),
        )
        .order_by("department_id")
    )
    departments = Department.objects.in_bulk(
        [row["department_id"] for row in rows if row["department_id"]]
    )
    by_department: list[DepartmentFigures] = []
    for row in rows:
        department = departments.get(row["department_id"])
        by_department.append(
            {
                "code": department.code if department else "",
                "name_uk": department.name_uk if department else "",
                "name_en": department.name_en if department else "",
                "requested": row["requested"],
                "overdue": row["overdue"],
            }
        )
    return {
        "requested": sum(row["requested"] for row in by_department),
        "overdue": sum(row["overdue"] for row in by_department),
        "by_department": by_department,
    }


def report_figures(
    *,
    manager_id: int,
    period_start: datetime.date,
    period_end: datetime.date,
    now: datetime.datetime | None = None,
) -> ReportFigures:
    """Every figure a report on work done carries, as plain JSON to freeze in the request."""
    now = now or timezone.now()
    return {
        "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat(),
        "computed_at": now.isoformat(),
        "contracts": contract_figures(
            manager_id=manager_id, period_start=period_start, period_end=period_end
        ),
        "claims": claim_figures(
            manager_id=manager_id, period_start=period_start, period_end=period_end
        ),
        "handoffs": handoff_figures(
            manager_id=manager_id, period_start=period_start, period_end=period_end, now=now
        ),
    }


FIGURE_LABELS = (
    ("contracts", "concluded", _("Contracts concluded")),
    ("contracts", "extended", _("Contracts extended")),
    ("contracts", "terminated", _("Contracts moved to termination")),
    ("claims", "registered", _("Claims registered")),
    ("claims", "resolved", _("Claims resolved")),
    ("claims", "resolved_on_time", _("Claims resolved on time")),
    ("claims", "resolved_late", _("Claims resolved late")),
    ("claims", "median_time_to_fix_hours", _("Median time to fix, hours")),
    ("handoffs", "requested", _("Hand-offs requested")),
    ("handoffs", "overdue", _("Of them overdue when drafted")),
)


def figure_rows(figures: Mapping[str, Any], *, language: str = "uk") -> list[FigureRow]:
    """The frozen figures as table rows: label, value, and the hand-offs by department.

    ``figures`` is what was frozen (`ReportFigures`, read back from JSON): a request
    drafted before a figure existed lacks it, and shows a dash.
    """
    if not figures:
        return []
    rows: list[FigureRow] = []
    for group, key, label in FIGURE_LABELS:
        value = figures.get(group, {}).get(key)
        rows.append({"label": label, "value": "—" if value is None else value, "indent": False})
        if (group, key) == ("handoffs", "requested"):
            for department in figures.get("handoffs", {}).get("by_department", []):
                name = department["name_en"] if language.startswith("en") else department["name_uk"]
                rows.append(
                    {
                        "label": name or _("No department"),
                        "value": department["requested"],
                        "overdue": department["overdue"],
                        "indent": True,
                    }
                )
    return rows


# ----------------------------------------------------------------------------------
# The directors' landing page (the admin index)

RECENT_DECISIONS = 10


def decision_due(request: ApprovalRequest) -> datetime.date | None:
    """The day a decision is needed by, where the request implies one: a work plan must be
    decided before its period begins. Other kinds carry no deadline (None)."""
    if request.kind == Kind.WORK_PLAN and request.period_start:
        return request.period_start
    return None


def decided_by(user: User, *, limit: int = RECENT_DECISIONS) -> list[ApprovalStep]:
    """The user's latest decisions, newest first, each with its request. One query."""
    return list(
        ApprovalStep.objects.filter(decided_by=user)
        .exclude(decision="")
        .select_related("request", "request__author", "request__on_behalf_of")
        .order_by("-decided_at", "-id")[:limit]
    )


def director_figures(user: User, *, now: datetime.datetime) -> dict[str, Any]:
    """What a director looks at before the lists: open and overdue claims, and the open and
    overdue hand-offs of each department. Three queries, whatever the number of rows."""
    claim_counts = (
        Claim.objects.visible_to(user)
        .open()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=late(now)))
    )
    per_department = {
        row["department_id"]: row
        for row in Handoff.objects.visible_to(user)
        .open()
        .order_by()
        .values("department_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    }
    departments = [
        {
            "department": department,
            "open": per_department.get(department.pk, {}).get("open", 0),
            "overdue": per_department.get(department.pk, {}).get("overdue", 0),
        }
        for department in Department.objects.order_by("name_uk")
    ]
    return {"claims": claim_counts, "departments": departments}
