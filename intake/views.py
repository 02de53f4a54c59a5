"""The triage list of unmatched mail, a message's page and its one-click actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from intake import selectors, services
from intake.forms import AttachForm, MakeClaimForm
from intake.models import InboundAttachment, InboundMessage, Outcome
from intake.parsing import safe_html
from org.errors import DomainError
from org.feedback import report_form_errors, report_refusal
from org.pagination import keyset_page

PAGE_SIZE = 50
# The message's own HTML, in a sandboxed frame: no script, no form, no remote content.
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def _ensure_triage(request):
    if not selectors.may_triage(request.user):
        raise PermissionDenied(_("Only support managers and directors see the incoming mail."))


def _message(request, pk):
    _ensure_triage(request)
    visible = InboundMessage.objects.visible_to(request.user)
    return get_object_or_404(visible.select_related("client", "contact", "claim"), pk=pk)


def triage_list(request):
    _ensure_triage(request)
    page = keyset_page(
        selectors.triage_list(request.user),
        field="received_at",
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
        descending=True,
    )
    return render(request, "intake/list.html", {"page": page, "rows": page.rows})


def message_detail(request, pk):
    message = _message(request, pk)
    in_triage = message.outcome == Outcome.TRIAGE
    return render(
        request,
        "intake/detail.html",
        {
            "message": message,
            "attachments": list(message.attachments.all()),
            "in_triage": in_triage,
            "claim_form": MakeClaimForm(user=request.user, client=message.client)
            if in_triage
            else None,
            "attach_form": AttachForm(user=request.user) if in_triage else None,
        },
    )


@xframe_options_sameorigin
def message_html(request, pk):
    message = _message(request, pk)
    response = HttpResponse(safe_html(message.body_html), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = HTML_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


def attachment_download(request, pk):
    _ensure_triage(request)
    visible = InboundMessage.objects.visible_to(request.user)
    attachment = get_object_or_404(InboundAttachment.objects.filter(message__in=visible), pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _act(request, message, action, success):
    try:
        result = action()
    except DomainError as error:
        report_refusal(request, error)
        return redirect(message)
    messages.success(request, success)
    return redirect(result)


@require_POST
def make_claim(request, pk):
    message = _message(request, pk)
    form = MakeClaimForm(request.POST, user=request.user)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect(message)
    return _act(
        request,
        message,
        lambda: services.message_make_claim(
            actor=request.user,
            message=message,
            contract=form.cleaned_data["contract"],
            category=form.cleaned_data["category"],
        ),
        _("The claim is registered from the message."),
    )


@require_POST
def attach(request, pk):
    message = _message(request, pk)
    form = AttachForm(request.POST, user=request.user)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect(message)
    return _act(
        request,
        message,
        lambda: services.message_attach(
            actor=request.user, message=message, claim=form.cleaned_data["claim"]
        ),
        _("The message is added to the claim."),
    )


@require_POST
def dismiss(request, pk):
    message = _message(request, pk)
    try:
        services.message_dismiss(actor=request.user, message=message)
    except DomainError as error:
        report_refusal(request, error)
        return redirect(message)
    messages.success(request, _("The message is taken out of triage."))
    return redirect("intake:list")
