"""What the contract screens share: reaching the contract, and going back to its page."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect

from contracts.models import Contract
from org.selectors import may_act_on


def visible_contract(request, pk: int) -> Contract:
    # Archived contracts still open by their address; only the lists leave them out.
    return get_object_or_404(
        Contract.objects.visible_to(request.user, archived=None).select_related(
            "client", "manager"
        ),
        pk=pk,
    )


def contract_to_act_on(request, pk: int) -> Contract:
    """The contract, if the user sees it (else 404) and may change it (else 403)."""
    contract = visible_contract(request, pk)
    if not may_act_on(request.user, contract):
        raise PermissionDenied
    return contract


def back_to_contract(contract: Contract, anchor: str = "") -> HttpResponseRedirect:
    url = contract.get_absolute_url()
    return redirect(f"{url}#{anchor}" if anchor else url)
