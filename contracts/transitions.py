"""The contract's stages and the moves between them: one table, and what blocks a move.

The services check every move against ``TRANSITIONS`` on the locked row; the contract
page reads ``allowed_transitions`` to offer only the moves that would work. How a move's
button looks is the view layer's business (`contracts.buttons`).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contracts.models import Contract, Stage
from handoffs.models import OPEN_STATUSES, Handoff, Kind
from handoffs.models import Status as HandoffStatus
from org.blockers import Blocker
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


def conclude_blockers(contract: Contract) -> list[Blocker]:
    """What is still missing before the contract can be concluded (empty: nothing), each
    with the link to the form that supplies it."""
    missing = []
    if contract.start_date is None or contract.end_date is None:
        missing.append(
            Blocker(
                "contract_dates",
                _("set the start and end dates"),
                reverse("contracts:update", args=[contract.pk]) + "#id_start_date",
                _("Set the dates"),
            )
        )
    if not contract.service_lines.exists():
        missing.append(
            Blocker(
                "contract_service_line",
                _("add at least one service line"),
                reverse("contracts:service_line_add", args=[contract.pk]),
                _("Add a service"),
            )
        )
    if not contract.staffing.exists():
        missing.append(
            Blocker(
                "contract_staffing",
                _("add at least one staffing requirement"),
                reverse("contracts:staffing_add", args=[contract.pk]),
                _("Add a post"),
            )
        )
    if (survey := _survey_blocker(contract)) is not None:
        missing.append(survey)
    return missing


def _survey_blocker(contract: Contract) -> Blocker | None:
    """None once production has done a survey; else the open survey to follow, or the
    hand-off form, set to a survey of this contract, to request one."""
    surveys = Handoff.objects.filter(contract=contract, kind=Kind.SITE_SURVEY)
    if surveys.filter(status=HandoffStatus.DONE).exists():
        return None
    text = _("have the site survey completed by the production department")
    open_survey = surveys.filter(status__in=OPEN_STATUSES).order_by("pk").first()
    if open_survey is not None:
        return Blocker(
            "contract_survey_open",
            text,
            reverse("handoffs:detail", args=[open_survey.pk]),
            _("Open the survey"),
        )
    query = urlencode({"kind": Kind.SITE_SURVEY.value, "contract": str(contract.pk)})
    return Blocker(
        "contract_survey",
        text,
        f"{reverse('handoffs:create')}?{query}",
        _("Request a site survey"),
    )


# At most this many open hand-offs are linked one by one; the rest through the tab.
LINKED_HANDOFFS = 5


def close_blockers(contract: Contract) -> list[Blocker]:
    """What keeps the contract from closing: unfulfilled obligations (linked to the tab
    where they are marked fulfilled), open hand-offs (each linked to itself)."""
    page = reverse("contracts:detail", args=[contract.pk])
    blockers = []
    # From the obligations the contract page has already read, when it has.
    unfulfilled = [o.description for o in contract.obligations.all() if o.fulfilled_at is None]
    if unfulfilled:
        blockers.append(
            Blocker(
                "contract_obligations",
                _("unfulfilled obligations: %(names)s") % {"names": _names(unfulfilled)},
                f"{page}#obligations",
                _("Open the obligations"),
            )
        )
    open_handoffs = list(
        Handoff.objects.filter(contract=contract, status__in=OPEN_STATUSES)
        .order_by("due_at", "pk")
        .values_list("pk", "title")
    )
    for pk, title in open_handoffs[:LINKED_HANDOFFS]:
        blockers.append(
            Blocker(
                "contract_open_handoff",
                _("open hand-off «%(title)s»") % {"title": title},
                reverse("handoffs:detail", args=[pk]),
                _("Open the hand-off"),
            )
        )
    if len(open_handoffs) > LINKED_HANDOFFS:
        more = len(open_handoffs) - LINKED_HANDOFFS
        blockers.append(
            Blocker(
                "contract_more_handoffs",
                ngettext("%(count)d more open hand-off", "%(count)d more open hand-offs", more)
                % {"count": more},
                f"{page}#handoffs",
                _("Open the hand-offs"),
            )
        )
    return blockers


def _names(items: Sequence[str], limit: int = 5) -> str:
    shown = [f"«{item}»" for item in items[:limit]]
    if len(items) > limit:
        shown.append(_("and %(count)d more") % {"count": len(items) - limit})
    return ", ".join(shown)
