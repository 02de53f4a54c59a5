"""What the request services share: the locked row, the saved history, the timeline."""

from __future__ import annotations

from django.utils.translation import gettext as _

from approvals.models import ApprovalEvent, ApprovalRequest
from org.errors import DomainError
from org.models import User
from org.records import lock_row, save_with_history
from org.selectors import represented_user_ids


def record_event(
    request: ApprovalRequest,
    *,
    actor: User,
    action: str,
    from_status: str,
    comment: str = "",
    on_behalf_of: User | None = None,
) -> ApprovalEvent:
    """The event row for the request's timeline."""
    return ApprovalEvent.objects.create(
        request=request,
        action=action,
        from_status=from_status,
        to_status=request.status,
        actor=actor,
        on_behalf_of=on_behalf_of,
        comment=comment,
    )


def save(request: ApprovalRequest, *, actor: User, reason: str) -> ApprovalRequest:
    """Save with ``actor`` and ``reason`` (what happened) on the history row."""
    request._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
    return save_with_history(request, actor=actor)


def lock(request: ApprovalRequest) -> ApprovalRequest:
    # Two people may act on the same request at once (two directors, a manager editing
    # while a director decides): the row lock makes the second wait and see the new status.
    return lock_row(ApprovalRequest.objects.all(), pk=request.pk)


def ensure_may_change(actor: User, request: ApprovalRequest) -> None:
    """Only the author, or whoever covers the owning manager today, changes a request."""
    if request.author_id == actor.pk or request.owner_id in represented_user_ids(actor):
        return
    raise DomainError(
        _("Only the author or their cover may change this request."), code="forbidden"
    )
