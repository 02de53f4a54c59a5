"""What is written on a claim besides its moves: comments, notes, archiving."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from claims.models import Claim, ClaimComment, ClaimEvent, ClaimEventKind
from claims.services.rules import may_not
from handoffs.models import OPEN_STATUSES as OPEN_HANDOFF_STATUSES
from org.archiving import archive_record
from org.errors import DomainError
from org.models import User
from org.records import lock_row
from org.selectors import ensure_may_act_on


@transaction.atomic
def claim_comment(*, actor: User, claim: Claim, text: str) -> ClaimComment:
    """An internal comment on the claim (never shown to the client)."""
    if not text.strip():
        raise DomainError(_("The comment is empty."))
    return ClaimComment.objects.create(claim=claim, author=actor, text=text.strip())


@transaction.atomic
def claim_note_handoffs_done(*, claim_id: int, actor: User) -> ClaimEvent | None:
    """Note once on an open claim that every hand-off it waits on is finished.

    No status change: the manager resolves the claim after checking with the client.
    """
    # Lock the claim: two hand-offs finishing at once must not both write the note.
    try:
        claim = lock_row(Claim.objects.all(), pk=claim_id)
    except Claim.DoesNotExist:
        return None
    if not claim.is_open:
        return None
    handoffs = claim.handoffs.all()
    if not handoffs.exists() or handoffs.filter(status__in=OPEN_HANDOFF_STATUSES).exists():
        return None
    if claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE).exists():
        return None
    return ClaimEvent.objects.create(
        claim=claim,
        kind=ClaimEventKind.HANDOFFS_DONE,
        from_status=claim.status,
        to_status=claim.status,
        actor=actor,
    )


@transaction.atomic
def claim_archive(*, actor: User, claim: Claim) -> Claim:
    """Take the claim out of the lists (a duplicate, a mistaken registration); nothing is
    deleted, and it can be restored."""
    ensure_may_act_on(actor, claim.contract, message=may_not())
    return archive_record(Claim.objects, pk=claim.pk, actor=actor)


@transaction.atomic
def claim_restore(*, actor: User, claim: Claim) -> Claim:
    """Bring an archived claim back into the lists."""
    ensure_may_act_on(actor, claim.contract, message=may_not())
    return archive_record(Claim.objects, pk=claim.pk, actor=actor, archive=False)
