"""The webhook event of a contract's stage move, written in the move's transaction."""

from __future__ import annotations

from contracts.models import Contract, StageEvent
from org.outbox import Event, emit, link, when


def contract_stage_changed(contract: Contract, stage_event: StageEvent) -> None:
    """Every stage move (conclude, extend, begin termination, close, cancel) is this event;
    an extension leaves the stage as it is or returns it to support, with a new end date."""
    emit(
        Event.CONTRACT_STAGE_CHANGED,
        {
            "contract": {
                "id": contract.pk,
                "number": contract.number,
                "stage": contract.stage,
                "start_date": when(contract.start_date),
                "end_date": when(contract.end_date),
                "url": link(contract.get_absolute_url()),
            },
            "client": {"id": contract.client_id},
            "from_stage": stage_event.from_stage,
            "to_stage": stage_event.to_stage,
            "changed_at": when(stage_event.created_at),
        },
    )
