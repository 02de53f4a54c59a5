"""Three dashboards, one per role, and the two lists behind their figures."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims.selectors import with_promptness
from clients.models import Client, Site
from dashboards import charts, selectors
from dashboards.charts import LATE, MUTED, NORMAL, ON_TIME, link
from handoffs.models import Kind
from org.models import Department, User
from org.pagination import keyset_page, query_without_cursor
from org.params import ascii_id

PAGE_SIZE = 50


def _number(value, places) -> str:
    return number_format(value, places, use_l10n=True, force_grouping=True)


def _money(value) -> str:
    return _number(value, 2)


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


# --- the manager ----------------------------------------------------------------------


def _age_chart(by_age):
    return charts.columns(
        [
            {
                "label": bucket["label"],
                "value": bucket["count"],
                "css": NORMAL,
                "url": link("dashboards:claims", mine=1, open=1, age=bucket["key"]),
            }
            for bucket in by_age
        ]
    )


def _promptness_cards(data):
    """Three figures, this month against last: the better direction of each decides the
    colour of the change."""
    this, last = data["this_month"], data["last_month"]
    this_key, last_key = data["this_key"], data["last_key"]
    cards = []
    for key, label, unit, higher_is_better, fixed in (
        ("fixed_on_time_pct", _("Fixed on time"), "%", True, "on_time"),
        ("median_hours_to_fix", _("Median time to fix"), _("h"), False, None),
        ("responded_on_time_pct", _("Responded on time"), "%", True, None),
    ):
        change = data["change"][key]
        better = None if not change else (change > 0) == higher_is_better
        values = [v for v in (this[key], last[key]) if v is not None]
        peak = max(values, default=0) or 1
        cards.append(
            {
                "label": label,
                "unit": unit,
                "this": this[key],
                "last": last[key],
                "change": change,
                "better": better,
                "this_w": round(100 * (this[key] or 0) / peak, 1),
                "last_w": round(100 * (last[key] or 0) / peak, 1),
                "this_url": link("dashboards:claims", mine=1, resolved=this_key, fixed=fixed),
                "last_url": link("dashboards:claims", mine=1, resolved=last_key, fixed=fixed),
            }
        )
    return cards


def manager(request):
    _require(request.user.is_support_manager)
    now = timezone.now()
    data = selectors.manager_dashboard(request.user, now=now)
    today = now.astimezone(selectors.KYIV).date()
    for entry in data["expiring"]:
        entry["url"] = entry["contract"].get_absolute_url()
    return render(
        request,
        "dashboards/manager.html",
        {
            **data,
            "now": now,
            "open_total": sum(bucket["count"] for bucket in data["by_age"]),
            "open_url": link("dashboards:claims", mine=1, open=1),
            "age_chart": _age_chart(data["by_age"]),
            "timeline": charts.timeline(data["expiring"], today=today, days=selectors.EXPIRY_DAYS),
            "promptness_cards": _promptness_cards(data["promptness"]),
            "expiry_days": selectors.EXPIRY_DAYS,
        },
    )


# --- the department head --------------------------------------------------------------


def _assignee_param(entry):
    return entry["id"] if entry["id"] is not None else "none"


def _median_label(entry):
    """A median of 0.0 h measures nothing (hand-offs done as soon as made): a dash."""
    if not entry["median_hours"]:
        count = entry["completed"]
        return "— · " + ngettext("%(count)s done", "%(count)s done", count) % {"count": count}
    return _("%(hours)s h · %(count)s done") % {
        "hours": _number(entry["median_hours"], 1),
        "count": entry["completed"],
    }


def department(request):
    _require(request.user.is_department_head)
    now = timezone.now()
    data = selectors.department_dashboard(request.user, now=now)
    load, completion = data["load"], data["completion"]
    by_assignee = charts.stacked_rows(
        [
            {
                "label": entry["name"],
                "url": link("dashboards:handoffs", state="open", assignee=_assignee_param(entry)),
                "segments": [
                    {
                        "value": entry["overdue"],
                        "css": LATE,
                        "title": _("Overdue"),
                        "url": link(
                            "dashboards:handoffs",
                            state="overdue",
                            assignee=_assignee_param(entry),
                        ),
                    },
                    {
                        "value": entry["open"] - entry["overdue"],
                        "css": NORMAL,
                        "title": _("Open, not overdue"),
                        "url": link(
                            "dashboards:handoffs",
                            state="pending",
                            assignee=_assignee_param(entry),
                        ),
                    },
                ],
            }
            for entry in load["by_assignee"]
        ]
    )
    by_kind = charts.stacked_rows(
        [
            {
                "label": entry["label"],
                "url": link("handoffs:inbox", tab="department", kind=entry["kind"]),
                "segments": [
                    {
                        "value": entry["overdue"],
                        "css": LATE,
                        "title": _("Overdue"),
                        "url": link("handoffs:inbox", tab="overdue", kind=entry["kind"]),
                    },
                    {
                        "value": entry["open"] - entry["overdue"],
                        "css": NORMAL,
                        "title": _("Open, not overdue"),
                        "url": link("dashboards:handoffs", state="pending", kind=entry["kind"]),
                    },
                ],
            }
            for entry in load["by_kind"]
        ],
        label_width=260,
    )
    medians = charts.stacked_rows(
        [
            {
                "label": entry["name"],
                "url": link("dashboards:handoffs", state="done", assignee=_assignee_param(entry)),
                "total_label": _median_label(entry),
                "segments": [
                    {
                        "value": entry["median_hours"],
                        "css": NORMAL,
                        "title": _("Median time to complete"),
                        "url": link(
                            "dashboards:handoffs", state="done", assignee=_assignee_param(entry)
                        ),
                    }
                ],
            }
            for entry in completion["per_assignee"]
        ],
        width=900,
        label_width=220,
        value_width=170,
    )
    return render(
        request,
        "dashboards/department.html",
        {
            **data,
            "department": request.user.department,
            "by_assignee_chart": by_assignee,
            "by_kind_chart": by_kind,
            "median_chart": medians,
            "open_url": link("handoffs:inbox", tab="department"),
            "overdue_url": link("handoffs:inbox", tab="overdue"),
            "done_url": link("dashboards:handoffs", state="done"),
        },
    )


# --- the directors --------------------------------------------------------------------


def _top_chart(rows, param, label_width=200):
    return charts.stacked_rows(
        [
            {
                "label": row["label"],
                "sublabel": row.get("client", ""),
                "url": link(
                    "dashboards:claims", days=selectors.TOP_WINDOW_DAYS, **{param: row["id"]}
                ),
                "segments": [
                    {
                        "value": row["count"],
                        "css": NORMAL,
                        "title": _("Claims"),
                        "url": link(
                            "dashboards:claims",
                            days=selectors.TOP_WINDOW_DAYS,
                            **{param: row["id"]},
                        ),
                    }
                ],
            }
            for row in rows
        ],
        width=560,
        label_width=label_width,
        value_width=40,
    )


def directors(request):
    _require(request.user.is_director)
    now = timezone.now()
    data = selectors.directors_dashboard(request.user, now=now)
    for row in data["on_time"]["rows"]:
        for cell in row["cells"]:
            late = cell["resolved"] - cell["on_time"]
            cell["url"] = link(
                "dashboards:claims", department=row["department"].pk, resolved=cell["month"]
            )
            cell["on_time_url"] = link(
                "dashboards:claims",
                department=row["department"].pk,
                resolved=cell["month"],
                fixed="on_time",
            )
            cell["late_url"] = link(
                "dashboards:claims",
                department=row["department"].pk,
                resolved=cell["month"],
                fixed="late",
            )
            cell["late"] = late
            cell["on_time_w"] = (
                round(100 * cell["on_time"] / cell["resolved"], 1) if cell["resolved"] else 0
            )
    stages = charts.stacked_rows(
        [
            {
                "label": stage["label"],
                "url": link("contracts:list", stage=stage["stage"]),
                "total_label": _("%(count)s · %(value)s UAH")
                % {"count": stage["count"], "value": _money(stage["value"])},
                "segments": [
                    {
                        "value": float(stage["value"]),
                        "css": MUTED if stage["stage"] in ("closed", "cancelled") else NORMAL,
                        "title": _("Monthly value, UAH"),
                        "url": link("contracts:list", stage=stage["stage"]),
                    }
                ],
            }
            for stage in data["stages"]
        ],
        width=900,
        label_width=140,
        value_width=260,
    )
    return render(
        request,
        "dashboards/directors.html",
        {
            **data,
            "client_chart": _top_chart(data["per_client"], "client"),
            "site_chart": _top_chart(data["per_site"], "site", label_width=280),
            "stage_chart": stages,
            "stage_total_count": sum(s["count"] for s in data["stages"]),
            "top_days": selectors.TOP_WINDOW_DAYS,
            "on_time_css": ON_TIME,
            "late_css": LATE,
        },
    )


# --- the lists behind the figures ----------------------------------------------------


def _claim_filter_labels(params, now):
    labels = []
    if params.get("mine"):
        labels.append(_("On my contracts"))
    if params.get("open"):
        labels.append(_("Open"))
    bucket = selectors.AGE_BUCKET_KEYS.get(params.get("age", ""))
    if bucket:
        labels.append(_("Age: %(age)s") % {"age": bucket.label})
    if (days := selectors.received_within_days(params)) is not None:
        labels.append(_("Received in the last %(days)s days") % {"days": days})
    if (client_id := ascii_id(params.get("client"))) is not None:
        client = Client.objects.filter(pk=client_id).first()
        labels.append(_("Client: %(name)s") % {"name": client or "—"})
    if (site_id := ascii_id(params.get("site"))) is not None:
        site = Site.objects.filter(pk=site_id).first()
        labels.append(_("Site: %(name)s") % {"name": site or "—"})
    if (department_id := ascii_id(params.get("department"))) is not None:
        found = Department.objects.filter(pk=department_id).first()
        labels.append(_("Fixed by: %(name)s") % {"name": found or "—"})
    month = selectors.month_range(params.get("resolved", ""))
    if month:
        labels.append(_("Resolved in %(month)s") % {"month": month[0].strftime("%m.%Y")})
    if params.get("fixed") == "on_time":
        labels.append(_("Fixed on time"))
    elif params.get("fixed") == "late":
        labels.append(_("Fixed late"))
    return labels


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
            "filters": _claim_filter_labels(params, now),
            "back": _back_to(request.user),
        },
    )


HANDOFF_STATE_LABELS = {
    "open": lambda: _("Open"),
    "pending": lambda: _("Open, not overdue"),
    "overdue": lambda: _("Overdue"),
    "done": lambda: _("Done in the last 30 days"),
}


def handoffs(request):
    """The department's hand-offs behind a dashboard figure: open ones soonest due first,
    finished ones newest first."""
    _require(request.user.is_department_head or request.user.is_director)
    now = timezone.now()
    params = request.GET
    rows = selectors.figure_handoffs(request.user, params=params, now=now).select_related(
        "assignee", "requested_by", "contract__client", "client", "claim"
    )
    state = params.get("state") if params.get("state") in HANDOFF_STATE_LABELS else "open"
    field, descending = ("completed_at", True) if state == "done" else ("due_at", False)
    page = keyset_page(
        rows, field=field, cursor=params.get("cursor"), size=PAGE_SIZE, descending=descending
    )
    for row in page.rows:
        row.overdue_by = now - row.due_at if row.is_overdue(now) else None
    labels = [HANDOFF_STATE_LABELS[state]()]
    if request.user.is_director and (department_id := ascii_id(params.get("department"))):
        found = Department.objects.filter(pk=department_id).first()
        labels.append(_("Department: %(name)s") % {"name": found or "—"})
    assignee = str(params.get("assignee", ""))
    if assignee == "none":
        labels.append(_("Unassigned"))
    elif (assignee_id := ascii_id(assignee)) is not None:
        person = User.objects.filter(pk=assignee_id).first()
        labels.append(_("Assignee: %(name)s") % {"name": person or "—"})
    if params.get("kind") in Kind.values:
        labels.append(Kind(params["kind"]).label)
    return render(
        request,
        "dashboards/handoffs.html",
        {
            "page": page,
            "rows": page.rows,
            "query": query_without_cursor(request.GET),
            "filters": labels,
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
