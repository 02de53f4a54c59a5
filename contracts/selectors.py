"""Reads the contract screens share: who may act, the portfolio, the page, the timeline."""

import base64
import heapq
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import (
    Agreement,
    Contract,
    ExpiryWarning,
    Obligation,
    StaffingRequirement,
    Stage,
    StageEvent,
    StageEventKind,
)
from handoffs.models import Handoff, HandoffEvent
from org.models import User
from org.pagination import checked_datetime, checked_integer
from org.roles import Role
from org.selectors import current_cover_id, represented_user_ids

EXPIRING_WITHIN_DAYS = 90
LIVE_STAGES = (Stage.SUPPORT, Stage.TERMINATION)
TIMELINE_PAGE_SIZE = 50


def support_managers():
    return (
        User.objects.filter(groups__name=Role.SUPPORT_MANAGER, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# --- lists ---------------------------------------------------------------------------


def contract_list(*, user, mine=False, archived=False):
    """Contracts ``user`` sees, live ones ending soonest first; ``mine``: only the portfolio
    of the user and of the managers they cover today; ``archived``: the archived ones."""
    contracts = Contract.objects.visible_to(user, archived=archived)
    if mine and user.is_support_manager:
        contracts = contracts.of_managers(represented_user_ids(user))
    return (
        contracts.select_related("client", "manager")
        .annotate(
            stage_order=Case(
                When(stage__in=LIVE_STAGES, then=Value(0)),
                When(stage=Stage.PREPARATION, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by(
            "stage_order", F("end_date").asc(nulls_last=True), "client__short_name", "number", "pk"
        )
    )


def contracts_expiring(manager_ids, *, today, days=EXPIRING_WITHIN_DAYS, limit=30) -> list:
    """The live contracts of these managers ending within ``days`` of ``today``, or past
    their end and not yet closed, soonest first: My work and the manager's dashboard."""
    return list(
        Contract.objects.of_managers(manager_ids)
        .ending_by(today + timedelta(days=days))
        .select_related("client")
        .order_by("end_date", "pk")[:limit]
    )


def stage_counts(contracts) -> dict[str, int]:
    """Contracts per stage in one query (the filter tabs' badges)."""
    rows = contracts.order_by().values("stage").annotate(count=Count("pk"))
    counts = {row["stage"]: row["count"] for row in rows}
    return {stage: counts.get(stage, 0) for stage in Stage.values}


def mark_expiry(contracts, *, today=None):
    """Flag live contracts ending within 90 days and those past their notice deadline."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=EXPIRING_WITHIN_DAYS)
    for contract in contracts:
        live = contract.stage in LIVE_STAGES and contract.end_date is not None
        contract.ending_soon = live and contract.end_date <= soon
        contract.days_left = (contract.end_date - today).days if live else None
        deadline = contract.notice_deadline
        contract.notice_passed = (
            live and contract.stage == Stage.SUPPORT and deadline is not None and deadline < today
        )
    return contracts


def portfolio_clients(*, user, manager_ids):
    """The clients of the given managers, with their open contracts counted."""
    from clients.models import Client

    return (
        Client.objects.visible_to(user)
        .of_managers(manager_ids)
        .annotate(
            open_contracts=Count(
                "contracts",
                filter=Q(contracts__stage__in=[Stage.PREPARATION, *LIVE_STAGES]),
                distinct=True,
            )
        )
        .order_by("short_name", "pk")
    )


# --- the contract page ---------------------------------------------------------------


def contract_page_queryset(user):
    """Everything the contract page lists, each in one query whatever its length, and who
    covers its manager today (``manager_cover_id``). The timeline loads on its own.

    Archived contracts included: the page still opens by its address.
    """
    return (
        Contract.objects.visible_to(user, archived=None)
        .select_related("client", "manager")
        .annotate(manager_cover_id=current_cover_id("manager_id"))
        .prefetch_related(
            "service_lines",
            "sites",
            Prefetch("staffing", queryset=StaffingRequirement.objects.select_related("site")),
            Prefetch("agreements", queryset=Agreement.objects.select_related("created_by")),
            Prefetch(
                "obligations",
                queryset=Obligation.objects.select_related("department", "fulfilled_by"),
            ),
        )
    )


def contract_handoffs(contract, *, user, limit=200):
    """The hand-offs on the contract that ``user`` may see: open ones first, by due date."""
    from handoffs.models import OPEN_STATUSES

    return list(
        Handoff.objects.visible_to(user)
        .filter(contract=contract)
        .select_related("department", "assignee", "requested_by")
        .annotate(
            closed=Case(
                When(status__in=OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "due_at", "pk")[:limit]
    )


def contract_claims(contract, *, user, limit=200):
    """The claims on the contract ``user`` may see (through the reverse relation: claims
    sit above contracts, so they are never imported here)."""
    return list(contract.claims.visible_to(user).order_by("-received_at", "-pk")[:limit])


# --- the timeline --------------------------------------------------------------------


@dataclass
class TimelineEntry:
    at: datetime
    source: str
    pk: int
    icon: str
    text: str
    detail: str = ""
    actor: User | None = None
    on_behalf_of: User | None = None
    url: str = ""


@dataclass
class TimelinePage:
    entries: list[TimelineEntry] = field(default_factory=list)
    older_cursor: str | None = None


def _url(name, pk):
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


def _encode(at, rank, pk) -> str:
    raw = json.dumps({"at": at.isoformat(), "r": rank, "id": pk})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor):
    # The same strict reading as the keyset pages: a tampered cursor is the first page.
    try:
        data = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
        return checked_datetime(data["at"]), checked_integer(data["r"]), checked_integer(data["id"])
    except (ValueError, KeyError, TypeError, OverflowError, RecursionError, UnicodeError):
        return None


def _stage_entry(event):
    if event.kind == StageEventKind.ARCHIVED:
        text = _("Contract archived")
    elif event.kind == StageEventKind.RESTORED:
        text = _("Contract restored from the archive")
    elif not event.from_stage:
        text = _("Contract created")
    elif event.from_stage == event.to_stage:
        text = _("Contract extended")
    else:
        text = _("Stage: %(from)s → %(to)s") % {
            "from": event.get_from_stage_display(),
            "to": event.get_to_stage_display(),
        }
    return {
        "icon": "bi-signpost-split",
        "text": text,
        "detail": event.reason,
        "actor": event.actor,
        "on_behalf_of": event.on_behalf_of,
    }


def _handoff_entry(event):
    handoff = event.handoff
    where = handoff.department or handoff.assignee
    if not event.from_status:
        text = _("Hand-off opened: %(title)s (%(to)s)") % {"title": handoff.title, "to": where}
    elif event.from_status == event.to_status:
        text = _("Hand-off updated: %(title)s") % {"title": handoff.title}
    else:
        text = _("Hand-off %(status)s: %(title)s") % {
            "status": event.get_to_status_display().lower(),
            "title": handoff.title,
        }
    return {
        "icon": "bi-send",
        "text": text,
        "detail": event.note,
        "actor": event.actor,
        "on_behalf_of": event.on_behalf_of,
        "url": _url("handoffs:detail", handoff.pk),
    }


def _agreement_entry(agreement):
    return {
        "icon": "bi-file-earmark-check",
        "text": _("%(kind)s of %(date)s recorded")
        % {"kind": agreement.get_kind_display(), "date": agreement.date.strftime("%d.%m.%Y")},
        "detail": agreement.summary,
        "actor": agreement.created_by,
    }


def _claim_entry(claim):
    return {
        "icon": "bi-exclamation-triangle",
        "text": _("Claim #%(number)s registered: %(subject)s")
        % {"number": claim.pk, "subject": claim.subject},
        "actor": claim.registered_by,
        "url": _url("claims:detail", claim.pk),
    }


def _warning_entry(warning):
    return {
        "icon": "bi-alarm",
        "text": _("Expiry warning: %(days)s days before %(date)s")
        % {"days": warning.threshold_days, "date": warning.deadline.strftime("%d.%m.%Y")},
    }


def _timeline_sources(contract, user):
    """(rank, name, queryset, time field, make entry), one query each, whatever the length.

    Hand-offs and claims are those ``user`` may see: a department member sees the
    contract, but not what other departments are asked to do."""
    return [
        (
            0,
            "stage",
            StageEvent.objects.filter(contract=contract).select_related("actor", "on_behalf_of"),
            "created_at",
            _stage_entry,
        ),
        (
            1,
            "handoff",
            # The join on the contract lets the planner start from the contract's few
            # hand-offs; a bare `handoff__in` made it join every event first.
            HandoffEvent.objects.filter(
                handoff__contract=contract,
                handoff__in=Handoff.objects.visible_to(user).filter(contract=contract),
            ).select_related("handoff__department", "handoff__assignee", "actor", "on_behalf_of"),
            "created_at",
            _handoff_entry,
        ),
        (
            2,
            "agreement",
            Agreement.objects.filter(contract=contract).select_related("created_by"),
            "created_at",
            _agreement_entry,
        ),
        (
            3,
            "claim",
            contract.claims.visible_to(user).select_related("registered_by"),
            "received_at",
            _claim_entry,
        ),
        (
            4,
            "warning",
            ExpiryWarning.objects.filter(contract=contract),
            "created_at",
            _warning_entry,
        ),
    ]


def contract_timeline(contract, *, user, cursor=None, size=TIMELINE_PAGE_SIZE) -> TimelinePage:
    """Stage changes, hand-off events, agreements, claims and expiry warnings, newest first.

    Keyset paging by (time, source, id): each source reads at most ``size + 1`` rows older
    than the cursor in one query, and the newest ``size`` of them all make the page.
    """
    state = _decode(cursor) if cursor else None
    candidates = []
    for rank, name, queryset, time_field, make in _timeline_sources(contract, user):
        if state is not None:
            at, cursor_rank, cursor_pk = state
            if rank < cursor_rank:
                queryset = queryset.filter(**{f"{time_field}__lte": at})
            elif rank > cursor_rank:
                queryset = queryset.filter(**{f"{time_field}__lt": at})
            else:
                queryset = queryset.filter(
                    Q(**{f"{time_field}__lt": at}) | Q(**{time_field: at, "pk__lt": cursor_pk})
                )
        rows = queryset.order_by(f"-{time_field}", "-pk")[: size + 1]
        for row in rows:
            at = getattr(row, time_field)
            candidates.append(((at, rank, row.pk), name, row, make))
    newest = heapq.nlargest(size + 1, candidates, key=lambda item: item[0])
    page = TimelinePage()
    for (at, _rank, pk), name, row, make in newest[:size]:
        page.entries.append(TimelineEntry(at=at, source=name, pk=pk, **make(row)))
    if len(newest) > size:
        at, rank, pk = newest[size - 1][0]
        page.older_cursor = _encode(at, rank, pk)
    return page
