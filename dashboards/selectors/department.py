"""The department head's dashboard: open and overdue hand-offs by assignee and kind, and
the median time to complete over 30 days (kept by the periodic refresh)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any, cast

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from dashboards.figures import (
    AssigneeCompletion,
    AssigneeLoad,
    CompletionTimes,
    DepartmentFigures,
    HandoffsLoad,
    KindLoad,
)
from dashboards.models import FigureSnapshot
from dashboards.selectors.common import default_now, fresh_snapshot, hours, median, person
from handoffs.models import OPEN_STATUSES, Handoff, Kind, Status
from org.models import User
from org.selectors import department_members

COMPLETION_WINDOW = timedelta(days=30)


def _members(department_id: int | None, members: Sequence[User] | None) -> Sequence[User]:
    return members if members is not None else list(department_members(department_id))


def _of_department(department_id: int | None) -> Q:
    """The hand-offs of the department (none for a user in no department)."""
    return Q(department_id=department_id)


def _load_of(member_id: int, name: str) -> AssigneeLoad:
    return {"id": member_id, "name": name, "open": 0, "overdue": 0}


def _add_row(
    row: dict[str, Any],
    *,
    by_assignee: dict[int, AssigneeLoad],
    unassigned: AssigneeLoad,
    kinds: dict[str, KindLoad],
) -> None:
    """Count one (assignee, kind) group of the grouped query into both breakdowns."""
    if row["assignee_id"] is None:
        entry = unassigned
    else:
        entry = by_assignee.setdefault(
            row["assignee_id"],
            _load_of(
                row["assignee_id"],
                person(
                    row["assignee__first_name"],
                    row["assignee__last_name"],
                    row["assignee__username"],
                ),
            ),
        )
    entry["open"] += row["open"]
    entry["overdue"] += row["overdue"]
    kind = kinds.setdefault(
        row["kind"],
        {"kind": row["kind"], "label": Kind(row["kind"]).label, "open": 0, "overdue": 0},
    )
    kind["open"] += row["open"]
    kind["overdue"] += row["overdue"]


def open_handoffs_load(
    user: User, *, now: datetime.datetime, members: Sequence[User] | None = None
) -> HandoffsLoad:
    """Open and overdue hand-offs of the user's department by assignee (and unassigned)
    and by kind: one grouped query, plus the member list."""
    members = _members(user.department_id, members)
    grouped = (
        Handoff.objects.filter(_of_department(user.department_id), status__in=OPEN_STATUSES)
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
    by_assignee = {member.pk: _load_of(member.pk, str(member)) for member in members}
    unassigned: AssigneeLoad = {"id": None, "name": _("Unassigned"), "open": 0, "overdue": 0}
    kinds: dict[str, KindLoad] = {}
    for row in grouped:
        _add_row(row, by_assignee=by_assignee, unassigned=unassigned, kinds=kinds)
    assignees = sorted(by_assignee.values(), key=lambda e: (-e["open"], str(e["name"])))
    return {
        "by_assignee": [*assignees, unassigned],
        "by_kind": sorted(kinds.values(), key=lambda e: (-e["open"], str(e["label"]))),
        "open": sum(e["open"] for e in [*assignees, unassigned]),
        "overdue": sum(e["overdue"] for e in [*assignees, unassigned]),
    }


def completion_times(
    user: User, *, now: datetime.datetime, members: Sequence[User] | None = None
) -> CompletionTimes:
    """Median hours from creation to completion of the user's department's hand-offs
    completed in the last 30 days, per assignee and overall."""
    return department_completion_times(user.department_id, now=now, members=members)


def _hours_by_assignee(
    rows: Iterable[tuple[Any, ...]], names: dict[int | None, str | None]
) -> dict[int | None, list[float]]:
    """Each assignee's completion times in hours; ``names`` gains the assignees who are no
    longer members."""
    by_assignee: dict[int | None, list[float]] = {}
    for assignee_id, first, last, username, created_at, completed_at in rows:
        names.setdefault(assignee_id, person(first, last, username) if assignee_id else None)
        by_assignee.setdefault(assignee_id, []).append(hours(completed_at - created_at))
    return by_assignee


def department_completion_times(
    department_id: int | None, *, now: datetime.datetime, members: Sequence[User] | None = None
) -> CompletionTimes:
    """`completion_times` of one department: one query over those rows."""
    members = _members(department_id, members)
    rows = Handoff.objects.filter(
        _of_department(department_id),
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
    names: dict[int | None, str | None] = {member.pk: str(member) for member in members}
    by_assignee = _hours_by_assignee(rows, names)
    per_assignee: list[AssigneeCompletion] = [
        {
            "id": assignee_id,
            "name": names[assignee_id] or _("Unassigned"),
            "completed": len(values),
            "median_hours": median(values),
        }
        for assignee_id, values in by_assignee.items()
    ]
    per_assignee.sort(key=lambda e: (e["median_hours"], str(e["name"])))
    everything = [value for values in by_assignee.values() for value in values]
    return {
        "per_assignee": per_assignee,
        "completed": len(everything),
        "median_hours": median(everything),
    }


def completion_snapshot_name(department_id: int | None) -> str:
    return f"completion-{department_id}"


def refresh_completion_figures(
    department_id: int | None,
    *,
    now: datetime.datetime | None = None,
    members: Sequence[User] | None = None,
) -> FigureSnapshot:
    """Compute a department's completion times over 30 days and keep them for its page:
    they read every hand-off the department finished in that time."""
    now = default_now(now)
    data = department_completion_times(department_id, now=now, members=members)
    for entry in data["per_assignee"]:
        # Stored untranslated: the page names the unassigned row in the reader's language.
        entry["name"] = str(entry["name"]) if entry["id"] is not None else None
    snapshot, _created = FigureSnapshot.objects.update_or_create(
        name=completion_snapshot_name(department_id),
        defaults={"computed_at": now, "data": data},
    )
    return snapshot


def kept_completion_times(
    user: User, *, now: datetime.datetime, members: Sequence[User] | None = None
) -> CompletionTimes:
    """The completion times the periodic refresh keeps (recomputed here if stale)."""
    snapshot = fresh_snapshot(completion_snapshot_name(user.department_id), now=now)
    if snapshot is None:
        snapshot = refresh_completion_figures(user.department_id, now=now, members=members)
    data = cast(CompletionTimes, snapshot.data)
    for entry in data["per_assignee"]:
        if entry["id"] is None:
            entry["name"] = _("Unassigned")
    return data


def department_dashboard(user: User, *, now: datetime.datetime) -> DepartmentFigures:
    members = list(department_members(user.department_id))
    return {
        "load": open_handoffs_load(user, now=now, members=members),
        "completion": kept_completion_times(user, now=now, members=members),
    }
