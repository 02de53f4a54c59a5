"""``{% load approvals_admin %}{% awaiting_my_decision %}``: the directors' admin index block."""

from django import template

from approvals.models import ApprovalRequest

register = template.Library()

SHOWN = 10


@register.inclusion_tag("admin/approvals/awaiting_block.html", takes_context=True)
def awaiting_my_decision(context):
    """How many requests wait for the signed-in director, and the oldest ten of them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_director:
        return {"show": False}
    awaiting = ApprovalRequest.objects.awaiting_decision_by(user)
    rows = list(
        awaiting.select_related("author", "on_behalf_of").order_by("submitted_at", "id")[:SHOWN]
    )
    count = len(rows) if len(rows) < SHOWN else awaiting.count()
    return {"show": True, "rows": rows, "count": count, "more": count > len(rows)}
