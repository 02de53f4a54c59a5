"""A claim's priority changed: its due times are computed again, as at registration."""

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
from org.records import lock_row
from org.selectors import acting_for, ensure_may_act_on


@transaction.atomic
def claim_change_priority(*, actor: User, claim: Claim, priority: str) -> Claim:
    """Set the priority and recompute both due times from receipt in working time on the
    contract's calendar; the fix due time keeps the working time already waited for the
    client. A note on the timeline says what changed."""
    if priority not in Priority.values:
        raise DomainError(_("Choose a priority from the list."))
    locked = lock_row(Claim.objects.select_related("contract__manager"), pk=claim.pk)
    ensure_may_act_on(actor, locked.contract, message=may_not())
    if locked.priority == priority:
        return locked
    schedule = calendar_for_contract(locked.contract)
    locked.priority = priority
    response_due, fix_due = due_times(
        schedule, locked.contract, priority=priority, received_at=locked.received_at
    )
    waited = timedelta(seconds=locked.paused_working_seconds)
    locked.response_due_at = response_due
    locked.resolution_due_at = add_working_time(schedule, fix_due, waited)
    locked.save()
    ClaimEvent.objects.create(
        claim=locked,
        kind=ClaimEventKind.DUE_RECOMPUTED,
        from_status=locked.status,
        to_status=locked.status,
        actor=actor,
        on_behalf_of=acting_for(actor, locked.contract.manager),
        note=_("Priority: %(priority)s.") % {"priority": Priority(priority).label},
        created_at=timezone.now(),
    )
    return locked
