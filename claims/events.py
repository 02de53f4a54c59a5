"""The webhook events of claims, written to the outbox in the service's transaction.

The payload (`docs/WEBHOOKS.md`) is ids, numbers, statuses and times: no text a person
typed, which may hold personal data and which the receiver can read from the record.
"""

from __future__ import annotations

from typing import Any

from claims.models import Claim
from org.outbox import Event, emit, link, when

# The moves that are events, by the name of the move in `claims.transitions`.
MOVE_EVENTS = {
    "respond": Event.CLAIM_RESPONDED,
    "resolve": Event.CLAIM_RESOLVED,
    "close": Event.CLAIM_CLOSED,
}


def claim_payload(claim: Claim) -> dict[str, Any]:
    """What a receiver learns of ``claim``; its contract is already loaded by the services."""
    contract = claim.contract
    return {
        "claim": {
            "id": claim.pk,
            "number": claim.pk,
            "status": claim.status,
            "priority": claim.priority,
            "category": claim.category,
            "channel": claim.channel,
            "is_formal": claim.is_formal,
            "received_at": when(claim.received_at),
            "response_due_at": when(claim.response_due_at),
            "resolution_due_at": when(claim.resolution_due_at),
            "responded_at": when(claim.responded_at),
            "resolved_at": when(claim.resolved_at),
            "closed_at": when(claim.closed_at),
            "url": link(claim.get_absolute_url()),
        },
        "contract": {"id": contract.pk, "number": contract.number},
        "client": {"id": contract.client_id},
    }


def claim_registered(claim: Claim) -> None:
    emit(Event.CLAIM_REGISTERED, claim_payload(claim))


def claim_moved(claim: Claim, action: str) -> None:
    """The event of a move, for the moves that are events (respond, resolve, close)."""
    if action in MOVE_EVENTS:
        emit(MOVE_EVENTS[action], claim_payload(claim))
