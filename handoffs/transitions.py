"""The one table of what may happen to a hand-off in which status.

The services check it on the row they change; the screens read it (through
`handoffs.rules.HandoffRules`, which adds who may) to show only the buttons that would work.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from handoffs.models import Status
from org.workflow import Transition, Workflow

OPEN_OR_STARTED = frozenset({Status.OPEN, Status.IN_PROGRESS})
FINISHED = frozenset({Status.DONE, Status.DECLINED})


def _refusal(transition: Transition, state: str) -> str:
    return _("«%(action)s» is not possible for a hand-off with the status «%(status)s».") % {
        "action": transition.label,
        "status": Status(state).label,
    }


TRANSITIONS = Workflow(
    # Target None: take and assign leave the status as it is (they change the assignee).
    Transition("take", OPEN_OR_STARTED, None, gettext_lazy("Take")),
    Transition("assign", OPEN_OR_STARTED, None, gettext_lazy("Assign")),
    Transition("start", frozenset({Status.OPEN}), Status.IN_PROGRESS, gettext_lazy("Start")),
    Transition("complete", OPEN_OR_STARTED, Status.DONE, gettext_lazy("Complete")),
    Transition("decline", OPEN_OR_STARTED, Status.DECLINED, gettext_lazy("Decline")),
    Transition("reopen", FINISHED, Status.OPEN, gettext_lazy("Reopen")),
    refusal=_refusal,
    code="refused",
)
