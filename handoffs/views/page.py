"""The hand-off page: details, the forms of its actions, comments and attachments."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from handoffs import services
from handoffs.forms import (
    AssignForm,
    AttachmentForm,
    CommentForm,
    DealHandoverForm,
    DeclineForm,
    ReopenForm,
    ResultForm,
)
from handoffs.models import HandoffAttachment
from handoffs.rules import HandoffRules
from handoffs.selectors import with_row_relations
from handoffs.views.common import deal_handover_of, visible
from handoffs.waiting import attach_waited
from org.errors import DomainError
from org.feedback import report_refusal


def detail(request, pk):
    handoff = get_object_or_404(
        with_row_relations(visible(request)).select_related(
            "claim", "deal_handover__client_contact"
        ),
        pk=pk,
    )
    actions = HandoffRules(request.user).actions(handoff)
    attach_waited([handoff], timezone.now())
    handover = deal_handover_of(handoff)
    return render(
        request,
        "handoffs/detail.html",
        {
            "h": handoff,
            "actions": actions,
            "overdue": handoff.is_overdue(),
            "result_form": ResultForm(),
            "handover": handover,
            "handover_form": (
                DealHandoverForm(handover=handover)
                if handover is not None and "complete" in actions
                else None
            ),
            "decline_form": DeclineForm(),
            "reopen_form": ReopenForm(),
            "assign_form": (
                AssignForm(
                    department_id=handoff.department_id,
                    initial={"assignee": handoff.assignee_id},
                )
                if "assign" in actions
                else None
            ),
            "comment_form": CommentForm(),
            "attachment_form": AttachmentForm(),
            "comments": handoff.comments.select_related("author"),
            "attachments": handoff.attachments.select_related("uploaded_by"),
            "events": handoff.events.select_related("actor", "on_behalf_of", "assignee"),
        },
    )


def _add_comment(request, handoff, form):
    """The refusal's words, or "" once the comment is added (forbidden: 403)."""
    if not form.is_valid():
        return _("The comment is empty.")
    try:
        services.handoff_comment(
            actor=request.user, handoff=handoff, text=form.cleaned_data["text"]
        )
    except DomainError as error:
        if error.code == "forbidden":
            report_refusal(request, error)
        return error.message
    return ""


@require_POST
def comment(request, pk):
    handoff = get_object_or_404(visible(request), pk=pk)
    form = CommentForm(request.POST)
    error = _add_comment(request, handoff, form)
    if request.htmx:
        return render(
            request,
            "handoffs/_comments.html",
            {
                "h": handoff,
                "comments": handoff.comments.select_related("author"),
                "comment_form": CommentForm() if not error else form,
                "comment_error": error,
            },
            status=409 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Comment added."))
    return redirect(handoff)


@require_POST
def attach(request, pk):
    handoff = get_object_or_404(visible(request), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(handoff)
    try:
        services.handoff_attach(actor=request.user, handoff=handoff, file=form.cleaned_data["file"])
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, _("File attached."))
    return redirect(handoff)


def attachment(request, pk):
    """Download an attachment, only for those who see its hand-off."""
    item = get_object_or_404(HandoffAttachment.objects.filter(handoff__in=visible(request)), pk=pk)
    try:
        return FileResponse(item.file.open("rb"), as_attachment=True, filename=str(item))
    except FileNotFoundError:
        raise Http404 from None
