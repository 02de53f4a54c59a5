"""The directors' landing page (the admin index), one block per tag:
``{% awaiting_my_decision %}``, ``{% decided_by_me %}`` and ``{% director_figures %}``."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone

from approvals import selectors
from approvals.models import ApprovalRequest

register = template.Library()

SHOWN = 10


def link(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


def _director(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_director:
        return None
    return user


@register.inclusion_tag("admin/approvals/awaiting_block.html", takes_context=True)
def awaiting_my_decision(context):
    """How many requests wait for the signed-in director, and the oldest ten of them."""
    user = _director(context)
    if user is None:
        return {"show": False}
    awaiting = ApprovalRequest.objects.awaiting_decision_by(user)
    rows = list(
        awaiting.select_related("author", "on_behalf_of").order_by("submitted_at", "id")[:SHOWN]
    )
    today = timezone.localdate()
    for row in rows:
        row.decision_due = selectors.decision_due(row)
        row.decision_late = row.decision_due is not None and row.decision_due < today
    count = len(rows) if len(rows) < SHOWN else awaiting.count()
    return {
        "show": True,
        "rows": rows,
        "count": count,
        "more": count > len(rows),
        "now": timezone.now(),
    }


@register.inclusion_tag("admin/approvals/decided_block.html", takes_context=True)
def decided_by_me(context):
    """The signed-in director's latest decisions."""
    user = _director(context)
    if user is None:
        return {"show": False}
    return {"show": True, "steps": selectors.decided_by(user)}


@register.inclusion_tag("admin/approvals/figures_block.html", takes_context=True)
def director_figures(context):
    """The figures a director checks before the admin's lists, each linking to its rows."""
    user = _director(context)
    if user is None:
        return {"show": False}
    figures = selectors.director_figures(user, now=timezone.now())
    for row in figures["departments"]:
        pk = row["department"].pk
        row["open_url"] = link("dashboards:handoffs", department=pk, state="open")
        row["overdue_url"] = link("dashboards:handoffs", department=pk, state="overdue")
    return {
        "show": True,
        **figures,
        "claims_url": link("dashboards:claims", open=1),
        "dashboard_url": link("dashboards:directors"),
    }
