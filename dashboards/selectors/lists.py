"""The lists behind the figures: a click on a bar or a number opens the claims or the
hand-offs it counts, with the same conditions as the figure, within what the user sees."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from claims.models import Claim, ClaimQuerySet
from dashboards.selectors.common import age_range, kyiv_today, month_range
from dashboards.selectors.department import COMPLETION_WINDOW
from handoffs.models import Handoff, HandoffQuerySet, Kind, Status
from org.models import User
from org.params import ascii_id
from org.selectors import represented_user_ids

MAX_WINDOW_DAYS = 36_500

# The query string of a figure's link (a QueryDict or a plain dict).
Params = Mapping[str, Any]


def received_within_days(params: Params) -> int | None:
    """The ``days`` filter: ASCII digits, at most a century (a longer window is all of them,
    and a huge one would overflow the date arithmetic)."""
    days = ascii_id(params.get("days"))
    return min(days, MAX_WINDOW_DAYS) if days is not None else None


def _by_whose(
    claims: ClaimQuerySet, user: User, params: Params, now: datetime.datetime
) -> ClaimQuerySet:
    """``mine``: on the user's (and covered) contracts; ``open``; ``overdue``."""
    if params.get("mine"):
        claims = claims.of_managers(represented_user_ids(user, on=kyiv_today(now)))
    if params.get("open"):
        claims = claims.open()
    if params.get("overdue"):
        claims = claims.overdue(now)
    return claims


def _by_received(claims: ClaimQuerySet, params: Params, now: datetime.datetime) -> ClaimQuerySet:
    """``age``: an age bucket; ``days``: received in the last N days."""
    if (bounds := age_range(params.get("age", ""), now)) is not None:
        earliest, latest = bounds
        claims = claims.filter(received_at__lte=latest)
        if earliest is not None:
            claims = claims.filter(received_at__gt=earliest)
    if (days := received_within_days(params)) is not None:
        claims = claims.filter(received_at__gte=now - timedelta(days=days))
    return claims


def _by_where(claims: ClaimQuerySet, params: Params) -> ClaimQuerySet:
    """``client``, ``site``: ids; ``department``: with a claim-fix hand-off to it."""
    if (client := ascii_id(params.get("client"))) is not None:
        claims = claims.filter(contract__client_id=client)
    if (site := ascii_id(params.get("site"))) is not None:
        claims = claims.filter(site_id=site)
    if (post := ascii_id(params.get("post"))) is not None:
        claims = claims.filter(post_id=post)
    if (department := ascii_id(params.get("department"))) is not None:
        fixes = Handoff.objects.filter(kind=Kind.CLAIM_FIX, department_id=department)
        claims = claims.filter(pk__in=fixes.values("claim_id"))
    return claims


def _by_resolution(claims: ClaimQuerySet, params: Params) -> ClaimQuerySet:
    """``resolved``: a Kyiv month YYYY-MM; ``fixed``: on_time or late."""
    if (month := month_range(params.get("resolved", ""))) is not None:
        claims = claims.filter(resolved_at__gte=month[0], resolved_at__lt=month[1])
    if params.get("fixed") == "on_time":
        claims = claims.filter(fixed_on_time=True)
    elif params.get("fixed") == "late":
        claims = claims.filter(fixed_on_time=False)
    return claims


def figure_claims(user: User, *, params: Params, now: datetime.datetime) -> ClaimQuerySet:
    """The claims behind one figure, within what ``user`` sees; unknown values are ignored.

    ``mine``: on the user's (and covered) contracts; ``open``; ``overdue``; ``age``: an age
    bucket; ``client``, ``site``, ``post``: ids; ``days``: received in the last N days; ``department``: with a
    claim-fix hand-off to it; ``resolved``: a Kyiv month YYYY-MM; ``fixed``: on_time or late.
    """
    claims = _by_whose(Claim.objects.visible_to(user), user, params, now)
    claims = _by_received(claims, params, now)
    claims = _by_where(claims, params)
    return _by_resolution(claims, params)


def _by_state(handoffs: HandoffQuerySet, state: object, now: datetime.datetime) -> HandoffQuerySet:
    if state == "overdue":
        return handoffs.overdue(now)
    if state == "pending":
        return handoffs.open().filter(due_at__gte=now)
    if state == "done":
        return handoffs.filter(
            status=Status.DONE, completed_at__gte=now - COMPLETION_WINDOW, completed_at__lte=now
        )
    return handoffs.open()


def figure_handoffs(user: User, *, params: Params, now: datetime.datetime) -> HandoffQuerySet:
    """The hand-offs of the user's department behind one figure (a director's: those of
    ``department``, or of all): ``state`` open, overdue, pending (open, not overdue) or
    done (in the last 30 days); ``assignee``: an id or "none"; ``kind``."""
    handoffs = Handoff.objects.visible_to(user)
    if not user.is_director:
        handoffs = handoffs.filter(department_id=user.department_id)
    elif (department_id := ascii_id(params.get("department"))) is not None:
        handoffs = handoffs.filter(department_id=department_id)
    handoffs = _by_state(handoffs, params.get("state"), now)
    assignee = str(params.get("assignee", ""))
    if assignee == "none":
        handoffs = handoffs.filter(assignee__isnull=True)
    elif (assignee_id := ascii_id(assignee)) is not None:
        handoffs = handoffs.filter(assignee_id=assignee_id)
    if params.get("kind") in Kind.values:
        handoffs = handoffs.filter(kind=params["kind"])
    return handoffs
