"""What a manager's portfolio holds, as a transfer moves it: the same querysets give the
preview its counts and the transfer its rows, so that what is previewed is what moves."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any, cast

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from approvals.models import OPEN_STATUSES as OPEN_REQUEST_STATUSES
from approvals.models import ApprovalRequest
from claims.models import Claim
from clients.models import Client
from contracts.models import Contract, Stage
from handoffs.models import PERSONAL_KINDS, Handoff
from org.models import User
from org.roles import Role
from staffing.models import OrderKind, PortfolioTransfer, StaffOrder

# The kinds a transfer moves, in the order the screens list them, with their names.
KIND_LABELS: dict[str, StrOrPromise] = {
    "clients": _("Clients"),
    "contracts": _("Contracts (not closed or cancelled)"),
    "claims": _("Open claims on those contracts"),
    "handoffs": _("Open hand-offs the manager requested"),
    "approvals": _("Requests to the directors in draft or returned"),
    "expiry_warnings": _("Contracts whose expiry warnings are still to come"),
}


@dataclass(frozen=True)
class PortfolioCounts:
    clients: int = 0
    contracts: int = 0
    claims: int = 0
    handoffs: int = 0
    approvals: int = 0
    expiry_warnings: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def is_empty(self) -> bool:
        return not any(self.as_dict().values())

    def rows(self) -> list[tuple[StrOrPromise, int]]:
        """(label, count) per kind, for the preview and the record of a transfer."""
        counts = self.as_dict()
        return [(label, counts[kind]) for kind, label in KIND_LABELS.items()]


@dataclass(frozen=True)
class Portfolio:
    """The work of ``manager_id`` a transfer moves: all of it (``client_ids`` None) or the
    work on the clients ``client_ids``.

    - clients whose account manager they are;
    - their contracts that are not closed or cancelled (closed ones keep their manager, as
      history), and with them the contracts' claims and the expiry warnings still to come
      (a warning goes to whoever manages the contract when it is sent; none is stored
      ahead);
    - the open hand-offs they answer for (requested by them, filed for them by a cover,
      their own follow-ups);
    - their requests to the directors still being written (draft, returned).
    """

    manager_id: int
    client_ids: tuple[int, ...] | None = None

    def _on_clients(self, *paths: str) -> Q:
        if self.client_ids is None:
            return Q()
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(**{f"{path}__in": self.client_ids})
        return condition

    def clients(self) -> QuerySet[Client]:
        return Client.objects.filter(account_manager_id=self.manager_id).filter(
            self._on_clients("pk")
        )

    def contracts(self) -> QuerySet[Contract]:
        return (
            Contract.objects.of_managers([self.manager_id])
            .open()
            .filter(self._on_clients("client_id"))
        )

    def claims(self) -> QuerySet[Claim]:
        return Claim.objects.open().filter(contract_id__in=self.contracts().values("pk"))

    def handoffs(self) -> QuerySet[Handoff]:
        manager = self.manager_id
        answers_for = (
            Q(on_behalf_of_id=manager)
            | Q(on_behalf_of__isnull=True, requested_by_id=manager)
            | Q(kind__in=PERSONAL_KINDS, assignee_id=manager)
        )
        return (
            Handoff.objects.open()
            .filter(answers_for)
            .filter(
                self._on_clients("client_id", "contract__client_id", "claim__contract__client_id")
            )
        )

    def approvals(self) -> QuerySet[ApprovalRequest]:
        manager = self.manager_id
        return (
            ApprovalRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES)
            .filter(Q(on_behalf_of_id=manager) | Q(on_behalf_of__isnull=True, author_id=manager))
            .filter(self._on_clients("contract__client_id"))
        )

    def expiring(self) -> QuerySet[Contract]:
        return self.contracts().filter(stage=Stage.SUPPORT, end_date__gte=timezone.localdate())

    def counts(self) -> PortfolioCounts:
        """Every kind's count in one query (each a scalar subquery)."""
        kinds = {
            "clients": self.clients(),
            "contracts": self.contracts(),
            "claims": self.claims(),
            "handoffs": self.handoffs(),
            "approvals": self.approvals(),
            "expiry_warnings": self.expiring(),
        }
        # Named apart from the user's own relations ("clients").
        row = (
            User.objects.filter(pk=self.manager_id)
            .values(**{f"count_{kind}": _count(rows) for kind, rows in kinds.items()})
            .first()
        )
        counted = cast("dict[str, int]", row or {})
        return PortfolioCounts(**{kind: counted.get(f"count_{kind}") or 0 for kind in kinds})


def _count(rows: QuerySet[Any]) -> Subquery:
    # COUNT as a plain function: Django then adds no GROUP BY, so it counts every row.
    return Subquery(
        rows.order_by().annotate(row_count=Func(F("pk"), function="COUNT")).values("row_count")[:1],
        output_field=IntegerField(),
    )


def portfolio_clients(manager_id: int) -> QuerySet[Client]:
    """The clients a transfer from ``manager_id`` can be limited to: theirs, and those on
    whose contracts they are the manager."""
    return Client.objects.filter(
        Q(account_manager_id=manager_id)
        | Q(Exists(Contract.objects.of_managers([manager_id]).open().filter(client=OuterRef("pk"))))
    ).order_by("short_name", "pk")


def chosen_clients(manager_id: int, client_ids: Collection[int]) -> list[Client]:
    return list(portfolio_clients(manager_id).filter(pk__in=client_ids))


def support_managers() -> QuerySet[User]:
    """The active support managers with the size of their portfolios (one query)."""
    open_contracts = Contract.objects.open().filter(manager=OuterRef("pk"))
    return (
        User.objects.filter(is_active=True, groups__name=Role.SUPPORT_MANAGER)
        .annotate(
            client_count=Count("clients", distinct=True),
            contract_count=Count(
                "managed_contracts",
                filter=Q(managed_contracts__stage__in=open_contract_stages()),
                distinct=True,
            ),
            has_open=Exists(open_contracts),
        )
        .order_by("last_name", "first_name", "pk")
    )


def open_contract_stages() -> list[str]:
    return [Stage.PREPARATION, Stage.SUPPORT, Stage.TERMINATION]


def recent_orders(user: User) -> QuerySet[StaffOrder]:
    return StaffOrder.objects.visible_to(user).select_related("person", "issued_by", "transfer")


def recent_transfers(user: User) -> QuerySet[PortfolioTransfer]:
    return PortfolioTransfer.objects.visible_to(user).select_related(
        "from_manager", "to_manager", "actor"
    )


def last_appointment(person: User) -> StaffOrder | None:
    return (
        StaffOrder.objects.filter(person=person, kind=OrderKind.APPOINTMENT)
        .order_by("-date", "-pk")
        .first()
    )
