"""Who may export for BAS, and which contracts a month's batch bills.

A contract is billed for a month when its term overlaps the month and it was in force:
in support or termination, or closed with its end date inside or after the month (the
last act of a contract that ended). Contracts in preparation or cancelled bill nothing.
Every read starts from ``Contract.objects.visible_to(user)``: a manager's batch is their
own portfolio and the portfolios they cover today ("mine"), accounting's the contracts
of its hand-offs, a director's every contract.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from accounting.figures import Figures, line_figures, total
from clients.models import Client
from contracts.models import Contract, ServiceLine, Stage
from org.models import DepartmentCode, User

IN_FORCE = (Stage.SUPPORT, Stage.TERMINATION)


def may_export(user: User | AnonymousUser) -> bool:
    """Accounting's staff and head, the directors, and managers (for their own contracts)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if user.is_director or user.is_support_manager:
        return True
    department = user.department if user.is_department_member else None
    return department is not None and department.code == DepartmentCode.ACCOUNTING


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of ``month``'s month."""
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=1), month.replace(day=last)


def billed_contracts(
    user: User,
    *,
    month: datetime.date,
    client: Client | None = None,
    contracts: Iterable[Contract] = (),
) -> QuerySet[Contract]:
    """The contracts ``user`` sees that bill for ``month``, by client and number, each
    with its client and its service lines (in their order) read with it: two queries."""
    first, last = month_bounds(month)
    in_force = Q(stage__in=IN_FORCE) | Q(stage=Stage.CLOSED, end_date__isnull=False)
    rows = (
        Contract.objects.visible_to(user)
        .filter(in_force, start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
    )
    if client is not None:
        rows = rows.filter(client=client)
    chosen = [contract.pk for contract in contracts]
    if chosen:
        rows = rows.filter(pk__in=chosen)
    return (
        rows.select_related("client")
        .prefetch_related(Prefetch("service_lines", queryset=ServiceLine.objects.order_by("pk")))
        .order_by("client__legal_name", "client_id", "number", "pk")
    )


@dataclass(frozen=True)
class ContractPreview:
    contract: Contract
    lines: int
    figures: Figures


@dataclass(frozen=True)
class BatchPreview:
    """What a download will hold, before it is made: how many contracts and lines, the
    totals, and the first contracts with theirs."""

    contracts: int
    lines: int
    figures: Figures
    first: list[ContractPreview]


def batch_preview(contracts: QuerySet[Contract], *, first: int) -> BatchPreview:
    """Three queries whatever the batch's size: the count, the first contracts, and the
    quantity, price and rate of every line (no model objects) for the totals."""
    shown = list(contracts.prefetch_related(None)[:first])
    rows = (
        ServiceLine.objects.filter(contract__in=contracts.order_by().values("pk"))
        .values_list("contract_id", "quantity", "price", "contract__vat_rate")
        .order_by()
    )
    by_contract: dict[int, list[Figures]] = defaultdict(list)
    for contract_id, quantity, price, rate in rows:
        by_contract[contract_id].append(line_figures(quantity=quantity, price=price, vat_rate=rate))
    everything = [figures for lines in by_contract.values() for figures in lines]
    return BatchPreview(
        contracts=contracts.count(),
        lines=len(everything),
        figures=total(everything),
        first=[ContractPreview(c, len(by_contract[c.pk]), total(by_contract[c.pk])) for c in shown],
    )
