"""The claim list's bulk actions: hand the selected claims to a department, change their
priority, export them. Views stay thin: the form, the service, the messages, back."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from claims.export import claims_download
from claims.forms import ClaimBulkForm
from claims.services.bulk import (
    ClaimBulkOutcome,
    claim_bulk_assign,
    claim_bulk_priority,
    claims_selected,
)
from handoffs.views.common import back
from org.errors import DomainError
from org.feedback import report_form_errors, report_refusal

# A long refusal list helps no one: the first ones, then how many more.
SHOWN_REFUSALS = 10


def _done_message(action: str, count: int) -> str:
    if action == "assign":
        text = ngettext(
            "Handed to the department: %(count)s claim.",
            "Handed to the department: %(count)s claims.",
            count,
        )
    else:
        text = ngettext(
            "Priority changed: %(count)s claim.", "Priority changed: %(count)s claims.", count
        )
    return text % {"count": count}


def _report(request, action: str, outcome: ClaimBulkOutcome) -> None:
    if outcome.done and action != "export":
        messages.success(request, _done_message(action, len(outcome.done)))
    for reason in outcome.refused[:SHOWN_REFUSALS]:
        messages.error(request, reason)
    if len(outcome.refused) > SHOWN_REFUSALS:
        messages.error(
            request,
            _("%(count)s more claims were refused.")
            % {"count": len(outcome.refused) - SHOWN_REFUSALS},
        )


@require_POST
def claim_bulk(request):
    """One action on the selected claims, in one transaction; refused claims are named."""
    form = ClaimBulkForm(request.POST)
    if not form.is_valid():
        if "action" in form.errors or "ids" in form.errors:
            messages.error(request, _("Select the claims and an action."))
        else:
            report_form_errors(request, form)
        return _back(request)
    data = form.cleaned_data
    action = data["action"]
    try:
        if action == "assign":
            outcome = claim_bulk_assign(
                actor=request.user, ids=data["ids"], department=data["department"]
            )
        elif action == "priority":
            outcome = claim_bulk_priority(
                actor=request.user, ids=data["ids"], priority=data["priority"]
            )
        else:
            outcome = claims_selected(request.user, data["ids"])
    except DomainError as error:
        report_refusal(request, error)
        return _back(request)
    _report(request, action, outcome)
    if action == "export" and outcome.done:
        return claims_download(outcome.done, fmt="csv")
    return _back(request)


def _back(request):
    return back(request) if request.POST.get("next") else redirect("claims:list")
