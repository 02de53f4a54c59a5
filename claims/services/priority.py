"""Changing an open claim's priority: its due times follow the contract's service levels
for the new priority, counted from receipt in working time on the contract's calendar,
as at registration."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calendars.working_time import add_working_time
from claims.models import Claim, ClaimEvent, ClaimEventKind
from claims.services.rules import may_not
from claims.sla import due_times
from contracts.models import Priority
from contracts.selectors import calendar_for_contract
from org.errors import DomainError
from org.models import User
from org.records import lock_row, save_with_history
from org.selectors import acting_for, ensure_may_act_on


@transaction.atomic
def claim_set_priority(*, actor: User, claim: Claim, priority: str) -> Claim:
    """Set ``priority`` on an open claim and recompute its due times; an event records it.

    A response already given keeps its due time: it was measured against it. The fix due
    time keeps the working time already waited for the client.
    """
    if priority not in Priority.values:
        raise DomainError(_("Choose a priority."))
    # Locked: a move (resolve, reopen) racing this must not save over the new due times.
    locked = lock_row(Claim.objects.select_related("contract__manager"), pk=claim.pk)
    ensure_may_act_on(actor, locked.contract, message=may_not())
    if not locked.is_open:
        raise DomainError(_("The priority of a resolved or closed claim is not changed."))
    if locked.priority == priority:
        return locked
    schedule = calendar_for_contract(locked.contract)
    response_due, fix_due = due_times(
        schedule, locked.contract, priority=priority, received_at=locked.received_at
    )
    was = locked.get_priority_display()
    locked.priority = priority
    if locked.responded_at is None:
        locked.response_due_at = response_due
    waited = timedelta(seconds=locked.paused_working_seconds)
    locked.resolution_due_at = add_working_time(schedule, fix_due, waited)
    save_with_history(locked, actor=actor)
    ClaimEvent.objects.create(
        claim=locked,
        kind=ClaimEventKind.PRIORITY,
        from_status=locked.status,
        to_status=locked.status,
        actor=actor,
        on_behalf_of=acting_for(actor, locked.contract.manager),
        note=f"{was} → {locked.get_priority_display()}",
        created_at=timezone.now(),
    )
    return locked
