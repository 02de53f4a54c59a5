"""The termination checklist: the steps of winding a contract down, filled in from its
services, staffing, unfulfilled obligations and billing when the termination begins,
then added to, ticked off and removed by its manager.

Filling in twice adds nothing twice: each filled-in step names its source, and a unique
constraint on (contract, source) refuses a second one; a removed step stays, hidden, so
that filling in again does not bring it back.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.handoff_texts import format_date
from contracts.models import Contract, StaffingRequirement, Stage, TerminationItem
from contracts.services.common import ensure_may_change, lock_contract
from org.errors import DomainError
from org.models import User
from org.records import lock_row

BILLING = "billing"
TEXT_LIMIT = 500


def _post_text(requirement: StaffingRequirement) -> str:
    post = ngettext(
        "%(post)s, %(count)d person", "%(post)s, %(count)d persons", requirement.headcount
    ) % {"post": requirement.post, "count": requirement.headcount}
    if requirement.site is not None:
        return _("Withdraw the post «%(post)s» at the site %(site)s") % {
            "post": post,
            "site": requirement.site.name,
        }
    return _("Withdraw the post «%(post)s»") % {"post": post}


def checklist_steps(contract: Contract) -> list[tuple[str, str]]:
    """(source, text) of each step the contract's records call for, in the list's order."""
    end = format_date(contract.end_date)
    steps = [
        (
            f"service:{line.pk}",
            _("Stop the service «%(service)s» from %(date)s")
            % {"service": line.service, "date": end},
        )
        for line in contract.service_lines.all()
    ]
    steps += [
        (f"staffing:{requirement.pk}", _post_text(requirement))
        for requirement in contract.staffing.select_related("site")
    ]
    steps += [
        (
            f"obligation:{obligation.pk}",
            _("Fulfil the obligation «%(obligation)s»") % {"obligation": obligation.description},
        )
        for obligation in contract.obligations.filter(fulfilled_at__isnull=True)
    ]
    steps.append((BILLING, _("Prepare the final act and invoice (accounting)")))
    return [(source, text[:TEXT_LIMIT]) for source, text in steps]


def prefill_checklist(contract: Contract, *, actor: User) -> int:
    """Add the steps the records call for that the list does not have yet; how many.

    Called with the contract locked (the termination's move, or `termination_prefill`)."""
    have = set(
        TerminationItem.objects.filter(contract=contract)
        .exclude(source="")
        .values_list("source", flat=True)
    )
    new = [
        TerminationItem(contract=contract, source=source, text=text, created_by=actor)
        for source, text in checklist_steps(contract)
        if source not in have
    ]
    # ignore_conflicts: the unique constraint is the last word should a row slip in.
    TerminationItem.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _terminating(actor: User, contract: Contract) -> Contract:
    contract = lock_contract(contract)
    ensure_may_change(actor, contract)
    if contract.stage != Stage.TERMINATION:
        raise DomainError(
            _("The termination checklist changes while the contract is being terminated."),
            code="stage",
        )
    return contract


@transaction.atomic
def termination_prefill(*, actor: User, contract: Contract) -> int:
    """Fill the checklist in again from the contract's records (nothing twice)."""
    return prefill_checklist(_terminating(actor, contract), actor=actor)


@transaction.atomic
def termination_item_add(*, actor: User, contract: Contract, text: str) -> TerminationItem:
    contract = _terminating(actor, contract)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Describe the step."), code="text")
    return TerminationItem.objects.create(
        contract=contract, text=text[:TEXT_LIMIT], created_by=actor
    )


def _item(actor: User, item: TerminationItem) -> TerminationItem:
    _terminating(actor, item.contract)
    item = lock_row(TerminationItem.objects.all(), pk=item.pk)
    if item.removed_at is not None:
        raise DomainError(_("This step was removed from the checklist."), code="removed")
    return item


@transaction.atomic
def termination_item_tick(*, actor: User, item: TerminationItem, done: bool) -> TerminationItem:
    """Tick the step off (who and when), or untick it."""
    item = _item(actor, item)
    if done and not item.is_done:
        item.done_by, item.done_at = actor, timezone.now()
    elif not done:
        item.done_by, item.done_at = None, None
    item.save(update_fields=["done_by", "done_at"])
    return item


@transaction.atomic
def termination_item_remove(*, actor: User, item: TerminationItem) -> None:
    item = _item(actor, item)
    item.removed_at = timezone.now()
    item.save(update_fields=["removed_at"])
