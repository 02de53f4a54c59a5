"""Who decides a request, and the calendar periods plans and reports cover.

`decision_refusal` is the one rule for who may decide a submitted request now: the
services enforce it and the admin reads it (`may_decide`) to offer the buttons.

Routing by default (the amount threshold is a setting):
- extra funds: the executive director; above ``APPROVALS_GENERAL_DIRECTOR_THRESHOLD``
  (UAH, default 100 000.00) the general director too, after the executive;
- work plans and reports (a client's monthly report too): the executive director; for a quarter or a year the general
  director too, after the executive;
- proposals: the general director;
- notices of shortcomings: the executive director acknowledges them.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from approvals.models import Action, ApprovalRequest, ApproverRole, Kind, PeriodType
from approvals.transitions import APPROVAL_WORKFLOW, DECISIONS_BY_KIND
from org.errors import DomainError
from org.models import User

DEFAULT_GENERAL_DIRECTOR_THRESHOLD = Decimal("100000.00")

EXECUTIVE = ApproverRole.EXECUTIVE_DIRECTOR
GENERAL = ApproverRole.GENERAL_DIRECTOR


def general_director_threshold() -> Decimal:
    """Extra funds above this amount (UAH) also need the general director."""
    value = getattr(
        settings, "APPROVALS_GENERAL_DIRECTOR_THRESHOLD", DEFAULT_GENERAL_DIRECTOR_THRESHOLD
    )
    return Decimal(str(value))


def approver_roles(
    kind: str, *, amount: Decimal | int | str | None = None, period_type: str = ""
) -> tuple[str, ...]:
    """The directors who decide a request of ``kind``, in the order they decide."""
    if kind == Kind.EXTRA_FUNDS:
        if amount is not None and Decimal(amount) > general_director_threshold():
            return (EXECUTIVE, GENERAL)
        return (EXECUTIVE,)
    if kind in (Kind.WORK_PLAN, Kind.REPORT, Kind.CLIENT_REPORT):
        if period_type in (PeriodType.QUARTER, PeriodType.YEAR):
            return (EXECUTIVE, GENERAL)
        return (EXECUTIVE,)
    if kind == Kind.PROPOSAL:
        return (GENERAL,)
    if kind in (Kind.SHORTCOMINGS_NOTICE, Kind.WORKING_CONDITIONS):
        return (EXECUTIVE,)
    raise ValueError(kind)


def period_bounds(
    period_type: str, year: int, number: int | None = None
) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of month ``number``, quarter ``number`` or the whole ``year``."""
    if period_type == PeriodType.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if number is None:
        raise ValueError(f"a {period_type} needs its number")
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


def period_type_of(start: datetime.date | None, end: datetime.date | None) -> str | None:
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


def period_number(period_type: str, start: datetime.date) -> int | None:
    if period_type == PeriodType.MONTH:
        return start.month
    if period_type == PeriodType.QUARTER:
        return (start.month - 1) // 3 + 1
    return None


def decision_refusal(
    actor: User, request: ApprovalRequest, action: str | None = None
) -> DomainError | None:
    """Why ``actor`` may not decide ``request`` now (by ``action``, if given); None: they may.

    A director decides a submitted request whose current step waits for one of their
    roles, never their own (nor one written for them).
    """
    if not actor.is_director:
        return DomainError(_("Only a director decides requests."), code="forbidden")
    if action is not None and action not in DECISIONS_BY_KIND[request.kind]:
        return DomainError(
            _("A %(kind)s cannot be decided this way.") % {"kind": request.get_kind_display()}
        )
    try:
        # Every decision starts from "submitted": without an action, ask about approving.
        APPROVAL_WORKFLOW.check(action or Action.APPROVE, request.status)
    except DomainError as refusal:
        return refusal
    if actor.pk in (request.author_id, request.on_behalf_of_id):
        return DomainError(_("A director cannot decide their own request."))
    if request.current_approver_role not in actor.roles:
        return DomainError(
            _("This step waits for the %(role)s.")
            % {"role": request.get_current_approver_role_display()}
        )
    return None


def may_decide(actor: User, request: ApprovalRequest) -> bool:
    return decision_refusal(actor, request) is None
