"""Moving a manager's work to another in one transaction: contracts, clients, open claims
(with their contracts), the open hand-offs they answer for, their requests still being
written and the expiry warnings to come.

The rows are locked and read once, changed with one UPDATE per kind (per thousand rows),
and their history written in bulk, so that a portfolio of thousands moves in seconds and
the number of queries does not grow with it (`bench/transfer.py` measures it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest
from clients.models import Client
from contracts.models import Contract, StageEvent, StageEventKind
from handoffs.models import PERSONAL_KINDS, Handoff, HandoffEvent
from org.errors import DomainError
from org.models import User
from org.records import lock_row
from org.roles import Role
from org.services import notify_many
from staffing.models import PortfolioTransfer
from staffing.selectors import Portfolio, PortfolioCounts, chosen_clients
from staffing.services.notices import transfer_notices

M = TypeVar("M", bound=models.Model)

# Rows per UPDATE and per history INSERT: well inside SQLite's and PostgreSQL's limits on
# the parameters of one statement.
CHUNK = 1000


def ensure_general_director(actor: User) -> None:
    if not (actor.is_active and actor.has_role(Role.GENERAL_DIRECTOR)):
        raise DomainError(
            _("Only the general director appoints, dismisses and transfers managers."),
            code="forbidden",
        )


def is_support_manager(user: User) -> bool:
    return user.groups.filter(name=Role.SUPPORT_MANAGER).exists()


def _check_managers(from_manager: User, to_manager: User) -> None:
    if from_manager.pk == to_manager.pk:
        raise DomainError(_("The portfolio must go to another manager."), code="to_manager")
    if not is_support_manager(from_manager):
        raise DomainError(_("Choose a support manager to transfer from."), code="from_manager")
    if not (to_manager.is_active and is_support_manager(to_manager)):
        raise DomainError(
            _("The portfolio can go only to an active support manager."), code="to_manager"
        )


def lock_people(*people: User) -> None:
    # In id order, so that two transfers between the same people cannot wait on each other;
    # a second transfer from the same manager waits here and then finds what is left.
    for pk in sorted({person.pk for person in people}):
        lock_row(User.objects.all(), pk=pk)


def _locked(queryset: models.QuerySet[M]) -> list[M]:
    return list(queryset.select_for_update(of=("self",)).order_by("pk"))


def _chunks(rows: Sequence[M]) -> Iterable[Sequence[M]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _update(model: type[M], rows: Sequence[M], **values: Any) -> None:
    for chunk in _chunks(rows):
        model._default_manager.filter(pk__in=[row.pk for row in chunk]).update(**values)


@dataclass
class Move:
    """One transfer under way: who, when, the change reason its history rows carry and the
    director's own reason (on the timeline)."""

    actor: User
    to_manager: User
    now: datetime
    reason: str
    note: str

    def history(self, model: type[models.Model], rows: Sequence[models.Model]) -> None:
        model.history.bulk_history_create(  # type: ignore[attr-defined]
            rows,
            update=True,
            default_user=self.actor,
            default_date=self.now,
            default_change_reason=self.reason[:100],
            batch_size=CHUNK,
        )


def _move_contracts(move: Move, portfolio: Portfolio, from_manager: User) -> list[Contract]:
    contracts = _locked(portfolio.contracts())
    new = move.to_manager
    _update(Contract, contracts, manager=new, version=F("version") + 1, updated_at=move.now)
    for contract in contracts:
        contract.manager, contract.version, contract.updated_at = (
            new,
            contract.version + 1,
            move.now,
        )
    move.history(Contract, contracts)
    # On each contract's timeline: who moved it, from whom to whom.
    detail = f"{from_manager} → {new}" + (f". {move.note}" if move.note else "")
    StageEvent.objects.bulk_create(
        [
            StageEvent(
                contract=contract,
                kind=StageEventKind.MANAGER,
                from_stage=contract.stage,
                to_stage=contract.stage,
                reason=detail,
                actor=move.actor,
                created_at=move.now,
            )
            for contract in contracts
        ],
        batch_size=CHUNK,
    )
    return contracts


def _move_clients(move: Move, portfolio: Portfolio) -> list[Client]:
    clients = _locked(portfolio.clients())
    new = move.to_manager
    _update(Client, clients, account_manager=new, version=F("version") + 1, updated_at=move.now)
    for client in clients:
        client.account_manager, client.version, client.updated_at = (
            new,
            client.version + 1,
            move.now,
        )
    move.history(Client, clients)
    return clients


def _move_handoffs(move: Move, portfolio: Portfolio, from_manager: User) -> list[Handoff]:
    """The requester becomes the new manager (a cover's filing for the old one included);
    the old manager's own follow-ups are assigned to the new one too."""
    handoffs = _locked(portfolio.handoffs())
    new = move.to_manager
    _update(Handoff, handoffs, requested_by=new, on_behalf_of=None)
    follow_ups = [
        row for row in handoffs if row.kind in PERSONAL_KINDS and row.assignee_id == from_manager.pk
    ]
    _update(Handoff, follow_ups, assignee=new)
    for handoff in handoffs:
        handoff.requested_by, handoff.on_behalf_of = new, None
    for handoff in follow_ups:
        handoff.assignee = new
    move.history(Handoff, handoffs)
    note = _("Requester changed: %(from)s → %(to)s") % {"from": from_manager, "to": new}
    HandoffEvent.objects.bulk_create(
        [
            HandoffEvent(
                handoff=handoff,
                from_status=handoff.status,
                to_status=handoff.status,
                assignee_id=handoff.assignee_id,
                note=note,
                actor=move.actor,
                created_at=move.now,
            )
            for handoff in handoffs
        ],
        batch_size=CHUNK,
    )
    return handoffs


def _move_approvals(move: Move, portfolio: Portfolio) -> list[ApprovalRequest]:
    requests = _locked(portfolio.approvals())
    new = move.to_manager
    _update(
        ApprovalRequest,
        requests,
        author=new,
        on_behalf_of=None,
        version=F("version") + 1,
        updated_at=move.now,
    )
    for request in requests:
        request.author, request.on_behalf_of = new, None
        request.version, request.updated_at = request.version + 1, move.now
    move.history(ApprovalRequest, requests)
    return requests


def _portfolio(from_manager: User, clients: Sequence[Client] | None) -> Portfolio:
    if clients is None:
        return Portfolio(from_manager.pk)
    wanted = {client.pk for client in clients}
    if not wanted:
        raise DomainError(_("Choose at least one client, or transfer the whole portfolio."))
    found = {client.pk for client in chosen_clients(from_manager.pk, wanted)}
    if found != wanted:
        raise DomainError(
            _("Some of the chosen clients are not in this manager's portfolio."), code="clients"
        )
    return Portfolio(from_manager.pk, tuple(sorted(wanted)))


@transaction.atomic
def portfolio_transfer(
    *,
    actor: User,
    from_manager: User,
    to_manager: User,
    clients: Sequence[Client] | None = None,
    reason: str = "",
) -> PortfolioTransfer:
    """Move the work of ``from_manager`` on ``clients`` (None: all of it) to ``to_manager``.

    Refused (DomainError) unless the actor is the general director, both are support
    managers, the new one active, and there is something to move. Every contract's
    timeline records the change; the history of every row that changed names the actor;
    both managers, the heads of the departments whose open hand-offs change requester
    and the executive director are told. All of it, or (on any error) none of it.
    """
    ensure_general_director(actor)
    _check_managers(from_manager, to_manager)
    lock_people(from_manager, to_manager)
    portfolio = _portfolio(from_manager, clients)
    transfer = PortfolioTransfer.objects.create(
        from_manager=from_manager,
        to_manager=to_manager,
        whole=portfolio.client_ids is None,
        client_ids=list(portfolio.client_ids or ()),
        reason=reason,
        actor=actor,
    )
    # Counted before the contracts move: the claims and warnings follow their contracts.
    claims, expiring = portfolio.claims().count(), portfolio.expiring().count()
    move = Move(actor, to_manager, transfer.created_at, _history_reason(transfer), reason)
    contracts = _move_contracts(move, portfolio, from_manager)
    handoffs = _move_handoffs(move, portfolio, from_manager)
    counts = PortfolioCounts(
        clients=len(_move_clients(move, portfolio)),
        contracts=len(contracts),
        claims=claims,
        handoffs=len(handoffs),
        approvals=len(_move_approvals(move, portfolio)),
        expiry_warnings=expiring,
    )
    if counts.is_empty:
        raise DomainError(_("This manager has nothing to transfer."), code="empty")
    transfer.counts = counts.as_dict()
    transfer.save(update_fields=["counts"])
    notify_many(transfer_notices(transfer, counts, handoffs))
    return transfer


def _history_reason(transfer: PortfolioTransfer) -> str:
    return _("Portfolio transfer № %(number)s") % {"number": transfer.pk}
