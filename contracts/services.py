"""Every change to a contract and the records under it goes through one of these functions.

Stage changes follow TRANSITIONS, the one table that the services enforce and the
contract page reads to show only the actions allowed now.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.utils import bulk_create_with_history

from clients.models import ClientStatus
from contracts.models import (
    Agreement,
    AgreementKind,
    Contract,
    ExpiryWarning,
    Obligation,
    Schedule,
    ServiceLine,
    StaffingRequirement,
    Stage,
    StageEvent,
    StageEventKind,
)
from handoffs.models import OPEN_STATUSES, Handoff, HandoffEvent, Kind
from handoffs.models import Status as HandoffStatus
from handoffs.notifications import NEW_FOR_DEPARTMENT
from handoffs.services import DEFAULT_DUE, handoff_create
from org.archiving import archive_record
from org.errors import DomainError
from org.models import Department, DepartmentCode
from org.selectors import acting_for, ensure_may_act_on
from org.services import Notice, notify_many
from org.uploads import validate_document
from org.versioning import lock_version


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    label: str | Promise
    icon: str
    style: str = "primary"
    reason_required: bool = False
    needs_end_date: bool = False
    confirm: str | Promise | None = None

    @property
    def url_name(self):
        return f"contracts:{self.name}"


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "conclude",
            frozenset({Stage.PREPARATION}),
            Stage.SUPPORT,
            gettext_lazy("Conclude"),
            "bi-check2-circle",
            style="success",
        ),
        Transition(
            "extend",
            frozenset({Stage.SUPPORT, Stage.TERMINATION}),
            Stage.SUPPORT,
            gettext_lazy("Extend"),
            "bi-calendar-plus",
            needs_end_date=True,
        ),
        Transition(
            "begin_termination",
            frozenset({Stage.SUPPORT}),
            Stage.TERMINATION,
            gettext_lazy("Begin termination"),
            "bi-hourglass-split",
            style="warning",
            reason_required=True,
            confirm=gettext_lazy(
                "Begin terminating this contract? HR, production and accounting will be asked to prepare."
            ),
        ),
        Transition(
            "close",
            frozenset({Stage.TERMINATION}),
            Stage.CLOSED,
            gettext_lazy("Close"),
            "bi-lock",
            style="danger",
            confirm=gettext_lazy("Close this contract for good?"),
        ),
        Transition(
            "cancel",
            frozenset({Stage.PREPARATION}),
            Stage.CANCELLED,
            gettext_lazy("Cancel"),
            "bi-x-circle",
            style="danger",
            reason_required=True,
            confirm=gettext_lazy("Cancel this contract? It will not be concluded."),
        ),
    )
}

OPEN_STAGES = (Stage.PREPARATION, Stage.SUPPORT, Stage.TERMINATION)
_MAY_NOT_CHANGE = gettext_lazy(
    "Only the contract's manager, their cover or a director may change it."
)

CONTRACT_FIELDS = (
    "number",
    "title",
    "manager",
    "start_date",
    "end_date",
    "signed_on",
    "monthly_value",
    "notice_period_days",
    "auto_renewal",
    "claim_answer_days",
    "sla_critical_response_hours",
    "sla_critical_resolution_hours",
    "sla_high_response_hours",
    "sla_high_resolution_hours",
    "sla_normal_response_hours",
    "sla_normal_resolution_hours",
    "sla_low_response_hours",
    "sla_low_resolution_hours",
)
# Once concluded, the term changes only through an extension (a supplementary agreement).
TERM_FIELDS = ("start_date", "end_date")
SERVICE_LINE_FIELDS = ("service", "frequency", "price")
STAFFING_FIELDS = ("site", "post", "headcount", "schedule", "requirements", "uniform")


def allowed_transitions(contract) -> list[Transition]:
    """The stage changes the table allows from the contract's stage now."""
    return [t for t in TRANSITIONS.values() if contract.stage in t.sources]


# --- helpers -------------------------------------------------------------------------


def _ensure_open(contract):
    if contract.stage not in OPEN_STAGES:
        raise DomainError(
            _("The contract is %(stage)s: it can no longer be changed.")
            % {"stage": contract.get_stage_display().lower()},
            code="stage",
        )


def _lock(contract) -> Contract:
    # Re-read the row under a lock: two clicks at once must not both pass the guards
    # and open the same hand-offs twice; the second waits and sees the new stage.
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("client", "manager")
        .get(pk=contract.pk)
    )


def _department(code) -> Department:
    return Department.objects.get(code=code)


def _format_date(day):
    return formats.date_format(day, "d.m.Y")


def _due_by(day):
    """The evening of ``day`` if that leaves a working day; else the hand-offs default."""
    if day is None:
        return None
    due = timezone.make_aware(datetime.combine(day, time(18, 0)))
    return due if due > timezone.now() + timedelta(days=1) else None


def _save(instance, *, actor, update_fields=None):
    # Record the acting user in the history even outside a request (seed, tasks, shell).
    instance._history_user = actor
    instance.save(update_fields=update_fields)
    return instance


def _check_transition(contract, name) -> Transition:
    transition = TRANSITIONS[name]
    if contract.stage not in transition.sources:
        raise DomainError(
            _("“%(action)s” is not possible for a contract at the stage “%(stage)s”.")
            % {"action": transition.label, "stage": contract.get_stage_display()},
            code="stage",
        )
    return transition


def _move(contract, transition, *, actor, reason="", extra_fields=()):
    """Set the new stage, save it (history) and write the stage event."""
    from_stage = contract.stage
    contract.stage = transition.target
    contract.stage_reason = reason
    _save(
        contract,
        actor=actor,
        update_fields=["stage", "stage_reason", "updated_at", *extra_fields],
    )
    return StageEvent.objects.create(
        contract=contract,
        from_stage=from_stage,
        to_stage=transition.target,
        actor=actor,
        on_behalf_of=acting_for(actor, contract.manager),
        reason=reason,
    )


def _open_handoff(contract, *, actor, kind, department_code=None, title, details="", due_at=None):
    return handoff_create(
        actor=actor,
        kind=kind,
        title=title,
        department=_department(department_code) if department_code else None,
        details=details,
        due_at=due_at,
        contract=contract,
        client=contract.client,
        assignee=contract.manager if department_code is None else None,
        on_behalf_of=acting_for(actor, contract.manager),
    )


def _open_missing_handoffs(contract, *, actor, wanted):
    """Open each (kind, department, title, details, due) of ``wanted`` unless a hand-off
    of that kind is already open on the contract: an expiry warning and a termination
    ask for some of the same work, and neither may open it twice."""
    already_open = set(
        Handoff.objects.filter(contract=contract, status__in=OPEN_STATUSES).values_list(
            "kind", flat=True
        )
    )
    for kind, department_code, title, details, due_at in wanted:
        if kind not in already_open:
            _open_handoff(
                contract,
                actor=actor,
                kind=kind,
                department_code=department_code,
                title=title,
                details=details,
                due_at=due_at,
            )


def _names(items, limit=5):
    shown = [f"«{item}»" for item in items[:limit]]
    if len(items) > limit:
        shown.append(_("and %(count)d more") % {"count": len(items) - limit})
    return ", ".join(shown)


def _staffing_details(contract, staffing=None) -> str:
    lines = []
    if staffing is None:
        staffing = contract.staffing.select_related("site")
    for req in staffing:
        parts = [f"{req.post} × {req.headcount}", req.get_schedule_display()]
        if req.site:
            parts.append(f"{req.site.name} ({req.site.address})")
        if req.requirements:
            parts.append(_("requirements: %(text)s") % {"text": req.requirements})
        if req.uniform:
            parts.append(_("uniform: %(text)s") % {"text": req.uniform})
        lines.append("— " + "; ".join(parts))
    term = _("Term: %(start)s – %(end)s.") % {
        "start": _format_date(contract.start_date),
        "end": _format_date(contract.end_date),
    }
    return "\n".join([term, _("Staffing:"), *lines])


# --- stage transitions ---------------------------------------------------------------


def conclude_blockers(contract) -> list[str]:
    """What is still missing before the contract can be concluded (empty: nothing)."""
    missing = []
    if contract.start_date is None or contract.end_date is None:
        missing.append(_("set the start and end dates"))
    if not contract.service_lines.exists():
        missing.append(_("add at least one service line"))
    if not contract.staffing.exists():
        missing.append(_("add at least one staffing requirement"))
    survey_done = Handoff.objects.filter(
        contract=contract, kind=Kind.SITE_SURVEY, status=HandoffStatus.DONE
    ).exists()
    if not survey_done:
        missing.append(_("have the site survey completed by the production department"))
    return missing


@transaction.atomic
def contract_conclude(*, actor, contract, reason="") -> Contract:
    """Preparation → support: the contract is signed; HR staffs it and accounting bills it."""
    contract = _lock(contract)
    ensure_may_act_on(actor, contract, message=_MAY_NOT_CHANGE)
    transition = _check_transition(contract, "conclude")
    missing = conclude_blockers(contract)
    if missing:
        raise DomainError(
            _("The contract cannot be concluded yet: %(missing)s.")
            % {"missing": "; ".join(missing)},
            code="not_ready",
        )
    extra = []
    if contract.signed_on is None:
        contract.signed_on = timezone.localdate()
        extra.append("signed_on")
    _move(contract, transition, actor=actor, reason=reason, extra_fields=extra)
    names = {"number": contract.number, "client": contract.client.short_name}
    _open_handoff(
        contract,
        actor=actor,
        kind=Kind.STAFFING_REQUEST,
        department_code=DepartmentCode.HR,
        title=_("Staffing for contract № %(number)s, %(client)s") % names,
        details=_staffing_details(contract),
        due_at=_due_by(contract.start_date - timedelta(days=1)),
    )
    _open_handoff(
        contract,
        actor=actor,
        kind=Kind.BILLING_DATA,
        department_code=DepartmentCode.ACCOUNTING,
        title=_("Billing data for contract № %(number)s, %(client)s") % names,
        details=_(
            "Monthly value: %(value)s UAH. Term: %(start)s – %(end)s. Invoices and acts of services monthly."
        )
        % {
            "value": formats.number_format(contract.monthly_value, 2, force_grouping=True),
            "start": _format_date(contract.start_date),
            "end": _format_date(contract.end_date),
        },
    )
    client = contract.client
    if client.status != ClientStatus.ACTIVE:
        # The signed contract is what makes a prospect a client; the stage change owns this.
        client.status = ClientStatus.ACTIVE
        _save(client, actor=actor, update_fields=["status", "updated_at"])
    return contract


@transaction.atomic
def contract_begin_termination(*, actor, contract, reason) -> Contract:
    """Support → termination: release the staff, check the obligations, settle, look for an extension."""
    contract = _lock(contract)
    ensure_may_act_on(actor, contract, message=_MAY_NOT_CHANGE)
    transition = _check_transition(contract, "begin_termination")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the contract is being terminated."), code="reason")
    _move(contract, transition, actor=actor, reason=reason)

    names = {"number": contract.number, "client": contract.client.short_name}
    end = contract.end_date
    ends = (
        _("The contract ends on %(date)s.") % {"date": _format_date(end)}
        if end
        else _("The contract has no end date.")
    )
    obligations = [o.description for o in contract.obligations.all() if not o.is_fulfilled]
    obligations_text = (
        _("Obligations to check:") + "\n" + "\n".join(f"— {o}" for o in obligations)
        if obligations
        else _("No obligations are listed on the contract: check the contract's text.")
    )
    wanted = [
        (
            Kind.RELEASE_OF_WORKERS,
            DepartmentCode.HR,
            _("Release of workers: contract № %(number)s, %(client)s") % names,
            "\n".join([ends, _("Reason: %(reason)s") % {"reason": reason}]),
            _due_by(end),
        ),
        (
            Kind.OBLIGATIONS_CHECK,
            DepartmentCode.PRODUCTION,
            _("Obligations check: contract № %(number)s, %(client)s") % names,
            "\n".join([ends, obligations_text]),
            _due_by(end),
        ),
        (
            Kind.FINAL_SETTLEMENT,
            DepartmentCode.ACCOUNTING,
            _("Final settlement: contract № %(number)s, %(client)s") % names,
            "\n".join([ends, _("Prepare the reconciliation act and the final invoice.")]),
            _due_by(end),
        ),
        (
            Kind.EXTENSION_OPPORTUNITY,
            None,
            _("Look for an extension: contract № %(number)s, %(client)s") % names,
            ends,
            _due_by(contract.notice_deadline),
        ),
    ]
    _open_missing_handoffs(contract, actor=actor, wanted=wanted)
    return contract


@transaction.atomic
def contract_extend(*, actor, contract, new_end_date, reason="", document=None) -> Contract:
    """Support or termination → support with a later end date, as a supplementary agreement."""
    contract = _lock(contract)
    ensure_may_act_on(actor, contract, message=_MAY_NOT_CHANGE)
    transition = _check_transition(contract, "extend")
    if new_end_date is None:
        raise DomainError(_("Enter the new end date."), code="new_end_date")
    if contract.end_date is not None and new_end_date <= contract.end_date:
        raise DomainError(
            _("The new end date must be later than the current one, %(date)s.")
            % {"date": _format_date(contract.end_date)},
            code="new_end_date",
        )
    if contract.start_date is not None and new_end_date < contract.start_date:
        raise DomainError(
            _("The new end date must not be before the start date."), code="new_end_date"
        )
    if document is not None:
        _validate_document(document)
    summary = _("Extended to %(date)s.") % {"date": _format_date(new_end_date)}
    if reason:
        summary = f"{summary} {reason}"
    _save(
        Agreement(
            contract=contract,
            kind=AgreementKind.SUPPLEMENTARY,
            date=timezone.localdate(),
            summary=summary,
            document=document or "",
            created_by=actor,
        ),
        actor=actor,
    )
    contract.end_date = new_end_date
    _move(contract, transition, actor=actor, reason=summary, extra_fields=["end_date"])
    return contract


def close_blockers(contract) -> list[str]:
    """What keeps the contract from closing: unfulfilled obligations, open hand-offs."""
    blockers = []
    unfulfilled = list(
        contract.obligations.filter(fulfilled_at__isnull=True).values_list("description", flat=True)
    )
    if unfulfilled:
        blockers.append(_("unfulfilled obligations: %(names)s") % {"names": _names(unfulfilled)})
    open_handoffs = list(
        Handoff.objects.filter(contract=contract, status__in=OPEN_STATUSES)
        .order_by("due_at", "pk")
        .values_list("title", flat=True)
    )
    if open_handoffs:
        blockers.append(_("open hand-offs: %(names)s") % {"names": _names(open_handoffs)})
    return blockers


@transaction.atomic
def contract_close(*, actor, contract, reason="") -> Contract:
    """Termination → closed, once every obligation is fulfilled and every hand-off finished."""
    contract = _lock(contract)
    ensure_may_act_on(actor, contract, message=_MAY_NOT_CHANGE)
    transition = _check_transition(contract, "close")
    blockers = close_blockers(contract)
    if blockers:
        raise DomainError(
            _("The contract cannot be closed while there are %(blockers)s.")
            % {"blockers": "; ".join(blockers)},
            code="not_ready",
        )
    _move(contract, transition, actor=actor, reason=reason)
    client = contract.client
    others_open = client.contracts.filter(stage__in=OPEN_STAGES).exclude(pk=contract.pk).exists()
    if not others_open and client.status == ClientStatus.ACTIVE:
        client.status = ClientStatus.FORMER
        _save(client, actor=actor, update_fields=["status", "updated_at"])
    return contract


@transaction.atomic
def contract_cancel(*, actor, contract, reason) -> Contract:
    """Preparation → cancelled: the deal fell through before it was signed."""
    contract = _lock(contract)
    ensure_may_act_on(actor, contract, message=_MAY_NOT_CHANGE)
    transition = _check_transition(contract, "cancel")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the contract is cancelled."), code="reason")
    _move(contract, transition, actor=actor, reason=reason)
    return contract


# --- the contract and its records ----------------------------------------------------


def _check_number(client, number, *, exclude_pk=None):
    taken = Contract.objects.filter(client=client, number=number).exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            _("%(client)s already has a contract № %(number)s.")
            % {"client": client.short_name, "number": number},
            code="number",
        )


def _check_term(start_date, end_date):
    if start_date and end_date and end_date < start_date:
        raise DomainError(_("The end date must not be before the start date."), code="end_date")


def _save_unique(contract, *, actor, update_fields=None):
    try:
        # A savepoint, so that losing a race on the unique number leaves the outer
        # transaction usable and the caller gets a message instead of a 500.
        with transaction.atomic():
            return _save(contract, actor=actor, update_fields=update_fields)
    except IntegrityError:
        _check_number(contract.client, contract.number, exclude_pk=contract.pk)
        raise


def _check_sites(contract, sites):
    for site in sites:
        if site.client_id != contract.client_id:
            raise DomainError(
                _("The site %(site)s belongs to another client.") % {"site": site}, code="sites"
            )


@transaction.atomic
def contract_create(*, actor, client, number, title, manager=None, sites=(), **fields) -> Contract:
    """A new contract in preparation; its manager is the client's account manager unless named."""
    unknown = set(fields) - set(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"contract_create() got unexpected fields: {sorted(unknown)}")
    if not actor.manages_clients:
        raise DomainError(
            _("Only support managers and directors create contracts."), code="forbidden"
        )
    number = (number or "").strip()
    _check_number(client, number)
    _check_term(fields.get("start_date"), fields.get("end_date"))
    contract = Contract(
        client=client,
        number=number,
        title=title,
        manager=manager or client.account_manager,
        stage=Stage.PREPARATION,
        **fields,
    )
    ensure_may_act_on(actor, contract, message=_MAY_NOT_CHANGE)
    _save_unique(contract, actor=actor)
    _check_sites(contract, sites)
    contract.sites.set(sites)
    StageEvent.objects.create(
        contract=contract,
        from_stage="",
        to_stage=Stage.PREPARATION,
        actor=actor,
        on_behalf_of=acting_for(actor, contract.manager),
    )
    return contract


@transaction.atomic
def contract_update(*, actor, contract, version=None, sites=None, **changes) -> Contract:
    """Change the contract's details; its term only while it is in preparation.

    ``version`` is the one the form was opened with; a stale one is refused.
    """
    unknown = set(changes) - set(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"contract_update() got unexpected fields: {sorted(unknown)}")
    contract = lock_version(
        Contract.objects.select_related("client", "manager"), pk=contract.pk, version=version
    )
    ensure_may_act_on(actor, contract, message=_MAY_NOT_CHANGE)
    _ensure_open(contract)
    if contract.stage != Stage.PREPARATION:
        for field in TERM_FIELDS:
            if field in changes and changes[field] != getattr(contract, field):
                raise DomainError(
                    _("Once concluded, the contract's term changes only by an extension."),
                    code=field,
                )
    if "number" in changes:
        changes["number"] = (changes["number"] or "").strip()
        _check_number(contract.client, changes["number"], exclude_pk=contract.pk)
    _check_term(
        changes.get("start_date", contract.start_date), changes.get("end_date", contract.end_date)
    )
    for field, value in changes.items():
        setattr(contract, field, value)
    if "manager" in changes and changes["manager"] is None:
        contract.manager = contract.client.account_manager
    _save_unique(contract, actor=actor)
    if sites is not None:
        _check_sites(contract, sites)
        contract.sites.set(sites)
    return contract


def _editable_contract(actor, contract):
    contract = _lock(contract)
    ensure_may_act_on(actor, contract, message=_MAY_NOT_CHANGE)
    _ensure_open(contract)
    return contract


@transaction.atomic
def service_line_add(*, actor, contract, service, frequency="", price=0) -> ServiceLine:
    contract = _editable_contract(actor, contract)
    line = ServiceLine(contract=contract, service=service, frequency=frequency, price=price)
    return _save(line, actor=actor)


@transaction.atomic
def service_line_update(*, actor, line, version=None, **changes) -> ServiceLine:
    unknown = set(changes) - set(SERVICE_LINE_FIELDS)
    if unknown:
        raise TypeError(f"service_line_update() got unexpected fields: {sorted(unknown)}")
    _editable_contract(actor, line.contract)
    line = lock_version(ServiceLine.objects, pk=line.pk, version=version)
    for field, value in changes.items():
        setattr(line, field, value)
    return _save(line, actor=actor)


@transaction.atomic
def service_line_delete(*, actor, line) -> None:
    _editable_contract(actor, line.contract)
    line._history_user = actor
    line.delete()


def _check_staffing_site(contract, site):
    if site is not None and site.client_id != contract.client_id:
        raise DomainError(
            _("The site %(site)s belongs to another client.") % {"site": site}, code="site"
        )


@transaction.atomic
def staffing_add(
    *,
    actor,
    contract,
    post,
    headcount,
    site=None,
    schedule=Schedule.FIVE_BY_EIGHT,
    requirements="",
    uniform="",
) -> StaffingRequirement:
    contract = _editable_contract(actor, contract)
    _check_staffing_site(contract, site)
    if not headcount or headcount < 1:
        raise DomainError(_("The headcount must be at least 1."), code="headcount")
    requirement = StaffingRequirement(
        contract=contract,
        site=site,
        post=post,
        headcount=headcount,
        schedule=schedule,
        requirements=requirements,
        uniform=uniform,
    )
    _save(requirement, actor=actor)
    if site is not None:
        contract.sites.add(site)
    return requirement


@transaction.atomic
def staffing_update(*, actor, requirement, version=None, **changes) -> StaffingRequirement:
    unknown = set(changes) - set(STAFFING_FIELDS)
    if unknown:
        raise TypeError(f"staffing_update() got unexpected fields: {sorted(unknown)}")
    contract = _editable_contract(actor, requirement.contract)
    requirement = lock_version(StaffingRequirement.objects, pk=requirement.pk, version=version)
    if "site" in changes:
        _check_staffing_site(contract, changes["site"])
    if "headcount" in changes and (not changes["headcount"] or changes["headcount"] < 1):
        raise DomainError(_("The headcount must be at least 1."), code="headcount")
    for field, value in changes.items():
        setattr(requirement, field, value)
    _save(requirement, actor=actor)
    if requirement.site is not None:
        contract.sites.add(requirement.site)
    return requirement


@transaction.atomic
def staffing_delete(*, actor, requirement) -> None:
    _editable_contract(actor, requirement.contract)
    requirement._history_user = actor
    requirement.delete()


def _validate_document(document):
    try:
        validate_document(document)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), code="document") from None


@transaction.atomic
def agreement_add(
    *,
    actor,
    contract,
    date,
    summary,
    kind=AgreementKind.TECHNICAL,
    confirmed_by="",
    document=None,
) -> Agreement:
    """Record an agreement with the client, confirmed in writing, with its document."""
    contract = _editable_contract(actor, contract)
    if not (summary or "").strip():
        raise DomainError(_("Describe what was agreed."), code="summary")
    if document is not None:
        _validate_document(document)
    agreement = Agreement(
        contract=contract,
        kind=kind,
        date=date,
        summary=summary,
        confirmed_by=confirmed_by,
        document=document or "",
        created_by=actor,
    )
    return _save(agreement, actor=actor)


@transaction.atomic
def obligation_add(*, actor, contract, description, department=None) -> Obligation:
    contract = _editable_contract(actor, contract)
    if not (description or "").strip():
        raise DomainError(_("Describe the obligation."), code="description")
    obligation = Obligation(contract=contract, description=description, department=department)
    return _save(obligation, actor=actor)


@transaction.atomic
def obligation_fulfil(*, actor, obligation) -> Obligation:
    """Tick an obligation off: who and when. Ticking it twice is refused."""
    # Lock the obligation: of two people ticking at once, the second must see the first's tick.
    obligation = (
        Obligation.objects.select_for_update(of=("self",))
        .select_related("contract__manager", "fulfilled_by")
        .get(pk=obligation.pk)
    )
    ensure_may_act_on(actor, obligation.contract, message=_MAY_NOT_CHANGE)
    _ensure_open(obligation.contract)
    if obligation.is_fulfilled:
        raise DomainError(
            _("This obligation was already marked fulfilled by %(user)s on %(date)s.")
            % {
                "user": obligation.fulfilled_by,
                "date": formats.date_format(
                    timezone.localtime(obligation.fulfilled_at), "d.m.Y H:i"
                ),
            },
            code="fulfilled",
        )
    obligation.fulfilled_by = actor
    obligation.fulfilled_at = timezone.now()
    return _save(obligation, actor=actor, update_fields=["fulfilled_by", "fulfilled_at"])


@transaction.atomic
def contract_request_site_survey(*, actor, contract, details="", due_at=None) -> Handoff:
    """Ask production to survey the contract's sites; one open survey at a time."""
    # The lock serialises two requests at once, so that only one survey is opened.
    contract = _lock(contract)
    ensure_may_act_on(actor, contract, message=_MAY_NOT_CHANGE)
    if contract.stage not in (Stage.PREPARATION, Stage.SUPPORT):
        raise DomainError(
            _("A site survey is requested while the contract is prepared or supported."),
            code="stage",
        )
    if Handoff.objects.filter(
        contract=contract, kind=Kind.SITE_SURVEY, status__in=OPEN_STATUSES
    ).exists():
        raise DomainError(_("A site survey for this contract is already open."), code="survey_open")
    sites = [f"— {site.name}: {site.address}" for site in contract.sites.all()]
    text = "\n".join(
        part
        for part in [
            details.strip(),
            (_("Sites:") + "\n" + "\n".join(sites)) if sites else "",
        ]
        if part
    )
    return _open_handoff(
        contract,
        actor=actor,
        kind=Kind.SITE_SURVEY,
        department_code=DepartmentCode.PRODUCTION,
        title=_("Site survey: contract № %(number)s, %(client)s")
        % {"number": contract.number, "client": contract.client.short_name},
        details=text,
        due_at=due_at,
    )


EXPIRY_WARNING = gettext_noop(
    "Contract № %(number)s with %(client)s: %(days)s days left to the notice deadline "
    "%(notice)s; the contract ends %(end)s."
)
EXPIRY_WARNING_PASSED = gettext_noop(
    "Contract № %(number)s with %(client)s: the notice deadline %(notice)s has passed; "
    "the contract ends %(end)s."
)


def expiry_deadline(contract):
    """What the warnings count down to: the notice deadline, or the end date if earlier."""
    if contract.end_date is None:
        return None
    return min(contract.end_date, contract.notice_deadline)


def expiry_thresholds() -> list[int]:
    return sorted({int(days) for days in settings.CONTRACT_EXPIRY_WARNING_DAYS}, reverse=True)


@transaction.atomic
def contract_warn_expiry(*, contract, today) -> list[int]:
    """Warn about ``contract`` at every threshold it has crossed and not been warned at.

    Returns the thresholds warned now (empty: nothing to do). The batch of one of
    ``contracts_warn_expiry``: the same rows, texts and exactly-once guarantees.
    """
    return contracts_warn_expiry(contract_ids=[contract.pk], today=today).get(contract, [])


def _expiry_params(contract, days_left):
    return {
        "number": contract.number,
        "client": contract.client.short_name,
        "days": max(days_left, 0),
        "notice": _format_date(contract.notice_deadline),
        "end": _format_date(contract.end_date),
    }


def _expiry_handoffs_wanted(contract, staffing_details):
    """(kind, department code, title, details, due) of the hand-offs a first warning opens."""
    names = {"number": contract.number, "client": contract.client.short_name}
    ends = _("The contract ends on %(date)s; notice must be given by %(notice)s.") % {
        "date": _format_date(contract.end_date),
        "notice": _format_date(contract.notice_deadline),
    }
    return [
        (
            Kind.RELEASE_OF_WORKERS,
            DepartmentCode.HR,
            _("Expiry warning and release of workers: contract № %(number)s, %(client)s") % names,
            "\n".join([ends, staffing_details]),
            _due_by(contract.notice_deadline),
        ),
        (
            Kind.EXTENSION_OPPORTUNITY,
            None,
            _("Look for an extension: contract № %(number)s, %(client)s") % names,
            ends,
            _due_by(contract.notice_deadline),
        ),
    ]


@transaction.atomic
def contracts_warn_expiry(*, contract_ids, today) -> dict[Contract, list[int]]:
    """``contract_warn_expiry`` for a batch of contracts at a cost that does not grow
    with it: about a dozen queries and one broker connection for the whole batch.

    Returns {contract: thresholds warned now} for those warned. The same rows, texts
    and recipients as warning them one by one: the warnings, the manager's (or cover's)
    notification, and on the first warning for a deadline HR's release-of-workers
    hand-off (HR's head told) and the manager's extension follow-up, with their
    history and events. Exactly once: the rows are locked in id order for the
    transaction, so a second run of the same batch waits and then finds them warned,
    and the unique constraint on ExpiryWarning rolls back a run that slipped past
    (SQLite has no row locks): the caller then warns the batch one by one.
    """
    contracts = list(
        Contract.objects.select_for_update(of=("self",))
        .select_related("client", "manager")
        .filter(pk__in=contract_ids, stage=Stage.SUPPORT, end_date__isnull=False)
        .order_by("pk")
    )
    if not contracts:
        return {}
    thresholds = expiry_thresholds()
    deadlines = {contract.pk: expiry_deadline(contract) for contract in contracts}
    warned = {}
    for contract_id, deadline, days in ExpiryWarning.objects.filter(
        contract__in=contracts
    ).values_list("contract_id", "deadline", "threshold_days"):
        if deadline == deadlines[contract_id]:
            warned.setdefault(contract_id, set()).add(days)
    new = {}
    for contract in contracts:
        days_left = (deadlines[contract.pk] - today).days
        already = warned.get(contract.pk, set())
        crossed = [days for days in thresholds if days_left <= days and days not in already]
        if crossed:
            new[contract] = crossed
    if not new:
        return {}
    ExpiryWarning.objects.bulk_create(
        [
            ExpiryWarning(contract=contract, threshold_days=days, deadline=deadlines[contract.pk])
            for contract, crossed in new.items()
            for days in crossed
        ]
    )
    notices = []
    for contract in new:
        days_left = (deadlines[contract.pk] - today).days
        notices.append(
            Notice(
                recipient=contract.manager,
                message=EXPIRY_WARNING if days_left >= 0 else EXPIRY_WARNING_PASSED,
                params=_expiry_params(contract, days_left),
                url=contract.get_absolute_url(),
            )
        )
    first_warned = [contract for contract in new if contract.pk not in warned]
    notices += _open_expiry_handoffs_for(first_warned)
    notify_many(notices)
    return new


def _open_expiry_handoffs_for(contracts) -> list[Notice]:
    """``_open_expiry_handoffs`` for many contracts with bulk writes; returns the
    notifications that opening them one by one would have sent (HR's head)."""
    if not contracts:
        return []
    already_open = set(
        Handoff.objects.filter(contract__in=contracts, status__in=OPEN_STATUSES).values_list(
            "contract_id", "kind"
        )
    )
    staffing = {contract.pk: [] for contract in contracts}
    for req in StaffingRequirement.objects.filter(contract__in=contracts).select_related("site"):
        staffing[req.contract_id].append(req)
    hr = Department.objects.select_related("head").get(code=DepartmentCode.HR)
    now = timezone.now()
    handoffs = []
    for contract in contracts:
        manager = contract.manager
        details = _staffing_details(contract, staffing[contract.pk])
        for kind, department_code, title, text, due_at in _expiry_handoffs_wanted(
            contract, details
        ):
            if (contract.pk, kind) in already_open:
                continue
            handoff = Handoff(
                department=hr if department_code else None,
                kind=kind,
                title=title.strip(),
                details=text,
                client=contract.client,
                contract=contract,
                # Opened in the manager's name: the warning is theirs, the system files it.
                requested_by=manager,
                on_behalf_of=None,
                assignee=None if department_code else manager,
                due_at=due_at or now + DEFAULT_DUE,
                created_at=now,
            )
            handoff._history_user = manager
            handoffs.append(handoff)
    if not handoffs:
        return []
    handoffs = bulk_create_with_history(handoffs, Handoff, default_date=now)
    HandoffEvent.objects.bulk_create(
        [
            HandoffEvent(
                handoff=handoff,
                from_status="",
                to_status=HandoffStatus.OPEN,
                actor=handoff.requested_by,
                on_behalf_of=None,
                assignee=handoff.assignee,
                created_at=now,
            )
            for handoff in handoffs
        ]
    )
    # As handoffs.notifications.handoff_created: the department's head hears of it, the
    # manager not of their own follow-up.
    return [
        Notice(
            recipient=hr.head,
            message=NEW_FOR_DEPARTMENT,
            params={"title": handoff.title},
            url=handoff.get_absolute_url(),
        )
        for handoff in handoffs
        if handoff.department_id and hr.head_id and hr.head_id != handoff.requested_by_id
    ]


def _archive(contract, *, actor, archive, reason):
    ensure_may_act_on(actor, contract, message=_MAY_NOT_CHANGE)
    contract = archive_record(
        Contract.objects.select_related("client", "manager"),
        pk=contract.pk,
        actor=actor,
        archive=archive,
    )
    StageEvent.objects.create(
        contract=contract,
        kind=StageEventKind.ARCHIVED if archive else StageEventKind.RESTORED,
        from_stage=contract.stage,
        to_stage=contract.stage,
        actor=actor,
        on_behalf_of=acting_for(actor, contract.manager),
        reason=reason,
    )
    return contract


@transaction.atomic
def contract_archive(*, actor, contract, reason="") -> Contract:
    """Take the contract out of the lists, on its timeline; nothing is deleted."""
    return _archive(contract, actor=actor, archive=True, reason=reason)


@transaction.atomic
def contract_restore(*, actor, contract, reason="") -> Contract:
    return _archive(contract, actor=actor, archive=False, reason=reason)
