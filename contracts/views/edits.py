"""Creating a contract and editing its details."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from contracts import services
from contracts.forms import ContractForm
from contracts.views.common import back_to_contract, contract_to_act_on
from org.errors import DomainError
from org.feedback import report_refusal
from org.once import already_sent, create_once, repeated_submit
from org.params import ascii_id
from org.versioning import StaleVersionError, render_conflict


def contract_create(request):
    if not request.user.manages_clients:
        raise PermissionDenied
    if (repeated := repeated_submit(request, fallback="contracts:list")) is not None:
        return repeated
    initial = {}
    if (client_id := ascii_id(request.GET.get("client"))) is not None:
        initial["client"] = client_id
    form = ContractForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract, created = create_once(
                user=request.user,
                token=str(form.once_token),
                create=lambda: services.contract_create(
                    actor=request.user, client=data["client"], **form.service_kwargs()
                ),
            )
        except DomainError as error:
            if error.code == "forbidden":
                # Naming a manager the user does not act for: a choice to correct on the
                # form, not a 403.
                form.add_error(None, error.message)
            else:
                report_refusal(request, error, form=form)
        else:
            if not created or contract is None:
                return already_sent(request, contract, fallback="contracts:list")
            messages.success(
                request, _("Contract № %(number)s created.") % {"number": contract.number}
            )
            return back_to_contract(contract)
    return render(request, "contracts/contract_form.html", {"form": form, "contract": None})


def contract_update(request, pk):
    contract = contract_to_act_on(request, pk)

    def form_for(record, data):
        return ContractForm(data, instance=copy.copy(record), user=request.user)

    form = form_for(contract, request.POST or None)
    context = {"contract": contract}
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(actor=request.user, contract=contract, **form.service_kwargs())
        except StaleVersionError as error:
            return render_conflict(
                request,
                "contracts/contract_form.html",
                context,
                form=form,
                error=error,
                form_for=form_for,
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("The contract is saved."))
            return back_to_contract(contract)
    return render(request, "contracts/contract_form.html", {**context, "form": form})
