"""The contract's service lines and staffing requirements: adding, changing, removing.

Each edit locks the contract, checks that ``actor`` may change it and that it is still
open, saves with the acting user in the history, and writes a `RecordChange` (what
changed, from what to what, by whom) that the contract's timeline shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from clients.models import Site
from contracts.choices import Unit
from contracts.models import (
    Contract,
    RecordChange,
    Schedule,
    ServiceLine,
    StaffingRequirement,
)
from contracts.record_models import RecordAction, RecordKind
from contracts.services.common import editable_contract
from org.errors import DomainError
from org.models import User
from org.records import model_update, save_with_history
from org.selectors import acting_for
from org.versioning import lock_version

SERVICE_LINE_FIELDS = ("service", "frequency", "quantity", "unit", "price")
STAFFING_FIELDS = ("site", "post", "headcount", "schedule", "requirements", "uniform")


def _as_text(value: Any) -> str:
    """A field's value as the change record keeps it: the site by name, the rest as text."""
    return "" if value is None else str(value)


def _record(
    contract: Contract,
    *,
    actor: User,
    kind: str,
    action: str,
    label: str,
    changes: list[dict[str, str]],
) -> None:
    RecordChange.objects.create(
        contract=contract,
        record=kind,
        action=action,
        label=label[:255],
        changes=changes,
        actor=actor,
        on_behalf_of=acting_for(actor, contract.manager),
    )


def _values(record: models.Model, fields: Iterable[str]) -> dict[str, str]:
    return {name: _as_text(getattr(record, name)) for name in fields}


def _added(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"field": name, "old": "", "new": value} for name, value in values.items() if value]


def _removed(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"field": name, "old": value, "new": ""} for name, value in values.items() if value]


def _changed(before: dict[str, str], after: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"field": name, "old": before[name], "new": after[name]}
        for name in before
        if before[name] != after[name]
    ]


def _delete_with_history(record: models.Model, *, actor: User) -> None:
    record._history_user = actor  # type: ignore[attr-defined]
    record.delete()


# --- service lines -------------------------------------------------------------------


def _check_quantity(quantity: Decimal | int | None) -> None:
    if quantity is None or Decimal(quantity) <= 0:
        raise DomainError(_("The quantity must be more than zero."), code="quantity")


@transaction.atomic
def service_line_add(
    *,
    actor: User,
    contract: Contract,
    service: str,
    frequency: str = "",
    price: Decimal | int = 0,
    quantity: Decimal | int = 1,
    unit: str = Unit.MONTH,
) -> ServiceLine:
    contract = editable_contract(actor, contract)
    _check_quantity(quantity)
    line = ServiceLine(
        contract=contract,
        service=service,
        frequency=frequency,
        quantity=quantity,
        unit=unit,
        price=price,
    )
    save_with_history(line, actor=actor)
    # The quantity and price as stored (three and two decimals).
    line.refresh_from_db(fields=["quantity", "price"])
    _record(
        contract,
        actor=actor,
        kind=RecordKind.SERVICE_LINE,
        action=RecordAction.ADDED,
        label=line.service,
        changes=_added(_values(line, SERVICE_LINE_FIELDS)),
    )
    return line


@transaction.atomic
def service_line_update(
    *, actor: User, line: ServiceLine, version: int | None = None, **changes: Any
) -> ServiceLine:
    """Change any of `SERVICE_LINE_FIELDS` of ``line``."""
    contract = editable_contract(actor, line.contract)
    if "quantity" in changes:
        _check_quantity(changes["quantity"])
    line = lock_version(ServiceLine.objects, pk=line.pk, version=version)
    before = _values(line, SERVICE_LINE_FIELDS)
    if model_update(line, fields=SERVICE_LINE_FIELDS, data=changes, actor=actor):
        line.refresh_from_db(fields=["quantity", "price"])
        difference = _changed(before, _values(line, SERVICE_LINE_FIELDS))
        if difference:
            _record(
                contract,
                actor=actor,
                kind=RecordKind.SERVICE_LINE,
                action=RecordAction.CHANGED,
                label=line.service,
                changes=difference,
            )
    return line


@transaction.atomic
def service_line_delete(*, actor: User, line: ServiceLine) -> None:
    contract = editable_contract(actor, line.contract)
    values = _values(line, SERVICE_LINE_FIELDS)
    _delete_with_history(line, actor=actor)
    _record(
        contract,
        actor=actor,
        kind=RecordKind.SERVICE_LINE,
        action=RecordAction.REMOVED,
        label=values["service"],
        changes=_removed(values),
    )


# --- staffing ------------------------------------------------------------------------


def _check_staffing_site(contract: Contract, site: Site | None) -> None:
    if site is not None and site.client_id != contract.client_id:
        raise DomainError(
            _("The site %(site)s belongs to another client.") % {"site": site}, code="site"
        )


def _check_headcount(headcount: int | None) -> None:
    if not headcount or headcount < 1:
        raise DomainError(_("The headcount must be at least 1."), code="headcount")


@transaction.atomic
def staffing_add(
    *,
    actor: User,
    contract: Contract,
    post: str,
    headcount: int,
    site: Site | None = None,
    schedule: str = Schedule.FIVE_BY_EIGHT,
    requirements: str = "",
    uniform: str = "",
) -> StaffingRequirement:
    contract = editable_contract(actor, contract)
    _check_staffing_site(contract, site)
    _check_headcount(headcount)
    requirement = StaffingRequirement(
        contract=contract,
        site=site,
        post=post,
        headcount=headcount,
        schedule=schedule,
        requirements=requirements,
        uniform=uniform,
    )
    save_with_history(requirement, actor=actor)
    if site is not None:
        contract.sites.add(site)
    _record(
        contract,
        actor=actor,
        kind=RecordKind.STAFFING,
        action=RecordAction.ADDED,
        label=requirement.post,
        changes=_added(_values(requirement, STAFFING_FIELDS)),
    )
    return requirement


@transaction.atomic
def staffing_update(
    *,
    actor: User,
    requirement: StaffingRequirement,
    version: int | None = None,
    **changes: Any,
) -> StaffingRequirement:
    """Change any of `STAFFING_FIELDS` of ``requirement``."""
    contract = editable_contract(actor, requirement.contract)
    requirement = lock_version(
        StaffingRequirement.objects.select_related("site"), pk=requirement.pk, version=version
    )
    if "site" in changes:
        _check_staffing_site(contract, changes["site"])
    if "headcount" in changes:
        _check_headcount(changes["headcount"])
    before = _values(requirement, STAFFING_FIELDS)
    if model_update(requirement, fields=STAFFING_FIELDS, data=changes, actor=actor):
        difference = _changed(before, _values(requirement, STAFFING_FIELDS))
        if difference:
            _record(
                contract,
                actor=actor,
                kind=RecordKind.STAFFING,
                action=RecordAction.CHANGED,
                label=requirement.post,
                changes=difference,
            )
    if requirement.site is not None:
        contract.sites.add(requirement.site)
    return requirement


@transaction.atomic
def staffing_delete(*, actor: User, requirement: StaffingRequirement) -> None:
    contract = editable_contract(actor, requirement.contract)
    values = _values(requirement, STAFFING_FIELDS)
    _delete_with_history(requirement, actor=actor)
    _record(
        contract,
        actor=actor,
        kind=RecordKind.STAFFING,
        action=RecordAction.REMOVED,
        label=values["post"],
        changes=_removed(values),
    )
