"""Three dashboards, one per role, and the two lists behind their figures."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.selectors import with_promptness
from dashboards import presenters, selectors
from dashboards.charts import LATE, ON_TIME, link
from org.pagination import keyset_page, query_without_cursor

PAGE_SIZE = 50


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


# --- the manager ----------------------------------------------------------------------


def manager(request):
    _require(request.user.is_support_manager)
    now = timezone.now()
    data = selectors.manager_dashboard(request.user, now=now)
    today = now.astimezone(selectors.KYIV).date()
    expiring = presenters.expiring_with_links(data["expiring"])
    return render(
        request,
        "dashboards/manager.html",
        {
            **data,
            "expiring": expiring,
            "now": now,
            "open_total": sum(bucket["count"] for bucket in data["by_age"]),
            "open_url": link("dashboards:claims", mine=1, open=1),
            "age_chart": presenters.age_chart(data["by_age"]),
            "timeline": presenters.expiry_timeline(expiring, today=today),
            "promptness_cards": presenters.promptness_cards(data["promptness"]),
            "expiry_days": selectors.EXPIRY_DAYS,
            "places": selectors.linked_breakdown(data["places"], mine=True),
        },
    )


# --- the department head --------------------------------------------------------------


def department(request):
    _require(request.user.is_department_head)
    now = timezone.now()
    data = selectors.department_dashboard(request.user, now=now)
    return render(
        request,
        "dashboards/department.html",
        {
            **data,
            "department": request.user.department,
            "by_assignee_chart": presenters.assignee_chart(data["load"]["by_assignee"]),
            "by_kind_chart": presenters.kind_chart(data["load"]["by_kind"]),
            "median_chart": presenters.median_chart(data["completion"]["per_assignee"]),
            "open_url": link("handoffs:inbox", tab="department"),
            "overdue_url": link("handoffs:inbox", tab="overdue"),
            "done_url": link("dashboards:handoffs", state="done"),
        },
    )


# --- the directors --------------------------------------------------------------------


def directors(request):
    _require(request.user.is_director)
    now = timezone.now()
    data = selectors.directors_dashboard(request.user, now=now)
    return render(
        request,
        "dashboards/directors.html",
        {
            **data,
            "on_time": presenters.on_time_table(data["on_time"]),
            "client_chart": presenters.top_chart(data["per_client"], "client"),
            "site_chart": presenters.top_chart(data["per_site"], "site", label_width=280),
            "stage_chart": presenters.stage_chart(data["stages"]),
            "stage_total_count": sum(s["count"] for s in data["stages"]),
            "top_days": selectors.TOP_WINDOW_DAYS,
            "on_time_css": ON_TIME,
            "late_css": LATE,
        },
    )


# --- the lists behind the figures ----------------------------------------------------


def claims(request):
    """The claims behind a dashboard figure, newest first, within what the user sees."""
    now = timezone.now()
    params = request.GET
    rows = selectors.figure_claims(request.user, params=params, now=now).select_related(
        "contract__client", "site"
    )
    page = keyset_page(
        rows, field="received_at", cursor=params.get("cursor"), size=PAGE_SIZE, descending=True
    )
    with_promptness(page.rows, now)
    return render(
        request,
        "dashboards/claims.html",
        {
            "page": page,
            "claims": page.rows,
            "query": query_without_cursor(request.GET),
            "filters": presenters.claim_filter_labels(params),
            "back": _back_to(request.user),
        },
    )


def handoffs(request):
    """The department's hand-offs behind a dashboard figure: open ones soonest due first,
    finished ones newest first."""
    _require(request.user.is_department_head or request.user.is_director)
    now = timezone.now()
    params = request.GET
    rows = selectors.figure_handoffs(request.user, params=params, now=now).select_related(
        "assignee", "requested_by", "contract__client", "client", "claim"
    )
    state = presenters.handoff_state(params)
    field, descending = ("completed_at", True) if state == "done" else ("due_at", False)
    page = keyset_page(
        rows, field=field, cursor=params.get("cursor"), size=PAGE_SIZE, descending=descending
    )
    for row in page.rows:
        row.overdue_by = now - row.due_at if row.is_overdue(now) else None
    return render(
        request,
        "dashboards/handoffs.html",
        {
            "page": page,
            "rows": page.rows,
            "query": query_without_cursor(request.GET),
            "filters": presenters.handoff_filter_labels(params, state, viewer=request.user),
            "now": now,
            "back": _back_to(request.user),
        },
    )


def _back_to(user):
    """The dashboard a drill-down list leads back to, by role."""
    if user.is_director:
        return {"url": link("dashboards:directors"), "label": _("Directors' dashboard")}
    if user.is_support_manager:
        return {"url": link("dashboards:manager"), "label": _("My dashboard")}
    if user.is_department_head:
        return {"url": link("dashboards:department"), "label": _("Department dashboard")}
    return None
