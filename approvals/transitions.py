"""The one table of a request's moves: the services enforce it, the screens read it.

Editing is a move that leaves the status as it is (a draft stays a draft). An approval
that is not the last step leaves the request submitted for the next director: the
services, not the table, know the chain of steps.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from approvals.models import Action, ApprovalRequest, Kind, Status
from org.workflow import Transition, Workflow

WRITING = frozenset({Status.DRAFT, Status.RETURNED})
DECIDING = frozenset({Status.SUBMITTED})
# A decision that says no, or "not yet", says why: the manager needs to know.
WITH_COMMENT = frozenset({"comment"})


def _refusal(transition: Transition, state: str) -> str:
    return _("A request that is “%(status)s” cannot be changed this way.") % {
        "status": Status(state).label
    }


APPROVAL_WORKFLOW = Workflow(
    Transition(Action.EDIT, WRITING, None, Action.EDIT.label),
    Transition(Action.SUBMIT, WRITING, Status.SUBMITTED, Action.SUBMIT.label),
    Transition(Action.APPROVE, DECIDING, Status.APPROVED, Action.APPROVE.label),
    Transition(Action.ACKNOWLEDGE, DECIDING, Status.ACKNOWLEDGED, Action.ACKNOWLEDGE.label),
    Transition(Action.RETURN, DECIDING, Status.RETURNED, Action.RETURN.label, WITH_COMMENT),
    Transition(Action.REJECT, DECIDING, Status.REJECTED, Action.REJECT.label, WITH_COMMENT),
    refusal=_refusal,
    code="state",
)

DECISION_ACTIONS = (Action.APPROVE, Action.REJECT, Action.RETURN, Action.ACKNOWLEDGE)

# A notice is taken note of; everything else is decided.
DECISIONS_BY_KIND: dict[str, frozenset[str]] = {
    Kind.SHORTCOMINGS_NOTICE: frozenset({Action.ACKNOWLEDGE}),
    Kind.WORK_PLAN: frozenset({Action.APPROVE, Action.REJECT, Action.RETURN}),
    Kind.REPORT: frozenset({Action.APPROVE, Action.REJECT, Action.RETURN}),
    Kind.EXTRA_FUNDS: frozenset({Action.APPROVE, Action.REJECT, Action.RETURN}),
    Kind.PROPOSAL: frozenset({Action.APPROVE, Action.REJECT, Action.RETURN}),
    Kind.WORKING_CONDITIONS: frozenset({Action.APPROVE, Action.REJECT, Action.RETURN}),
    Kind.CLIENT_REPORT: frozenset({Action.APPROVE, Action.REJECT, Action.RETURN}),
}


def allowed_actions(request: ApprovalRequest) -> list[str]:
    """What may happen next, by the table and the request's kind (for the buttons)."""
    return [
        transition.name
        for transition in APPROVAL_WORKFLOW.allowed(request.status)
        if transition.name not in DECISION_ACTIONS
        or transition.name in DECISIONS_BY_KIND[request.kind]
    ]


def decision_actions(request: ApprovalRequest) -> list[str]:
    return [action for action in allowed_actions(request) if action in DECISION_ACTIONS]


def is_editable(request: ApprovalRequest) -> bool:
    return request.status in APPROVAL_WORKFLOW[Action.EDIT].sources
