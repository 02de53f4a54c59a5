"""Claims follow the hand-offs they wait on through ``handoff_status_changed``."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from claims.services import claim_note_handoffs_done
from handoffs.models import Handoff
from handoffs.signals import handoff_status_changed
from org.models import User

FINISHED = frozenset({"done", "declined"})


@receiver(handoff_status_changed, dispatch_uid="claims.note_when_handoffs_done")
def note_when_handoffs_done(
    sender: type[Handoff],
    *,
    handoff: Handoff,
    from_status: str,
    to_status: str,
    actor: User,
    **kwargs: Any,
) -> None:
    """When a claim's last hand-off finishes, tell the manager it is ready to resolve.

    A hand-off that starts changes nothing on the claim: the manager, not the
    department, answers the client and moves the claim on.
    """
    if handoff.claim_id is None or to_status not in FINISHED:
        return
    claim_note_handoffs_done(claim_id=handoff.claim_id, actor=actor)
