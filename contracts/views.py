import copy
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts import services
from contracts.filters import ContractFilter
from contracts.forms import (
    AgreementForm,
    ContractForm,
    ExtendForm,
    ObligationForm,
    ReasonForm,
    ServiceLineForm,
    SiteSurveyForm,
    StaffingForm,
)
from contracts.models import (
    Agreement,
    Contract,
    Obligation,
    ServiceLine,
    StaffingRequirement,
    Stage,
)
from contracts.selectors import (
    contract_claims,
    contract_handoffs,
    contract_list,
    contract_page_queryset,
    contract_timeline,
    mark_expiry,
    portfolio_clients,
    stage_counts,
)
from handoffs.models import OPEN_STATUSES, Kind
from org.archiving import wants_archived
from org.errors import DomainError
from org.feedback import report_form_errors
from org.once import already_sent, create_once, repeated_submit
from org.params import ascii_id
from org.selectors import cover_with_id, may_act_on, represented_user_ids
from org.versioning import StaleVersionError, render_conflict

PAGE_SIZE = 50


# --- helpers -------------------------------------------------------------------------


def _visible_contract(request, pk):
    # Archived contracts still open by their address; only the lists leave them out.
    return get_object_or_404(
        Contract.objects.visible_to(request.user, archived=None).select_related(
            "client", "manager"
        ),
        pk=pk,
    )


def _contract_to_act_on(request, pk):
    """The contract, if the user sees it (else 404) and may change it (else 403)."""
    contract = _visible_contract(request, pk)
    if not may_act_on(request.user, contract):
        raise PermissionDenied
    return contract


def _form_error(form, error: DomainError):
    form.add_error(error.code if error.code in form.fields else None, error.message)


def _detail(contract, anchor=""):
    url = contract.get_absolute_url()
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- lists ---------------------------------------------------------------------------


def _contract_table(request, *, mine):
    user = request.user
    archived = wants_archived(request)
    base = contract_list(user=user, mine=mine, archived=archived)
    without_stage = request.GET.copy()
    without_stage.pop("stage", None)
    unstaged = ContractFilter(without_stage, queryset=base, request=request)
    contract_filter = ContractFilter(request.GET, queryset=base, request=request)
    if not user.is_director:
        del contract_filter.form.fields["manager"]
    counts = stage_counts(unstaged.qs)
    page = Paginator(contract_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    mark_expiry(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("stage", None)
    return {
        "filter": contract_filter,
        "page": page,
        "contracts": page.object_list,
        "stage_tabs": [
            {"value": value, "label": label, "count": counts[value]}
            for value, label in Stage.choices
        ],
        "total": sum(counts.values()),
        "current_stage": request.GET.get("stage", ""),
        "query": query.urlencode(),
        "can_create": user.manages_clients,
        "today": timezone.localdate(),
        "archived": archived,
    }


def portfolio(request):
    """The support manager's home: their (and their covered colleagues') clients and contracts."""
    context = _contract_table(request, mine=True)
    user = request.user
    manager = context["filter"].form.cleaned_data.get("manager") if user.is_director else None
    if user.is_support_manager and not user.is_director:
        context["clients"] = portfolio_clients(user=user, manager_ids=represented_user_ids(user))
    elif manager is not None:
        context["clients"] = portfolio_clients(user=user, manager_ids=[manager.pk])
    context["is_portfolio"] = True
    return render(request, "contracts/contract_list.html", context)


def contract_list_view(request):
    context = _contract_table(request, mine=False)
    context["is_portfolio"] = False
    return render(request, "contracts/contract_list.html", context)


# --- the contract page ---------------------------------------------------------------


def contract_detail(request, pk):
    user = request.user
    contract = get_object_or_404(contract_page_queryset(user), pk=pk)
    may_act = may_act_on(user, contract)
    handoffs = contract_handoffs(contract, user=user)
    now = timezone.now()
    for handoff in handoffs:
        handoff.overdue_by = (now - handoff.due_at).days if handoff.is_overdue(now) else None
    actions = []
    if may_act:
        for transition in services.allowed_transitions(contract):
            if transition.needs_end_date:
                form = ExtendForm(prefix=transition.name)
            elif transition.reason_required:
                form = ReasonForm(prefix=transition.name)
            else:
                form = ReasonForm(prefix=transition.name, required=False)
            actions.append({"transition": transition, "form": form})
    context = {
        "contract": contract,
        "may_act": may_act,
        "actions": actions,
        "cover": cover_with_id(contract.manager_cover_id, viewer=user),
        "handoffs": handoffs,
        "claims": contract_claims(contract, user=user),
        "stepper": _stepper(contract),
        "today": timezone.localdate(),
        "open_survey": any(
            h.kind == Kind.SITE_SURVEY and h.status in OPEN_STATUSES for h in handoffs
        ),
        "conclude_blockers": (
            services.conclude_blockers(contract)
            if may_act and contract.stage == Stage.PREPARATION
            else []
        ),
        "survey_form": SiteSurveyForm(),
    }
    return render(request, "contracts/contract_detail.html", context)


STEPS = (Stage.PREPARATION, Stage.SUPPORT, Stage.TERMINATION, Stage.CLOSED)


def _stepper(contract):
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


def contract_timeline_view(request, pk):
    """Older timeline entries: a fragment for htmx, a page of its own without JavaScript."""
    contract = _visible_contract(request, pk)
    timeline = contract_timeline(contract, user=request.user, cursor=request.GET.get("before"))
    template = (
        "contracts/_timeline_entries.html" if request.htmx else "contracts/contract_timeline.html"
    )
    return render(request, template, {"contract": contract, "timeline": timeline})


# --- create and edit the contract ----------------------------------------------------


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
                token=form.once_token,
                create=lambda: services.contract_create(
                    actor=request.user, client=data["client"], **form.service_kwargs()
                ),
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            if not created:
                return already_sent(request, contract, fallback="contracts:list")
            messages.success(
                request, _("Contract № %(number)s created.") % {"number": contract.number}
            )
            return _detail(contract)
    return render(request, "contracts/contract_form.html", {"form": form, "contract": None})


def contract_update(request, pk):
    contract = _contract_to_act_on(request, pk)

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
            _form_error(form, error)
        else:
            messages.success(request, _("The contract is saved."))
            return _detail(contract)
    return render(request, "contracts/contract_form.html", {**context, "form": form})


# --- stage transitions ---------------------------------------------------------------


@require_POST
def contract_transition(request, pk, action):
    contract = _contract_to_act_on(request, pk)
    transition = services.TRANSITIONS[action]
    if transition.needs_end_date:
        form = ExtendForm(request.POST, request.FILES, prefix=action)
    else:
        form = ReasonForm(request.POST, prefix=action, required=transition.reason_required)
    if not form.is_valid():
        report_form_errors(request, form, prefix=transition.label)
        return _detail(contract)
    data = form.cleaned_data
    try:
        if action == "conclude":
            services.contract_conclude(actor=request.user, contract=contract, reason=data["reason"])
        elif action == "begin_termination":
            services.contract_begin_termination(
                actor=request.user, contract=contract, reason=data["reason"]
            )
        elif action == "extend":
            services.contract_extend(
                actor=request.user,
                contract=contract,
                new_end_date=data["new_end_date"],
                reason=data["reason"],
                document=data["document"],
            )
        elif action == "close":
            services.contract_close(actor=request.user, contract=contract, reason=data["reason"])
        elif action == "cancel":
            services.contract_cancel(actor=request.user, contract=contract, reason=data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        contract.refresh_from_db(fields=["stage"])
        messages.success(
            request,
            _("Done: %(action)s. The contract is now at the stage “%(stage)s”.")
            % {"action": transition.label, "stage": contract.get_stage_display()},
        )
    return _detail(contract)


@require_POST
def request_site_survey(request, pk):
    contract = _contract_to_act_on(request, pk)
    form = SiteSurveyForm(request.POST)
    form.is_valid()
    try:
        services.contract_request_site_survey(
            actor=request.user, contract=contract, details=form.cleaned_data.get("details", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The production department is asked for a site survey."))
    return _detail(contract, "handoffs")


# --- records under the contract ------------------------------------------------------


def _record_form(request, *, contract, form, save, template, title, anchor, success, form_for=None):
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
                request, template, context, form=form, error=error, form_for=form_for
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, success)
            return _detail(contract, anchor)
    return render(request, template, {**context, "form": form})


def service_line_add(request, pk):
    contract = _contract_to_act_on(request, pk)
    return _record_form(
        request,
        contract=contract,
        form=ServiceLineForm(request.POST or None),
        save=lambda data: services.service_line_add(actor=request.user, contract=contract, **data),
        template="contracts/record_form.html",
        title=_("New service line"),
        anchor="services",
        success=_("The service line is added."),
    )


def _line(request, pk):
    line = get_object_or_404(ServiceLine.objects.select_related("contract"), pk=pk)
    contract = _contract_to_act_on(request, line.contract_id)
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
        template="contracts/record_form.html",
        title=_("Edit the service line"),
        anchor="services",
        success=_("The service line is saved."),
    )


@require_POST
def service_line_delete(request, pk):
    line, contract = _line(request, pk)
    try:
        services.service_line_delete(actor=request.user, line=line)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The service line is deleted."))
    return _detail(contract, "services")


def staffing_add(request, pk):
    contract = _contract_to_act_on(request, pk)
    return _record_form(
        request,
        contract=contract,
        form=StaffingForm(request.POST or None, contract=contract),
        save=lambda data: services.staffing_add(actor=request.user, contract=contract, **data),
        template="contracts/record_form.html",
        title=_("New staffing requirement"),
        anchor="staffing",
        success=_("The staffing requirement is added."),
    )


def _requirement(request, pk):
    requirement = get_object_or_404(StaffingRequirement.objects.select_related("contract"), pk=pk)
    contract = _contract_to_act_on(request, requirement.contract_id)
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
        template="contracts/record_form.html",
        title=_("Edit the staffing requirement"),
        anchor="staffing",
        success=_("The staffing requirement is saved."),
    )


@require_POST
def staffing_delete(request, pk):
    requirement, contract = _requirement(request, pk)
    try:
        services.staffing_delete(actor=request.user, requirement=requirement)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The staffing requirement is deleted."))
    return _detail(contract, "staffing")


def agreement_add(request, pk):
    contract = _contract_to_act_on(request, pk)
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
        template="contracts/record_form.html",
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


def obligation_add(request, pk):
    contract = _contract_to_act_on(request, pk)
    return _record_form(
        request,
        contract=contract,
        form=ObligationForm(request.POST or None),
        save=lambda data: services.obligation_add(actor=request.user, contract=contract, **data),
        template="contracts/record_form.html",
        title=_("New obligation"),
        anchor="obligations",
        success=_("The obligation is added."),
    )


@require_POST
def obligation_fulfil(request, pk):
    obligation = get_object_or_404(Obligation.objects.select_related("contract"), pk=pk)
    contract = _contract_to_act_on(request, obligation.contract_id)
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
            {"obligation": obligation, "contract": contract, "may_act": True, "error": error},
            status=409 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The obligation is marked fulfilled."))
    return _detail(contract, "obligations")
