"""The contract page: its stage and the moves offered now, its records, its timeline."""

from collections.abc import Callable

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from contracts.buttons import BUTTONS, url_name
from contracts.forms import ConcludeForm, ExtendForm, ReasonForm, SiteSurveyForm
from contracts.models import Contract, Stage
from contracts.selectors import (
    contract_claims,
    contract_handoffs,
    contract_page_queryset,
    contract_timeline,
    mark_expiry,
    site_histories,
    termination_checklist,
)
from contracts.services.stages import CONCLUSION_KINDS
from contracts.transitions import (
    LIVE_STAGES,
    NEW_END_DATE,
    OPEN_STAGES,
    REASON,
    REASONED_STAGES,
    SURVEY_STAGES,
    allowed_transitions,
    close_blockers,
    conclude_blockers,
)
from contracts.views.common import visible_contract
from handoffs.models import Handoff, Kind
from org.blockers import Blocker
from org.selectors import cover_with_id, may_act_on
from org.workflow import Transition

STEPS = (Stage.PREPARATION, Stage.SUPPORT, Stage.TERMINATION, Stage.CLOSED)


def move_form(transition: Transition, data=None, files=None):
    """The form a move asks for: the new end date, or a reason (required or not)."""
    if NEW_END_DATE in transition.requires:
        return ExtendForm(data, files, prefix=transition.name)
    if transition.name == "conclude":
        return ConcludeForm(data, prefix=transition.name, required=False)
    return ReasonForm(data, prefix=transition.name, required=REASON in transition.requires)


# The moves that wait for something: what is missing, each with its link, and the
# heading the list is shown under.
BLOCKED_MOVES: dict[str, tuple[Callable[[Contract], list[Blocker]], StrOrPromise]] = {
    "conclude": (conclude_blockers, gettext_lazy("Before concluding:")),
    "close": (close_blockers, gettext_lazy("Before closing:")),
}


def _stage_action(contract: Contract, transition: Transition, handoffs: list[Handoff]) -> dict:
    blockers, heading = BLOCKED_MOVES.get(transition.name, (None, ""))
    form = move_form(transition)
    duplicates = []
    if transition.name == "conclude":
        duplicates = [h for h in handoffs if h.is_open and h.kind in CONCLUSION_KINDS]
        if not duplicates:
            del form.fields["open_duplicates"]
    return {
        "transition": transition,
        "button": BUTTONS[transition.name],
        "url_name": url_name(transition.name),
        "form": form,
        "blockers": blockers(contract) if blockers is not None else [],
        "blockers_heading": heading,
        # The open hand-offs the move would open again: linked, with a box to confirm.
        "duplicates": duplicates,
    }


def _stage_actions(contract: Contract, handoffs: list[Handoff]) -> list[dict]:
    """A button and a form for each move the table allows now; concluding and closing list
    what they still wait for, each with the link that supplies it, and concluding the
    hand-offs of its kinds already open."""
    return [
        _stage_action(contract, transition, handoffs)
        for transition in allowed_transitions(contract)
    ]


def _stepper(contract: Contract) -> list[dict]:
    if contract.stage == Stage.CANCELLED:
        return [
            {"label": Stage.PREPARATION.label, "state": "done"},
            {"label": Stage.CANCELLED.label, "state": "stopped"},
        ]
    current = STEPS.index(contract.stage)
    return [
        {
            "label": stage.label,
            "state": "done" if i < current else "current" if i == current else "",
        }
        for i, stage in enumerate(STEPS)
    ]


def _stage_flags(contract: Contract, *, may_act: bool) -> dict[str, bool]:
    """What the page offers at the contract's stage (the template names no stage)."""
    stage = contract.stage
    return {
        "may_edit": may_act and stage in OPEN_STAGES,
        "may_register_claims": may_act and stage in LIVE_STAGES,
        "may_request_survey": may_act and stage in SURVEY_STAGES,
        "shows_reason": bool(contract.stage_reason) and stage in REASONED_STAGES,
        "may_edit_checklist": may_act and stage == Stage.TERMINATION,
        "shows_checklist": stage == Stage.TERMINATION or bool(getattr(contract, "checklist", [])),
    }


def contract_detail(request, pk):
    user = request.user
    contract = get_object_or_404(contract_page_queryset(user), pk=pk)
    contract.checklist = termination_checklist(contract)  # type: ignore[attr-defined]
    mark_expiry([contract])
    may_act = may_act_on(user, contract)
    handoffs = contract_handoffs(contract, user=user)
    claims = contract_claims(contract, user=user)
    now = timezone.now()
    surveys = [h for h in handoffs if h.kind == Kind.SITE_SURVEY and h.is_open]
    context = {
        "contract": contract,
        "may_act": may_act,
        "actions": _stage_actions(contract, handoffs) if may_act else [],
        "cover": cover_with_id(contract.manager_cover_id, viewer=user),
        "handoffs": handoffs,
        # Each hand-off with the days it is overdue (None: it is not).
        "handoff_rows": [
            (handoff, (now - handoff.due_at).days if handoff.is_overdue(now) else None)
            for handoff in handoffs
        ],
        "claims": claims,
        "site_histories": site_histories(contract, claims=claims, handoffs=handoffs),
        "stepper": _stepper(contract),
        "today": timezone.localdate(),
        "open_survey": surveys[0] if surveys else None,
        "survey_form": SiteSurveyForm(),
        **_stage_flags(contract, may_act=may_act),
    }
    return render(request, "contracts/contract_detail.html", context)


def contract_timeline_view(request, pk):
    """Older timeline entries: a fragment for htmx, a page of its own without JavaScript."""
    contract = visible_contract(request, pk)
    timeline = contract_timeline(contract, user=request.user, cursor=request.GET.get("before"))
    template = (
        "contracts/_timeline_entries.html" if request.htmx else "contracts/contract_timeline.html"
    )
    return render(request, template, {"contract": contract, "timeline": timeline})
