"""One-click actions on a hand-off, from its row in the inbox (HTMX) or its page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from handoffs import services
from handoffs.forms import AssignForm, DealHandoverForm, DeclineForm, ReopenForm, ResultForm
from handoffs.rules import HandoffRules
from handoffs.selectors import with_row_relations
from handoffs.views.common import back, deal_handover_of, decorate, visible
from org.errors import DomainError
from org.feedback import report_refusal


def _row_response(request, handoff, *, error="", status=200):
    handoff = with_row_relations(visible(request)).get(pk=handoff.pk)
    decorate([handoff], HandoffRules(request.user), timezone.now())
    html = render_to_string(
        "handoffs/_row.html",
        {
            "h": handoff,
            "error": error,
            "is_head": request.user.is_department_head,
            "next_url": request.POST.get("next", ""),
            "csrf_row": True,
        },
        request=request,
    )
    return HttpResponse(html, status=status)


def _run(request, handoff, call, success):
    """Run a service for a one-click action; answer the row (HTMX) or redirect with a message."""
    try:
        call()
    except DomainError as error:
        if request.htmx and error.code != "forbidden":
            # 409: the row shows the reason and the hand-off as it is now.
            return _row_response(request, handoff, error=error.message, status=409)
        report_refusal(request, error)
        return back(request, handoff)
    if request.htmx:
        return _row_response(request, handoff)
    messages.success(request, success)
    return back(request, handoff)


def row_more(request, pk):
    """The inbox row's "more" menu (htmx): its actions after the one the row shows.

    The hand-off is looked up before the method is checked, so that a POST from outside
    its department learns nothing more than a GET (404)."""
    handoff = get_object_or_404(with_row_relations(visible(request)), pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if not request.htmx:
        return redirect(handoff)
    decorate([handoff], HandoffRules(request.user), timezone.now())
    return render(request, "handoffs/_row_more.html", {"h": handoff})


@require_POST
def take(request, pk):
    handoff = get_object_or_404(visible(request), pk=pk)
    return _run(
        request,
        handoff,
        lambda: services.handoff_take(actor=request.user, handoff=handoff),
        _("The hand-off is yours now."),
    )


@require_POST
def start(request, pk):
    handoff = get_object_or_404(visible(request), pk=pk)
    return _run(
        request,
        handoff,
        lambda: services.handoff_start(actor=request.user, handoff=handoff),
        _("Work on the hand-off has started."),
    )


def _posted_text(request, form_class, name):
    """``name`` through the action's form, which refuses NUL and overlong text (raised as a
    refusal, so it is answered like one). Empty text is passed on: the service refuses
    it where the action needs it, with its own message."""
    form = form_class(request.POST)
    form.fields[name].required = False
    if not form.is_valid():
        raise DomainError(" ".join(form.errors[name]))
    return form.cleaned_data[name]


def _action_form(request, handoff, action):
    """GET on complete or decline: the small form a row opens (htmx), else the hand-off page.

    Rows do not carry these forms: fifty of them doubled the inbox's size. A deal
    handover is completed on its page, whose form has the handover's fields."""
    if not HandoffRules(request.user).may(action, handoff):
        raise PermissionDenied
    if not request.htmx:
        return redirect(handoff)
    if action == "complete" and deal_handover_of(handoff) is not None:
        return HttpResponse(headers={"HX-Redirect": handoff.get_absolute_url()})
    next_url = request.htmx.current_url_abs_path or reverse("handoffs:inbox")
    context = {"h": handoff, "action": action, "next_url": next_url}
    return render(request, "handoffs/_row_action_form.html", context)


def _complete_handover(request, handoff, handover):
    """Complete a deal handover with its fields; a form error goes back to its page."""
    form = DealHandoverForm(request.POST, handover=handover)
    if not form.is_valid():
        if not HandoffRules(request.user).may("complete", handoff):
            raise PermissionDenied
        errors = form.error_text()
        if request.htmx:
            return _row_response(request, handoff, error=errors, status=409)
        for line in errors.split("\n"):
            messages.error(request, line)
        return redirect(handoff)
    return _run(
        request,
        handoff,
        lambda: services.deal_handover_complete(
            actor=request.user, handoff=handoff, **form.cleaned_data
        ),
        _("The hand-off is done."),
    )


@require_http_methods(["GET", "POST"])
def complete(request, pk):
    handoff = get_object_or_404(visible(request).select_related("deal_handover"), pk=pk)
    if request.method == "GET":
        return _action_form(request, handoff, "complete")
    handover = deal_handover_of(handoff)
    if handover is not None:
        return _complete_handover(request, handoff, handover)
    return _run(
        request,
        handoff,
        lambda: services.handoff_complete(
            actor=request.user, handoff=handoff, result=_posted_text(request, ResultForm, "result")
        ),
        _("The hand-off is done."),
    )


@require_http_methods(["GET", "POST"])
def decline(request, pk):
    handoff = get_object_or_404(visible(request), pk=pk)
    if request.method == "GET":
        return _action_form(request, handoff, "decline")
    return _run(
        request,
        handoff,
        lambda: services.handoff_decline(
            actor=request.user, handoff=handoff, reason=_posted_text(request, DeclineForm, "reason")
        ),
        _("The hand-off is declined."),
    )


@require_POST
def reopen(request, pk):
    handoff = get_object_or_404(visible(request), pk=pk)
    return _run(
        request,
        handoff,
        lambda: services.handoff_reopen(
            actor=request.user, handoff=handoff, reason=_posted_text(request, ReopenForm, "reason")
        ),
        _("The hand-off is open again."),
    )


@require_POST
def assign(request, pk):
    handoff = get_object_or_404(visible(request), pk=pk)
    form = AssignForm(request.POST, department_id=handoff.department_id)
    if not form.is_valid():
        if not HandoffRules(request.user).may("assign", handoff):
            raise PermissionDenied
        messages.error(request, _("Choose someone from the department."))
        return back(request, handoff)
    assignee = form.cleaned_data["assignee"]
    return _run(
        request,
        handoff,
        lambda: services.handoff_assign(actor=request.user, handoff=handoff, assignee=assignee),
        _("Assigned to %(name)s.") % {"name": assignee},
    )
