"""Reads the hand-off screens share: the inbox tabs, capped counts, "my hand-offs"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connections
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from handoffs.models import (
    OPEN_STATUSES,
    PERSONAL_KINDS,
    Handoff,
    HandoffEvent,
    HandoffQuerySet,
    Status,
)
from org.models import User
from org.selectors import represented_user_ids

DONE_WINDOW = timedelta(days=30)
COUNT_CAP = 99
CLOSED_STATUSES = (Status.DONE, Status.DECLINED)
ROW_RELATIONS = ("department", "assignee", "requested_by", "on_behalf_of", "contract", "client")


@dataclass(frozen=True)
class Tab:
    key: str
    label: str | Promise
    heads_only: bool = False


INBOX_TABS = (
    Tab("mine", _("Assigned to me")),
    Tab("unassigned", _("Unassigned in my department")),
    Tab("department", _("All open in the department"), heads_only=True),
    Tab("overdue", _("Overdue")),
    Tab("done", _("Done (30 days)")),
)
DEFAULT_TAB = "mine"


def inbox_tabs(user: User) -> list[Tab]:
    return [tab for tab in INBOX_TABS if user.is_department_head or not tab.heads_only]


def default_tab(user: User) -> str:
    """A head starts from the whole department's open work; a member from their own."""
    return "department" if user.is_department_head else DEFAULT_TAB


def inbox_queryset(
    user: User, tab: str, *, now: datetime.datetime | None = None
) -> HandoffQuerySet:
    """The rows of one inbox tab, within what ``user`` may see.

    A department head sees the whole department in the overdue and done tabs; a
    staff member sees their own and the unassigned overdue ones (what they can act
    on) and what they finished themself.
    """
    now = now or timezone.now()
    visible = Handoff.objects.visible_to(user)
    department = Q(department_id=user.department_id)
    if not user.is_department_head:
        department &= Q(assignee_id=user.pk) | Q(assignee__isnull=True)
    if tab == "mine":
        rows = visible.filter(assignee_id=user.pk, status__in=OPEN_STATUSES)
    elif tab == "unassigned":
        rows = visible.filter(
            department_id=user.department_id, assignee__isnull=True, status__in=OPEN_STATUSES
        )
    elif tab == "department" and user.is_department_head:
        rows = visible.filter(department_id=user.department_id, status__in=OPEN_STATUSES)
    elif tab == "overdue":
        rows = visible.filter(department, status__in=OPEN_STATUSES, due_at__lt=now)
    elif tab == "done":
        done_by = Q() if user.is_department_head else Q(assignee_id=user.pk)
        rows = visible.filter(
            done_by,
            department_id=user.department_id,
            status__in=CLOSED_STATUSES,
            completed_at__gte=now - DONE_WINDOW,
        )
    else:
        rows = visible.none()
    return rows


def inbox_order(tab: str, sort: str) -> tuple[str, bool]:
    """(sort column, descending) of an inbox tab: finished work newest first, whatever the
    sort asked (an index on the completion time serves it); open work by its due time."""
    if tab == "done":
        return "completed_at", True
    return "due_at", sort == "-due"


def with_row_relations(queryset: HandoffQuerySet) -> HandoffQuerySet:
    return queryset.select_related(*ROW_RELATIONS)


def capped_count(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> int:
    """How many rows, counting no further than ``cap + 1``: a LIMITed subquery, never a
    COUNT(*) over the whole table."""
    return queryset.order_by().values("pk")[: cap + 1].count()


def capped_counts(querysets: dict[str, QuerySet[Any]], cap: int = COUNT_CAP) -> dict[str, int]:
    """`capped_count` of each queryset, all in one statement: the inbox shows a badge per
    tab on every page, and five round trips cost more than the five small counts."""
    if not querysets:
        return {}
    parts: list[str] = []
    params: list[Any] = []
    for index, queryset in enumerate(querysets.values()):
        sql, values = queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
        # Django's own compiled SQL, its values passed as parameters: nothing from a request.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped_{index})")  # nosec B608
        params.extend(values)
    database = next(iter(querysets.values())).db
    with connections[database].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))


def count_label(count: int, cap: int = COUNT_CAP) -> str:
    return f"{cap}+" if count > cap else str(count)


def inbox_counts(user: User, *, now: datetime.datetime | None = None) -> dict[str, str]:
    counts = capped_counts(
        {tab.key: inbox_queryset(user, tab.key, now=now) for tab in inbox_tabs(user)}
    )
    return {key: count_label(count) for key, count in counts.items()}


def search(queryset: HandoffQuerySet, text: str) -> HandoffQuerySet:
    """Title and details, contract number, client name."""
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(title__icontains=text)
        | Q(details__icontains=text)
        | Q(contract__number__icontains=text)
        | Q(client__short_name__icontains=text)
        | Q(client__legal_name__icontains=text)
    )


def requested_by_me(
    user: User, *, closed: bool = False, now: datetime.datetime | None = None
) -> HandoffQuerySet:
    """The hand-offs ``user`` (or a manager they cover) requested, with their last event time."""
    now = now or timezone.now()
    represented = represented_user_ids(user)
    # The follow-ups have a section of their own (`my_follow_ups`).
    rows = Handoff.objects.requested_for(represented).exclude(kind__in=PERSONAL_KINDS)
    if closed:
        rows = rows.filter(status__in=CLOSED_STATUSES, completed_at__gte=now - DONE_WINDOW)
    else:
        rows = rows.filter(status__in=OPEN_STATUSES)
    return with_last_event(with_row_relations(rows))


def my_follow_ups(user: User) -> HandoffQuerySet:
    """A manager's own follow-ups (personal kinds) for them or the managers they cover."""
    return with_row_relations(
        Handoff.objects.open()
        .requested_for(represented_user_ids(user))
        .filter(kind__in=PERSONAL_KINDS)
    )


def with_last_event(queryset: HandoffQuerySet) -> HandoffQuerySet:
    last = HandoffEvent.objects.filter(handoff_id=OuterRef("pk")).order_by("-created_at", "-pk")
    return queryset.annotate(last_event_at=Subquery(last.values("created_at")[:1]))


def open_duplicate(
    user: User, *, kind: str, contract: Any = None, claim: Any = None
) -> Handoff | None:
    """An open hand-off ``user`` sees of ``kind`` on the same contract (and the same claim,
    when the new one is about a claim): what a second request would duplicate."""
    if contract is None and claim is None:
        return None
    found = Handoff.objects.visible_to(user).open().filter(kind=kind)
    if contract is not None:
        found = found.filter(contract=contract)
    if claim is not None:
        found = found.filter(claim=claim)
    return found.order_by("created_at", "pk").first()
