"""A request before it is submitted: written, edited, its files, a report's figures."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import PERIOD_KINDS, Action, ApprovalAttachment, ApprovalRequest, Kind
from approvals.rules import period_type_of
from approvals.selectors import report_figures
from approvals.services.common import ensure_may_change, lock, record_event, save
from approvals.transitions import APPROVAL_WORKFLOW
from contracts.models import Contract
from org.errors import DomainError
from org.models import User
from org.selectors import acting_for
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


class RequestFields(TypedDict, total=False):
    """The fields a manager writes (`EDITABLE_FIELDS`); which ones count depends on the kind."""

    title: str
    content: str
    period_type: str
    period_start: datetime.date | None
    period_end: datetime.date | None
    amount: Decimal | None
    purpose: str
    contract: Contract | None


def _period_fields(fields: RequestFields) -> RequestFields:
    start, end = fields.get("period_start"), fields.get("period_end")
    if start is None or end is None:
        raise DomainError(_("Choose the period the plan or report covers."))
    period_type = period_type_of(start, end)
    if period_type is None or (fields.get("period_type") or period_type) != period_type:
        raise DomainError(_("The period must be a calendar month, quarter or year."))
    return {"period_type": period_type, "period_start": start, "period_end": end}


def _funds_fields(fields: RequestFields) -> RequestFields:
    amount = fields.get("amount")
    if amount is None or Decimal(amount) <= 0:
        raise DomainError(_("Give the amount requested, in UAH."))
    purpose = (fields.get("purpose") or "").strip()
    if not purpose:
        raise DomainError(_("Say what the funds are for."))
    return {
        "amount": Decimal(amount).quantize(Decimal("0.01")),
        "purpose": purpose,
        "contract": fields.get("contract"),
    }


def _clean_fields(kind: str, fields: RequestFields) -> RequestFields:
    """Check what each kind needs; return the fields to store, the others emptied."""
    title = (fields.get("title") or "").strip()
    if not title:
        raise DomainError(_("Give the request a title."))
    cleaned: RequestFields = {
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
        cleaned.update(_period_fields(fields))
    if kind == Kind.EXTRA_FUNDS:
        cleaned.update(_funds_fields(fields))
    if kind == Kind.CLIENT_REPORT:
        cleaned["contract"] = fields.get("contract")
    return cleaned


def _stored_fields(request: ApprovalRequest) -> RequestFields:
    return {
        "title": request.title,
        "content": request.content,
        "period_type": request.period_type,
        "period_start": request.period_start,
        "period_end": request.period_end,
        "amount": request.amount,
        "purpose": request.purpose,
        "contract": request.contract,
    }


@transaction.atomic
def approval_create_draft(
    *, actor: User, kind: str, on_behalf_of: User | None = None, **fields: Unpack[RequestFields]
) -> ApprovalRequest:
    """Start a request as a draft; ``on_behalf_of``: the absent manager the actor covers."""
    if kind not in Kind.values:
        raise DomainError(_("Unknown kind of request."))
    if not actor.is_support_manager:
        raise DomainError(
            _("Only support managers write requests to the directors."), code="forbidden"
        )
    if on_behalf_of is not None and acting_for(actor, on_behalf_of) is None:
        raise DomainError(_("You can write on behalf of a manager only while covering for them."))
    request = ApprovalRequest(
        kind=kind, author=actor, on_behalf_of=on_behalf_of, **_clean_fields(kind, fields)
    )
    save(request, actor=actor, reason="created")
    record_event(request, actor=actor, action="", from_status="", on_behalf_of=on_behalf_of)
    return request


@transaction.atomic
def approval_update_draft(
    *,
    actor: User,
    request: ApprovalRequest,
    version: int | None = None,
    **fields: Unpack[RequestFields],
) -> ApprovalRequest:
    """Change a draft (or a request returned for revision) before it is submitted.

    ``version`` is the one the form was opened with; a stale one is refused.
    """
    request = lock_version(ApprovalRequest.objects, pk=request.pk, version=version)
    ensure_may_change(actor, request)
    APPROVAL_WORKFLOW.check(Action.EDIT, request.status)
    merged = _stored_fields(request)
    merged.update(fields)
    for name, value in _clean_fields(request.kind, merged).items():
        setattr(request, name, value)
    save(request, actor=actor, reason="edited")
    return request


def _freeze_figures(request: ApprovalRequest, *, now: datetime.datetime) -> None:
    if request.period_start is None or request.period_end is None:
        raise DomainError(_("Choose the period the plan or report covers."))
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
    actor: User,
    period_start: datetime.date,
    period_end: datetime.date,
    period_type: str = "",
    title: str = "",
    content: str = "",
    on_behalf_of: User | None = None,
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
    save(request, actor=actor, reason="figures drafted")
    return request


@transaction.atomic
def approval_refresh_figures(*, actor: User, request: ApprovalRequest) -> ApprovalRequest:
    """Recompute a draft report's figures from today's data (only before it is submitted)."""
    request = lock(request)
    ensure_may_change(actor, request)
    APPROVAL_WORKFLOW.check(Action.EDIT, request.status)
    if request.kind != Kind.REPORT:
        raise DomainError(_("Only a report carries figures from the data."))
    _freeze_figures(request, now=timezone.now())
    save(request, actor=actor, reason="figures refreshed")
    return request


@transaction.atomic
def approval_set_figures(
    *,
    actor: User,
    request: ApprovalRequest,
    figures: dict[str, Any],
    computed_at: datetime.datetime,
) -> ApprovalRequest:
    """Freeze figures another app drafted (a client's monthly report) in a request still
    being written: what the director approves is this snapshot."""
    request = lock(request)
    ensure_may_change(actor, request)
    APPROVAL_WORKFLOW.check(Action.EDIT, request.status)
    request.figures = figures
    request.figures_computed_at = computed_at
    save(request, actor=actor, reason="figures drafted")
    return request


@transaction.atomic
def approval_attach_file(
    *, actor: User, request: ApprovalRequest, file: UploadedFile
) -> ApprovalAttachment:
    """Attach a PDF, image or Office file to a request still being written."""
    request = lock(request)
    ensure_may_change(actor, request)
    APPROVAL_WORKFLOW.check(Action.EDIT, request.status)
    try:
        content_type = validate_attachment(file)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    name = (file.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    attachment = ApprovalAttachment(
        request=request,
        original_name=name[:255],
        content_type=content_type,
        size=file.size or 0,
        uploaded_by=actor,
    )
    attachment.file.save(name, file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def approval_remove_attachment(*, actor: User, attachment: ApprovalAttachment) -> None:
    """Remove a file from a request still being written."""
    request = lock(attachment.request)
    ensure_may_change(actor, request)
    APPROVAL_WORKFLOW.check(Action.EDIT, request.status)
    stored = attachment.file.name
    attachment.delete()
    storage = attachment.file.storage
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(stored))
