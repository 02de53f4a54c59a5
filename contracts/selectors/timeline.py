"""The contract's timeline: stage changes, hand-off events, agreements, claims, expiry
warnings and the changes to its services and staffing, newest first, page by page."""

from __future__ import annotations

import base64
import heapq
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from contracts.models import (
    Agreement,
    Contract,
    ExpiryWarning,
    RecordChange,
    StageEvent,
    StageEventKind,
)
from contracts.selectors.record_changes import record_change_entry
from handoffs.models import Handoff, HandoffEvent
from org.models import User
from org.pagination import checked_datetime, checked_integer

TIMELINE_PAGE_SIZE = 50


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


class EntryFields(TypedDict, total=False):
    """What a source's row gives its `TimelineEntry` (the rest comes from the row)."""

    icon: str
    text: str
    detail: str
    actor: User | None
    on_behalf_of: User | None
    url: str


# (rank, name, queryset, time field, make entry) of one timeline source.
Source = tuple[int, str, QuerySet[Any], str, Callable[[Any], EntryFields]]
Cursor = tuple[datetime, int, int]
# A higher app's source, built for one contract and viewer (`register_timeline_source`).
SourceBuilder = Callable[[Contract, User], Source]

_REGISTERED_SOURCES: dict[str, SourceBuilder] = {}


def register_timeline_source(name: str, build: SourceBuilder) -> None:
    """Let an app above contracts add its events to the timeline without contracts
    importing it (the client reports sent, `reports.timeline`). ``build`` returns a
    `Source` whose rank is unique; registering a name again replaces it."""
    _REGISTERED_SOURCES[name] = build


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


def _encode(at: datetime, rank: int, pk: int) -> str:
    raw = json.dumps({"at": at.isoformat(), "r": rank, "id": pk})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> Cursor | None:
    # The same strict reading as the keyset pages: a tampered cursor is the first page.
    try:
        data = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
        return checked_datetime(data["at"]), checked_integer(data["r"]), checked_integer(data["id"])
    except (ValueError, KeyError, TypeError, OverflowError, RecursionError, UnicodeError):
        return None


def _stage_entry(event: StageEvent) -> EntryFields:
    if event.kind == StageEventKind.ARCHIVED:
        text = _("Contract archived")
    elif event.kind == StageEventKind.RESTORED:
        text = _("Contract restored from the archive")
    elif event.kind == StageEventKind.MANAGER:
        text = _("Manager changed")
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


def _handoff_entry(event: HandoffEvent) -> EntryFields:
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


def _agreement_entry(agreement: Agreement) -> EntryFields:
    return {
        "icon": "bi-file-earmark-check",
        "text": _("%(kind)s of %(date)s recorded")
        % {"kind": agreement.get_kind_display(), "date": agreement.date.strftime("%d.%m.%Y")},
        "detail": agreement.summary,
        "actor": agreement.created_by,
    }


def _claim_entry(claim: Any) -> EntryFields:
    return {
        "icon": "bi-exclamation-triangle",
        "text": _("Claim #%(number)s registered: %(subject)s")
        % {"number": claim.pk, "subject": claim.subject},
        "actor": claim.registered_by,
        "url": _url("claims:detail", claim.pk),
    }


def _warning_entry(warning: ExpiryWarning) -> EntryFields:
    return {
        "icon": "bi-alarm",
        "text": _("Expiry warning: %(days)s days before %(date)s")
        % {"days": warning.threshold_days, "date": warning.deadline.strftime("%d.%m.%Y")},
    }


def _timeline_sources(contract: Contract, user: User) -> list[Source]:
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
        (
            5,
            "record",
            RecordChange.objects.filter(contract=contract).select_related("actor", "on_behalf_of"),
            "created_at",
            record_change_entry,
        ),
        *(build(contract, user) for build in _REGISTERED_SOURCES.values()),
    ]


def contract_timeline(
    contract: Contract, *, user: User, cursor: str | None = None, size: int = TIMELINE_PAGE_SIZE
) -> TimelinePage:
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
