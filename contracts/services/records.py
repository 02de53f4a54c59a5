"""The contract's own record and the records under it: its details and sites, agreements
and obligations (service lines and staffing: `contracts.services.lines`; the archive:
`contracts.services.archive`).

Each edit locks the contract, checks that ``actor`` may change it and that it is still
open, then saves with the acting user in the history (`org.records`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from clients.models import Client, Site
from contracts.models import (
    Agreement,
    AgreementKind,
    Contract,
    Obligation,
    Stage,
    StageEvent,
)
from contracts.services.common import (
    check_document,
    editable_contract,
    ensure_may_change,
    ensure_open,
)
from org.errors import DomainError
from org.models import Department, User
from org.records import lock_row, model_update, save_with_history
from org.selectors import acting_for
from org.versioning import lock_version

CONTRACT_FIELDS = (
    "number",
    "title",
    "manager",
    "start_date",
    "end_date",
    "signed_on",
    "monthly_value",
    "vat_rate",
    "notice_period_days",
    "auto_renewal",
    "claim_answer_days",
    "calendar",
    "sla_critical_response_hours",
    "sla_critical_resolution_hours",
    "sla_high_response_hours",
    "sla_high_resolution_hours",
    "sla_normal_response_hours",
    "sla_normal_resolution_hours",
    "sla_low_response_hours",
    "sla_low_resolution_hours",
)
# Once concluded, the term changes only through an extension (a supplementary agreement).
TERM_FIELDS = ("start_date", "end_date")


# --- the contract --------------------------------------------------------------------


def _check_number(client: Client, number: str, *, exclude_pk: int | None = None) -> None:
    taken = Contract.objects.filter(client=client, number=number).exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            _("%(client)s already has a contract № %(number)s.")
            % {"client": client.short_name, "number": number},
            code="number",
        )


def _check_term(start_date: datetime.date | None, end_date: datetime.date | None) -> None:
    if start_date and end_date and end_date < start_date:
        raise DomainError(_("The end date must not be before the start date."), code="end_date")


def _check_term_kept(contract: Contract, changes: Mapping[str, Any]) -> None:
    if contract.stage == Stage.PREPARATION:
        return
    for field in TERM_FIELDS:
        if field in changes and changes[field] != getattr(contract, field):
            raise DomainError(
                _("Once concluded, the contract's term changes only by an extension."),
                code=field,
            )


@contextmanager
def _unique_number(contract: Contract) -> Iterator[None]:
    """Save ``contract`` inside: a savepoint, so that losing a race on the unique number
    leaves the outer transaction usable and the caller gets a message instead of a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        _check_number(contract.client, contract.number, exclude_pk=contract.pk)
        raise


def _set_sites(contract: Contract, sites: Iterable[Site]) -> None:
    sites = list(sites)
    for site in sites:
        if site.client_id != contract.client_id:
            raise DomainError(
                _("The site %(site)s belongs to another client.") % {"site": site}, code="sites"
            )
    contract.sites.set(sites)


@transaction.atomic
def contract_create(
    *,
    actor: User,
    client: Client,
    number: str,
    title: str,
    manager: User | None = None,
    sites: Iterable[Site] = (),
    **fields: Any,
) -> Contract:
    """A new contract in preparation; its manager is the client's account manager unless named.

    ``fields``: any of `CONTRACT_FIELDS` (another name is a TypeError)."""
    if not actor.manages_clients:
        raise DomainError(
            _("Only support managers and directors create contracts."), code="forbidden"
        )
    number = (number or "").strip()
    _check_number(client, number)
    _check_term(fields.get("start_date"), fields.get("end_date"))
    contract = Contract(
        client=client,
        number=number,
        title=title,
        manager=manager or client.account_manager,
        stage=Stage.PREPARATION,
    )
    ensure_may_change(actor, contract)
    with _unique_number(contract):
        # model_update saves the contract if a field differs from its default.
        if not model_update(contract, fields=CONTRACT_FIELDS, data=fields, actor=actor):
            save_with_history(contract, actor=actor)
    _set_sites(contract, sites)
    StageEvent.objects.create(
        contract=contract,
        from_stage="",
        to_stage=Stage.PREPARATION,
        actor=actor,
        on_behalf_of=acting_for(actor, contract.manager),
    )
    return contract


@transaction.atomic
def contract_update(
    *,
    actor: User,
    contract: Contract,
    version: int | None = None,
    sites: Iterable[Site] | None = None,
    **changes: Any,
) -> Contract:
    """Change the contract's details (any of `CONTRACT_FIELDS`); its term only while it is
    in preparation.

    ``version`` is the one the form was opened with; a stale one is refused.
    """
    contract = lock_version(
        Contract.objects.select_related("client", "manager"), pk=contract.pk, version=version
    )
    ensure_may_change(actor, contract)
    ensure_open(contract)
    _check_term_kept(contract, changes)
    if "number" in changes:
        changes["number"] = (changes["number"] or "").strip()
        _check_number(contract.client, changes["number"], exclude_pk=contract.pk)
    _check_term(
        changes.get("start_date", contract.start_date), changes.get("end_date", contract.end_date)
    )
    if "manager" in changes and changes["manager"] is None:
        changes["manager"] = contract.client.account_manager
    with _unique_number(contract):
        model_update(contract, fields=CONTRACT_FIELDS, data=changes, actor=actor)
    if sites is not None:
        _set_sites(contract, sites)
    return contract


# --- agreements and obligations ------------------------------------------------------


@transaction.atomic
def agreement_add(
    *,
    actor: User,
    contract: Contract,
    date: datetime.date,
    summary: str,
    kind: str = AgreementKind.TECHNICAL,
    confirmed_by: str = "",
    document: File | None = None,
) -> Agreement:
    """Record an agreement with the client, confirmed in writing, with its document."""
    contract = editable_contract(actor, contract)
    if not (summary or "").strip():
        raise DomainError(_("Describe what was agreed."), code="summary")
    check_document(document)
    agreement = Agreement(
        contract=contract,
        kind=kind,
        date=date,
        summary=summary,
        confirmed_by=confirmed_by,
        document=document or "",
        created_by=actor,
    )
    return save_with_history(agreement, actor=actor)


@transaction.atomic
def obligation_add(
    *, actor: User, contract: Contract, description: str, department: Department | None = None
) -> Obligation:
    contract = editable_contract(actor, contract)
    if not (description or "").strip():
        raise DomainError(_("Describe the obligation."), code="description")
    obligation = Obligation(contract=contract, description=description, department=department)
    return save_with_history(obligation, actor=actor)


@transaction.atomic
def obligation_fulfil(*, actor: User, obligation: Obligation) -> Obligation:
    """Tick an obligation off: who and when. Ticking it twice is refused."""
    # Lock the obligation: of two people ticking at once, the second must see the first's tick.
    obligation = lock_row(
        Obligation.objects.select_related("contract__manager", "fulfilled_by"), pk=obligation.pk
    )
    ensure_may_change(actor, obligation.contract)
    ensure_open(obligation.contract)
    if obligation.is_fulfilled:
        raise DomainError(
            _("This obligation was already marked fulfilled by %(user)s on %(date)s.")
            % {
                "user": obligation.fulfilled_by,
                "date": formats.date_format(
                    timezone.localtime(obligation.fulfilled_at), "d.m.Y H:i"
                ),
            },
            code="fulfilled",
        )
    obligation.fulfilled_by = actor
    obligation.fulfilled_at = timezone.now()
    return save_with_history(
        obligation, actor=actor, update_fields=["fulfilled_by", "fulfilled_at"]
    )
