"""How a version of a document moves: drafted, submitted, approved by the general
director (or returned for revision), superseded by the next approved version."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from library.models import VersionStatus
from org.workflow import Transition, Workflow

DRAFT = frozenset({VersionStatus.DRAFT})
SUBMITTED = frozenset({VersionStatus.SUBMITTED})
APPROVED = frozenset({VersionStatus.APPROVED})


def _refusal(transition: Transition, state: str) -> str:
    if transition.name == "acknowledge" and state == VersionStatus.SUPERSEDED:
        return _(
            "This version has been superseded by a newer one: acknowledge the version in force."
        )
    if transition.name == "acknowledge":
        return _("This version is not approved yet: there is nothing to acknowledge.")
    if state == VersionStatus.SUPERSEDED:
        return _("This version has been superseded and can no longer change.")
    return _("“%(action)s” is not possible for a version that is “%(status)s”.") % {
        "action": transition.label,
        "status": VersionStatus(state).label,
    }


VERSION_FLOW = Workflow(
    Transition("edit", DRAFT, None, gettext_lazy("Edit")),
    Transition("submit", DRAFT, VersionStatus.SUBMITTED, gettext_lazy("Submit for approval")),
    Transition(
        "approve",
        SUBMITTED,
        VersionStatus.APPROVED,
        pgettext_lazy("library", "Approve"),
        requires=frozenset({"effective_from"}),
    ),
    Transition(
        "return",
        SUBMITTED,
        VersionStatus.DRAFT,
        gettext_lazy("Return for revision"),
        requires=frozenset({"comment"}),
    ),
    Transition("supersede", APPROVED, VersionStatus.SUPERSEDED, gettext_lazy("Supersede")),
    Transition("acknowledge", APPROVED, None, pgettext_lazy("library", "Acknowledged")),
    refusal=_refusal,
)
