"""What the hand-off views share: the visible rows, the way back, the row decorations."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from handoffs.models import DealHandover, Handoff, HandoffQuerySet
from handoffs.rules import HandoffRules
from handoffs.waiting import Schedules, attach_waited
from org.links import record_url
from org.params import has_control_characters

PAGE_SIZE = 50

Rows = TypeVar("Rows", bound=Iterable[Handoff])


def visible(request) -> HandoffQuerySet:
    # By id, archived hand-offs still open; the inbox and lists leave them out.
    return Handoff.objects.visible_to(request.user, archived=None)


def back(request, handoff: Handoff | None = None) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.GET.get("next")
    # A path of this site only: redirect() would take a bare word for a view name.
    if (
        target
        and target.startswith("/")
        and not has_control_characters(target)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(target)
    if handoff is not None:
        return redirect(handoff)
    return redirect("handoffs:inbox")


def require_department(request) -> None:
    if not request.user.is_department_member:
        raise PermissionDenied


@dataclass(frozen=True)
class RowAction:
    """How an inbox row offers one action: take and start post at once (``post``);
    complete and decline open their small form, loaded from ``url`` when opened."""

    name: str
    label: str | Promise
    icon: str
    style: str
    post: bool


@dataclass(frozen=True)
class OfferedAction:
    action: RowAction
    url: str


# The inbox row's one-click actions, the first allowed of which the row shows as its
# button; the others wait behind the row's "more" menu (loaded when opened).
ROW_ACTIONS = (
    RowAction("take", _("Take"), "bi-hand-index", "primary", post=True),
    RowAction("complete", _("Complete"), "bi-check2", "success", post=False),
    RowAction("start", _("Start"), "bi-play-fill", "primary", post=True),
    RowAction("decline", _("Decline"), "bi-x-lg", "danger", post=False),
)


def decorate(
    rows: Rows, rules: HandoffRules, now: datetime.datetime, *, schedules: Schedules | None = None
) -> Rows:
    """Each row with the actions the user may take on it, the one its button offers, whether
    it is overdue and how long it has waited in working hours (``waited``, None once
    closed)."""
    for row in rows:
        row.allowed = allowed = rules.actions(row)  # type: ignore[attr-defined]
        offered = [
            OfferedAction(action, record_url(f"handoffs:{action.name}", row.pk))
            for action in ROW_ACTIONS
            if action.name in allowed
        ]
        row.primary, row.more = offered[:1], offered[1:]  # type: ignore[attr-defined]
        row.more_url = record_url("handoffs:row_more", row.pk) if row.more else ""  # type: ignore[attr-defined]
        row.overdue_now = row.is_overdue(now)  # type: ignore[attr-defined]
    attach_waited(rows, now, schedules=schedules)
    return rows


def deal_handover_of(handoff: Handoff) -> DealHandover | None:
    """The deal handover's own fields, if ``handoff`` has them (a conclusion opened it)."""
    return getattr(handoff, "deal_handover", None)
