"""The webhook events of hand-offs, written in the service's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from handoffs.models import Handoff
from org.outbox import Event, emit, emit_many, link, when

# The moves that are events, by the name of the move in `handoffs.transitions`.
MOVE_EVENTS = {"complete": Event.HANDOFF_COMPLETED, "decline": Event.HANDOFF_DECLINED}


def handoff_payload(handoff: Handoff) -> dict[str, Any]:
    """Ids, kind, status and times, read from the row alone: no query for the event."""
    return {
        "handoff": {
            "id": handoff.pk,
            "kind": handoff.kind,
            "status": handoff.status,
            "department_id": handoff.department_id,
            "due_at": when(handoff.due_at),
            "created_at": when(handoff.created_at),
            "completed_at": when(handoff.completed_at),
            "url": link(handoff.get_absolute_url()),
        },
        "contract": {"id": handoff.contract_id} if handoff.contract_id else None,
        "claim": {"id": handoff.claim_id} if handoff.claim_id else None,
        "client": {"id": handoff.client_id} if handoff.client_id else None,
    }


def handoff_created(handoff: Handoff) -> None:
    emit(Event.HANDOFF_CREATED, handoff_payload(handoff))


def handoffs_created(handoffs: Iterable[Handoff]) -> None:
    """The events of hand-offs written in bulk, with one INSERT."""
    emit_many((Event.HANDOFF_CREATED, handoff_payload(handoff)) for handoff in handoffs)


def handoff_moved(handoff: Handoff, action: str) -> None:
    """The event of a move, for the moves that are events (complete, decline)."""
    if action in MOVE_EVENTS:
        emit(MOVE_EVENTS[action], handoff_payload(handoff))
