"""Every change to a hand-off goes through one of these functions.

``TRANSITIONS`` is the one table of what may happen to a hand-off in which status;
the services enforce it and the templates read it (through ``HandoffRules``) to
show only the buttons that would work.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from handoffs import notifications
from handoffs.models import (
    KIND_DEPARTMENTS,
    PERSONAL_KINDS,
    Handoff,
    HandoffAttachment,
    HandoffComment,
    HandoffEvent,
    Status,
)
from handoffs.signals import handoff_status_changed
from org.archiving import archive_record
from org.errors import ConflictError, DomainError
from org.selectors import acting_for, ensure_may_act_on, represented_user_ids
from org.uploads import validate_upload

DEFAULT_DUE = timedelta(days=3)


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    # None: the action leaves the status as it is (it changes the assignee).
    target: str | None
    label: str | Promise


OPEN_OR_STARTED = frozenset({Status.OPEN, Status.IN_PROGRESS})

TRANSITIONS: dict[str, Transition] = {
    "take": Transition(OPEN_OR_STARTED, None, gettext_lazy("Take")),
    "assign": Transition(OPEN_OR_STARTED, None, gettext_lazy("Assign")),
    "start": Transition(frozenset({Status.OPEN}), Status.IN_PROGRESS, gettext_lazy("Start")),
    "complete": Transition(OPEN_OR_STARTED, Status.DONE, gettext_lazy("Complete")),
    "decline": Transition(OPEN_OR_STARTED, Status.DECLINED, gettext_lazy("Decline")),
    "reopen": Transition(
        frozenset({Status.DONE, Status.DECLINED}), Status.OPEN, gettext_lazy("Reopen")
    ),
}


class HandoffRules:
    """Who may do what to a hand-off, for one acting user.

    Reads nothing from the database but the absence covers, once: a list of
    fifty rows asks it fifty times for the cost of one query.
    """

    def __init__(self, actor):
        self.actor = actor
        self._represented = None

    @property
    def represented(self) -> set[int]:
        if self._represented is None:
            self._represented = represented_user_ids(self.actor)
        return self._represented

    def is_head_of(self, handoff) -> bool:
        actor = self.actor
        return (
            handoff.department_id is not None
            and actor.is_department_head
            and actor.department_id == handoff.department_id
        )

    def is_member_of(self, handoff) -> bool:
        actor = self.actor
        return (
            handoff.department_id is not None
            and actor.is_department_member
            and actor.department_id == handoff.department_id
        )

    def works_on(self, handoff) -> bool:
        """May do the work itself: start, complete, decline."""
        if handoff.kind in PERSONAL_KINDS or handoff.department_id is None:
            return handoff.assignee_id in self.represented
        if self.is_head_of(handoff):
            return True
        return self.is_member_of(handoff) and handoff.assignee_id in (None, self.actor.pk)

    def is_requester(self, handoff) -> bool:
        return (
            handoff.requested_by_id in self.represented
            or handoff.on_behalf_of_id in self.represented
        )

    def may(self, action: str, handoff) -> bool:
        transition = TRANSITIONS[action]
        if handoff.status not in transition.sources:
            return False
        if action == "take":
            return (
                self.is_member_of(handoff)
                and handoff.assignee_id is None
                and handoff.kind not in PERSONAL_KINDS
            )
        if action == "assign":
            return self.is_head_of(handoff)
        if action == "reopen":
            return self.is_requester(handoff) or self.is_head_of(handoff)
        return self.works_on(handoff)

    def actions(self, handoff) -> list[str]:
        """The actions the user may take now, in the table's order (for the templates)."""
        return [action for action in TRANSITIONS if self.may(action, handoff)]


def _check(rules: HandoffRules, action: str, handoff) -> None:
    transition = TRANSITIONS[action]
    if handoff.status not in transition.sources:
        raise DomainError(
            _("«%(action)s» is not possible for a hand-off with the status «%(status)s».")
            % {"action": transition.label, "status": handoff.get_status_display()}
        )
    if not rules.may(action, handoff):
        raise DomainError(_("You may not do this with this hand-off."), code="forbidden")


def _owner(handoff, action):
    """Whose part the actor plays, for the "by X for Y" of a cover (managers have covers)."""
    if action == "reopen":
        return handoff.on_behalf_of or handoff.requested_by
    if handoff.kind in PERSONAL_KINDS:
        return handoff.assignee
    return None


def _apply(*, actor, handoff, action, changes, note="", expect_assignee=False):
    """Move ``handoff`` by ``action``, writing ``changes`` with the row, an event and history.

    The conditional UPDATE is the race guard: it changes the row only if it is still
    in the status (and, for a take, still unassigned) we checked, so of two users acting
    on the same hand-off at once exactly one gets the row; the other finds 0 rows
    changed and is told so instead of overwriting the winner's work.
    """
    transition = TRANSITIONS[action]
    from_status = handoff.status
    to_status = transition.target or from_status
    guard = {"pk": handoff.pk, "status": from_status}
    if expect_assignee:
        guard["assignee_id"] = handoff.assignee_id
    claimed = Handoff.objects.filter(**guard).update(status=to_status)
    if claimed != 1:
        current = Handoff.objects.filter(pk=handoff.pk).first()
        if current is None:
            raise ConflictError(_("This hand-off no longer exists."))
        raise ConflictError(
            _(
                "Someone else changed this hand-off a moment ago: it is now «%(status)s»"
                "%(assignee)s. Reload to see it."
            )
            % {
                "status": current.get_status_display(),
                "assignee": (
                    _(", assignee %(name)s") % {"name": current.assignee}
                    if current.assignee_id
                    else ""
                ),
            }
        )
    now = timezone.now()
    owner = _owner(handoff, action)
    # The row is ours until the transaction ends: read it fresh so that the history
    # row records what is in the database, not what a stale page had loaded.
    handoff.refresh_from_db()
    for field, value in changes.items():
        setattr(handoff, field, value)
    # QuerySet.update() writes no history: this save (same transaction, row already
    # ours) records the complete new state as one historical row, by the actor.
    handoff._history_user = actor
    handoff._change_reason = note[:100] if note else action
    handoff.save(update_fields=["status", *changes])
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
    if to_status != from_status:
        handoff_status_changed.send(
            sender=Handoff,
            handoff=handoff,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
        )
    return handoff


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
    if not (title or "").strip():
        raise DomainError(_("Give the hand-off a title."))
    if kind in PERSONAL_KINDS:
        if assignee is None:
            raise DomainError(_("A follow-up task needs the person it is for."))
        department = None
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
    if claim is not None and contract is None:
        contract = claim.contract
    if contract is not None and client is None:
        client = contract.client
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
        due_at=due_at or now + DEFAULT_DUE,
        created_at=now,
    )
    handoff._history_user = actor
    handoff.save()
    HandoffEvent.objects.create(
        handoff=handoff,
        from_status="",
        to_status=Status.OPEN,
        actor=actor,
        on_behalf_of=on_behalf_of,
        assignee=assignee,
        created_at=now,
    )
    notifications.handoff_created(handoff, actor)
    return handoff


@transaction.atomic
def handoff_take(*, actor, handoff) -> Handoff:
    """A department member takes an unassigned hand-off for themself."""
    rules = HandoffRules(actor)
    if handoff.assignee_id is not None and handoff.is_open:
        raise ConflictError(
            _("%(name)s already has this hand-off.") % {"name": handoff.assignee}
            if handoff.assignee_id != actor.pk
            else _("This hand-off is already yours.")
        )
    _check(rules, "take", handoff)
    return _apply(
        actor=actor,
        handoff=handoff,
        action="take",
        changes={"assignee": actor},
        note=_("Taken"),
        expect_assignee=True,
    )


@transaction.atomic
def handoff_assign(*, actor, handoff, assignee) -> Handoff:
    """The department head gives the hand-off to someone in the department (or to nobody)."""
    rules = HandoffRules(actor)
    if assignee is not None and not rules.is_head_of(handoff) and assignee.pk == actor.pk:
        return handoff_take(actor=actor, handoff=handoff)
    _check(rules, "assign", handoff)
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
def handoff_start(*, actor, handoff) -> Handoff:
    """Start the work; an unassigned hand-off becomes the starter's."""
    rules = HandoffRules(actor)
    _check(rules, "start", handoff)
    changes = {"started_at": timezone.now()}
    if handoff.assignee_id is None:
        changes["assignee"] = actor
    return _apply(
        actor=actor, handoff=handoff, action="start", changes=changes, expect_assignee=True
    )


@transaction.atomic
def handoff_complete(*, actor, handoff, result) -> Handoff:
    """Finish the work with its result (what was done, found or decided)."""
    result = (result or "").strip()
    if not result:
        raise DomainError(_("Write the result before completing the hand-off."))
    rules = HandoffRules(actor)
    _check(rules, "complete", handoff)
    now = timezone.now()
    changes = {"result": result, "completed_at": now, "decline_reason": ""}
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
def handoff_decline(*, actor, handoff, reason) -> Handoff:
    """Refuse the work, saying why (the requester sees the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the hand-off is declined."))
    rules = HandoffRules(actor)
    _check(rules, "decline", handoff)
    return _apply(
        actor=actor,
        handoff=handoff,
        action="decline",
        changes={"decline_reason": reason, "completed_at": timezone.now()},
        note=reason,
        expect_assignee=True,
    )


@transaction.atomic
def handoff_reopen(*, actor, handoff, reason="") -> Handoff:
    """The requester (or the department head) sends a finished hand-off back to work."""
    rules = HandoffRules(actor)
    _check(rules, "reopen", handoff)
    return _apply(
        actor=actor,
        handoff=handoff,
        action="reopen",
        changes={"completed_at": None},
        note=(reason or "").strip(),
    )


def _may_discuss(actor, handoff) -> bool:
    """Whoever sees the hand-off may talk about it: the department, the requester, directors."""
    return Handoff.objects.visible_to(actor).filter(pk=handoff.pk).exists()


@transaction.atomic
def handoff_comment(*, actor, handoff, text) -> HandoffComment:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("The comment is empty."))
    if not _may_discuss(actor, handoff):
        raise DomainError(_("You may not comment on this hand-off."), code="forbidden")
    return HandoffComment.objects.create(handoff=handoff, author=actor, text=text)


def validate_attachment(file) -> None:
    try:
        validate_upload(file)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None


@transaction.atomic
def handoff_attach(*, actor, handoff, file) -> HandoffAttachment:
    if not _may_discuss(actor, handoff):
        raise DomainError(_("You may not attach files to this hand-off."), code="forbidden")
    validate_attachment(file)
    return HandoffAttachment.objects.create(handoff=handoff, file=file, uploaded_by=actor)


@transaction.atomic
def handoff_archive(*, actor, handoff) -> Handoff:
    """Take the hand-off out of the inbox and the lists; nothing is deleted."""
    ensure_may_act_on(
        actor,
        handoff,
        message=_("Only who requested the hand-off, their cover or a director may archive it."),
    )
    return archive_record(Handoff.objects, pk=handoff.pk, actor=actor)


@transaction.atomic
def handoff_restore(*, actor, handoff) -> Handoff:
    ensure_may_act_on(
        actor,
        handoff,
        message=_("Only who requested the hand-off, their cover or a director may archive it."),
    )
    return archive_record(Handoff.objects, pk=handoff.pk, actor=actor, archive=False)
