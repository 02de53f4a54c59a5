"""The figures of a contract's monthly report, computed from the data as plain JSON.

Each figure is frozen in `ClientReport.figures` when drafted (and again when refreshed,
until the report is submitted): the director approves, and the client receives, these.
Times are working time as the claims measure it (`claims.sla`: on the contract's
calendar, less the time the claim waited for the client).
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from typing import Any, TypedDict

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim
from contracts.models import (
    Agreement,
    Contract,
    ContractQuerySet,
    RecordChange,
    Stage,
    StageEvent,
)
from handoffs.models import OPEN_STATUSES as HANDOFF_OPEN
from handoffs.models import Handoff
from handoffs.models import Status as HandoffStatus

# The stages in which a contract is served: a report is drafted for each of them.
SERVED_STAGES = (Stage.SUPPORT, Stage.TERMINATION)
PLANNED_HANDOFFS = 10


class ClaimFigures(TypedDict):
    received: int
    responded: int
    responded_on_time: int
    responded_late: int
    resolved: int
    resolved_on_time: int
    resolved_late: int
    open_at_end: int
    median_respond_hours: float | None
    average_respond_hours: float | None
    median_fix_hours: float | None
    average_fix_hours: float | None


class SatisfactionFigures(TypedDict):
    rated: int
    average: float | None


class AgreementRow(TypedDict):
    kind: str
    date: str
    summary: str
    confirmed_by: str


class StaffingRow(TypedDict):
    at: str
    record: str
    action: str
    label: str
    changes: list[dict[str, str]]


class HandoffFigures(TypedDict):
    completed: int
    by_kind: list[dict[str, Any]]


class ContractSnapshot(TypedDict):
    number: str
    title: str
    signed_on: str | None
    start_date: str | None
    end_date: str | None
    monthly_value: str
    client_legal_name: str
    client_edrpou: str
    manager: str
    manager_email: str


class ReportFigures(TypedDict):
    month: str
    computed_at: str
    contract: ContractSnapshot
    claims: ClaimFigures
    satisfaction: SatisfactionFigures
    agreements: list[AgreementRow]
    staffing: list[StaffingRow]
    handoffs: HandoffFigures


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month's days as [start, end) aware datetimes in the local time zone."""
    first = month.replace(day=1)
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(following, datetime.time.min))
    return start, end


def previous_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def served_contracts(month: datetime.date) -> ContractQuerySet:
    """Contracts a report for ``month`` is drafted for: in support or termination now and
    begun by the month's end, or closed during the month (served part of it)."""
    start, end = month_bounds(month)
    last_day = (end - datetime.timedelta(days=1)).date()
    begun = Q(start_date__isnull=True) | Q(start_date__lte=last_day)
    closed_during = Q(
        stage=Stage.CLOSED,
        pk__in=StageEvent.objects.filter(
            to_stage=Stage.CLOSED, created_at__gte=start, created_at__lt=end
        ).values("contract_id"),
    )
    return (
        Contract.objects.live()
        .filter((Q(stage__in=SERVED_STAGES) & begun) | closed_during)
        .order_by("pk")
    )


def _hours(values: list[datetime.timedelta]) -> tuple[float | None, float | None]:
    hours = [value.total_seconds() / 3600 for value in values]
    if not hours:
        return None, None
    return round(statistics.median(hours), 2), round(statistics.fmean(hours), 2)


def claim_figures(contract: Contract, month: datetime.date) -> ClaimFigures:
    """The contract's claims: received, answered and fixed in the month (on time, late),
    the working time to answer and to fix, and how many were still open at its end."""
    start, end = month_bounds(month)
    rows = list(
        Claim.objects.filter(contract=contract)
        .filter(
            Q(received_at__gte=start, received_at__lt=end)
            | Q(responded_at__gte=start, responded_at__lt=end)
            | Q(resolved_at__gte=start, resolved_at__lt=end)
            | (Q(received_at__lt=end) & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=end)))
        )
        .values(
            "received_at",
            "responded_at",
            "resolved_at",
            "time_to_respond",
            "time_to_fix",
            "responded_on_time",
            "fixed_on_time",
        )
    )

    def within(moment: datetime.datetime | None) -> bool:
        return moment is not None and start <= moment < end

    responded = [row for row in rows if within(row["responded_at"])]
    resolved = [row for row in rows if within(row["resolved_at"])]
    median_respond, average_respond = _hours(
        [row["time_to_respond"] for row in responded if row["time_to_respond"] is not None]
    )
    median_fix, average_fix = _hours(
        [row["time_to_fix"] for row in resolved if row["time_to_fix"] is not None]
    )
    return {
        "received": sum(1 for row in rows if within(row["received_at"])),
        "responded": len(responded),
        "responded_on_time": sum(1 for row in responded if row["responded_on_time"] is True),
        "responded_late": sum(1 for row in responded if row["responded_on_time"] is False),
        "resolved": len(resolved),
        "resolved_on_time": sum(1 for row in resolved if row["fixed_on_time"] is True),
        "resolved_late": sum(1 for row in resolved if row["fixed_on_time"] is False),
        "open_at_end": sum(
            1
            for row in rows
            if row["received_at"] < end
            and (row["resolved_at"] is None or row["resolved_at"] >= end)
        ),
        "median_respond_hours": median_respond,
        "average_respond_hours": average_respond,
        "median_fix_hours": median_fix,
        "average_fix_hours": average_fix,
    }


def satisfaction_figures(contract: Contract, month: datetime.date) -> SatisfactionFigures:
    """The client's marks (1–5) on the claims closed in the month: how many, their mean."""
    start, end = month_bounds(month)
    marks = list(
        Claim.objects.filter(
            contract=contract,
            closed_at__gte=start,
            closed_at__lt=end,
            satisfaction__isnull=False,
        ).values_list("satisfaction", flat=True)
    )
    return {
        "rated": len(marks),
        "average": round(statistics.fmean(marks), 2) if marks else None,
    }


def agreement_rows(contract: Contract, month: datetime.date) -> list[AgreementRow]:
    """Agreements with the client dated in the month, in date order."""
    start, end = month_bounds(month)
    return [
        {
            "kind": kind,
            "date": day.isoformat(),
            "summary": summary,
            "confirmed_by": confirmed_by,
        }
        for kind, day, summary, confirmed_by in Agreement.objects.filter(
            contract=contract, date__gte=start.date(), date__lt=end.date()
        )
        .order_by("date", "pk")
        .values_list("kind", "date", "summary", "confirmed_by")
    ]


def staffing_rows(contract: Contract, month: datetime.date) -> list[StaffingRow]:
    """Posts and services added, changed or removed in the month (the contract's record
    changes), oldest first."""
    start, end = month_bounds(month)
    return [
        {
            "at": at.isoformat(),
            "record": record,
            "action": action,
            "label": label,
            "changes": changes if isinstance(changes, list) else [],
        }
        for at, record, action, label, changes in RecordChange.objects.filter(
            contract=contract, created_at__gte=start, created_at__lt=end
        )
        .order_by("created_at", "pk")
        .values_list("created_at", "record", "action", "label", "changes")
    ]


def handoff_figures(contract: Contract, month: datetime.date) -> HandoffFigures:
    """Hand-offs on the contract completed in the month, counted by kind."""
    start, end = month_bounds(month)
    kinds = Counter(
        Handoff.objects.filter(
            contract=contract,
            status=HandoffStatus.DONE,
            completed_at__gte=start,
            completed_at__lt=end,
        ).values_list("kind", flat=True)
    )
    return {
        "completed": sum(kinds.values()),
        "by_kind": [{"kind": kind, "count": count} for kind, count in sorted(kinds.items())],
    }


def contract_snapshot(contract: Contract) -> ContractSnapshot:
    """What the report's header says of the contract (``client`` and ``manager`` joined)."""

    def iso(day: datetime.date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "number": contract.number,
        "title": contract.title,
        "signed_on": iso(contract.signed_on),
        "start_date": iso(contract.start_date),
        "end_date": iso(contract.end_date),
        "monthly_value": str(contract.monthly_value),
        "client_legal_name": contract.client.legal_name,
        "client_edrpou": contract.client.edrpou,
        "manager": contract.manager.get_full_name() or contract.manager.username,
        "manager_email": contract.manager.email,
    }


def report_figures(
    contract: Contract, month: datetime.date, *, now: datetime.datetime | None = None
) -> ReportFigures:
    """Every figure of the contract's report for ``month``, as JSON to freeze."""
    now = now or timezone.now()
    return {
        "month": month.replace(day=1).isoformat(),
        "computed_at": now.isoformat(),
        "contract": contract_snapshot(contract),
        "claims": claim_figures(contract, month),
        "satisfaction": satisfaction_figures(contract, month),
        "agreements": agreement_rows(contract, month),
        "staffing": staffing_rows(contract, month),
        "handoffs": handoff_figures(contract, month),
    }


def planned_text(contract: Contract, *, today: datetime.date | None = None) -> str:
    """The prefilled «planned» text: the contract's open hand-offs with their due dates,
    and its end date when it is in termination. The manager edits it before submitting."""
    lines: list[str] = []
    open_work = (
        Handoff.objects.filter(contract=contract, status__in=HANDOFF_OPEN)
        .order_by("due_at", "pk")
        .values_list("title", "due_at")[: PLANNED_HANDOFFS * 2]
    )
    for title, due_at in open_work:
        line = f"• {title} — {timezone.localtime(due_at):%d.%m.%Y}"
        # Two hand-offs of one piece of work (a claim fix to two departments) are one plan.
        if line not in lines and len(lines) < PLANNED_HANDOFFS:
            lines.append(line)
    if contract.stage == Stage.TERMINATION and contract.end_date:
        lines.append(
            "• "
            + _("Completion of the contract's services by %(date)s")
            % {"date": contract.end_date.strftime("%d.%m.%Y")}
        )
    return "\n".join(lines)
