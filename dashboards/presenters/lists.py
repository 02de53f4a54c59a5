"""The lists behind the figures: their conditions in words."""

from __future__ import annotations

from django.utils.translation import gettext as _

from clients.models import Client, Site
from contracts.models import StaffingRequirement
from dashboards.figures import Label
from dashboards.selectors import AGE_BUCKET_KEYS, month_range, received_within_days
from dashboards.selectors.lists import Params
from handoffs.models import Kind
from org.models import Department, User
from org.params import ascii_id


def _claims_by_whom_labels(params: Params) -> list[Label]:
    """Whose and which claims the list is narrowed to: mine, open, by age, received lately."""
    labels: list[Label] = []
    if params.get("mine"):
        labels.append(_("On my contracts"))
    if params.get("open"):
        labels.append(_("Open"))
    if params.get("overdue"):
        labels.append(_("Overdue"))
    bucket = AGE_BUCKET_KEYS.get(params.get("age", ""))
    if bucket:
        labels.append(_("Age: %(age)s") % {"age": bucket.label})
    if (days := received_within_days(params)) is not None:
        labels.append(_("Received in the last %(days)s days") % {"days": days})
    return labels


def _claims_by_where_labels(params: Params) -> list[Label]:
    """The client, site or fixing department the claim list is narrowed to."""
    labels: list[Label] = []
    if (client_id := ascii_id(params.get("client"))) is not None:
        client = Client.objects.filter(pk=client_id).first()
        labels.append(_("Client: %(name)s") % {"name": client or "—"})
    if (site_id := ascii_id(params.get("site"))) is not None:
        site = Site.objects.filter(pk=site_id).first()
        labels.append(_("Site: %(name)s") % {"name": site or "—"})
    if (post_id := ascii_id(params.get("post"))) is not None:
        post = StaffingRequirement.objects.filter(pk=post_id).first()
        labels.append(_("Post: %(name)s") % {"name": post.post if post else "—"})
    if (department_id := ascii_id(params.get("department"))) is not None:
        found = Department.objects.filter(pk=department_id).first()
        labels.append(_("Fixed by: %(name)s") % {"name": found or "—"})
    return labels


def _claims_by_resolution_labels(params: Params) -> list[Label]:
    labels: list[Label] = []
    month = month_range(params.get("resolved", ""))
    if month:
        labels.append(_("Resolved in %(month)s") % {"month": month[0].strftime("%m.%Y")})
    if params.get("fixed") == "on_time":
        labels.append(_("Fixed on time"))
    elif params.get("fixed") == "late":
        labels.append(_("Fixed late"))
    return labels


def claim_filter_labels(params: Params) -> list[Label]:
    """The conditions of a claim list behind a figure, in words (unknown values left out)."""
    return [
        *_claims_by_whom_labels(params),
        *_claims_by_where_labels(params),
        *_claims_by_resolution_labels(params),
    ]


_HANDOFF_STATES = ("open", "pending", "overdue", "done")


def handoff_state(params: Params) -> str:
    """The ``state`` of a hand-off list behind a figure; open unless another is named."""
    state = params.get("state")
    return state if state in _HANDOFF_STATES else "open"


def _state_label(state: str) -> Label:
    if state == "pending":
        return _("Open, not overdue")
    if state == "overdue":
        return _("Overdue")
    if state == "done":
        return _("Done in the last 30 days")
    return _("Open")


def handoff_filter_labels(params: Params, state: str, *, viewer: User) -> list[Label]:
    """The conditions of a hand-off list behind a figure, in words."""
    labels = [_state_label(state)]
    if viewer.is_director and (department_id := ascii_id(params.get("department"))):
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
    return labels
