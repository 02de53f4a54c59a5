"""One action on many claims selected in the list: hand them to a department, change
their priority. Each action is one transaction: all the claims it may do, or none.

Claims the actor may not act on (`org.selectors.may_act_on`), and claims the action
does not fit, are left out before it starts and named in the outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from claims.models import Claim
from claims.services.priority import claim_set_priority
from claims.services.routing import fix_handoffs_open
from claims.services.rules import may_not
from handoffs.models import Handoff
from org.models import Department, User
from org.selectors import acting_for, may_act_on, represented_user_ids

BULK_ACTIONS = ("assign", "priority", "export")
# One form posts at most this many rows; the rest of a longer selection is left alone.
BULK_LIMIT = 200


@dataclass
class ClaimBulkOutcome:
    """The claims the action was done on, and each refused claim with its reason."""

    done: list[Claim] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _refusal(claim: Claim, reason: str) -> str:
    return _("Claim #%(number)s «%(subject)s»: %(reason)s") % {
        "number": claim.pk,
        "subject": claim.subject,
        "reason": reason,
    }


def claims_selected(actor: User, ids: Sequence[int]) -> ClaimBulkOutcome:
    """The selected claims the actor sees, split into those they may act on (``done``, not
    yet acted on) and the refused; the first `BULK_LIMIT` ids only, in their number order."""
    visible = Claim.objects.visible_to(actor, archived=None).select_related(
        "contract__client", "contract__manager", "site"
    )
    represented = represented_user_ids(actor)
    selection = ClaimBulkOutcome()
    for claim in visible.filter(pk__in=list(ids)[:BULK_LIMIT]).order_by("id"):
        if may_act_on(actor, claim, represented=represented):
            selection.done.append(claim)
        else:
            selection.refused.append(_refusal(claim, may_not()))
    return selection


def _assignable(claims: list[Claim], department: Department) -> tuple[list[Claim], list[str]]:
    waiting = set(
        Handoff.objects.open()
        .filter(claim__in=claims, department=department)
        .values_list("claim_id", flat=True)
    )
    fits, refused = [], []
    for claim in claims:
        if not claim.is_open:
            refused.append(_refusal(claim, _("it is resolved or closed.")))
        elif claim.pk in waiting:
            refused.append(_refusal(claim, _("it already waits on this department's hand-off.")))
        else:
            fits.append(claim)
    return fits, refused


def claim_bulk_assign(
    *, actor: User, ids: Sequence[int], department: Department
) -> ClaimBulkOutcome:
    """Open a fix hand-off to ``department`` on each selected open claim (the routing's own
    hand-off, due when the claim's fix is); a claim already waiting on it is refused."""
    outcome = claims_selected(actor, ids)
    fits, refused = _assignable(outcome.done, department)
    with transaction.atomic():
        for claim in fits:
            on_behalf_of = acting_for(actor, claim.contract.manager)
            fix_handoffs_open(claim, [department], actor=actor, on_behalf_of=on_behalf_of)
    return ClaimBulkOutcome(done=fits, refused=outcome.refused + refused)


def claim_bulk_priority(*, actor: User, ids: Sequence[int], priority: str) -> ClaimBulkOutcome:
    """Set ``priority`` on each selected open claim (`claim_set_priority`: due times
    recomputed, an event each); a resolved or closed one is refused."""
    outcome = claims_selected(actor, ids)
    fits = [claim for claim in outcome.done if claim.is_open]
    refused = [
        _refusal(claim, _("it is resolved or closed."))
        for claim in outcome.done
        if not claim.is_open
    ]
    with transaction.atomic():
        done = [claim_set_priority(actor=actor, claim=claim, priority=priority) for claim in fits]
    return ClaimBulkOutcome(done=done, refused=outcome.refused + refused)
