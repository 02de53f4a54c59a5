"""The webhook event of a director's decision, written in the decision's transaction."""

from __future__ import annotations

from approvals.models import DECIDED_STATUSES, ApprovalRequest, ApprovalStep
from org.outbox import Event, emit, link, when


def approval_decided(request: ApprovalRequest, step: ApprovalStep) -> None:
    """Each director's decision is an event; ``final`` says whether it decided the request
    (approved at the last step, rejected, acknowledged) or moved it on (approved at an
    earlier step: the next director decides; returned: the manager revises it)."""
    emit(
        Event.APPROVAL_DECIDED,
        {
            "request": {
                "id": request.pk,
                "kind": request.kind,
                "status": request.status,
                "amount": str(request.amount) if request.amount is not None else None,
                "contract_id": request.contract_id,
                "round": request.round,
                "url": link(request.get_absolute_url()),
            },
            "decision": step.decision,
            "approver_role": step.approver_role,
            "final": request.status in DECIDED_STATUSES,
            "decided_at": when(step.decided_at),
        },
    )
