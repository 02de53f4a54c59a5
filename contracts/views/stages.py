"""The stage moves posted from the contract page, and the site-survey request."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from contracts import services
from contracts.forms import SiteSurveyForm
from contracts.transitions import TRANSITIONS
from contracts.views.common import back_to_contract, contract_to_act_on
from contracts.views.detail import move_form
from org.errors import DomainError
from org.feedback import report_form_errors, report_refusal

# What each move did, for the message after it ("The contract is extended."), never the
# button's imperative.
MOVE_DONE = {
    "conclude": gettext_lazy("The contract is concluded."),
    "extend": gettext_lazy("The contract is extended."),
    "begin_termination": gettext_lazy("Termination has begun."),
    "close": gettext_lazy("The contract is closed."),
    "cancel": gettext_lazy("The contract is cancelled."),
}

# The service of each move of the table, called with the move's form data.
MOVES = {
    "conclude": lambda actor, contract, data: services.contract_conclude(
        actor=actor,
        contract=contract,
        reason=data["reason"],
        open_duplicates=data.get("open_duplicates", False),
    ),
    "begin_termination": lambda actor, contract, data: services.contract_begin_termination(
        actor=actor, contract=contract, reason=data["reason"]
    ),
    "extend": lambda actor, contract, data: services.contract_extend(
        actor=actor,
        contract=contract,
        new_end_date=data["new_end_date"],
        reason=data["reason"],
        document=data["document"],
    ),
    "close": lambda actor, contract, data: services.contract_close(
        actor=actor, contract=contract, reason=data["reason"]
    ),
    "cancel": lambda actor, contract, data: services.contract_cancel(
        actor=actor, contract=contract, reason=data["reason"]
    ),
}


@require_POST
def contract_transition(request, pk, action):
    contract = contract_to_act_on(request, pk)
    transition = TRANSITIONS[action]
    form = move_form(transition, request.POST, request.FILES)
    if not form.is_valid():
        report_form_errors(request, form, prefix=transition.label)
        return back_to_contract(contract)
    try:
        MOVES[action](request.user, contract, form.cleaned_data)
    except DomainError as error:
        report_refusal(request, error)
    else:
        contract.refresh_from_db(fields=["stage"])
        messages.success(
            request,
            _("%(done)s Stage: “%(stage)s”.")
            % {"done": MOVE_DONE[action], "stage": contract.get_stage_display()},
        )
    return back_to_contract(contract)


@require_POST
def request_site_survey(request, pk):
    contract = contract_to_act_on(request, pk)
    form = SiteSurveyForm(request.POST)
    form.is_valid()
    try:
        services.contract_request_site_survey(
            actor=request.user, contract=contract, details=form.cleaned_data.get("details", "")
        )
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, _("The production department is asked for a site survey."))
    return back_to_contract(contract, "handoffs")
