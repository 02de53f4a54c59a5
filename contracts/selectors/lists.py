"""The contract lists: the portfolio, the expiring contracts, the stage tabs, the flags."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TypeVar

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from clients.models import Client
from contracts.models import Contract, Stage
from contracts.transitions import LIVE_STAGES
from org.models import User
from org.roles import Role
from org.selectors import represented_user_ids

EXPIRING_WITHIN_DAYS = 90

ContractList = TypeVar("ContractList", bound=Iterable[Contract])


def support_managers() -> QuerySet[User]:
    return (
        User.objects.filter(groups__name=Role.SUPPORT_MANAGER, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# --- lists ---------------------------------------------------------------------------


def contract_list(
    *, user: User, mine: bool = False, archived: bool | None = False
) -> QuerySet[Contract]:
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


def contracts_expiring(
    manager_ids: Iterable[int], *, today: date, days: int = EXPIRING_WITHIN_DAYS, limit: int = 30
) -> list[Contract]:
    """The live contracts of these managers ending within ``days`` of ``today``, or past
    their end and not yet closed, soonest first: My work and the manager's dashboard."""
    return list(
        Contract.objects.of_managers(manager_ids)
        .ending_by(today + timedelta(days=days))
        .select_related("client")
        .order_by("end_date", "pk")[:limit]
    )


def stage_counts(contracts: QuerySet[Contract]) -> dict[str, int]:
    """Contracts per stage in one query (the filter tabs' badges)."""
    rows = contracts.order_by().values("stage").annotate(count=Count("pk"))
    counts = {row["stage"]: row["count"] for row in rows}
    return {stage: counts.get(stage, 0) for stage in Stage.values}


def mark_expiry(contracts: ContractList, *, today: date | None = None) -> ContractList:
    """Flag live contracts ending within 90 days and those past their notice deadline."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=EXPIRING_WITHIN_DAYS)
    for contract in contracts:
        # A live contract's end; None for the others, which are never flagged.
        end = contract.end_date if contract.stage in LIVE_STAGES else None
        contract.ending_soon = end is not None and end <= soon
        contract.days_left = (end - today).days if end is not None else None
        deadline = contract.notice_deadline
        contract.notice_passed = (
            end is not None
            and contract.stage == Stage.SUPPORT
            and deadline is not None
            and deadline < today
        )
    return contracts


def portfolio_clients(*, user: User, manager_ids: Iterable[int]) -> QuerySet[Client]:
    """The clients of the given managers, with their open contracts counted."""
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
