"""Every change to a hand-off goes through one of these functions."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from handoffs.models import KIND_DEPARTMENTS, PERSONAL_KINDS, Handoff, HandoffEvent, Status
from org.errors import DomainError

DEFAULT_DUE = timedelta(days=3)


@transaction.atomic
def handoff_create(
    *,
    actor,
    kind,
    title,
    department=None,
    details="",
    due_at=None,
    client=None,
    contract=None,
    claim=None,
    assignee=None,
    on_behalf_of=None,
) -> Handoff:
    """Ask ``department`` for a piece of work (or, for a personal kind, ``assignee``)."""
    if kind in PERSONAL_KINDS:
        if assignee is None:
            raise DomainError(_("A follow-up task needs the person it is for."))
    else:
        if department is None:
            raise DomainError(_("Choose the department that should do this."))
        allowed = KIND_DEPARTMENTS.get(kind)
        if allowed is not None and department.code not in allowed:
            raise DomainError(
                _("%(department)s does not take hand-offs of this kind.")
                % {"department": department}
            )
        if assignee is not None and assignee.department_id != department.pk:
            raise DomainError(_("The assignee must work in the department."))
    if contract is not None and client is None:
        client = contract.client
    now = timezone.now()
    handoff = Handoff.objects.create(
        department=department,
        kind=kind,
        title=title,
        details=details,
        client=client,
        contract=contract,
        claim=claim,
        requested_by=actor,
        on_behalf_of=on_behalf_of,
        assignee=assignee,
        due_at=due_at or now + DEFAULT_DUE,
        created_at=now,
    )
    HandoffEvent.objects.create(
        handoff=handoff,
        from_status="",
        to_status=Status.OPEN,
        actor=actor,
        on_behalf_of=on_behalf_of,
        assignee=assignee,
        created_at=now,
    )
    return handoff
