"""The shapes of the dashboards' figures: what the selectors return and the pages read."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal, NotRequired, TypedDict

from django.utils.functional import Promise

from claims.models import Claim
from contracts.models import Contract
from handoffs.models import Handoff
from org.models import Department

Label = str | Promise

# --- the manager ----------------------------------------------------------------------


class AgeCount(TypedDict):
    """Open claims of one age bucket."""

    key: str
    label: Label
    count: int


class DueItem(TypedDict):
    """A claim (its next due time) or a hand-off due this week."""

    type: Literal["claim", "handoff"]
    due_at: datetime.datetime
    item: Claim | Handoff
    overdue: bool
    overdue_by: datetime.timedelta | None


class ExpiringContract(TypedDict):
    contract: Contract
    end_date: datetime.date
    notice_deadline: datetime.date
    days_left: int
    notice_days_left: int


class Promptness(TypedDict):
    """Claims resolved in one period, and how promptly."""

    resolved: int
    fixed_on_time: int
    fixed_on_time_pct: float | None
    median_hours_to_fix: float | None
    responded_on_time: int
    responded_on_time_pct: float | None


class PromptnessChange(TypedDict):
    fixed_on_time_pct: float | None
    median_hours_to_fix: float | None
    responded_on_time_pct: float | None


class MonthlyPromptness(TypedDict):
    """This Kyiv month so far against the last."""

    this_month: Promptness
    last_month: Promptness
    this_key: str
    last_key: str
    this_start: datetime.date
    last_start: datetime.date
    change: PromptnessChange


class ManagerFigures(TypedDict):
    by_age: list[AgeCount]
    due: list[DueItem]
    expiring: list[ExpiringContract]
    promptness: MonthlyPromptness
    places: PlaceCounts
    computed_at: datetime.datetime


class KeptManagerFigures(TypedDict):
    """What the periodic refresh keeps for a manager's dashboard: the figures over months
    of claims, and whose contracts they count (the manager and whom they cover)."""

    represented: list[int]
    promptness: MonthlyPromptness
    places: PlaceCounts


# --- the department head --------------------------------------------------------------


class AssigneeLoad(TypedDict):
    """Open and overdue hand-offs of one assignee (``id`` None: unassigned)."""

    id: int | None
    name: Label
    open: int
    overdue: int


class KindLoad(TypedDict):
    kind: str
    label: Label
    open: int
    overdue: int


class HandoffsLoad(TypedDict):
    by_assignee: list[AssigneeLoad]
    by_kind: list[KindLoad]
    open: int
    overdue: int


class AssigneeCompletion(TypedDict):
    """Hand-offs one assignee completed in 30 days, and the median time they took.

    ``name`` is None in a kept snapshot for the unassigned row: the page names it in the
    reader's language."""

    id: int | None
    name: Label | None
    completed: int
    median_hours: float | None


class CompletionTimes(TypedDict):
    per_assignee: list[AssigneeCompletion]
    completed: int
    median_hours: float | None


class DepartmentFigures(TypedDict):
    load: HandoffsLoad
    completion: CompletionTimes


# --- claims by site and by post (the manager and the directors) ----------------------


class PlaceCount(TypedDict):
    """One site or post with its counts, as the directors' snapshot keeps it (JSON)."""

    param: Literal["site", "post"]
    id: int
    label: str
    detail: str
    total: int
    open: int
    overdue: int


class PlaceRow(PlaceCount):
    total_url: str
    open_url: str
    overdue_url: str


class PlaceCounts(TypedDict):
    by_site: list[PlaceCount]
    by_post: list[PlaceCount]


class PlaceBreakdown(TypedDict):
    by_site: list[PlaceRow]
    by_post: list[PlaceRow]
    days: int


# --- the directors --------------------------------------------------------------------


class TopRow(TypedDict):
    """A client or site with its number of claims (a site says whose it is)."""

    id: int
    label: str
    count: int
    client: NotRequired[str]


class OnTimeCell(TypedDict):
    month: str
    resolved: int
    on_time: int
    pct: float | None


class OnTimeMonth(TypedDict):
    key: str
    start: datetime.date


class OnTimeRow(TypedDict):
    department: Department
    cells: list[OnTimeCell]


class OnTime(TypedDict):
    months: list[OnTimeMonth]
    rows: list[OnTimeRow]


class StoredOnTimeMonth(TypedDict):
    key: str
    start: str  # ISO date: the snapshot is JSON


class StoredOnTimeRow(TypedDict):
    department_id: int
    cells: list[OnTimeCell]


class StoredOnTime(TypedDict):
    months: list[StoredOnTimeMonth]
    rows: list[StoredOnTimeRow]


class StoredDirectorsFigures(TypedDict):
    """What the periodic refresh keeps of the directors' figures (JSON)."""

    per_client: list[TopRow]
    per_site: list[TopRow]
    on_time: StoredOnTime
    places: PlaceCounts


class StageTotal(TypedDict):
    stage: str
    label: Label
    count: int
    value: Decimal | int


class DirectorsFigures(TypedDict):
    per_client: list[TopRow]
    per_site: list[TopRow]
    on_time: OnTime
    places: PlaceBreakdown
    stages: list[StageTotal]
    computed_at: datetime.datetime
