"""The contract's stages and the moves between them: one table, and what blocks a move.

The services check every move against ``TRANSITIONS`` on the locked row; the contract
page reads ``allowed_transitions`` to offer only the moves that would work. How a move's
button looks is the view layer's business (`contracts.buttons`).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts.models import Contract, Stage
from handoffs.models import OPEN_STATUSES, Handoff, Kind
from handoffs.models import Status as HandoffStatus
from org.workflow import Transition, Workflow

# What a move asks of the actor (`Transition.requires`).
REASON = "reason"
NEW_END_DATE = "new_end_date"

OPEN_STAGES = (Stage.PREPARATION, Stage.SUPPORT, Stage.TERMINATION)
# The stages in which the contract runs: claims are registered against it, it expires.
LIVE_STAGES = (Stage.SUPPORT, Stage.TERMINATION)
# The stages in which production may be asked for a site survey.
SURVEY_STAGES = (Stage.PREPARATION, Stage.SUPPORT)


def _refusal(transition: Transition, stage: str) -> str:
    return _("“%(action)s” is not possible for a contract at the stage “%(stage)s”.") % {
        "action": transition.label,
        "stage": Stage(stage).label,
    }


TRANSITIONS = Workflow(
    Transition(
        "conclude",
        frozenset({Stage.PREPARATION}),
        Stage.SUPPORT,
        gettext_lazy("Conclude"),
    ),
    Transition(
        "extend",
        frozenset({Stage.SUPPORT, Stage.TERMINATION}),
        Stage.SUPPORT,
        gettext_lazy("Extend"),
        requires=frozenset({NEW_END_DATE}),
    ),
    Transition(
        "begin_termination",
        frozenset({Stage.SUPPORT}),
        Stage.TERMINATION,
        gettext_lazy("Begin termination"),
        requires=frozenset({REASON}),
    ),
    Transition(
        "close",
        frozenset({Stage.TERMINATION}),
        Stage.CLOSED,
        gettext_lazy("Close"),
    ),
    Transition(
        "cancel",
        frozenset({Stage.PREPARATION}),
        Stage.CANCELLED,
        gettext_lazy("Cancel"),
        requires=frozenset({REASON}),
    ),
    refusal=_refusal,
    code="stage",
)


# The stages a move requiring a reason leads to: the page shows that reason.
REASONED_STAGES = frozenset(t.target for t in TRANSITIONS.values() if REASON in t.requires)


def allowed_transitions(contract: Contract) -> list[Transition]:
    """The stage changes the table allows from the contract's stage now."""
    return TRANSITIONS.allowed(contract.stage)


def conclude_blockers(contract: Contract) -> list[str]:
    """What is still missing before the contract can be concluded (empty: nothing)."""
    missing = []
    if contract.start_date is None or contract.end_date is None:
        missing.append(_("set the start and end dates"))
    if not contract.service_lines.exists():
        missing.append(_("add at least one service line"))
    if not contract.staffing.exists():
        missing.append(_("add at least one staffing requirement"))
    survey_done = Handoff.objects.filter(
        contract=contract, kind=Kind.SITE_SURVEY, status=HandoffStatus.DONE
    ).exists()
    if not survey_done:
        missing.append(_("have the site survey completed by the production department"))
    return missing


def close_blockers(contract: Contract) -> list[str]:
    """What keeps the contract from closing: unfulfilled obligations, open hand-offs."""
    blockers = []
    unfulfilled = list(
        contract.obligations.filter(fulfilled_at__isnull=True).values_list("description", flat=True)
    )
    if unfulfilled:
        blockers.append(_("unfulfilled obligations: %(names)s") % {"names": _names(unfulfilled)})
    open_handoffs = list(
        Handoff.objects.filter(contract=contract, status__in=OPEN_STATUSES)
        .order_by("due_at", "pk")
        .values_list("title", flat=True)
    )
    if open_handoffs:
        blockers.append(_("open hand-offs: %(names)s") % {"names": _names(open_handoffs)})
    return blockers


def _names(items: Sequence[str], limit: int = 5) -> str:
    shown = [f"«{item}»" for item in items[:limit]]
    if len(items) > limit:
        shown.append(_("and %(count)d more") % {"count": len(items) - limit})
    return ", ".join(shown)
