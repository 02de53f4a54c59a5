"""A request submitted to the directors, and each director's decision on it."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import events, notifications
from approvals.models import Action, ApprovalRequest, ApprovalStep, Kind, Status
from approvals.rules import approver_roles, decision_refusal
from approvals.services.common import ensure_may_change, lock, record_event, save
from approvals.transitions import APPROVAL_WORKFLOW
from org.blockers import BlockedError, Blocker
from org.errors import DomainError
from org.models import User
from org.selectors import acting_for


@transaction.atomic
def approval_submit(*, actor: User, request: ApprovalRequest) -> ApprovalRequest:
    """Send a draft (or a revised request) to the directors: its steps are laid out now."""
    request = lock(request)
    ensure_may_change(actor, request)
    transition = APPROVAL_WORKFLOW.check(Action.SUBMIT, request.status)
    if request.kind == Kind.REPORT and not request.figures:
        raise BlockedError.of(
            Blocker(
                "approval_report_figures",
                _("Draft the report's figures from the data before submitting it."),
                reverse("approvals:detail", args=[request.pk]) + "#figures",
                _("Draft the figures"),
            ),
            code="no_figures",
        )
    from_status = request.status
    roles = approver_roles(request.kind, amount=request.amount, period_type=request.period_type)
    request.round += 1
    ApprovalStep.objects.bulk_create(
        ApprovalStep(request=request, round=request.round, order=order, approver_role=role)
        for order, role in enumerate(roles, start=1)
    )
    request.status = transition.leaves(from_status)
    request.current_approver_role = roles[0]
    request.submitted_at = timezone.now()
    request.decided_at = None
    save(request, actor=actor, reason="submitted")
    record_event(
        request,
        actor=actor,
        action=Action.SUBMIT,
        from_status=from_status,
        on_behalf_of=acting_for(actor, request.owner),
    )
    notifications.request_awaits(request)
    return request


def _round_steps(request: ApprovalRequest) -> tuple[ApprovalStep, list[ApprovalStep]]:
    """The step waiting for a decision now, and every step of this submission, in order."""
    steps = list(
        ApprovalStep.objects.select_for_update()
        .filter(request=request, round=request.round)
        .order_by("order")
    )
    step = next((step for step in steps if step.is_pending), None)
    if step is None or step.approver_role != request.current_approver_role:
        raise DomainError(_("This request has no decision waiting."))
    return step, steps


def _move_on(
    request: ApprovalRequest,
    action: str,
    *,
    next_step: ApprovalStep | None,
    now: datetime.datetime,
) -> None:
    """Where the request goes after this step's decision."""
    if action == Action.APPROVE and next_step is not None:
        # Approved at this step; the request stays submitted and waits for the next director.
        request.current_approver_role = next_step.approver_role
        return
    request.status = APPROVAL_WORKFLOW[action].leaves(request.status)
    request.current_approver_role = ""
    if request.status != Status.RETURNED:
        request.decided_at = now
    # Later steps of this submission will never be decided: they are left pending,
    # and current_approver_role empty keeps them out of everyone's queue.


def _decide(*, actor: User, request: ApprovalRequest, action: str, comment: str) -> ApprovalRequest:
    request = lock(request)
    comment = (comment or "").strip()
    if (refusal := decision_refusal(actor, request, action)) is not None:
        raise refusal
    if "comment" in APPROVAL_WORKFLOW[action].requires and not comment:
        raise DomainError(_("Say why in the comment: the manager needs to know."))
    step, steps = _round_steps(request)
    now = timezone.now()
    step.decision = action
    step.comment = comment
    step.decided_by = actor
    step.decided_at = now
    step.save()
    from_status = request.status
    next_step = next((later for later in steps if later.order > step.order), None)
    _move_on(request, action, next_step=next_step, now=now)
    save(request, actor=actor, reason=action)
    record_event(request, actor=actor, action=action, from_status=from_status, comment=comment)
    events.approval_decided(request, step)
    if request.current_approver_role:
        notifications.request_awaits(request)
    else:
        notifications.request_decided(request, action, actor, comment)
    return request


@transaction.atomic
def approval_approve(
    *, actor: User, request: ApprovalRequest, comment: str = ""
) -> ApprovalRequest:
    """The current director approves; the request goes to the next director, or is approved."""
    return _decide(actor=actor, request=request, action=Action.APPROVE, comment=comment)


@transaction.atomic
def approval_reject(*, actor: User, request: ApprovalRequest, comment: str) -> ApprovalRequest:
    """The current director says no; the request is decided."""
    return _decide(actor=actor, request=request, action=Action.REJECT, comment=comment)


@transaction.atomic
def approval_return(*, actor: User, request: ApprovalRequest, comment: str) -> ApprovalRequest:
    """Send it back to the manager for revision; they edit and submit it again."""
    return _decide(actor=actor, request=request, action=Action.RETURN, comment=comment)


@transaction.atomic
def approval_acknowledge(
    *, actor: User, request: ApprovalRequest, comment: str = ""
) -> ApprovalRequest:
    """The executive director takes note of a notice of shortcomings."""
    return _decide(actor=actor, request=request, action=Action.ACKNOWLEDGE, comment=comment)


DecisionService = Callable[..., ApprovalRequest]

DECISION_SERVICES: dict[str, DecisionService] = {
    Action.APPROVE: approval_approve,
    Action.REJECT: approval_reject,
    Action.RETURN: approval_return,
    Action.ACKNOWLEDGE: approval_acknowledge,
}
