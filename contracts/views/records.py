"""The records under a contract: service lines, staffing, agreements, obligations."""

import copy
from pathlib import PurePath

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts import services
from contracts.forms import AgreementForm, ObligationForm, ServiceLineForm, StaffingForm
from contracts.models import Agreement, Contract, Obligation, ServiceLine, StaffingRequirement
from contracts.transitions import OPEN_STAGES
from contracts.views.common import back_to_contract, contract_to_act_on
from org.errors import DomainError
from org.feedback import report_refusal
from org.versioning import StaleVersionError, render_conflict

RECORD_FORM = "contracts/record_form.html"


def _record_form(request, *, contract, form, save, title, anchor, success, form_for=None):
    """Render ``form`` for a record of ``contract``; on a valid POST call ``save``.

    ``form_for(record, data)`` builds the form again for a record: an edit whose
    version went stale answers 409 with it (``render_conflict``).
    """
    context = {"contract": contract, "title": title, "anchor": anchor}
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except StaleVersionError as error:
            return render_conflict(
                request, RECORD_FORM, context, form=form, error=error, form_for=form_for
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, success)
            return back_to_contract(contract, anchor)
    return render(request, RECORD_FORM, {**context, "form": form})


def _delete(request, contract, *, delete, anchor, success):
    try:
        delete()
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, success)
    return back_to_contract(contract, anchor)


# --- service lines -------------------------------------------------------------------


def service_line_add(request, pk):
    contract = contract_to_act_on(request, pk)
    return _record_form(
        request,
        contract=contract,
        form=ServiceLineForm(request.POST or None),
        save=lambda data: services.service_line_add(actor=request.user, contract=contract, **data),
        title=_("New service line"),
        anchor="services",
        success=_("The service line is added."),
    )


def _line(request, pk):
    line = get_object_or_404(ServiceLine.objects.select_related("contract"), pk=pk)
    contract = contract_to_act_on(request, line.contract_id)
    return line, contract


def service_line_update(request, pk):
    line, contract = _line(request, pk)

    def form_for(record, data):
        return ServiceLineForm(data, instance=copy.copy(record))

    return _record_form(
        request,
        contract=contract,
        form=form_for(line, request.POST or None),
        form_for=form_for,
        save=lambda data: services.service_line_update(actor=request.user, line=line, **data),
        title=_("Edit the service line"),
        anchor="services",
        success=_("The service line is saved."),
    )


@require_POST
def service_line_delete(request, pk):
    line, contract = _line(request, pk)
    return _delete(
        request,
        contract,
        delete=lambda: services.service_line_delete(actor=request.user, line=line),
        anchor="services",
        success=_("The service line is deleted."),
    )


# --- staffing ------------------------------------------------------------------------


def staffing_add(request, pk):
    contract = contract_to_act_on(request, pk)
    return _record_form(
        request,
        contract=contract,
        form=StaffingForm(request.POST or None, contract=contract),
        save=lambda data: services.staffing_add(actor=request.user, contract=contract, **data),
        title=_("New staffing requirement"),
        anchor="staffing",
        success=_("The staffing requirement is added."),
    )


def _requirement(request, pk):
    requirement = get_object_or_404(StaffingRequirement.objects.select_related("contract"), pk=pk)
    contract = contract_to_act_on(request, requirement.contract_id)
    return requirement, contract


def staffing_update(request, pk):
    requirement, contract = _requirement(request, pk)

    def form_for(record, data):
        return StaffingForm(data, instance=copy.copy(record), contract=contract)

    return _record_form(
        request,
        contract=contract,
        form=form_for(requirement, request.POST or None),
        form_for=form_for,
        save=lambda data: services.staffing_update(
            actor=request.user, requirement=requirement, **data
        ),
        title=_("Edit the staffing requirement"),
        anchor="staffing",
        success=_("The staffing requirement is saved."),
    )


@require_POST
def staffing_delete(request, pk):
    requirement, contract = _requirement(request, pk)
    return _delete(
        request,
        contract,
        delete=lambda: services.staffing_delete(actor=request.user, requirement=requirement),
        anchor="staffing",
        success=_("The staffing requirement is deleted."),
    )


# --- agreements ----------------------------------------------------------------------


def agreement_add(request, pk):
    contract = contract_to_act_on(request, pk)
    form = AgreementForm(request.POST or None, request.FILES or None)
    return _record_form(
        request,
        contract=contract,
        form=form,
        save=lambda data: services.agreement_add(
            actor=request.user,
            contract=contract,
            kind=data["kind"],
            date=data["date"],
            summary=data["summary"],
            confirmed_by=data["confirmed_by"],
            document=data["document"] or None,
        ),
        title=_("New agreement"),
        anchor="agreements",
        success=_("The agreement is recorded."),
    )


def agreement_download(request, pk):
    """The agreement's document, only for those who see its contract."""
    agreement = get_object_or_404(
        Agreement.objects.filter(contract__in=Contract.objects.visible_to(request.user)), pk=pk
    )
    if not agreement.document:
        raise Http404
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=PurePath(agreement.document.name).name)


# --- obligations ---------------------------------------------------------------------


def obligation_add(request, pk):
    contract = contract_to_act_on(request, pk)
    return _record_form(
        request,
        contract=contract,
        form=ObligationForm(request.POST or None),
        save=lambda data: services.obligation_add(actor=request.user, contract=contract, **data),
        title=_("New obligation"),
        anchor="obligations",
        success=_("The obligation is added."),
    )


@require_POST
def obligation_fulfil(request, pk):
    obligation = get_object_or_404(Obligation.objects.select_related("contract"), pk=pk)
    contract = contract_to_act_on(request, obligation.contract_id)
    error = None
    try:
        obligation = services.obligation_fulfil(actor=request.user, obligation=obligation)
    except DomainError as refused:
        error = refused.message
        obligation.refresh_from_db()
    if request.htmx:
        # A refusal answers 409 with the row as it is now and the reason (app.js swaps it in).
        return render(
            request,
            "contracts/_obligation_row.html",
            {
                "obligation": obligation,
                "contract": contract,
                "may_edit": contract.stage in OPEN_STAGES,
                "error": error,
            },
            status=409 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The obligation is marked fulfilled."))
    return back_to_contract(contract, "obligations")
