"""Naming, on a registered claim, the site, post and shift it concerns."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from claims.models import Claim
from claims.posts import post_refusals
from claims.services.rules import may_not
from clients.models import Site
from contracts.models import StaffingRequirement
from org.errors import DomainError
from org.models import User
from org.records import lock_row, save_with_history
from org.selectors import ensure_may_act_on


@transaction.atomic
def claim_name_post(
    *,
    actor: User,
    claim: Claim,
    site: Site | None,
    post: StaffingRequirement | None,
    shift: str = "",
) -> Claim:
    """Set the claim's site, staffing post and shift (a post's site stands for a missing one)."""
    # Locked: a move saving the claim meanwhile must not write back the old post.
    claim = lock_row(Claim.objects.select_related("contract"), pk=claim.pk)
    ensure_may_act_on(actor, claim, message=may_not())
    if site is not None and site.client_id != claim.contract.client_id:
        raise DomainError(_("The site must belong to the contract's client."), code="site")
    if site is None and post is not None:
        site = post.site
    for refusal in post_refusals(claim.contract, site=site, post=post, shift=shift):
        raise refusal
    claim.site, claim.post, claim.shift = site, post, shift
    return save_with_history(claim, actor=actor, update_fields=["site", "post", "shift"])
