"""A claim's moves: respond, resolve, close, reopen (the table is `claims.transitions`).

Promptness (time to respond / fix, on time or late) is derived here once, when the
claim is responded to and resolved, and stored for lists and reports: in working time
on the contract's calendar, the time to fix less the time waited for the client.

Reopening a resolved or closed claim: the response figures stay (the client was
answered once, and that is what was measured); the fix figures, resolved/closed
times, client confirmation and satisfaction are cleared and derived again on the next
resolve and close. The earlier values remain in the claim's history and events.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import events, sla
from claims.models import Claim, ClaimEvent
from claims.services.rules import may_not
from claims.transitions import CLAIM_WORKFLOW
from contracts.selectors import calendar_for_contract
from handoffs.models import OPEN_STATUSES as OPEN_HANDOFF_STATUSES
from handoffs.models import Handoff
from org.blockers import BlockedError, Blocker
from org.errors import DomainError
from org.models import User
from org.records import lock_row
from org.selectors import acting_for, ensure_may_act_on

Apply = Callable[[Claim, datetime.datetime], None]


def _lock(claim: Claim) -> Claim:
    # Lock the row for the whole transaction: two people pressing "resolve" and
    # "reopen" at once must see each other's result, not both start from the old status.
    return lock_row(Claim.objects.select_related("contract"), pk=claim.pk)


def _transition(
    locked: Claim, action: str, *, actor: User, note: str = "", apply: Apply | None = None
) -> Claim:
    """Check ``action`` against the table on the locked row, ``apply`` the changes, write the event."""
    ensure_may_act_on(actor, locked.contract, message=may_not())
    transition = CLAIM_WORKFLOW.check(action, locked.status)
    now = timezone.now()
    from_status = locked.status
    locked.status = transition.leaves(from_status)
    if apply is not None:
        apply(locked, now)
    locked.save()
    ClaimEvent.objects.create(
        claim=locked,
        from_status=from_status,
        to_status=locked.status,
        actor=actor,
        on_behalf_of=acting_for(actor, locked.contract.manager),
        note=note,
        created_at=now,
    )
    events.claim_moved(locked, action)
    return locked


@transaction.atomic
def claim_respond(*, actor: User, claim: Claim, note: str) -> Claim:
    """The manager has answered the client: the claim is in progress."""

    def apply(locked: Claim, now: datetime.datetime) -> None:
        # Measured once: the first answer is what the client got.
        if locked.responded_at is None:
            locked.responded_at = now
            locked.time_to_respond = sla.time_to_respond(
                locked, calendar_for_contract(locked.contract), now
            )
            locked.responded_on_time = now <= locked.response_due_at

    return _transition(_lock(claim), "respond", actor=actor, note=note, apply=apply)


def resolve_blockers(open_handoffs: Iterable[Handoff]) -> list[Blocker]:
    """The claim's hand-offs still open, each linked to itself: resolving waits on them."""
    return [
        Blocker(
            "claim_open_handoff",
            f"#{h.pk} {h.department or h.assignee} ({h.get_status_display()})",
            reverse("handoffs:detail", args=[h.pk]),
            _("Open the hand-off"),
        )
        for h in open_handoffs
    ]


def _ensure_handoffs_finished(claim: Claim) -> None:
    """A claim is resolved only once every hand-off of it is done or declined."""
    still_open = (
        claim.handoffs.filter(status__in=OPEN_HANDOFF_STATUSES)
        .select_related("department", "assignee")
        .order_by("pk")
    )
    if blockers := resolve_blockers(still_open):
        raise BlockedError(
            _("The claim still waits on hand-offs: %(handoffs)s."),
            blockers,
            name="handoffs",
            code="refused",
        )


@transaction.atomic
def claim_resolve(*, actor: User, claim: Claim, resolution: str) -> Claim:
    """The fix is done: only once every hand-off of the claim is done or declined."""
    if not resolution.strip():
        raise DomainError(_("Describe how the claim was resolved."))
    locked = _lock(claim)
    # The status first: "cannot be resolved" says more than the hand-offs of a closed claim.
    CLAIM_WORKFLOW.check("resolve", locked.status)
    _ensure_handoffs_finished(locked)

    def apply(locked: Claim, now: datetime.datetime) -> None:
        locked.resolution = resolution
        locked.resolved_at = now
        # Working time, less the working time waited for the client (`claims.sla`).
        locked.time_to_fix = sla.time_to_fix(locked, calendar_for_contract(locked.contract), now)
        locked.fixed_on_time = now <= locked.resolution_due_at

    return _transition(locked, "resolve", actor=actor, note=resolution, apply=apply)


@transaction.atomic
def claim_close(*, actor: User, claim: Claim, client_confirmation: str, satisfaction: int) -> Claim:
    """The client confirmed the fix: close the claim with their satisfaction, 1–5."""
    if not client_confirmation.strip():
        raise DomainError(_("Record how the client confirmed the fix."))
    if satisfaction not in range(1, 6):
        raise DomainError(_("Satisfaction is a number from 1 to 5."))

    def apply(locked: Claim, now: datetime.datetime) -> None:
        locked.closed_at = now
        locked.client_confirmation = client_confirmation
        locked.satisfaction = satisfaction

    return _transition(_lock(claim), "close", actor=actor, note=client_confirmation, apply=apply)


@transaction.atomic
def claim_reopen(*, actor: User, claim: Claim, reason: str) -> Claim:
    """The fix did not hold: back to in progress (see the module note on promptness)."""
    if not reason.strip():
        raise DomainError(_("Say why the claim is reopened."))

    def apply(locked: Claim, now: datetime.datetime) -> None:
        locked.resolved_at = None
        locked.closed_at = None
        locked.time_to_fix = None
        locked.fixed_on_time = None
        locked.client_confirmation = ""
        locked.satisfaction = None

    return _transition(_lock(claim), "reopen", actor=actor, note=reason, apply=apply)
