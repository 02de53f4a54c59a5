"""The one table of a claim's moves: the services enforce it, the detail page reads it.

What a move's button looks like (icon, colour, confirmation) is the template's business.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import Claim, ClaimStatus
from org.workflow import Transition, Workflow

# How a refusal names each move: "A claim in status “New” cannot be closed."
ACTION_PAST: dict[str, Callable[[], str]] = {
    "respond": lambda: _("responded to"),
    "resolve": lambda: _("resolved"),
    "close": lambda: _("closed"),
    "reopen": lambda: _("reopened"),
    "wait": lambda: _("put to wait for the client"),
    "resume": lambda: _("resumed"),
}


def _refusal(transition: Transition, state: str) -> str:
    return _("A claim in status “%(status)s” cannot be %(action)s.") % {
        "status": ClaimStatus(state).label,
        "action": ACTION_PAST[transition.name](),
    }


CLAIM_WORKFLOW = Workflow(
    Transition(
        "respond",
        frozenset({ClaimStatus.NEW}),
        ClaimStatus.IN_PROGRESS,
        gettext_lazy("Record the response"),
        requires=frozenset({"note"}),
    ),
    Transition(
        "resolve",
        frozenset({ClaimStatus.IN_PROGRESS}),
        ClaimStatus.RESOLVED,
        gettext_lazy("Resolve"),
        requires=frozenset({"resolution"}),
    ),
    Transition(
        "close",
        frozenset({ClaimStatus.RESOLVED}),
        ClaimStatus.CLOSED,
        gettext_lazy("Close"),
        requires=frozenset({"client_confirmation", "satisfaction"}),
    ),
    Transition(
        "reopen",
        frozenset({ClaimStatus.RESOLVED, ClaimStatus.CLOSED}),
        ClaimStatus.IN_PROGRESS,
        gettext_lazy("Reopen"),
        requires=frozenset({"reason"}),
    ),
    # Waiting for the client: the fix clock stands still until the client answers or the
    # manager resumes the work (`claims.services.waiting`).
    Transition(
        "wait",
        frozenset({ClaimStatus.IN_PROGRESS}),
        ClaimStatus.WAITING,
        gettext_lazy("Wait for the client"),
        requires=frozenset({"note"}),
    ),
    Transition(
        "resume",
        frozenset({ClaimStatus.WAITING}),
        ClaimStatus.IN_PROGRESS,
        gettext_lazy("Resume the work"),
    ),
    refusal=_refusal,
    code="state",
)


def allowed_actions(claim: Claim) -> list[str]:
    """The names of the moves the table allows from the claim's status, in its order."""
    return [transition.name for transition in CLAIM_WORKFLOW.allowed(claim.status)]
