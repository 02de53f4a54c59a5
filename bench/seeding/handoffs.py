"""Hand-offs with their events, history, comments and notifications; those the contract
stages and the expiry warnings open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from bench.seeding.base import Row, SeededContract, SeederBase, at
from bench.writer import next_id
from contracts.models import ExpiryWarning, Stage
from handoffs.models import Handoff, HandoffComment, HandoffEvent, Kind, Status
from org.models import Notification

HANDOFF_COLUMNS = [
    "id",
    "department_id",
    "kind",
    "title",
    "details",
    "client_id",
    "contract_id",
    "claim_id",
    "requested_by_id",
    "assignee_id",
    "status",
    "due_at",
    "result",
    "decline_reason",
    "created_at",
    "started_at",
    "completed_at",
]
EVENT_COLUMNS = [
    "handoff_id",
    "from_status",
    "to_status",
    "actor_id",
    "assignee_id",
    "note",
    "created_at",
]
NOTIFICATION_COLUMNS = [
    "recipient_id",
    "message",
    "params",
    "url",
    "created_at",
    "read_at",
    "email_status",
]
PREPARATION_KINDS = ((Kind.SITE_SURVEY, "production"), (Kind.CONTRACT_REVIEW, "legal"))
CONCLUSION_KINDS = (
    (Kind.SITE_SURVEY, "production"),
    (Kind.STAFFING_REQUEST, "hr"),
    (Kind.BILLING_DATA, "accounting"),
    (Kind.DEAL_HANDOVER, "sales"),
)


@dataclass
class _Times:
    """Where a hand-off got to: its assignee, start and finish, result or refusal."""

    assignee: int | None
    started: datetime | None = None
    completed: datetime | None = None
    result: str = ""
    decline: str = ""


class HandoffSeeding(SeederBase):
    def _handoff_tables(self) -> None:
        self.handoffs = self.tables.add(Handoff, HANDOFF_COLUMNS)
        self.handoff_history = self.tables.add(Handoff, HANDOFF_COLUMNS, history=True)
        self.handoff_events = self.tables.add(HandoffEvent, EVENT_COLUMNS)
        self.handoff_comments = self.tables.add(
            HandoffComment, ["handoff_id", "author_id", "text", "created_at"]
        )
        self.notifications = self.tables.add(Notification, NOTIFICATION_COLUMNS)
        self.next_handoff = next_id(Handoff)
        self.handoff_count = 0
        self.notification_count = 0
        # A notification for about one in ten hand-offs, up to the scale's total.
        self.notify_every = max(1, round(self.v.handoffs / self.v.notifications))

    def handoff(
        self,
        *,
        kind: str,
        department: int | None,
        title: str,
        requested_by: int,
        created: datetime,
        due: datetime,
        status: str,
        client: int | None = None,
        contract: int | None = None,
        claim: int | None = None,
        details: str = "",
        assignee: int | None = None,
        finish: datetime | None = None,
    ) -> int:
        """One hand-off with its events, history and (sometimes) a notification."""
        pk = self.next_handoff
        self.next_handoff += 1
        self.handoff_count += 1
        times = self._handoff_times(department, requested_by, created, status, assignee, finish)
        row: Row = (
            pk,
            department,
            kind,
            title[:255],
            details,
            client,
            contract,
            claim,
            requested_by,
        )
        row += (times.assignee, status, due, times.result, times.decline, created)
        row += (times.started, times.completed)
        self.handoffs.add(row)
        worker = self._handoff_events(row, times, department, requested_by, created, status)
        if self.rng.random() < 0.1:
            self.handoff_comments.add(
                (pk, worker, "Уточнили деталі з клієнтом.", created + timedelta(hours=1))
            )
        if self.handoff_count % self.notify_every == 0:
            self._notify_about(
                pk,
                title,
                department,
                requested_by,
                times.assignee,
                status,
                created,
                times.completed,
            )
        return pk

    def _handoff_times(
        self,
        department: int | None,
        requested_by: int,
        created: datetime,
        status: str,
        assignee: int | None,
        finish: datetime | None,
    ) -> _Times:
        rng = self.rng
        if assignee is None and (status != Status.OPEN or rng.random() < 0.45):
            assignee = rng.choice(self.members[department]) if department else requested_by
        times = _Times(assignee)
        if status in (Status.DONE, Status.DECLINED):
            completed = finish or min(created + timedelta(hours=rng.uniform(2, 90)), self.now)
            times.completed = completed
            times.started = created + (completed - created) * rng.uniform(0.1, 0.7)
            if status == Status.DONE:
                times.result = "Виконано, деталі в коментарі."
            else:
                times.decline = "Не наша компетенція."
        elif status == Status.IN_PROGRESS:
            times.started = min(created + timedelta(hours=rng.uniform(0.5, 24)), self.now)
        return times

    def _handoff_events(
        self,
        row: Row,
        times: _Times,
        department: int | None,
        requested_by: int,
        created: datetime,
        status: str,
    ) -> int:
        """The created and changed history rows and the events; returns who worked on it."""
        pk, assignee, started, completed = row[0], times.assignee, times.started, times.completed
        initial_assignee = assignee if department is None else None
        initial = (*row[:9], initial_assignee, Status.OPEN, *row[11:12], "", "", created)
        initial += (None, None)
        self._history(self.handoff_history, initial, created, requested_by)
        events = self.handoff_events
        events.add((pk, "", Status.OPEN, requested_by, initial_assignee, "", created))
        worker = assignee or requested_by
        if started is not None:
            events.add((pk, Status.OPEN, Status.IN_PROGRESS, worker, assignee, "", started))
        if completed is not None:
            note = times.result or times.decline
            events.add((pk, Status.IN_PROGRESS, status, worker, assignee, note, completed))
        if status != Status.OPEN or assignee != initial_assignee:
            self._history(self.handoff_history, row, completed or started or created, worker, "~")
        return worker

    def _notify_about(
        self,
        pk: int,
        title: str,
        department: int | None,
        requested_by: int,
        assignee: int | None,
        status: str,
        created: datetime,
        completed: datetime | None,
    ) -> None:
        url = f"/handoffs/{pk}/"
        params = {"title": title[:80]}
        recipient: int | None
        if status == Status.DONE:
            assert completed is not None
            recipient, message, when = (
                requested_by,
                "Hand-off «%(title)s» is done: %(result)s",
                completed,
            )
            params["result"] = "Виконано"
        elif department is not None:
            recipient, message, when = (
                self.heads[department],
                "New hand-off for your department: «%(title)s».",
                created,
            )
        else:
            recipient, message, when = assignee, "Hand-off «%(title)s» is assigned to you.", created
        # Older ones are read; the last days' are not yet.
        read = when + timedelta(hours=2) if when < self.now - timedelta(days=3) else None
        self.notifications.add((recipient, message, params, url, when, read, "not_wanted"))
        self.notification_count += 1

    # --- what the contract stages open ------------------------------------------------

    def seed_contract_handoffs(self) -> None:
        """What the stage transitions and the expiry warnings open, in the state they reached."""
        warnings = self.tables.add(
            ExpiryWarning, ["contract_id", "threshold_days", "deadline", "created_at"]
        )
        thresholds = sorted({int(d) for d in settings.CONTRACT_EXPIRY_WARNING_DAYS}, reverse=True)
        self.expiry_work = 0
        for contract in self.contracts:
            if contract.stage == Stage.PREPARATION:
                self._preparation_handoffs(contract)
            elif contract.start is not None:
                self._conclusion_handoffs(contract)
                self._expiry_handoffs(contract, thresholds, warnings.add)
        self.tables.flush()

    def _preparation_handoffs(self, contract: SeededContract) -> None:
        created = self.ago(1, 20)
        for kind, code in PREPARATION_KINDS:
            self.handoff(
                kind=kind,
                department=self.departments[code],
                title=f"{Kind(kind).label}: {contract.id}",
                requested_by=contract.manager,
                created=created,
                due=created + timedelta(days=3),
                status=self.rng.choice([Status.OPEN, Status.IN_PROGRESS, Status.DONE]),
                client=contract.owner.id,
                contract=contract.id,
            )

    def _conclusion_handoffs(self, contract: SeededContract) -> None:
        assert contract.start is not None
        concluded = at(contract.start) - timedelta(days=7)
        for kind, code in CONCLUSION_KINDS:
            self.handoff(
                kind=kind,
                department=self.departments[code],
                title=f"{Kind(kind).label}: {contract.id}",
                requested_by=contract.manager,
                created=concluded - timedelta(days=10 if kind == Kind.SITE_SURVEY else 0),
                due=concluded + timedelta(days=3),
                status=Status.DONE,
                client=contract.owner.id,
                contract=contract.id,
            )

    def _expiry_handoffs(
        self, contract: SeededContract, thresholds: list[int], warn: Callable[[Row], None]
    ) -> None:
        """The expiry warnings a contract in support got, and the hand-offs they (or the
        termination) opened."""
        stage, end = contract.stage, contract.end
        deadline = end - timedelta(days=30) if end else None
        warned_at: list[int] = []
        days_left = 0
        if stage == Stage.SUPPORT and deadline is not None:
            days_left = (deadline - self.today).days
            warned_at = [d for d in thresholds if days_left <= d]
        if stage not in (Stage.TERMINATION, Stage.CLOSED) and not warned_at:
            return
        assert end is not None and deadline is not None
        for days in warned_at:
            warn((contract.id, days, deadline, self.now - timedelta(days=max(1, days - days_left))))
        opened = min(self.now - timedelta(days=1), at(end - timedelta(days=45)))
        due = at(deadline, 18)
        wanted: list[tuple[str, int | None]] = [
            (Kind.RELEASE_OF_WORKERS, self.departments["hr"]),
            (Kind.EXTENSION_OPPORTUNITY, None),
        ]
        if stage != Stage.SUPPORT:
            wanted += [
                (Kind.OBLIGATIONS_CHECK, self.departments["production"]),
                (Kind.FINAL_SETTLEMENT, self.departments["accounting"]),
            ]
        for kind, department in wanted:
            self.expiry_work += 1
            self.handoff(
                kind=kind,
                department=department,
                title=f"{Kind(kind).label}: договір № {contract.id}",
                requested_by=contract.manager,
                created=opened,
                due=due,
                status=Status.DONE
                if stage == Stage.CLOSED
                else self.rng.choice([Status.OPEN, Status.IN_PROGRESS]),
                client=contract.owner.id,
                contract=contract.id,
                assignee=contract.manager if department is None else None,
            )
