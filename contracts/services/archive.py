"""Taking a contract out of the lists and back, on its timeline; nothing is deleted."""

from __future__ import annotations

from django.db import transaction

from contracts.models import Contract, StageEvent, StageEventKind
from contracts.services.common import ensure_may_change
from org.archiving import archive_record
from org.models import User
from org.selectors import acting_for


def _archive(contract: Contract, *, actor: User, archive: bool, reason: str) -> Contract:
    ensure_may_change(actor, contract)
    contract = archive_record(
        Contract.objects.select_related("client", "manager"),
        pk=contract.pk,
        actor=actor,
        archive=archive,
    )
    StageEvent.objects.create(
        contract=contract,
        kind=StageEventKind.ARCHIVED if archive else StageEventKind.RESTORED,
        from_stage=contract.stage,
        to_stage=contract.stage,
        actor=actor,
        on_behalf_of=acting_for(actor, contract.manager),
        reason=reason,
    )
    return contract


@transaction.atomic
def contract_archive(*, actor: User, contract: Contract, reason: str = "") -> Contract:
    """Take the contract out of the lists, on its timeline; nothing is deleted."""
    return _archive(contract, actor=actor, archive=True, reason=reason)


@transaction.atomic
def contract_restore(*, actor: User, contract: Contract, reason: str = "") -> Contract:
    return _archive(contract, actor=actor, archive=False, reason=reason)
