"""What the contract services share: the lock, the act-on and open-stage guards, and
opening the hand-offs a contract asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.handoff_texts import HandoffText
from contracts.models import Contract
from contracts.transitions import OPEN_STAGES
from handoffs.models import OPEN_STATUSES, Handoff
from handoffs.services import handoff_create
from org.errors import DomainError
from org.models import Department, User
from org.records import lock_row
from org.selectors import acting_for, ensure_may_act_on
from org.uploads import validate_document


def ensure_may_change(actor: User, contract: Contract) -> None:
    ensure_may_act_on(
        actor,
        contract,
        message=_("Only the contract's manager, their cover or a director may change it."),
    )


def ensure_open(contract: Contract) -> None:
    if contract.stage not in OPEN_STAGES:
        raise DomainError(
            _("The contract is %(stage)s: it can no longer be changed.")
            % {"stage": contract.get_stage_display().lower()},
            code="stage",
        )


def lock_contract(contract: Contract) -> Contract:
    # Re-read the row under a lock: two clicks at once must not both pass the guards
    # and open the same hand-offs twice; the second waits and sees the new stage.
    return lock_row(Contract.objects.select_related("client", "manager"), pk=contract.pk)


def editable_contract(actor: User, contract: Contract) -> Contract:
    """The contract locked, if ``actor`` may change it and it is still open."""
    contract = lock_contract(contract)
    ensure_may_change(actor, contract)
    ensure_open(contract)
    return contract


def check_document(document: File | None) -> None:
    if document is None:
        return
    try:
        validate_document(document)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), code="document") from None


def due_by(day: date | None) -> datetime | None:
    """The evening of ``day`` if that leaves a working day; else the hand-offs default."""
    if day is None:
        return None
    due = timezone.make_aware(datetime.combine(day, time(18, 0)))
    return due if due > timezone.now() + timedelta(days=1) else None


@dataclass(frozen=True)
class WantedHandoff:
    """A hand-off a move asks for: of ``kind``, for a department (None: the manager's
    own follow-up), worded by `contracts.handoff_texts`, due by ``due_at`` (None: the
    hand-offs default)."""

    kind: str
    department_code: str | None
    text: HandoffText
    due_at: datetime | None = None


def open_handoff(contract: Contract, *, actor: User, wanted: WantedHandoff) -> Handoff:
    department_code = wanted.department_code
    return handoff_create(
        actor=actor,
        kind=wanted.kind,
        title=wanted.text.title,
        department=Department.objects.get(code=department_code) if department_code else None,
        details=wanted.text.details,
        due_at=wanted.due_at,
        contract=contract,
        client=contract.client,
        assignee=contract.manager if department_code is None else None,
        on_behalf_of=acting_for(actor, contract.manager),
    )


def open_missing_handoffs(contract: Contract, *, actor: User, wanted: list[WantedHandoff]) -> None:
    """Open each of ``wanted`` unless a hand-off of that kind is already open on the
    contract: an expiry warning and a termination ask for some of the same work, and
    neither may open it twice."""
    already_open = set(
        Handoff.objects.filter(contract=contract, status__in=OPEN_STATUSES).values_list(
            "kind", flat=True
        )
    )
    for handoff in wanted:
        if handoff.kind not in already_open:
            open_handoff(contract, actor=actor, wanted=handoff)
