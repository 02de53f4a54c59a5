"""The staffing post and shift a claim concerns: which posts a claim on a contract may
name, which shifts each post's work schedule has, and what is wrong with a choice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from claims.models import Claim, Shift
from clients.models import Site
from contracts.choices import Schedule
from contracts.models import Contract, StaffingRequirement
from org.errors import DomainError

# The shifts a post on each work schedule is staffed for. Round the clock: day and night
# shifts, or one 24-hour shift; 2×2: 12-hour day and night shifts; the others work by day.
# A post of another schedule ("other") may have any.
SCHEDULE_SHIFTS: dict[str, tuple[str, ...]] = {
    Schedule.ROUND_THE_CLOCK: (Shift.DAY, Shift.NIGHT, Shift.ROUND_THE_CLOCK),
    Schedule.TWO_BY_TWO: (Shift.DAY, Shift.NIGHT),
    Schedule.DAY_12: (Shift.DAY,),
    Schedule.FIVE_BY_EIGHT: (Shift.DAY,),
    Schedule.SIX_BY_EIGHT: (Shift.DAY,),
}


def shifts_of(post: StaffingRequirement) -> tuple[str, ...]:
    """The shifts ``post`` is staffed for."""
    return SCHEDULE_SHIFTS.get(post.schedule, tuple(Shift.values))


def posts_for(contract: Contract, site: Site | None = None) -> QuerySet[StaffingRequirement]:
    """The posts a claim on ``contract`` at ``site`` may name: the contract's staffing at
    that site and its staffing for no site in particular (any site, without one)."""
    posts = StaffingRequirement.objects.filter(contract=contract).select_related("site")
    if site is not None:
        posts = posts.filter(Q(site=site) | Q(site__isnull=True))
    return posts.order_by("site__name", "post", "pk")


def post_label(post: StaffingRequirement) -> str:
    """A post as a picker shows it: what it is, its headcount and schedule, its site."""
    text = f"{post.post} × {post.headcount} · {post.get_schedule_display()}"
    return f"{text} · {post.site.name}" if post.site_id and post.site else text


def post_refusals(
    contract: Contract | None,
    *,
    site: Site | None,
    post: StaffingRequirement | None,
    shift: str,
) -> list[DomainError]:
    """What is wrong with the post and shift named on a claim (nothing: []); each code
    names the field it is about."""
    if post is None:
        if shift and shift not in Shift.values:
            return [DomainError(_("Choose a shift from the list."), code="shift")]
        return []
    if contract is not None and post.contract_id != contract.pk:
        return [DomainError(_("The post must be one of the contract's posts."), code="post")]
    if site is not None and post.site_id is not None and post.site_id != site.pk:
        return [DomainError(_("The post must be at the claim's site."), code="post")]
    if shift and shift not in shifts_of(post):
        return [
            DomainError(
                _("The post works “%(schedule)s”: it has no such shift.")
                % {"schedule": post.get_schedule_display()},
                code="shift",
            )
        ]
    return []


def filter_by_place(claims: QuerySet[Claim], filters: Mapping[str, Any]) -> QuerySet[Claim]:
    """The claim list's site and post filters."""
    if filters.get("site"):
        claims = claims.filter(site=filters["site"])
    if filters.get("post"):
        claims = claims.filter(post=filters["post"])
    return claims
