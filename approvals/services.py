"""Every change to a request to the directors goes through one of these functions."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import notifications
from approvals.models import (
    COMMENT_OPTIONAL,
    DECISIONS_BY_KIND,
    PERIOD_KINDS,
    TRANSITIONS,
    Action,
    ApprovalAttachment,
    ApprovalEvent,
    ApprovalRequest,
    ApprovalStep,
    Kind,
    Status,
)
from approvals.rules import approver_roles, period_type_of
from approvals.selectors import report_figures
from org.errors import DomainError
from org.selectors import acting_for, represented_user_ids
from org.uploads import validate_upload as validate_attachment
from org.versioning import lock_version

EDITABLE_FIELDS = (
    "title",
    "content",
    "period_type",
    "period_start",
    "period_end",
    "amount",
    "purpose",
    "contract",
)


def _record(request, *, actor, action, from_status, comment="", on_behalf_of=None):
    """The event row for the timeline, and the history row with the same reason."""
    ApprovalEvent.objects.create(
        request=request,
        action=action,
        from_status=from_status,
        to_status=request.status,
        actor=actor,
        on_behalf_of=on_behalf_of,
        comment=comment,
    )


def _save(request, *, actor, reason):
    request._history_user = actor
    request._change_reason = reason
    request.save()


def _lock(request) -> ApprovalRequest:
    # Two people may act on the same request at once (two directors, a manager editing
    # while a director decides): the row lock makes the second wait and see the new status.
    return ApprovalRequest.objects.select_for_update().get(pk=request.pk)


def _check_transition(request, action):
    if action not in request.allowed_actions():
        raise DomainError(
            _("A request that is “%(status)s” cannot be changed this way.")
            % {"status": request.get_status_display()}
        )


def _check_owner(actor, request):
    """Only the author, or whoever covers the owning manager today, changes a request."""
    if request.author_id == actor.pk or request.owner_id in represented_user_ids(actor):
        return
    raise PermissionDenied(_("Only the author or their cover may change this request."))


def _clean_fields(kind, fields) -> dict:
    """Check what each kind needs; return the fields to store, the others emptied."""
    title = (fields.get("title") or "").strip()
    if not title:
        raise DomainError(_("Give the request a title."))
    cleaned = {
        "title": title,
        "content": fields.get("content") or "",
        "period_type": "",
        "period_start": None,
        "period_end": None,
        "amount": None,
        "purpose": "",
        "contract": None,
    }
    if kind in PERIOD_KINDS:
        start, end = fields.get("period_start"), fields.get("period_end")
        if start is None or end is None:
            raise DomainError(_("Choose the period the plan or report covers."))
        period_type = period_type_of(start, end)
        if period_type is None or (fields.get("period_type") or period_type) != period_type:
            raise DomainError(_("The period must be a calendar month, quarter or year."))
        cleaned.update(period_type=period_type, period_start=start, period_end=end)
    if kind == Kind.EXTRA_FUNDS:
        amount = fields.get("amount")
        if amount is None or Decimal(amount) <= 0:
            raise DomainError(_("Give the amount requested, in UAH."))
        purpose = (fields.get("purpose") or "").strip()
        if not purpose:
            raise DomainError(_("Say what the funds are for."))
        cleaned.update(
            amount=Decimal(amount).quantize(Decimal("0.01")),
            purpose=purpose,
            contract=fields.get("contract"),
        )
    return cleaned


@transaction.atomic
def approval_create_draft(*, actor, kind, on_behalf_of=None, **fields) -> ApprovalRequest:
    """Start a request as a draft; ``on_behalf_of``: the absent manager the actor covers."""
    if kind not in Kind.values:
        raise DomainError(_("Unknown kind of request."))
    if not actor.is_support_manager:
        raise PermissionDenied(_("Only support managers write requests to the directors."))
    if on_behalf_of is not None and acting_for(actor, on_behalf_of) is None:
        raise DomainError(_("You can write on behalf of a manager only while covering for them."))
    request = ApprovalRequest(
        kind=kind, author=actor, on_behalf_of=on_behalf_of, **_clean_fields(kind, fields)
    )
    _save(request, actor=actor, reason="created")
    _record(request, actor=actor, action="", from_status="", on_behalf_of=on_behalf_of)
    return request


@transaction.atomic
def approval_update_draft(*, actor, request, version=None, **fields) -> ApprovalRequest:
    """Change a draft (or a request returned for revision) before it is submitted.

    ``version`` is the one the form was opened with; a stale one is refused.
    """
    request = lock_version(ApprovalRequest.objects, pk=request.pk, version=version)
    _check_owner(actor, request)
    _check_transition(request, Action.EDIT)
    merged = {name: getattr(request, name) for name in EDITABLE_FIELDS}
    merged.update(fields)
    for name, value in _clean_fields(request.kind, merged).items():
        setattr(request, name, value)
    _save(request, actor=actor, reason="edited")
    return request


def _freeze_figures(request, *, now):
    request.figures = report_figures(
        manager_id=request.owner_id,
        period_start=request.period_start,
        period_end=request.period_end,
        now=now,
    )
    request.figures_computed_at = now


@transaction.atomic
def approval_draft_report(
    *,
    actor,
    period_start,
    period_end,
    period_type="",
    title="",
    content="",
    on_behalf_of=None,
) -> ApprovalRequest:
    """A report on work done for the period, its figures drafted from the data and frozen."""
    if not title:
        title = _("Report on work done, %(start)s–%(end)s") % {
            "start": period_start.strftime("%d.%m.%Y"),
            "end": period_end.strftime("%d.%m.%Y"),
        }
    request = approval_create_draft(
        actor=actor,
        kind=Kind.REPORT,
        on_behalf_of=on_behalf_of,
        title=title,
        content=content,
        period_type=period_type,
        period_start=period_start,
        period_end=period_end,
    )
    _freeze_figures(request, now=timezone.now())
    _save(request, actor=actor, reason="figures drafted")
    return request


@transaction.atomic
def approval_refresh_figures(*, actor, request) -> ApprovalRequest:
    """Recompute a draft report's figures from today's data (only before it is submitted)."""
    request = _lock(request)
    _check_owner(actor, request)
    _check_transition(request, Action.EDIT)
    if request.kind != Kind.REPORT:
        raise DomainError(_("Only a report carries figures from the data."))
    _freeze_figures(request, now=timezone.now())
    _save(request, actor=actor, reason="figures refreshed")
    return request


@transaction.atomic
def approval_submit(*, actor, request) -> ApprovalRequest:
    """Send a draft (or a revised request) to the directors: its steps are laid out now."""
    request = _lock(request)
    _check_owner(actor, request)
    _check_transition(request, Action.SUBMIT)
    if request.kind == Kind.REPORT and not request.figures:
        raise DomainError(_("Draft the report's figures from the data before submitting it."))
    from_status = request.status
    roles = approver_roles(request.kind, amount=request.amount, period_type=request.period_type)
    request.round += 1
    ApprovalStep.objects.bulk_create(
        ApprovalStep(request=request, round=request.round, order=order, approver_role=role)
        for order, role in enumerate(roles, start=1)
    )
    now = timezone.now()
    request.status = TRANSITIONS[from_status][Action.SUBMIT]
    request.current_approver_role = roles[0]
    request.submitted_at = now
    request.decided_at = None
    _save(request, actor=actor, reason="submitted")
    _record(
        request,
        actor=actor,
        action=Action.SUBMIT,
        from_status=from_status,
        on_behalf_of=acting_for(actor, request.owner),
    )
    notifications.request_awaits(request)
    return request


def _decide(*, actor, request, action, comment) -> ApprovalRequest:
    if not actor.is_director:
        raise PermissionDenied(_("Only a director decides requests."))
    request = _lock(request)
    comment = (comment or "").strip()
    if action not in DECISIONS_BY_KIND[request.kind]:
        raise DomainError(
            _("A %(kind)s cannot be decided this way.") % {"kind": request.get_kind_display()}
        )
    _check_transition(request, action)
    if actor.pk in (request.author_id, request.on_behalf_of_id):
        raise DomainError(_("A director cannot decide their own request."))
    if action not in COMMENT_OPTIONAL and not comment:
        raise DomainError(_("Say why in the comment: the manager needs to know."))
    steps = list(
        ApprovalStep.objects.select_for_update()
        .filter(request=request, round=request.round)
        .order_by("order")
    )
    step = next((step for step in steps if step.is_pending), None)
    if step is None or step.approver_role != request.current_approver_role:
        raise DomainError(_("This request has no decision waiting."))
    if step.approver_role not in actor.roles:
        raise DomainError(
            _("This step waits for the %(role)s.") % {"role": step.get_approver_role_display()}
        )
    now = timezone.now()
    step.decision = action
    step.comment = comment
    step.decided_by = actor
    step.decided_at = now
    step.save()
    from_status = request.status
    next_step = next((later for later in steps if later.order > step.order), None)
    if action == Action.APPROVE and next_step is not None:
        # Approved at this step; the request stays submitted and waits for the next director.
        request.current_approver_role = next_step.approver_role
    else:
        request.status = TRANSITIONS[from_status][action]
        request.current_approver_role = ""
        if request.status != Status.RETURNED:
            request.decided_at = now
        # Later steps of this submission will never be decided: they are left pending,
        # and current_approver_role empty keeps them out of everyone's queue.
    _save(request, actor=actor, reason=action)
    _record(request, actor=actor, action=action, from_status=from_status, comment=comment)
    if request.current_approver_role:
        notifications.request_awaits(request)
    else:
        notifications.request_decided(request, action, actor, comment)
    return request


@transaction.atomic
def approval_approve(*, actor, request, comment="") -> ApprovalRequest:
    """The current director approves; the request goes to the next director, or is approved."""
    return _decide(actor=actor, request=request, action=Action.APPROVE, comment=comment)


@transaction.atomic
def approval_reject(*, actor, request, comment) -> ApprovalRequest:
    return _decide(actor=actor, request=request, action=Action.REJECT, comment=comment)


@transaction.atomic
def approval_return(*, actor, request, comment) -> ApprovalRequest:
    """Send it back to the manager for revision; they edit and submit it again."""
    return _decide(actor=actor, request=request, action=Action.RETURN, comment=comment)


@transaction.atomic
def approval_acknowledge(*, actor, request, comment="") -> ApprovalRequest:
    """The executive director takes note of a notice of shortcomings."""
    return _decide(actor=actor, request=request, action=Action.ACKNOWLEDGE, comment=comment)


DECISION_SERVICES = {
    Action.APPROVE: approval_approve,
    Action.REJECT: approval_reject,
    Action.RETURN: approval_return,
    Action.ACKNOWLEDGE: approval_acknowledge,
}


@transaction.atomic
def approval_attach_file(*, actor, request, file) -> ApprovalAttachment:
    """Attach a PDF, image or Office file to a request still being written."""
    request = _lock(request)
    _check_owner(actor, request)
    _check_transition(request, Action.EDIT)
    try:
        content_type = validate_attachment(file)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    name = file.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    attachment = ApprovalAttachment(
        request=request,
        original_name=name[:255],
        content_type=content_type,
        size=file.size,
        uploaded_by=actor,
    )
    attachment.file.save(name, file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def approval_remove_attachment(*, actor, attachment) -> None:
    request = _lock(attachment.request)
    _check_owner(actor, request)
    _check_transition(request, Action.EDIT)
    stored = attachment.file.name
    attachment.delete()
    storage = attachment.file.storage
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(stored))
