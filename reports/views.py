"""The client reports' screens: the list, a report's page, its text, its PDF, sending."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.errors import DomainError
from org.feedback import report_form_errors, report_refusal
from org.models import User
from org.pagination import keyset_page, query_without_cursor
from org.selectors import may_act_on, represented_user_ids
from org.versioning import StaleVersionError, render_conflict
from reports import services
from reports.figures import previous_month
from reports.forms import MonthForm, ReportTextForm, SendForm
from reports.models import ClientReport, ClientReportQuerySet, ReportStatus
from reports.pdf import pdf_filename, report_pdf
from reports.presenters import month_label, report_context
from reports.selectors import last_recipients, recipient_choices, report_deliveries


class SignedInRequest(HttpRequest):
    user: User


def _visible(request: SignedInRequest) -> ClientReportQuerySet:
    return ClientReport.objects.visible_to(request.user).select_related(
        "contract__client", "contract__manager", "approval", "pdf"
    )


def _get(request: SignedInRequest, pk: int) -> ClientReport:
    return get_object_or_404(_visible(request), pk=pk)


def _filtered(request: SignedInRequest) -> tuple[ClientReportQuerySet, MonthForm, str]:
    reports = _visible(request)
    month_form = MonthForm(request.GET or None)
    if request.GET.get("month") and month_form.is_valid():
        reports = reports.filter(month=month_form.cleaned_data["month"])
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        reports = reports.with_status(status)
    else:
        status = ""
    return reports, month_form, status


def report_list(request: SignedInRequest) -> HttpResponse:
    """Managers: the reports of their portfolio (and of those they cover); directors: all."""
    if not (request.user.is_support_manager or request.user.is_director):
        raise PermissionDenied(_("Client reports are for support managers and directors."))
    reports, month_form, status = _filtered(request)
    page = keyset_page(reports, field="month", cursor=request.GET.get("cursor"), descending=True)
    last_month = previous_month(timezone.localdate())
    return render(
        request,
        "reports/list.html",
        {
            "page": page,
            "month_form": month_form,
            "status": status,
            "statuses": ReportStatus.choices,
            "query": query_without_cursor(request.GET),
            "can_draft": request.user.is_support_manager,
            "draft_form": MonthForm(initial={"month": last_month}),
            "last_month": month_label(last_month),
        },
    )


@require_POST
def report_draft_month(request: SignedInRequest) -> HttpResponse:
    """Draft the month's missing reports of the manager's contracts (the monthly job's
    work, for a contract that began late or a month the job did not run)."""
    if not request.user.is_support_manager:
        raise PermissionDenied(_("Only support managers draft client reports."))
    form = MonthForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("reports:list")
    month = form.cleaned_data["month"]
    try:
        drafted = services.client_reports_draft_month(
            month=month, actor=request.user, manager_ids=represented_user_ids(request.user)
        )
    except DomainError as error:
        report_refusal(request, error)
        return redirect("reports:list")
    messages.success(
        request,
        _("Reports drafted for %(month)s: %(count)s.")
        % {"month": month_label(month), "count": drafted},
    )
    return redirect(f"{reverse('reports:list')}?month={month:%Y-%m}")


def report_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    may_act = may_act_on(request.user, report.contract)
    context: dict[str, Any] = {
        "report": report,
        "month": month_label(report.month),
        "may_act": may_act,
        "can_edit": may_act and report.is_editable and request.user.is_support_manager,
        "can_send": may_act and report.is_approved,
        "deliveries": report_deliveries(report),
        **report_context(report.figures),
    }
    if context["can_send"]:
        contacts = recipient_choices(report)
        # Ticked: whom the previous report went to, else the primary contact.
        chosen = last_recipients(report) or {c.pk for c in contacts if c.is_primary}
        context["send_form"] = SendForm(contacts=contacts, initial={"contacts": sorted(chosen)})
    return render(request, "reports/detail.html", context)


def report_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    if not may_act_on(request.user, report.contract):
        raise PermissionDenied(
            _("Only the manager responsible, their cover or a director may do this.")
        )
    if not report.is_editable:
        messages.error(
            request, _("The report is with the directors or decided: it cannot be changed now.")
        )
        return redirect(report)

    def form_for(record: Any, data: Any) -> ReportTextForm:
        initial = {"summary": record.summary, "planned": record.planned}
        return ReportTextForm(data, initial=initial, version_of=record)

    form = form_for(report, request.POST or None)
    context = {"report": report, "month": month_label(report.month)}
    if request.method == "POST" and form.is_valid():
        try:
            services.client_report_update(
                actor=request.user,
                report=report,
                summary=form.cleaned_data["summary"],
                planned=form.cleaned_data["planned"],
                version=form.cleaned_data.get("version"),
            )
        except StaleVersionError as error:
            return render_conflict(
                request, "reports/form.html", context, form=form, error=error, form_for=form_for
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("The report's text is saved."))
            return redirect(report)
    return render(request, "reports/form.html", {**context, "form": form})


def _act(request: SignedInRequest, pk: int, service: Any, success: str) -> HttpResponse:
    report = _get(request, pk)
    try:
        service(actor=request.user, report=report)
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, success)
    return redirect(report)


@require_POST
def report_refresh(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, services.client_report_refresh, _("The figures are drawn from the data anew.")
    )


@require_POST
def report_submit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.client_report_submit,
        _("The report is submitted to the executive director for approval."),
    )


def report_pdf_view(request: SignedInRequest, pk: int) -> HttpResponseBase:
    """The submitted PDF (the one the client receives), or a preview of a draft."""
    report = _get(request, pk)
    download = request.GET.get("download") == "1"
    if report.pdf is not None:
        try:
            handle = report.pdf.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle,
            as_attachment=download,
            filename=pdf_filename(report),
            content_type="application/pdf",
        )
    response = HttpResponse(report_pdf(report, draft=True), content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{pdf_filename(report)}"'
    return response


@require_POST
def report_send(request: SignedInRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    form = SendForm(request.POST, contacts=recipient_choices(report))
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect(report)
    try:
        delivery = services.client_report_send(
            actor=request.user, report=report, contacts=form.cleaned_data["contacts"]
        )
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(
            request, _("The report is being sent to: %(to)s.") % {"to": delivery.recipient_names}
        )
    return redirect(report)
