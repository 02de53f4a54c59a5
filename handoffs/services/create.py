"""Asking a department (or oneself, for a follow-up) for a piece of work."""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calendars.working_time import add_working_time
from handoffs import events, notifications, subjects
from handoffs.models import KIND_DEPARTMENTS, PERSONAL_KINDS, Handoff, HandoffEvent, Status
from org.errors import DomainError
from org.models import Department, User
from org.records import save_with_history
from org.selectors import acting_for, calendar_for_department

# Three working days of 9 hours, in working time on the department's calendar
# (`default_due`): asked on Friday afternoon, it is not due on Monday afternoon.
DEFAULT_DUE = timedelta(hours=27)


def default_due(department: Department | None, now: datetime.datetime) -> datetime.datetime:
    """When a hand-off asked of ``department`` now is due by default (`DEFAULT_DUE` of
    working time on its calendar; a follow-up, which has none, on the company's)."""
    return add_working_time(calendar_for_department(department), now, DEFAULT_DUE)


def _who_does_it(
    *, kind: str, department: Department | None, assignee: User | None
) -> Department | None:
    """The department that does work of ``kind`` (None for a follow-up, which is the
    assignee's), refusing a department or assignee that cannot take it."""
    if kind in PERSONAL_KINDS:
        if assignee is None:
            raise DomainError(_("A follow-up task needs the person it is for."))
        return None
    if department is None:
        raise DomainError(_("Choose the department that should do this."))
    allowed = KIND_DEPARTMENTS.get(kind)
    if allowed is not None and department.code not in allowed:
        raise DomainError(
            _("%(department)s does not take hand-offs of this kind.") % {"department": department}
        )
    if assignee is not None and assignee.department_id != department.pk:
        raise DomainError(_("The assignee must work in the department."))
    return department


def _record_created(handoff: Handoff, *, actor: User) -> None:
    """The first event of the hand-off's timeline, and the word to whoever does it."""
    HandoffEvent.objects.create(
        handoff=handoff,
        from_status="",
        to_status=Status.OPEN,
        actor=actor,
        on_behalf_of=handoff.on_behalf_of,
        assignee=handoff.assignee,
        created_at=handoff.created_at,
    )
    notifications.handoff_created(handoff, actor)
    events.handoff_created(handoff)


@transaction.atomic
def handoff_create(
    *,
    actor: User,
    kind: str,
    title: str,
    department: Department | None = None,
    details: str = "",
    due_at: datetime.datetime | None = None,
    client: Any | None = None,
    contract: Any | None = None,
    claim: Any | None = None,
    assignee: User | None = None,
    on_behalf_of: User | None = None,
) -> Handoff:
    """Ask ``department`` for a piece of work (or, for a personal kind, ``assignee``)."""
    if not (title or "").strip():
        raise DomainError(_("Give the hand-off a title."))
    department = _who_does_it(kind=kind, department=department, assignee=assignee)
    contract, claim, client = subjects.completed(contract=contract, claim=claim, client=client)
    if on_behalf_of is None and contract is not None:
        on_behalf_of = acting_for(actor, contract.manager)
    now = timezone.now()
    handoff = Handoff(
        department=department,
        kind=kind,
        title=title.strip(),
        details=details,
        client=client,
        contract=contract,
        claim=claim,
        requested_by=actor,
        on_behalf_of=on_behalf_of,
        assignee=assignee,
        due_at=due_at or default_due(department, now),
        created_at=now,
    )
    save_with_history(handoff, actor=actor)
    _record_created(handoff, actor=actor)
    return handoff
