"""Warnings that a contract's notice deadline nears, and the follow-ups the first one opens.

The background jobs (`contracts.tasks`) warn in batches: `contracts_warn_expiry`;
`contract_warn_expiry` is the batch of one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from contracts import handoff_texts
from contracts.handoff_texts import format_date
from contracts.models import Contract, ExpiryWarning, StaffingRequirement, Stage
from contracts.services.common import WantedHandoff, due_by
from handoffs.events import handoffs_created
from handoffs.models import OPEN_STATUSES, Handoff, HandoffEvent, Kind
from handoffs.models import Status as HandoffStatus
from handoffs.notifications import NEW_FOR_DEPARTMENT
from handoffs.services import default_due
from org.models import Department, DepartmentCode
from org.services import Notice, notify_many

EXPIRY_WARNING = gettext_noop(
    "Contract № %(number)s with %(client)s: %(days)s days left to the notice deadline "
    "%(notice)s; the contract ends %(end)s."
)
EXPIRY_WARNING_PASSED = gettext_noop(
    "Contract № %(number)s with %(client)s: the notice deadline %(notice)s has passed; "
    "the contract ends %(end)s."
)

Warned = dict[Contract, list[int]]


def expiry_deadline(contract: Contract) -> date | None:
    """What the warnings count down to: the notice deadline, or the end date if earlier."""
    if contract.end_date is None or contract.notice_deadline is None:
        return None
    return min(contract.end_date, contract.notice_deadline)


def expiry_thresholds() -> list[int]:
    return sorted({int(days) for days in settings.CONTRACT_EXPIRY_WARNING_DAYS}, reverse=True)


@transaction.atomic
def contract_warn_expiry(*, contract: Contract, today: date) -> list[int]:
    """Warn about ``contract`` at every threshold it has crossed and not been warned at.

    Returns the thresholds warned now (empty: nothing to do). The batch of one of
    ``contracts_warn_expiry``: the same rows, texts and exactly-once guarantees.
    """
    return contracts_warn_expiry(contract_ids=[contract.pk], today=today).get(contract, [])


@transaction.atomic
def contracts_warn_expiry(*, contract_ids: Iterable[int], today: date) -> Warned:
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
    # Filtered on an end date: every one has a deadline.
    deadlines = {contract.pk: expiry_deadline(contract) or today for contract in contracts}
    warned = _warned_thresholds(contracts, deadlines)
    new = _crossed(contracts, deadlines, warned, today=today)
    if not new:
        return {}
    ExpiryWarning.objects.bulk_create(
        [
            ExpiryWarning(contract=contract, threshold_days=days, deadline=deadlines[contract.pk])
            for contract, crossed in new.items()
            for days in crossed
        ]
    )
    notices = [_warning_notice(contract, (deadlines[contract.pk] - today).days) for contract in new]
    first_warned = [contract for contract in new if contract.pk not in warned]
    notices += _open_expiry_handoffs_for(first_warned)
    notify_many(notices)
    return new


def _warned_thresholds(
    contracts: Sequence[Contract], deadlines: dict[int, date]
) -> dict[int, set[int]]:
    """{contract id: thresholds already warned at} for each contract's current deadline."""
    warned: dict[int, set[int]] = {}
    for contract_id, deadline, days in ExpiryWarning.objects.filter(
        contract__in=contracts
    ).values_list("contract_id", "deadline", "threshold_days"):
        if deadline == deadlines[contract_id]:
            warned.setdefault(contract_id, set()).add(days)
    return warned


def _crossed(
    contracts: Sequence[Contract],
    deadlines: dict[int, date],
    warned: dict[int, set[int]],
    *,
    today: date,
) -> Warned:
    """{contract: the thresholds it has crossed by ``today`` and not been warned at}."""
    thresholds = expiry_thresholds()
    new = {}
    for contract in contracts:
        days_left = (deadlines[contract.pk] - today).days
        already = warned.get(contract.pk, set())
        crossed = [days for days in thresholds if days_left <= days and days not in already]
        if crossed:
            new[contract] = crossed
    return new


def _warning_notice(contract: Contract, days_left: int) -> Notice:
    return Notice(
        recipient=contract.manager,
        message=EXPIRY_WARNING if days_left >= 0 else EXPIRY_WARNING_PASSED,
        params={
            "number": contract.number,
            "client": contract.client.short_name,
            "days": max(days_left, 0),
            "notice": format_date(contract.notice_deadline),
            "end": format_date(contract.end_date),
        },
        url=contract.get_absolute_url(),
    )


def _expiry_handoffs_wanted(contract: Contract, staffing: str) -> list[WantedHandoff]:
    """The hand-offs a first warning opens: HR releases the workers, the manager looks
    for an extension; both due by the notice deadline."""
    texts = handoff_texts.expiry_texts(contract, staffing=staffing)
    due = due_by(contract.notice_deadline)
    return [
        WantedHandoff(
            Kind.RELEASE_OF_WORKERS, DepartmentCode.HR, texts[Kind.RELEASE_OF_WORKERS], due
        ),
        WantedHandoff(Kind.EXTENSION_OPPORTUNITY, None, texts[Kind.EXTENSION_OPPORTUNITY], due),
    ]


def _open_expiry_handoffs_for(contracts: Sequence[Contract]) -> list[Notice]:
    """The first warning's hand-offs for many contracts with bulk writes; returns the
    notifications that opening them one by one would have sent (HR's head)."""
    if not contracts:
        return []
    hr = Department.objects.select_related("head").get(code=DepartmentCode.HR)
    now = timezone.now()
    handoffs = _expiry_handoffs(contracts, hr=hr, now=now)
    if not handoffs:
        return []
    handoffs = bulk_create_with_history(handoffs, Handoff, default_date=now)
    handoffs_created(handoffs)
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
    head = hr.head
    if head is None:
        return []
    return [
        Notice(
            recipient=head,
            message=NEW_FOR_DEPARTMENT,
            params={"title": handoff.title},
            url=handoff.get_absolute_url(),
        )
        for handoff in handoffs
        if handoff.department_id and head.pk != handoff.requested_by_id
    ]


def _expiry_handoffs(
    contracts: Sequence[Contract], *, hr: Department, now: datetime
) -> list[Handoff]:
    """The unsaved hand-offs of the first warnings, but for kinds already open on a contract."""
    already_open = set(
        Handoff.objects.filter(contract__in=contracts, status__in=OPEN_STATUSES).values_list(
            "contract_id", "kind"
        )
    )
    staffing: dict[int, list[StaffingRequirement]] = {contract.pk: [] for contract in contracts}
    for req in StaffingRequirement.objects.filter(contract__in=contracts).select_related("site"):
        staffing[req.contract_id].append(req)
    handoffs = []
    for contract in contracts:
        manager = contract.manager
        details = handoff_texts.staffing_details(contract, staffing[contract.pk])
        for wanted in _expiry_handoffs_wanted(contract, details):
            if (contract.pk, wanted.kind) in already_open:
                continue
            handoff = Handoff(
                department=hr if wanted.department_code else None,
                kind=wanted.kind,
                title=wanted.text.title.strip(),
                details=wanted.text.details,
                client=contract.client,
                contract=contract,
                # Opened in the manager's name: the warning is theirs, the system files it.
                requested_by=manager,
                on_behalf_of=None,
                assignee=None if wanted.department_code else manager,
                due_at=wanted.due_at or default_due(hr if wanted.department_code else None, now),
                created_at=now,
            )
            handoff._history_user = manager  # type: ignore[attr-defined]
            handoffs.append(handoff)
    return handoffs
