"""A client report submitted to the directors: an approvals request of its own kind,
carrying the frozen figures and the very PDF the client will receive."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest, Kind, PeriodType
from approvals.services import (
    approval_attach_file,
    approval_create_draft,
    approval_remove_attachment,
    approval_set_figures,
    approval_submit,
    approval_update_draft,
)
from org.errors import DomainError
from org.models import User
from org.selectors import acting_for
from reports.models import ClientReport
from reports.pdf import pdf_filename, report_pdf
from reports.presenters import month_label
from reports.services.common import ensure_editable, lock, save


def _request_fields(report: ClientReport) -> dict[str, object]:
    contract = report.contract
    return {
        "title": _("Monthly report to %(client)s, contract No. %(number)s, %(month)s")
        % {
            "client": contract.client,
            "number": contract.number,
            "month": month_label(report.month),
        },
        "content": "\n\n".join(part for part in (report.summary, report.planned) if part),
        "period_type": PeriodType.MONTH,
        "period_start": report.month,
        "period_end": report.month_end,
        "contract": contract,
    }


def _approval_draft(actor: User, report: ClientReport) -> ApprovalRequest:
    fields = _request_fields(report)
    if report.approval is None:
        return approval_create_draft(
            actor=actor,
            kind=Kind.CLIENT_REPORT,
            on_behalf_of=acting_for(actor, report.contract.manager),
            **fields,  # type: ignore[arg-type]  # the RequestFields of the kind
        )
    return approval_update_draft(actor=actor, request=report.approval, **fields)  # type: ignore[arg-type]


def _attach_pdf(actor: User, report: ClientReport, approval: ApprovalRequest) -> None:
    if report.pdf is not None:
        approval_remove_attachment(actor=actor, attachment=report.pdf)
    content = report_pdf(report)
    report.pdf = approval_attach_file(
        actor=actor,
        request=approval,
        file=SimpleUploadedFile(pdf_filename(report), content, content_type="application/pdf"),
    )


@transaction.atomic
def client_report_submit(*, actor: User, report: ClientReport) -> ClientReport:
    """Send the report to the directors: its figures are frozen in the request, and the
    PDF rendered now is attached to it; that PDF is what goes to the client once approved.
    A report returned for revision is submitted again the same way."""
    report = lock(report)
    ensure_editable(actor, report)
    if not report.figures or report.figures_computed_at is None:
        raise DomainError(_("Draw the report's figures from the data first."), code="figures")
    approval = _approval_draft(actor, report)
    approval = approval_set_figures(
        actor=actor,
        request=approval,
        figures=report.figures,
        computed_at=report.figures_computed_at,
    )
    report.approval = approval
    _attach_pdf(actor, report, approval)
    save(report, actor=actor, reason="submitted")
    report.approval = approval_submit(actor=actor, request=approval)
    return report
