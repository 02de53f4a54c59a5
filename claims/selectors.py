"""Reads about claims that screens and reports share: promptness, lists, the manager's day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Literal, TypedDict, TypeVar

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext

from calendars.working_time import Schedule, working_time_between
from claims.models import (
    Claim,
    ClaimAttachment,
    ClaimComment,
    ClaimEvent,
    ClaimMessage,
    ClaimStatus,
    next_due,
)
from claims.posts import filter_by_place
from contracts.selectors import calendar_for_contract
from handoffs.models import Handoff, HandoffEvent
from handoffs.waiting import Schedules, with_waiting
from org.formatting import duration_short, stamp
from org.models import User
from org.params import ascii_id
from org.selectors import represented_user_ids

# Less than this share of the allowed time left: the clock turns amber.
AMBER_SHARE = 0.25
# Past due is overdue even when no working time has passed since (due at 18:00, seen at
# 19:00 on a 9–18 calendar): late by at least this, which the screens show as "less than
# a minute", so the clock, the "overdue by" line and the overdue filter agree.
LEAST_LATENESS = timedelta(seconds=1)
MY_WORK_LIMIT = 25


@dataclass(frozen=True)
class Clock:
    """One due time of a claim, as the screens show it.

    ``done``: measured already (``elapsed`` taken, ``on_time``); otherwise ``left`` is
    the time left (negative when overdue). ``color``: success, warning, danger.
    """

    done: bool
    due_at: datetime
    elapsed: timedelta | None = None
    on_time: bool | None = None
    left: timedelta | None = None
    color: str = "success"
    paused: bool = False
    kind: Literal["respond", "fix"] = "fix"

    @property
    def overdue(self) -> bool:
        return not self.done and self.left is not None and self.left < timedelta(0)

    @property
    def overdue_by(self) -> timedelta | None:
        return -self.left if self.overdue and self.left is not None else None

    @property
    def title(self) -> str:
        """The due time, local, for the clock's tooltip."""
        return stamp(self.due_at)

    @property
    def label(self) -> str:
        """What the clock says ("respond in 3 h", "fixed in 2 days · on time"): composed
        here, once per clock, rather than by translation tags in each list row."""
        if self.done:
            return self._measured_label() if self.elapsed is not None else "—"
        if self.paused:
            return gettext("paused: waiting for the client")
        if self.overdue:
            return gettext("overdue by %(time)s") % {"time": duration_short(self.overdue_by)}
        time = duration_short(self.left)
        if self.kind == "respond":
            return gettext("respond in %(time)s") % {"time": time}
        return gettext("fix due in %(time)s") % {"time": time}

    def _measured_label(self) -> str:
        time = duration_short(self.elapsed)
        if self.kind == "respond":
            measured = gettext("responded in %(time)s") % {"time": time}
        else:
            measured = gettext("fixed in %(time)s") % {"time": time}
        verdict = gettext("on time") if self.on_time else gettext("late")
        return f"{measured} · {verdict}"


class TimelineEntry(TypedDict):
    """One line of a claim's timeline: its own event, a hand-off's event, a comment or a
    letter of the correspondence."""

    type: Literal["event", "handoff_event", "comment", "letter"]
    at: datetime
    item: ClaimEvent | HandoffEvent | ClaimComment | ClaimMessage


class DueItem(TypedDict):
    """A claim or a hand-off due today, for the manager's day."""

    type: Literal["claim", "handoff"]
    due_at: datetime
    item: Claim | Handoff


C = TypeVar("C", bound=Iterable[Claim])


def due_clock(
    *,
    start: datetime,
    due_at: datetime,
    now: datetime,
    schedule: Schedule | None = None,
    kind: Literal["respond", "fix"] = "fix",
) -> Clock:
    """The time left until ``due_at``, in working time on ``schedule`` (None: wall time):
    a claim due on Monday morning is not "overdue by 60 h" over the weekend."""
    if schedule is None:
        left, allowed = due_at - now, due_at - start
    else:
        left = working_time_between(schedule, now, due_at)
        allowed = working_time_between(schedule, start, due_at)
    if due_at < now:
        color = "danger"
        left = min(left, -LEAST_LATENESS)
    elif allowed.total_seconds() > 0 and left / allowed < AMBER_SHARE:
        color = "warning"
    else:
        color = "success"
    return Clock(done=False, due_at=due_at, left=left, color=color, kind=kind)


def _schedule(claim: Claim) -> Schedule:
    return calendar_for_contract(claim.contract)


def response_clock(claim: Claim, now: datetime | None = None) -> Clock:
    """Responded in X (on time / late), or the working time left to respond."""
    if claim.responded_at is not None:
        return Clock(
            done=True,
            due_at=claim.response_due_at,
            elapsed=claim.time_to_respond,
            on_time=claim.responded_on_time,
            color="success" if claim.responded_on_time else "danger",
            kind="respond",
        )
    if not claim.is_open:
        return Clock(done=True, due_at=claim.response_due_at, color="secondary", kind="respond")
    return due_clock(
        start=claim.received_at,
        due_at=claim.response_due_at,
        now=now or timezone.now(),
        schedule=_schedule(claim),
        kind="respond",
    )


def fix_clock(claim: Claim, now: datetime | None = None) -> Clock:
    """Fixed in X (on time / late), paused while waiting for the client, or the working
    time left to fix."""
    if claim.resolved_at is not None:
        return Clock(
            done=True,
            due_at=claim.resolution_due_at,
            elapsed=claim.time_to_fix,
            on_time=claim.fixed_on_time,
            color="success" if claim.fixed_on_time else "danger",
        )
    if claim.status == ClaimStatus.WAITING:
        return Clock(done=False, due_at=claim.resolution_due_at, color="secondary", paused=True)
    return due_clock(
        start=claim.received_at,
        due_at=claim.resolution_due_at,
        now=now or timezone.now(),
        schedule=_schedule(claim),
    )


def overdue_by(claim: Claim, now: datetime | None = None) -> timedelta | None:
    """How much working time an open claim is past its fix time (not while it waits for
    the client), or past its response time unanswered."""
    if not claim.is_open:
        return None
    now = now or timezone.now()
    if claim.resolution_due_at < now and claim.status != ClaimStatus.WAITING:
        due = claim.resolution_due_at
    elif claim.responded_at is None and claim.response_due_at < now:
        due = claim.response_due_at
    else:
        return None
    return max(working_time_between(_schedule(claim), due, now), LEAST_LATENESS)


def with_promptness(claims: C, now: datetime | None = None) -> C:
    """Attach ``response_clock``, ``fix_clock`` and ``overdue_by`` to each claim for a table."""
    now = now or timezone.now()
    for claim in claims:
        claim.response_clock = response_clock(claim, now)
        claim.fix_clock = fix_clock(claim, now)
        claim.overdue_by = overdue_by(claim, now)
    return claims


def with_waiting_on(
    claims: C, now: datetime | None = None, *, schedules: Schedules | None = None
) -> C:
    """Attach ``waiting_on`` to each claim: its open hand-offs to departments, oldest first,
    each with its working time waited. One query for all the claims, and the calendar's."""
    now = now or timezone.now()
    rows = list(claims)
    open_handoffs = (
        Handoff.objects.open()
        .filter(department__isnull=False)
        .select_related("department")
        .order_by("created_at", "pk")
    )
    prefetch_related_objects(
        rows, Prefetch("handoffs", queryset=open_handoffs, to_attr="open_department_handoffs")
    )
    schedules = schedules if schedules is not None else Schedules()
    for claim in rows:
        claim.waiting_on = with_waiting(claim.open_department_handoffs, now, schedules=schedules)
    return claims


def claim_list(
    user: User, *, filters: Mapping[str, Any] | None = None, now: datetime | None = None
) -> QuerySet[Claim]:
    """The claims ``user`` sees, filtered as the list and the export are."""
    filters = filters or {}
    now = now or timezone.now()
    claims = Claim.objects.visible_to(user).select_related("contract__client", "site")
    if filters.get("status"):
        claims = claims.filter(status=filters["status"])
    if filters.get("overdue"):
        claims = claims.overdue(now)
    if filters.get("department"):
        claims = claims.routed_to(filters["department"])
    if filters.get("contract"):
        claims = claims.filter(contract=filters["contract"])
    if filters.get("priority"):
        claims = claims.filter(priority=filters["priority"])
    if filters.get("formal") in ("yes", "no"):
        claims = claims.filter(is_formal=filters["formal"] == "yes")
    claims = filter_by_place(claims, filters)
    query = (filters.get("q") or "").strip()
    if query:
        match = (
            Q(subject__icontains=query)
            | Q(contract__number__icontains=query)
            | Q(contract__client__short_name__icontains=query)
            | Q(formal_number__icontains=query)
        )
        if (number := ascii_id(query.lstrip("#"))) is not None:
            match |= Q(pk=number)
        claims = claims.filter(match)
    return claims


def claim_timeline(
    claim: Claim,
    limit: int = 200,
    *,
    comments: list[ClaimComment] | None = None,
    letters: list[ClaimMessage] | None = None,
) -> list[TimelineEntry]:
    """The claim's events, its hand-offs' events, its comments and its letters, newest
    first (``comments`` and ``letters``: the ones the page has read already)."""
    events = list(
        ClaimEvent.objects.filter(claim=claim).select_related("actor", "on_behalf_of")[:limit]
    )
    handoff_events = list(
        HandoffEvent.objects.filter(handoff__claim=claim).select_related(
            "handoff__department", "actor", "on_behalf_of", "assignee"
        )[:limit]
    )
    if comments is None:
        comments = list(
            ClaimComment.objects.filter(claim=claim)
            .select_related("author")
            .order_by("-created_at")[:limit]
        )
    items: list[TimelineEntry] = (
        [TimelineEntry(type="event", at=e.created_at, item=e) for e in events]
        + [TimelineEntry(type="handoff_event", at=e.created_at, item=e) for e in handoff_events]
        + [TimelineEntry(type="comment", at=c.created_at, item=c) for c in comments]
        + [TimelineEntry(type="letter", at=m.created_at, item=m) for m in letters or []]
    )
    items.sort(key=lambda entry: entry["at"], reverse=True)
    return items[:limit]


def claims_waiting_on(
    user: User, *, limit: int = MY_WORK_LIMIT, represented: set[int] | None = None
) -> list[Claim]:
    """Open claims on the user's contracts and those they cover, soonest due first."""
    return with_promptness(
        list(
            Claim.objects.open()
            .of_managers(represented or represented_user_ids(user))
            .select_related("contract__client", "site")
            .annotate(next_due_at=next_due())
            .order_by("next_due_at", "pk")[:limit]
        )
    )


def handoffs_requested_by(
    user: User, *, limit: int = MY_WORK_LIMIT, represented: set[int] | None = None
) -> list[Handoff]:
    """Open hand-offs the user (or whoever they cover) asked for, longest waiting first."""
    return list(
        Handoff.objects.open()
        .requested_for(represented or represented_user_ids(user))
        .select_related("department", "assignee", "contract__client", "claim")
        .order_by("created_at", "pk")[:limit]
    )


def due_today(
    user: User,
    *,
    limit: int = MY_WORK_LIMIT,
    now: datetime | None = None,
    represented: set[int] | None = None,
) -> list[DueItem]:
    """Claim responses and fixes, and requested hand-offs, due before the end of today."""
    now = now or timezone.now()
    end_of_day = timezone.make_aware(
        datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min)
    )
    start_of_day = end_of_day - timedelta(days=1)
    represented = represented or represented_user_ids(user)
    claims = list(
        Claim.objects.open()
        .of_managers(represented)
        .annotate(next_due_at=next_due())
        .filter(next_due_at__gte=start_of_day, next_due_at__lt=end_of_day)
        .select_related("contract__client")
        .order_by("next_due_at", "pk")[:limit]
    )
    handoffs = list(
        Handoff.objects.open()
        .requested_for(represented)
        .filter(due_at__gte=start_of_day, due_at__lt=end_of_day)
        .select_related("department", "assignee")
        .order_by("due_at", "pk")[:limit]
    )
    items = [DueItem(type="claim", due_at=c.next_due_at, item=c) for c in claims] + [
        DueItem(type="handoff", due_at=h.due_at, item=h) for h in handoffs
    ]
    items.sort(key=lambda entry: entry["due_at"])
    return items[:limit]


@dataclass(frozen=True)
class Correspondence:
    """The claim's letters, oldest first, each with its ``files``; and every file on the
    claim (the manager's, the client's letters', our replies')."""

    letters: list[ClaimMessage]
    files: list[ClaimAttachment]


def claim_correspondence(claim: Claim, limit: int = 200) -> Correspondence:
    """Two queries, whatever the number of letters and files."""
    letters = list(
        ClaimMessage.objects.filter(claim=claim)
        .select_related("sent_by", "on_behalf_of")
        .order_by("-created_at", "-pk")[:limit]
    )
    letters.reverse()
    files = list(
        ClaimAttachment.objects.filter(claim=claim)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )
    by_letter: dict[int, list[ClaimAttachment]] = {}
    for file in files:
        if file.message_id is not None:
            by_letter.setdefault(file.message_id, []).append(file)
    for letter in letters:
        letter.files = by_letter.get(letter.pk, [])
    return Correspondence(letters=letters, files=files)
