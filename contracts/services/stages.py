"""The contract's stage moves (conclude, extend, begin termination, close, cancel) and
the hand-offs they open; the site survey that concluding waits for.

Every move locks the contract, checks the actor and `contracts.transitions.TRANSITIONS`,
then changes the stage and writes a `StageEvent`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import ClientStatus
from contracts import events, handoff_texts
from contracts.handoff_texts import format_date
from contracts.models import Agreement, AgreementKind, Contract, StageEvent
from contracts.services.common import (
    WantedHandoff,
    check_document,
    due_by,
    ensure_may_change,
    lock_contract,
    open_handoff,
    open_missing_handoffs,
)
from contracts.services.termination import prefill_checklist
from contracts.transitions import (
    OPEN_STAGES,
    SURVEY_STAGES,
    TRANSITIONS,
    close_blockers,
    conclude_blockers,
)
from handoffs.models import OPEN_STATUSES, DealHandover, Handoff, Kind
from handoffs.services import deal_handover_prepare
from org.blockers import BlockedError, Blocker
from org.errors import DomainError
from org.models import DepartmentCode, User
from org.records import save_with_history
from org.selectors import acting_for
from org.workflow import Transition


def _start_move(actor: User, contract: Contract, name: str) -> tuple[Contract, Transition]:
    """The contract locked, if ``actor`` may change it and the table allows ``name`` now."""
    contract = lock_contract(contract)
    ensure_may_change(actor, contract)
    return contract, TRANSITIONS.check(name, contract.stage)


def _move(
    contract: Contract,
    transition: Transition,
    *,
    actor: User,
    reason: str = "",
    extra_fields: Sequence[str] = (),
) -> StageEvent:
    """Set the new stage, save it (history) and write the stage event."""
    from_stage = contract.stage
    target = transition.leaves(from_stage)
    contract.stage = target
    contract.stage_reason = reason
    save_with_history(
        contract,
        actor=actor,
        update_fields=["stage", "stage_reason", "updated_at", *extra_fields],
    )
    stage_event = StageEvent.objects.create(
        contract=contract,
        from_stage=from_stage,
        to_stage=target,
        actor=actor,
        on_behalf_of=acting_for(actor, contract.manager),
        reason=reason,
    )
    events.contract_stage_changed(contract, stage_event)
    return stage_event


def _required_reason(reason: str | None, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(message, code="reason")
    return reason


def _set_client_status(contract: Contract, status: str, *, actor: User) -> None:
    client = contract.client
    client.status = status
    save_with_history(client, actor=actor, update_fields=["status", "updated_at"])


def _open_deal_handover(contract: Contract, *, actor: User) -> None:
    """Ask sales to hand the deal over, once per contract: the contract is locked, and the
    handover's one-to-one on the contract refuses a second should a retry get this far."""
    if DealHandover.objects.filter(contract=contract).exists():
        return
    handoff = open_handoff(
        contract,
        actor=actor,
        wanted=WantedHandoff(
            Kind.DEAL_HANDOVER, DepartmentCode.SALES, handoff_texts.deal_handover(contract)
        ),
    )
    deal_handover_prepare(handoff=handoff)


# The departments' hand-offs a conclusion opens (the deal handover aside: one per contract).
CONCLUSION_KINDS = (Kind.STAFFING_REQUEST, Kind.BILLING_DATA)


def _conclusion_handoffs(contract: Contract) -> list[WantedHandoff]:
    start = contract.start_date  # set: conclude_blockers refuse a contract without its term
    staffing_due = due_by(start - timedelta(days=1)) if start else None
    return [
        WantedHandoff(
            Kind.STAFFING_REQUEST,
            DepartmentCode.HR,
            handoff_texts.staffing_request(contract),
            staffing_due,
        ),
        WantedHandoff(
            Kind.BILLING_DATA, DepartmentCode.ACCOUNTING, handoff_texts.billing_data(contract)
        ),
    ]


@transaction.atomic
def contract_conclude(
    *, actor: User, contract: Contract, reason: str = "", open_duplicates: bool = False
) -> Contract:
    """Preparation → support: the contract is signed; HR staffs it, accounting bills it
    and sales hand the deal over to the manager.

    A staffing or billing hand-off already open on the contract is not opened again
    unless ``open_duplicates`` (the manager saw the open one and confirmed)."""
    contract, transition = _start_move(actor, contract, "conclude")
    missing = conclude_blockers(contract)
    if missing:
        raise BlockedError(
            _("The contract cannot be concluded yet: %(missing)s."), missing, name="missing"
        )
    extra = []
    if contract.signed_on is None:
        contract.signed_on = timezone.localdate()
        extra.append("signed_on")
    _move(contract, transition, actor=actor, reason=reason, extra_fields=extra)
    wanted = _conclusion_handoffs(contract)
    if open_duplicates:
        for handoff in wanted:
            open_handoff(contract, actor=actor, wanted=handoff)
    else:
        open_missing_handoffs(contract, actor=actor, wanted=wanted)
    _open_deal_handover(contract, actor=actor)
    if contract.client.status != ClientStatus.ACTIVE:
        # The signed contract is what makes a prospect a client; the stage change owns this.
        _set_client_status(contract, ClientStatus.ACTIVE, actor=actor)
    return contract


# Who is asked to do what when a termination begins: the kind, the department (None: the
# manager's own follow-up); due by the end date, the extension by the notice deadline.
TERMINATION_HANDOFFS = (
    (Kind.RELEASE_OF_WORKERS, DepartmentCode.HR),
    (Kind.OBLIGATIONS_CHECK, DepartmentCode.PRODUCTION),
    (Kind.FINAL_SETTLEMENT, DepartmentCode.ACCOUNTING),
    (Kind.EXTENSION_OPPORTUNITY, None),
)


@transaction.atomic
def contract_begin_termination(*, actor: User, contract: Contract, reason: str) -> Contract:
    """Support → termination: release the staff, check the obligations, settle, look for an
    extension; the termination checklist is filled in from the contract's records."""
    contract, transition = _start_move(actor, contract, "begin_termination")
    reason = _required_reason(reason, _("Say why the contract is being terminated."))
    _move(contract, transition, actor=actor, reason=reason)
    texts = handoff_texts.termination_texts(contract, reason=reason)
    wanted = [
        WantedHandoff(
            kind,
            department_code,
            texts[kind],
            due_by(
                contract.notice_deadline
                if kind == Kind.EXTENSION_OPPORTUNITY
                else contract.end_date
            ),
        )
        for kind, department_code in TERMINATION_HANDOFFS
    ]
    open_missing_handoffs(contract, actor=actor, wanted=wanted)
    prefill_checklist(contract, actor=actor)
    return contract


def _check_new_end_date(contract: Contract, new_end_date: date | None) -> date:
    if new_end_date is None:
        raise DomainError(_("Enter the new end date."), code="new_end_date")
    if contract.end_date is not None and new_end_date <= contract.end_date:
        raise DomainError(
            _("The new end date must be later than the current one, %(date)s.")
            % {"date": format_date(contract.end_date)},
            code="new_end_date",
        )
    if contract.start_date is not None and new_end_date < contract.start_date:
        raise DomainError(
            _("The new end date must not be before the start date."), code="new_end_date"
        )
    return new_end_date


@transaction.atomic
def contract_extend(
    *,
    actor: User,
    contract: Contract,
    new_end_date: date | None,
    reason: str = "",
    document: File | None = None,
) -> Contract:
    """Support or termination → support with a later end date, as a supplementary agreement."""
    contract, transition = _start_move(actor, contract, "extend")
    new_end_date = _check_new_end_date(contract, new_end_date)
    check_document(document)
    summary = _("Extended to %(date)s.") % {"date": format_date(new_end_date)}
    if reason:
        summary = f"{summary} {reason}"
    save_with_history(
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


@transaction.atomic
def contract_close(*, actor: User, contract: Contract, reason: str = "") -> Contract:
    """Termination → closed, once every obligation is fulfilled and every hand-off finished."""
    contract, transition = _start_move(actor, contract, "close")
    blockers = close_blockers(contract)
    if blockers:
        raise BlockedError(_("The contract cannot be closed yet: %(blockers)s."), blockers)
    _move(contract, transition, actor=actor, reason=reason)
    client = contract.client
    others_open = client.contracts.filter(stage__in=OPEN_STAGES).exclude(pk=contract.pk).exists()
    if not others_open and client.status == ClientStatus.ACTIVE:
        _set_client_status(contract, ClientStatus.FORMER, actor=actor)
    return contract


@transaction.atomic
def contract_cancel(*, actor: User, contract: Contract, reason: str) -> Contract:
    """Preparation → cancelled: the deal fell through before it was signed."""
    contract, transition = _start_move(actor, contract, "cancel")
    reason = _required_reason(reason, _("Say why the contract is cancelled."))
    _move(contract, transition, actor=actor, reason=reason)
    return contract


@transaction.atomic
def contract_request_site_survey(
    *, actor: User, contract: Contract, details: str = "", due_at: datetime | None = None
) -> Handoff:
    """Ask production to survey the contract's sites; one open survey at a time."""
    # The lock serialises two requests at once, so that only one survey is opened.
    contract = lock_contract(contract)
    ensure_may_change(actor, contract)
    if contract.stage not in SURVEY_STAGES:
        raise DomainError(
            _("A site survey is requested while the contract is prepared or supported."),
            code="stage",
        )
    open_survey = (
        Handoff.objects.filter(contract=contract, kind=Kind.SITE_SURVEY, status__in=OPEN_STATUSES)
        .order_by("pk")
        .first()
    )
    if open_survey is not None:
        raise BlockedError.of(
            Blocker(
                "contract_survey_already_open",
                _("A site survey for this contract is already open."),
                reverse("handoffs:detail", args=[open_survey.pk]),
                _("Open the survey"),
            ),
            code="survey_open",
        )
    return open_handoff(
        contract,
        actor=actor,
        wanted=WantedHandoff(
            Kind.SITE_SURVEY,
            DepartmentCode.PRODUCTION,
            handoff_texts.site_survey(contract, details=details),
            due_at,
        ),
    )
