"""The manager's screens: my requests, write and edit a draft, draft a report, submit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals import selectors, services
from approvals.forms import ApprovalRequestForm, AttachmentForm, ReportPeriodForm, period_initial
from approvals.models import WRITTEN_ELSEWHERE, ApprovalAttachment, ApprovalRequest, Kind
from approvals.transitions import allowed_actions, is_editable
from org.errors import DomainError
from org.feedback import report_form_errors, report_refusal
from org.once import already_sent, create_once, repeated_submit
from org.pagination import keyset_page
from org.versioning import StaleVersionError, render_conflict


def _visible(request):
    return ApprovalRequest.objects.visible_to(request.user)


def _writable(request):
    """Requests these screens edit and submit: not those written on a page of their own
    (a monthly client report is edited and submitted from the report's page)."""
    return _visible(request).exclude(kind__in=WRITTEN_ELSEWHERE)


def _require_manager(request):
    if not request.user.is_support_manager:
        raise PermissionDenied(_("Only support managers write requests to the directors."))


def mine(request):
    """My requests, in three tabs: drafts (and returned), submitted, decided."""
    tab = request.GET.get("tab", "drafts")
    if tab not in selectors.TABS:
        tab = "drafts"
    visible = _visible(request)
    if request.user.is_director:
        visible = visible.filter(author=request.user)
    page = keyset_page(
        visible.filter(status__in=selectors.TABS[tab][1]).select_related("author", "on_behalf_of"),
        field="created_at",
        cursor=request.GET.get("cursor"),
        descending=True,
    )
    counts = selectors.tab_counts(visible)
    tabs = [
        {"key": key, "label": label, "count": counts[key], "active": key == tab}
        for key, (label, _statuses) in selectors.TABS.items()
    ]
    return render(request, "approvals/mine.html", {"page": page, "tabs": tabs, "tab": tab})


def choose_kind(request):
    _require_manager(request)
    kinds = [(value, label) for value, label in Kind.choices if value not in WRITTEN_ELSEWHERE]
    return render(request, "approvals/choose_kind.html", {"kinds": kinds})


def create(request, kind):
    _require_manager(request)
    if kind not in Kind.values or kind in WRITTEN_ELSEWHERE:
        raise Http404
    if (repeated := repeated_submit(request, fallback="approvals:mine")) is not None:
        return repeated
    form = ApprovalRequestForm(
        request.POST or None,
        kind=kind,
        user=request.user,
        initial=period_initial(None, None),
    )
    if request.method == "POST" and form.is_valid():
        try:
            approval, created = create_once(
                user=request.user,
                token=form.once_token,
                create=lambda: services.approval_create_draft(
                    actor=request.user,
                    kind=kind,
                    on_behalf_of=form.cleaned_data.get("on_behalf_of"),
                    **form.service_fields(),
                ),
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            if not created or approval is None:
                return already_sent(request, approval, fallback="approvals:mine")
            messages.success(request, _("The draft is saved. Submit it when it is ready."))
            return redirect(approval)
    return render(
        request,
        "approvals/form.html",
        {"form": form, "kind_label": Kind(kind).label, "approval": None},
    )


def edit(request, pk):
    approval = get_object_or_404(_writable(request), pk=pk)
    if not is_editable(approval):
        messages.error(request, _("Only a draft or a returned request can be edited."))
        return redirect(approval)

    def form_for(record, data):
        initial = {
            "title": record.title,
            "content": record.content,
            "amount": record.amount,
            "purpose": record.purpose,
            "contract": record.contract_id,
            **period_initial(record.period_type, record.period_start),
        }
        return ApprovalRequestForm(
            data,
            kind=record.kind,
            user=request.user,
            creating=False,
            initial=initial,
            version_of=record,
        )

    form = form_for(approval, request.POST or None)
    context = {"kind_label": approval.get_kind_display(), "approval": approval}
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_update_draft(
                actor=request.user, request=approval, **form.service_fields()
            )
        except StaleVersionError as error:
            return render_conflict(
                request, "approvals/form.html", context, form=form, error=error, form_for=form_for
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(approval)
    return render(request, "approvals/form.html", {**context, "form": form})


def draft_report(request):
    """Draft a report from data: choose the period, preview the figures, save the draft."""
    _require_manager(request)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = ReportPeriodForm(data, initial=period_initial(None, None))
    figures = None
    if form.is_valid():
        start, end = form.cleaned_data["period_start"], form.cleaned_data["period_end"]
        if request.method == "POST":
            try:
                approval = services.approval_draft_report(
                    actor=request.user,
                    period_start=start,
                    period_end=end,
                    period_type=form.cleaned_data["period_type"],
                )
            except DomainError as error:
                report_refusal(request, error)
            else:
                messages.success(
                    request,
                    _("The report is drafted from the data. Add your comments and submit it."),
                )
                return redirect(approval)
        figures = selectors.report_figures(
            manager_id=request.user.pk, period_start=start, period_end=end, now=timezone.now()
        )
    return render(
        request,
        "approvals/draft_report.html",
        {
            "form": form,
            "figure_rows": selectors.figure_rows(figures or {}, language=get_language() or "uk"),
            "previewed": figures is not None,
        },
    )


def detail(request, pk):
    approval = get_object_or_404(selectors.with_details(_visible(request)), pk=pk)
    return render(
        request,
        "approvals/detail.html",
        {
            "approval": approval,
            "steps": selectors.current_steps(approval),
            "earlier_steps": selectors.earlier_steps(approval),
            "figure_rows": selectors.figure_rows(approval.figures, language=get_language() or "uk"),
            "attachment_form": AttachmentForm(),
            "actions": allowed_actions(approval),
            "can_edit": is_editable(approval)
            and request.user.is_support_manager
            and approval.kind not in WRITTEN_ELSEWHERE,
        },
    )


def _act(request, pk, service, success):
    approval = get_object_or_404(_writable(request), pk=pk)
    try:
        service(actor=request.user, request=approval)
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, success)
    return redirect(approval)


@require_POST
def submit(request, pk):
    return _act(request, pk, services.approval_submit, _("Submitted to the directors."))


@require_POST
def refresh_figures(request, pk):
    return _act(request, pk, services.approval_refresh_figures, _("The figures are drafted anew."))


@require_POST
def attach(request, pk):
    approval = get_object_or_404(_writable(request), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect(approval)
    try:
        services.approval_attach_file(
            actor=request.user, request=approval, file=form.cleaned_data["file"]
        )
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, _("The file is attached."))
    return redirect(approval)


def _attachment(request, pk, attachment_pk):
    approval = get_object_or_404(_visible(request), pk=pk)
    attachment = get_object_or_404(
        ApprovalAttachment.objects.select_related("request"), pk=attachment_pk, request=approval
    )
    return approval, attachment


def attachment(request, pk, attachment_pk):
    """Download an attachment: only through the request's visibility, never as a static file."""
    _approval, attachment = _attachment(request, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_POST
def remove_attachment(request, pk, attachment_pk):
    approval, attachment = _attachment(request, pk, attachment_pk)
    if approval.kind in WRITTEN_ELSEWHERE:
        raise Http404
    try:
        services.approval_remove_attachment(actor=request.user, attachment=attachment)
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, _("The file is removed."))
    return redirect(approval)
