"""Who decides a request, and the calendar periods plans and reports cover.

Routing by default (the amount threshold is a setting):
- extra funds: the executive director; above ``APPROVALS_GENERAL_DIRECTOR_THRESHOLD``
  (UAH, default 100 000.00) the general director too, after the executive;
- work plans and reports: the executive director; for a quarter or a year the general
  director too, after the executive;
- proposals: the general director;
- notices of shortcomings: the executive director acknowledges them.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings

from approvals.models import ApproverRole, Kind, PeriodType

DEFAULT_GENERAL_DIRECTOR_THRESHOLD = Decimal("100000.00")

EXECUTIVE = ApproverRole.EXECUTIVE_DIRECTOR
GENERAL = ApproverRole.GENERAL_DIRECTOR


def general_director_threshold() -> Decimal:
    """Extra funds above this amount (UAH) also need the general director."""
    value = getattr(
        settings, "APPROVALS_GENERAL_DIRECTOR_THRESHOLD", DEFAULT_GENERAL_DIRECTOR_THRESHOLD
    )
    return Decimal(str(value))


def approver_roles(kind, *, amount=None, period_type="") -> tuple[str, ...]:
    """The directors who decide a request of ``kind``, in the order they decide."""
    if kind == Kind.EXTRA_FUNDS:
        if amount is not None and Decimal(amount) > general_director_threshold():
            return (EXECUTIVE, GENERAL)
        return (EXECUTIVE,)
    if kind in (Kind.WORK_PLAN, Kind.REPORT):
        if period_type in (PeriodType.QUARTER, PeriodType.YEAR):
            return (EXECUTIVE, GENERAL)
        return (EXECUTIVE,)
    if kind == Kind.PROPOSAL:
        return (GENERAL,)
    if kind == Kind.SHORTCOMINGS_NOTICE:
        return (EXECUTIVE,)
    raise ValueError(kind)


def period_bounds(period_type, year: int, number: int | None = None):
    """(first day, last day) of month ``number``, quarter ``number`` or the whole ``year``."""
    if period_type == PeriodType.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if period_type == PeriodType.QUARTER:
        first_month = 3 * (number - 1) + 1
        last_month = first_month + 2
        return (
            datetime.date(year, first_month, 1),
            datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
        )
    if period_type == PeriodType.MONTH:
        return (
            datetime.date(year, number, 1),
            datetime.date(year, number, calendar.monthrange(year, number)[1]),
        )
    raise ValueError(period_type)


def period_type_of(start: datetime.date, end: datetime.date) -> str | None:
    """The calendar period exactly covered by ``start``–``end``, if it is one."""
    if start is None or end is None:
        return None
    if (start, end) == period_bounds(PeriodType.YEAR, start.year):
        return PeriodType.YEAR
    if (start.month - 1) % 3 == 0 and (start, end) == period_bounds(
        PeriodType.QUARTER, start.year, (start.month - 1) // 3 + 1
    ):
        return PeriodType.QUARTER
    if (start, end) == period_bounds(PeriodType.MONTH, start.year, start.month):
        return PeriodType.MONTH
    return None


def period_number(period_type, start: datetime.date) -> int | None:
    if period_type == PeriodType.MONTH:
        return start.month
    if period_type == PeriodType.QUARTER:
        return (start.month - 1) // 3 + 1
    return None
