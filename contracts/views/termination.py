"""The termination checklist's actions, posted from the contract page."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from contracts import services
from contracts.models import TerminationItem
from contracts.views.common import back_to_contract, contract_to_act_on
from org.errors import DomainError
from org.feedback import report_refusal

ANCHOR = "termination"


class TerminationItemForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Step"), max_length=500)


def _listed_item(request, pk):
    """The step, if the user may change its contract (another's contract: 404, as for it)."""
    item = get_object_or_404(
        TerminationItem.objects.filter(removed_at__isnull=True).select_related("contract"),
        pk=pk,
    )
    contract_to_act_on(request, item.contract_id)
    return item


def _run(request, contract, call, success):
    try:
        call()
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, success)
    return back_to_contract(contract, ANCHOR)


@require_POST
def termination_prefill(request, pk):
    contract = contract_to_act_on(request, pk)
    return _run(
        request,
        contract,
        lambda: services.termination_prefill(actor=request.user, contract=contract),
        _("The checklist is filled in from the contract."),
    )


@require_POST
def termination_item_add(request, pk):
    contract = contract_to_act_on(request, pk)
    form = TerminationItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Describe the step."))
        return back_to_contract(contract, ANCHOR)
    return _run(
        request,
        contract,
        lambda: services.termination_item_add(
            actor=request.user, contract=contract, text=form.cleaned_data["text"]
        ),
        _("The step is added."),
    )


@require_POST
def termination_item_tick(request, pk):
    item = _listed_item(request, pk)
    done = request.POST.get("done") == "1"
    return _run(
        request,
        item.contract,
        lambda: services.termination_item_tick(actor=request.user, item=item, done=done),
        _("The step is ticked off.") if done else _("The step is open again."),
    )


@require_POST
def termination_item_remove(request, pk):
    item = _listed_item(request, pk)
    return _run(
        request,
        item.contract,
        lambda: services.termination_item_remove(actor=request.user, item=item),
        _("The step is removed from the checklist."),
    )
