"""Who hears about a request: the director whose decision it waits for, then its manager."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from approvals.models import Action, ApprovalRequest
from org.models import User
from org.services import notify

AWAITING = gettext_noop("«%(title)s» from %(author)s awaits your decision.")
OUTCOMES: dict[str, str] = {
    Action.APPROVE: gettext_noop("«%(title)s» is approved by %(director)s."),
    Action.REJECT: gettext_noop("«%(title)s» is rejected by %(director)s: %(comment)s"),
    Action.RETURN: gettext_noop(
        "«%(title)s» is returned for revision by %(director)s: %(comment)s"
    ),
    Action.ACKNOWLEDGE: gettext_noop("«%(title)s» is acknowledged by %(director)s."),
}


def request_awaits(request: ApprovalRequest) -> None:
    """Tell every director holding the role the request now waits for."""
    directors = User.objects.filter(
        groups__name=request.current_approver_role, is_active=True
    ).exclude(pk__in=[request.author_id, request.on_behalf_of_id or 0])
    url = reverse("admin:approvals_approvalrequest_change", args=[request.pk])
    for director in directors:
        notify(
            recipient=director,
            message=AWAITING,
            params={"title": request.title, "author": str(request.owner)},
            url=url,
        )


def request_decided(request: ApprovalRequest, action: str, director: User, comment: str) -> None:
    notify(
        recipient=request.owner,
        message=OUTCOMES[action],
        params={"title": request.title, "director": str(director), "comment": comment[:200]},
        url=request.get_absolute_url(),
    )
