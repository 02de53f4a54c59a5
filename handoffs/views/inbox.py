"""The department member's inbox: its tabs, the CSV of a tab, and bulk actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from handoffs import services
from handoffs.export import inbox_download
from handoffs.filters import SORTS, HandoffFilter, sort_of
from handoffs.forms import AssignForm, BulkForm
from handoffs.rules import HandoffRules
from handoffs.selectors import (
    default_tab,
    inbox_counts,
    inbox_order,
    inbox_queryset,
    inbox_tabs,
    with_row_relations,
)
from handoffs.views.common import PAGE_SIZE, back, decorate, require_department
from org.errors import DomainError
from org.feedback import report_form_errors, report_refusal
from org.pagination import keyset_page
from org.saved_views import PageKey, with_saved_views
from org.selectors import department_members


def _tab(request, tabs):
    """The tab asked for, if the user has it; else the user's default."""
    asked = request.GET.get("tab")
    return asked if asked in {tab.key for tab in tabs} else default_tab(request.user)


def _inbox_rows(request, tab):
    rows = inbox_queryset(request.user, tab)
    filterset = HandoffFilter(request.GET, queryset=rows, request=request)
    return filterset, filterset.qs


@with_saved_views(PageKey.INBOX)
def inbox(request):
    """The department member's home: tabs, filters, keyset pages, one-click actions."""
    if not request.user.is_department_member:
        if request.user.is_support_manager:
            return redirect("handoffs:mine")
        raise PermissionDenied
    tabs = inbox_tabs(request.user)
    tab = _tab(request, tabs)
    filterset, rows = _inbox_rows(request, tab)
    sort = sort_of(request)
    field, descending = inbox_order(tab, sort)
    page = keyset_page(
        with_row_relations(rows),
        field=field,
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
        descending=descending,
    )
    now = timezone.now()
    rules = HandoffRules(request.user)
    is_head = request.user.is_department_head
    return render(
        request,
        "handoffs/inbox.html",
        {
            "tabs": tabs,
            "tab": tab,
            "counts": inbox_counts(request.user, now=now),
            "filter": filterset,
            "sorts": SORTS,
            "sort": sort,
            "page": page,
            "rows": decorate(page.rows, rules, now),
            # Read by every row (a refused action's reason when one row is answered alone);
            # set here, because a name missing from the context costs each row a lookup.
            "error": "",
            "is_head": is_head,
            "members": department_members(request.user.department_id) if is_head else [],
            "next_url": request.get_full_path(),
        },
    )


def inbox_export(request, fmt="csv"):
    """The inbox tab as CSV or XLSX: the same filters and visibility as the screen."""
    require_department(request)
    tab = _tab(request, inbox_tabs(request.user))
    _filterset, rows = _inbox_rows(request, tab)
    field, descending = inbox_order(tab, sort_of(request))
    order = (f"-{field}", "-id") if descending else (field, "id")
    rows = with_row_relations(rows).order_by(*order)
    return inbox_download(rows, fmt=fmt, tab=tab, now=timezone.now())


def _bulk_assignee(request, action):
    """The assignee a head's bulk assign names; a refusal when none of the department."""
    if action != "assign":
        return None
    form = AssignForm(request.POST, department_id=request.user.department_id)
    if not form.is_valid():
        raise DomainError(_("Choose someone from the department."))
    return form.cleaned_data["assignee"]


def _bulk_done(action, count):
    """What a bulk move did, in the past tense ("Taken: 3 hand-offs."), not the button's
    imperative ("Take: 3")."""
    if action == "take":
        text = ngettext("Taken: %(count)s hand-off.", "Taken: %(count)s hand-offs.", count)
    elif action == "assign":
        text = ngettext("Assigned: %(count)s hand-off.", "Assigned: %(count)s hand-offs.", count)
    else:
        text = ngettext("Completed: %(count)s hand-off.", "Completed: %(count)s hand-offs.", count)
    return text % {"count": count}


def _report_bulk(request, action, outcome):
    if outcome.done:
        messages.success(request, _bulk_done(action, outcome.done))
    for reason in outcome.refused[:10]:
        messages.error(request, reason)


@require_POST
def bulk(request):
    """Take, complete or assign the selected rows; each row is its own transaction."""
    require_department(request)
    form = BulkForm(request.POST)
    if not form.is_valid():
        if "action" in form.errors or "ids" in form.errors:
            messages.error(request, _("Select the rows and an action."))
        else:
            report_form_errors(request, form)
        return back(request)
    action = form.cleaned_data["action"]
    try:
        services.ensure_may_bulk(request.user, action)
        outcome = services.handoff_bulk(
            actor=request.user,
            action=action,
            ids=form.cleaned_data["ids"],
            result=form.cleaned_data["result"],
            assignee=_bulk_assignee(request, action),
        )
    except DomainError as error:
        report_refusal(request, error)
        return back(request)
    _report_bulk(request, action, outcome)
    return back(request)
