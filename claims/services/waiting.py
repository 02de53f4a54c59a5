"""Waiting for the client: the fix clock stops while the ball is in the client's court.

`claim_wait` (with a note: what we asked) stops it; `claim_resume` — the manager, or the
client's answer — starts it again and moves the fix due time later by the WORKING time
waited, which is also kept on the claim (``paused_working_seconds``) so that the time to
fix counts only working, unpaused time (`claims.sla`); the claim's open fix hand-offs are
due later by the same working time, in the same transaction. The response clock is not paused:
a claim waits only once it is answered (in progress).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from calendars.working_time import add_working_time
from claims.models import Claim, ClaimStatus
from claims.services.moves import _lock, _transition
from claims.sla import current_pause
from contracts.selectors import calendar_for_contract
from handoffs.services import claim_fix_handoffs_postpone
from org.errors import DomainError
from org.models import User


@transaction.atomic
def claim_wait(*, actor: User, claim: Claim, note: str) -> Claim:
    """Put the claim to wait for the client's answer to ``note`` (what we asked)."""
    if not note.strip():
        raise DomainError(_("Say what the client was asked."))

    def apply(locked: Claim, now: datetime.datetime) -> None:
        locked.paused_at = now
        locked.pause_reminded = False

    return _transition(_lock(claim), "wait", actor=actor, note=note.strip(), apply=apply)


@transaction.atomic
def claim_resume(*, actor: User, claim: Claim, note: str = "") -> Claim:
    """Back to work: the fix due time moves later by the working time waited."""

    def apply(locked: Claim, now: datetime.datetime) -> None:
        schedule = calendar_for_contract(locked.contract)
        waited = current_pause(locked, schedule, now)
        locked.resolution_due_at = add_working_time(schedule, locked.resolution_due_at, waited)
        locked.paused_working_seconds += int(waited.total_seconds())
        locked.paused_at = None
        claim_fix_handoffs_postpone(actor=actor, claim_id=locked.pk, waited=waited, now=now)

    return _transition(_lock(claim), "resume", actor=actor, note=note.strip(), apply=apply)


def claim_resume_on_client_answer(*, actor: User, claim: Claim) -> Claim | None:
    """The client answered (a message on the claim): resume it if it was waiting."""
    if claim.status != ClaimStatus.WAITING:
        return None
    return claim_resume(actor=actor, claim=claim, note=_("The client answered."))
