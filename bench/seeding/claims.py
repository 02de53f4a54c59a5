"""Claims with their promptness figures, events, comments and history, the claim fixes
claim_register opens, and the other hand-offs that bring the total to the scale's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from bench.seeding.base import Row, SeededContract, at
from bench.seeding.handoffs import HandoffSeeding
from bench.seeding.vocabulary import CATEGORY_WEIGHTS, FILLER_KINDS, PRIORITY_WEIGHTS, SUBJECTS
from bench.writer import TableWriter, next_id
from claims.models import (
    Category,
    Channel,
    Claim,
    ClaimComment,
    ClaimEvent,
    ClaimStatus,
    RoutingRule,
)
from contracts.models import Stage
from handoffs.models import Kind, Status

CHUNK = 20_000  # claims generated before their rows are written
OPEN_SHARE = 0.035
FIXES_PER_CLAIM = 1.33
CLAIM_COLUMNS = [
    "id",
    "contract_id",
    "site_id",
    "reported_by_id",
    "channel",
    "category",
    "priority",
    "subject",
    "description",
    "is_formal",
    "formal_number",
    "formal_amount",
    "status",
    "registered_by_id",
    "received_at",
    "response_due_at",
    "resolution_due_at",
    "answer_due_on",
    "responded_at",
    "resolved_at",
    "closed_at",
    "resolution",
    "client_confirmation",
    "satisfaction",
    "time_to_respond",
    "time_to_fix",
    "responded_on_time",
    "fixed_on_time",
]
EVENT_COLUMNS = ["claim_id", "kind", "from_status", "to_status", "actor_id", "note", "created_at"]
FIX_TITLE = "Claim #%(number)s: %(subject)s"


@dataclass
class _ClaimWriters:
    claims: TableWriter
    history: TableWriter
    events: TableWriter
    comments: TableWriter


@dataclass
class _Timeline:
    """How far a claim got, and when."""

    received: datetime
    response_due: datetime
    resolution_due: datetime
    status: str
    responded: datetime | None = None
    resolved: datetime | None = None
    closed: datetime | None = None
    time_to_respond: timedelta | None = None
    time_to_fix: timedelta | None = None
    responded_on_time: bool | None = None
    fixed_on_time: bool | None = None


# What is drawn of a claim before the claims are put in the order received.
@dataclass(frozen=True)
class _Plan:
    received: datetime
    is_open: bool
    contract: SeededContract
    category: str
    priority: str


@dataclass
class _Filler:
    """Hand-offs that are not claim fixes, spread among the claims."""

    every: float | None
    due: float
    kinds: list[tuple[str, str | None]] = field(
        default_factory=lambda: [(k, d) for k, d, _w in FILLER_KINDS]
    )
    weights: list[int] = field(default_factory=lambda: [w for _k, _d, w in FILLER_KINDS])


class ClaimSeeding(HandoffSeeding):
    def seed_claims(self) -> None:
        w = self._claim_writers()
        self.routes = self._claim_routes()
        self.sla = {
            p: tuple(timedelta(hours=h) for h in settings.CLAIM_SLA_DEFAULTS[p])
            for p in PRIORITY_WEIGHTS
        }
        self.channels = list(Channel.values)
        self.all_departments = list(self.departments.values())
        self.serving = [c for c in self.contracts if c.stage in (Stage.SUPPORT, Stage.TERMINATION)]
        self.past = self.serving + [c for c in self.contracts if c.stage == Stage.CLOSED]
        self.translated_title = _(FIX_TITLE)
        claims = self.v.claims
        # Filler hand-offs spread among the claims so that the total reaches the scale's.
        filler_total = max(
            0, self.v.handoffs - round(claims * FIXES_PER_CLAIM) - self.handoff_count
        )
        every = claims / filler_total if filler_total else None
        filler = _Filler(every=every, due=every or 0.0)
        # Written in the order received, as a desk writes them: ids grow with time and the
        # open (newest) claims share the table's last pages, not a page of it each.
        plans = sorted((self._plan_claim() for _ in range(claims)), key=lambda p: p.received)
        claim_id = next_id(Claim)
        for n, plan in enumerate(plans):
            contract = self._seed_claim(w, claim_id, plan)
            self._seed_filler(filler, contract, claim_id, plan.received)
            claim_id += 1
            if (n + 1) % CHUNK == 0:
                self.tables.flush()
                self.log(f"  {n + 1:>9,} claims, {self.handoff_count:>9,} hand-offs")
        self.tables.flush()

    def _claim_writers(self) -> _ClaimWriters:
        t = self.tables
        w = _ClaimWriters(
            claims=t.add(Claim, CLAIM_COLUMNS),
            history=t.add(Claim, CLAIM_COLUMNS, history=True),
            events=t.add(ClaimEvent, EVENT_COLUMNS),
            comments=t.add(ClaimComment, ["claim_id", "author_id", "text", "created_at"]),
        )
        # Parents before children: claims, then the hand-offs that point to them.
        handoff_tables = [
            self.handoffs,
            self.handoff_history,
            self.handoff_events,
            self.handoff_comments,
            self.notifications,
        ]
        t.order = [writer for writer in t.order if writer not in handoff_tables] + handoff_tables
        return w

    def _claim_routes(self) -> dict[tuple[str, bool], list[int]]:
        """The departments claim_register routes each category to (formal or not)."""
        active = RoutingRule.objects.filter(is_active=True).order_by("department__code")
        formal_only = list(active.filter(formal_only=True).values_list("department_id", flat=True))
        routes = {}
        for category in Category.values:
            for formal in (False, True):
                rules = active.filter(category=category, formal_only=False)
                found = list(rules.values_list("department_id", flat=True))
                if formal:
                    found += formal_only
                routes[category, formal] = list(dict.fromkeys(found)) or [
                    self.departments["quality"]
                ]
        return routes

    # --- one claim -------------------------------------------------------------------

    def _plan_claim(self) -> _Plan:
        rng = self.rng
        is_open = rng.random() < OPEN_SHARE
        contract = rng.choice(self.serving if is_open else self.past)
        category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
        priority = rng.choices(list(PRIORITY_WEIGHTS), list(PRIORITY_WEIGHTS.values()))[0]
        received = self._claim_received(contract, self.sla[priority][1], is_open)
        return _Plan(received, is_open, contract, category, priority)

    def _seed_claim(self, w: _ClaimWriters, claim_id: int, plan: _Plan) -> SeededContract:
        rng = self.rng
        received, is_open, contract = plan.received, plan.is_open, plan.contract
        response_sla, fix_sla = self.sla[plan.priority]
        is_formal = rng.random() < 0.03
        timeline = self._claim_timeline(received, response_sla, fix_sla, is_open)
        row = self._claim_row(claim_id, contract, plan.category, plan.priority, is_formal, timeline)
        w.claims.add(row)
        self._claim_history_and_events(w, row, timeline, contract.manager)
        if rng.random() < 0.3:
            text, when = "Зателефонували на об'єкт.", received + timedelta(hours=1)
            w.comments.add((claim_id, contract.manager, text, when))
        self._seed_claim_fixes(claim_id, contract, plan.category, is_formal, timeline)
        return contract

    def _claim_received(
        self, contract: SeededContract, fix_sla: timedelta, is_open: bool
    ) -> datetime:
        rng, now = self.rng, self.now
        if is_open:
            if rng.random() < 0.7:
                return now - fix_sla * rng.random()
            return now - fix_sla - timedelta(days=rng.uniform(0, 10))
        assert contract.start is not None
        first = at(contract.start)
        if contract.stage == Stage.CLOSED:
            assert contract.end is not None
            last = at(contract.end)
        else:
            last = now - fix_sla * 2
        first = max(first, now - timedelta(days=3 * 365))
        if last <= first:
            last = first + timedelta(days=1)
        return first + (last - first) * rng.random()

    def _claim_status(self, received: datetime, response_sla: timedelta, is_open: bool) -> str:
        rng = self.rng
        if is_open:
            # Most claims are answered within their response time; a few wait past it.
            answered = rng.random() < (0.2 if self.now - received < response_sla else 0.9)
            return ClaimStatus.IN_PROGRESS if answered else ClaimStatus.NEW
        return ClaimStatus.RESOLVED if rng.random() < 0.015 else ClaimStatus.CLOSED

    def _claim_timeline(
        self, received: datetime, response_sla: timedelta, fix_sla: timedelta, is_open: bool
    ) -> _Timeline:
        rng, now = self.rng, self.now
        status = self._claim_status(received, response_sla, is_open)
        t = _Timeline(received, received + response_sla, received + fix_sla, status)
        if status == ClaimStatus.NEW:
            return t
        responded = min(received + response_sla * rng.uniform(0.1, 1.4), now)
        t.responded, t.time_to_respond = responded, responded - received
        t.responded_on_time = responded <= t.response_due
        if status not in (ClaimStatus.RESOLVED, ClaimStatus.CLOSED):
            return t
        resolved = received + fix_sla * rng.uniform(0.2, 1.3)
        resolved = max(resolved, responded + timedelta(minutes=5))
        t.resolved, t.time_to_fix = resolved, resolved - received
        t.fixed_on_time = resolved <= t.resolution_due
        if status == ClaimStatus.CLOSED:
            t.closed = max(min(resolved + timedelta(hours=rng.uniform(1, 72)), now), resolved)
        return t

    def _claim_row(
        self,
        claim_id: int,
        contract: SeededContract,
        category: str,
        priority: str,
        is_formal: bool,
        t: _Timeline,
    ) -> Row:
        rng = self.rng
        subject = SUBJECTS[category]
        description = f"{subject}. Об'єкт потребує уваги, клієнт просить усунути якнайшвидше."
        site = (
            rng.choice(contract.sites) if rng.random() < 0.9 else rng.choice(contract.owner.sites)
        )
        reported_by = rng.choice(contract.owner.contacts) if rng.random() < 0.85 else None
        head: Row = (claim_id, contract.id, site, reported_by, rng.choice(self.channels), category)
        head += (priority, subject, description, is_formal, f"П-{claim_id}" if is_formal else "")
        head += (Decimal(rng.randint(1, 500) * 100) if is_formal else None,)
        answer_due_on = timezone.localdate(t.received) + timedelta(days=30) if is_formal else None
        dates: Row = (t.status, contract.manager, t.received, t.response_due, t.resolution_due)
        dates += (answer_due_on, t.responded, t.resolved, t.closed)
        outcome = (
            "Усунуто на місці." if t.resolved else "",
            "Клієнт підтвердив телефоном." if t.closed else "",
            rng.choices([5, 4, 3, 2, 1], [45, 30, 13, 7, 5])[0] if t.closed else None,
            t.time_to_respond,
            t.time_to_fix,
            t.responded_on_time,
            t.fixed_on_time,
        )
        return head + dates + outcome

    def _claim_history_and_events(
        self, w: _ClaimWriters, row: Row, t: _Timeline, manager: int
    ) -> None:
        claim_id = row[0]
        initial = (*row[:12], ClaimStatus.NEW, *row[13:18], None, None, None, "", "")
        initial += (None, None, None, None, None)
        self._history(w.history, initial, t.received, manager)
        if t.status != ClaimStatus.NEW:
            changed = t.closed or t.resolved or t.responded
            assert changed is not None
            self._history(w.history, row, changed, manager, "~")
        w.events.add((claim_id, "transition", "", ClaimStatus.NEW, manager, "", t.received))
        steps = (
            (ClaimStatus.NEW, ClaimStatus.IN_PROGRESS, "Відповіли клієнту.", t.responded),
            (ClaimStatus.IN_PROGRESS, ClaimStatus.RESOLVED, row[21], t.resolved),
            (ClaimStatus.RESOLVED, ClaimStatus.CLOSED, row[22], t.closed),
        )
        for source, target, note, when in steps:
            if when:
                w.events.add((claim_id, "transition", source, target, manager, note, when))

    def _seed_claim_fixes(
        self,
        claim_id: int,
        contract: SeededContract,
        category: str,
        is_formal: bool,
        t: _Timeline,
    ) -> None:
        """The claim fixes claim_register opens, one per routed department."""
        rng = self.rng
        subject = SUBJECTS[category]
        title = self.translated_title % {"number": claim_id, "subject": subject}
        description = f"{subject}. Об'єкт потребує уваги, клієнт просить усунути якнайшвидше."
        for department in self.routes[category, is_formal]:
            if t.status == ClaimStatus.NEW:
                fix_status = Status.OPEN
            elif t.status == ClaimStatus.IN_PROGRESS:
                fix_status = rng.choice(
                    [Status.OPEN, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.DONE]
                )
            else:
                fix_status = Status.DECLINED if rng.random() < 0.02 else Status.DONE
            finish = (
                t.resolved - (t.resolved - t.received) * rng.uniform(0.05, 0.4)
                if t.resolved
                else None
            )
            self.handoff(
                kind=Kind.CLAIM_FIX,
                department=department,
                title=title,
                details=description,
                requested_by=contract.manager,
                created=t.received,
                due=t.resolution_due,
                status=fix_status,
                client=contract.owner.id,
                contract=contract.id,
                claim=claim_id,
                finish=finish,
            )

    # --- other hand-offs -------------------------------------------------------------

    def _seed_filler(
        self, filler: _Filler, contract: SeededContract, claim_id: int, around: datetime
    ) -> None:
        if filler.every is None:
            return
        filler.due -= 1
        while filler.due <= 0:
            filler.due += filler.every
            self._filler(contract, claim_id, filler.kinds, filler.weights, around)

    def _filler(
        self,
        contract: SeededContract,
        claim_id: int,
        kinds: list[tuple[str, str | None]],
        weights: list[int],
        around: datetime,
    ) -> None:
        rng = self.rng
        kind, code = rng.choices(kinds, weights)[0]
        department = self.departments[code] if code else rng.choice(self.all_departments)
        # Filed about when the claim written beside it came in: in time order as well.
        created = min(around + timedelta(hours=rng.uniform(0, 48)), self.now)
        recent = created > self.now - timedelta(days=20)
        if recent and contract.stage in (Stage.SUPPORT, Stage.TERMINATION):
            status = rng.choices(
                [Status.OPEN, Status.IN_PROGRESS, Status.DONE, Status.DECLINED], [35, 20, 40, 5]
            )[0]
        else:
            status = Status.DECLINED if rng.random() < 0.03 else Status.DONE
        about_claim = kind == Kind.CLAIM_REVIEW
        # An information request is sometimes about the client as a whole.
        about_contract = kind != Kind.INFORMATION_REQUEST or rng.random() < 0.6
        self.handoff(
            kind=kind,
            department=department,
            title=f"{Kind(kind).label}: № {contract.id}",
            details="Прошу надати інформацію до кінця тижня.",
            requested_by=contract.manager,
            created=created,
            due=created + timedelta(days=3),
            status=status,
            client=contract.owner.id,
            contract=contract.id if about_contract or about_claim else None,
            claim=claim_id if about_claim else None,
        )
