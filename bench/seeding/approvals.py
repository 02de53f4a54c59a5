"""Approval requests in every state, with the steps and events their chain went through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from approvals.models import ApprovalEvent, ApprovalRequest, ApprovalStep, PeriodType
from approvals.models import Kind as ApprovalKind
from approvals.models import Status as ApprovalStatus
from approvals.rules import approver_roles
from bench.seeding.base import Row, SeederBase
from bench.seeding.tables import Tables
from bench.writer import TableWriter, next_id, reset_sequences
from org.roles import Role

REQUEST_COLUMNS = [
    "id",
    "kind",
    "title",
    "content",
    "period_type",
    "period_start",
    "period_end",
    "amount",
    "purpose",
    "status",
    "author_id",
    "current_approver_role",
    "round",
    "submitted_at",
    "decided_at",
    "created_at",
    "updated_at",
]
STEP_COLUMNS = [
    "request_id",
    "round",
    "order",
    "approver_role",
    "decision",
    "comment",
    "decided_by_id",
    "decided_at",
]
EVENT_COLUMNS = [
    "request_id",
    "action",
    "from_status",
    "to_status",
    "actor_id",
    "comment",
    "created_at",
]
STATUS_WEIGHTS: dict[str, int] = {
    ApprovalStatus.APPROVED: 60,
    ApprovalStatus.REJECTED: 8,
    ApprovalStatus.RETURNED: 7,
    ApprovalStatus.SUBMITTED: 15,
    ApprovalStatus.DRAFT: 10,
}
DECIDED = (ApprovalStatus.APPROVED, ApprovalStatus.REJECTED, ApprovalStatus.RETURNED)
ACTIONS: dict[str, str] = {
    ApprovalStatus.APPROVED: "approve",
    ApprovalStatus.REJECTED: "reject",
    ApprovalStatus.RETURNED: "return",
    ApprovalStatus.ACKNOWLEDGED: "acknowledge",
}


@dataclass
class _Request:
    """One request as the services would have left it."""

    pk: int
    kind: str
    author: int
    created: datetime
    status: str
    roles: list[str]
    period_type: str = ""
    period_start: date | None = None
    period_end: date | None = None
    amount: Decimal | None = None
    submitted: datetime | None = None
    decided: datetime | None = None


@dataclass
class _Writers:
    requests: TableWriter
    history: TableWriter
    steps: TableWriter
    events: TableWriter


class ApprovalSeeding(SeederBase):
    def seed_approvals(self) -> dict[str, int]:
        t = Tables()
        w = _Writers(
            requests=t.add(ApprovalRequest, REQUEST_COLUMNS),
            history=t.add(ApprovalRequest, REQUEST_COLUMNS, history=True),
            steps=t.add(ApprovalStep, STEP_COLUMNS),
            events=t.add(ApprovalEvent, EVENT_COLUMNS),
        )
        request_id = next_id(ApprovalRequest)
        for _n in range(self.v.approvals):
            request = self._approval_request(request_id)
            self._write_request(w, request)
            self._write_chain(w, request)
            request_id += 1
        t.flush()
        reset_sequences([ApprovalRequest, ApprovalStep, ApprovalEvent])
        return t.counts()

    def _approval_request(self, pk: int) -> _Request:
        rng = self.rng
        kind = rng.choice(list(ApprovalKind.values))
        author = rng.choice(self.managers)
        created = self.ago(1, 900)
        status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
        if kind == ApprovalKind.SHORTCOMINGS_NOTICE and status in DECIDED:
            status = ApprovalStatus.ACKNOWLEDGED
        request = _Request(pk, kind, author, created, status, roles=[])
        if kind in (ApprovalKind.WORK_PLAN, ApprovalKind.REPORT):
            request.period_type = rng.choice(
                [PeriodType.MONTH, PeriodType.MONTH, PeriodType.QUARTER]
            )
            day = timezone.localdate(created).replace(day=1)
            request.period_start, request.period_end = day, day + timedelta(days=27)
        if kind == ApprovalKind.EXTRA_FUNDS:
            request.amount = Decimal(rng.randint(1, 400) * 1000)
        request.roles = list(
            approver_roles(kind, amount=request.amount, period_type=request.period_type)
        )
        if status != ApprovalStatus.DRAFT:
            request.submitted = created + timedelta(hours=rng.uniform(1, 48))
        if request.submitted is not None and status != ApprovalStatus.SUBMITTED:
            request.decided = request.submitted + timedelta(hours=rng.uniform(2, 96))
        return request

    def _write_request(self, w: _Writers, r: _Request) -> None:
        waits = r.roles[0] if r.status == ApprovalStatus.SUBMITTED else ""
        updated = r.decided or r.submitted or r.created
        row: Row = (
            r.pk,
            r.kind,
            f"{ApprovalKind(r.kind).label} № {r.pk}",
            "Обґрунтування додається.",
        )
        row += (r.period_type, r.period_start, r.period_end, r.amount)
        row += ("Закупівля інвентарю" if r.amount else "", r.status, r.author, waits)
        row += (1 if r.submitted else 0, r.submitted, r.decided, r.created, updated)
        w.requests.add(row)
        self._history(w.history, row, updated, r.author, "+")
        w.events.add((r.pk, "", "", ApprovalStatus.DRAFT, r.author, "", r.created))

    def _write_chain(self, w: _Writers, r: _Request) -> None:
        """Submission, each director's step and the decision."""
        if not r.submitted:
            return
        draft, submitted = ApprovalStatus.DRAFT, ApprovalStatus.SUBMITTED
        w.events.add((r.pk, "submit", draft, submitted, r.author, "", r.submitted))
        decider: dict[str, int] = {
            Role.EXECUTIVE_DIRECTOR: self.executive,
            Role.GENERAL_DIRECTOR: self.general,
        }
        action = ACTIONS.get(r.status, "")
        for order, role in enumerate(r.roles, start=1):
            if r.decided:
                # The chain went through: earlier directors approved, the last decided.
                decision = action if order == len(r.roles) else "approve"
                w.steps.add((r.pk, 1, order, role, decision, "", decider[role], r.decided))
            else:
                w.steps.add((r.pk, 1, order, role, "", "", None, None))
        if r.decided:
            last = decider[r.roles[-1]]
            w.events.add((r.pk, action, submitted, r.status, last, "", r.decided))
