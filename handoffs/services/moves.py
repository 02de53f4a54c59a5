"""Moving a hand-off along its table (`handoffs.transitions`): take, assign, start,
complete, decline, reopen. Each checks the table and who may (`HandoffRules`), then
moves the row under a race guard, with an event, the history and the notifications."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from handoffs import events, notifications
from handoffs.models import PERSONAL_KINDS, Handoff, HandoffEvent
from handoffs.rules import HandoffRules
from handoffs.signals import handoff_status_changed
from handoffs.transitions import TRANSITIONS
from org.errors import ConflictError, DomainError
from org.models import User
from org.records import save_with_history
from org.selectors import acting_for


def _owner(handoff: Handoff, action: str) -> User | None:
    """Whose part the actor plays, for the "by X for Y" of a cover (managers have covers)."""
    if action == "reopen":
        return handoff.on_behalf_of or handoff.requested_by
    if handoff.kind in PERSONAL_KINDS:
        return handoff.assignee
    return None


def _conflict(pk: int) -> ConflictError:
    """The refusal for a row someone else moved first, saying what it is now."""
    current = Handoff.objects.filter(pk=pk).first()
    if current is None:
        return ConflictError(_("This hand-off no longer exists."))
    return ConflictError(
        _(
            "Someone else changed this hand-off a moment ago: it is now «%(status)s»"
            "%(assignee)s. Reload to see it."
        )
        % {
            "status": current.get_status_display(),
            "assignee": (
                _(", assignee %(name)s") % {"name": current.assignee} if current.assignee_id else ""
            ),
        }
    )


def _claim_row(handoff: Handoff, *, to_status: str, expect_assignee: bool) -> None:
    """Set the new status only if the row is still as we checked it.

    The conditional UPDATE is the race guard: it changes the row only if it is still
    in the status (and, for a take, still unassigned) we checked, so of two users acting
    on the same hand-off at once exactly one gets the row; the other finds 0 rows
    changed and is told so instead of overwriting the winner's work.
    """
    guard: dict[str, Any] = {"pk": handoff.pk, "status": handoff.status}
    if expect_assignee:
        guard["assignee_id"] = handoff.assignee_id
    if Handoff.objects.filter(**guard).update(status=to_status) != 1:
        raise _conflict(handoff.pk)


def _record_move(
    handoff: Handoff,
    *,
    actor: User,
    action: str,
    from_status: str,
    to_status: str,
    owner: User | None,
    note: str,
    now: datetime.datetime,
) -> None:
    """The event of the timeline, the notifications, and the signal of a status change."""
    HandoffEvent.objects.create(
        handoff=handoff,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        on_behalf_of=acting_for(actor, owner) if owner is not None else None,
        assignee=handoff.assignee,
        note=note,
        created_at=now,
    )
    notifications.handoff_moved(handoff, action, actor)
    events.handoff_moved(handoff, action)
    if to_status != from_status:
        handoff_status_changed.send(
            sender=Handoff,
            handoff=handoff,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
        )


def _apply(
    *,
    actor: User,
    handoff: Handoff,
    action: str,
    changes: Mapping[str, Any],
    note: str = "",
    expect_assignee: bool = False,
) -> Handoff:
    """Move ``handoff`` by ``action``, writing ``changes`` with the row, an event and history."""
    from_status = handoff.status
    to_status = TRANSITIONS[action].leaves(from_status)
    _claim_row(handoff, to_status=to_status, expect_assignee=expect_assignee)
    now = timezone.now()
    owner = _owner(handoff, action)
    # The row is ours until the transaction ends: read it fresh so that the history
    # row records what is in the database, not what a stale page had loaded.
    handoff.refresh_from_db()
    for field, value in changes.items():
        setattr(handoff, field, value)
    # QuerySet.update() writes no history: this save (same transaction, row already
    # ours) records the complete new state as one historical row, by the actor.
    handoff._change_reason = note[:100] if note else action  # type: ignore[attr-defined]
    save_with_history(handoff, actor=actor, update_fields=["status", *changes])
    _record_move(
        handoff,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        owner=owner,
        note=note,
        now=now,
    )
    return handoff


@transaction.atomic
def handoff_take(*, actor: User, handoff: Handoff) -> Handoff:
    """A department member takes an unassigned hand-off for themself."""
    if handoff.assignee_id is not None and handoff.is_open:
        raise ConflictError(
            _("%(name)s already has this hand-off.") % {"name": handoff.assignee}
            if handoff.assignee_id != actor.pk
            else _("This hand-off is already yours.")
        )
    HandoffRules(actor).check("take", handoff)
    return _apply(
        actor=actor,
        handoff=handoff,
        action="take",
        changes={"assignee": actor},
        note=_("Taken"),
        expect_assignee=True,
    )


@transaction.atomic
def handoff_assign(*, actor: User, handoff: Handoff, assignee: User | None) -> Handoff:
    """The department head gives the hand-off to someone in the department (or to nobody)."""
    rules = HandoffRules(actor)
    if assignee is not None and not rules.is_head_of(handoff) and assignee.pk == actor.pk:
        return handoff_take(actor=actor, handoff=handoff)
    rules.check("assign", handoff)
    if assignee is not None and (
        assignee.department_id != handoff.department_id or not assignee.is_active
    ):
        raise DomainError(_("The assignee must work in the department."))
    if assignee is not None and assignee.pk == handoff.assignee_id:
        return handoff
    note = (
        _("Assigned to %(name)s") % {"name": assignee}
        if assignee is not None
        else _("Assignment removed")
    )
    return _apply(
        actor=actor,
        handoff=handoff,
        action="assign",
        changes={"assignee": assignee},
        note=note,
        expect_assignee=True,
    )


@transaction.atomic
def handoff_start(*, actor: User, handoff: Handoff) -> Handoff:
    """Start the work; an unassigned hand-off becomes the starter's."""
    HandoffRules(actor).check("start", handoff)
    changes: dict[str, Any] = {"started_at": timezone.now()}
    if handoff.assignee_id is None:
        changes["assignee"] = actor
    return _apply(
        actor=actor, handoff=handoff, action="start", changes=changes, expect_assignee=True
    )


@transaction.atomic
def handoff_complete(*, actor: User, handoff: Handoff, result: str) -> Handoff:
    """Finish the work with its result (what was done, found or decided)."""
    result = (result or "").strip()
    if not result:
        raise DomainError(_("Write the result before completing the hand-off."))
    HandoffRules(actor).check("complete", handoff)
    now = timezone.now()
    changes: dict[str, Any] = {"result": result, "completed_at": now, "decline_reason": ""}
    if handoff.started_at is None:
        changes["started_at"] = now
    if handoff.assignee_id is None:
        changes["assignee"] = actor
    return _apply(
        actor=actor,
        handoff=handoff,
        action="complete",
        changes=changes,
        note=result,
        expect_assignee=True,
    )


@transaction.atomic
def handoff_decline(*, actor: User, handoff: Handoff, reason: str) -> Handoff:
    """Refuse the work, saying why (the requester sees the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the hand-off is declined."))
    HandoffRules(actor).check("decline", handoff)
    return _apply(
        actor=actor,
        handoff=handoff,
        action="decline",
        changes={"decline_reason": reason, "completed_at": timezone.now()},
        note=reason,
        expect_assignee=True,
    )


@transaction.atomic
def handoff_reopen(*, actor: User, handoff: Handoff, reason: str = "") -> Handoff:
    """The requester (or the department head) sends a finished hand-off back to work."""
    HandoffRules(actor).check("reopen", handoff)
    return _apply(
        actor=actor,
        handoff=handoff,
        action="reopen",
        changes={"completed_at": None},
        note=(reason or "").strip(),
    )
