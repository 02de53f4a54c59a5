"""A claim's fix hand-offs follow its pause: when the claim resumes after waiting for the
client, its open fix hand-offs are due later by the working time it waited, counted on
each hand-off department's calendar, with an event and the history of each."""

from __future__ import annotations

import datetime
from datetime import timedelta

from django.utils.translation import gettext as _

from calendars.working_time import add_working_time
from handoffs.models import OPEN_STATUSES, Handoff, HandoffEvent, Kind
from org.formatting import working_hours
from org.models import User
from org.records import save_with_history
from org.selectors import acting_for, calendar_for_department


def claim_fix_handoffs_postpone(
    *, actor: User, claim_id: int, waited: timedelta, now: datetime.datetime
) -> list[Handoff]:
    """Move the due time of each open fix hand-off of claim ``claim_id`` later by
    ``waited`` working time. Runs inside the caller's transaction (the claim's resume)."""
    if waited <= timedelta(0):
        return []
    # Locked: a hand-off completed or reassigned at this moment must not be saved over
    # with its old status, nor keep its old due time after the claim's resume.
    handoffs = list(
        Handoff.objects.select_for_update(of=("self",))
        .select_related("department", "requested_by", "on_behalf_of")
        .filter(claim_id=claim_id, kind=Kind.CLAIM_FIX, status__in=OPEN_STATUSES)
        .order_by("pk")
    )
    for handoff in handoffs:
        schedule = calendar_for_department(handoff.department)
        handoff.due_at = add_working_time(schedule, handoff.due_at, waited)
        save_with_history(handoff, actor=actor, update_fields=["due_at"])
        local_due = handoff.due_at.astimezone(schedule.zone)
        HandoffEvent.objects.create(
            handoff=handoff,
            from_status=handoff.status,
            to_status=handoff.status,
            actor=actor,
            on_behalf_of=acting_for(actor, handoff.on_behalf_of or handoff.requested_by),
            assignee=handoff.assignee,
            note=_("Due %(due)s: the claim waited for the client for %(waited)s of working time.")
            % {"due": f"{local_due:%d.%m.%Y %H:%M}", "waited": working_hours(waited)},
            created_at=now,
        )
    return handoffs
