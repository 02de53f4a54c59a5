"""Every change to a claim goes through one of these functions.

Promptness (time to respond / fix, on time or late) is derived here once, when the
claim is responded to and resolved, and stored for lists and reports.

Reopening a resolved or closed claim: the response figures stay (the client was
answered once, and that is what was measured); the fix figures, resolved/closed
times, client confirmation and satisfaction are cleared and derived again on the next
resolve and close. The earlier values remain in the claim's history and events.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from claims.models import (
    Claim,
    ClaimComment,
    ClaimEvent,
    ClaimEventKind,
    ClaimStatus,
    RoutingRule,
)
from contracts.models import Contract, Stage
from handoffs.models import OPEN_STATUSES as OPEN_HANDOFF_STATUSES
from handoffs.models import Kind as HandoffKind
from handoffs.services import handoff_create
from org.archiving import archive_record
from org.errors import DomainError
from org.selectors import acting_for, ensure_may_act_on
from org.services import notify

CLAIM_REGISTERED = gettext_noop("New claim #%(number)s from %(client)s: «%(title)s».")

# The one table of allowed moves: action → (statuses it starts from, status it leads to).
# Services enforce it; screens read it (via ``allowed_actions``) to show only allowed forms.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "respond": (frozenset({ClaimStatus.NEW}), ClaimStatus.IN_PROGRESS),
    "resolve": (frozenset({ClaimStatus.IN_PROGRESS}), ClaimStatus.RESOLVED),
    "close": (frozenset({ClaimStatus.RESOLVED}), ClaimStatus.CLOSED),
    "reopen": (frozenset({ClaimStatus.RESOLVED, ClaimStatus.CLOSED}), ClaimStatus.IN_PROGRESS),
}

_MAY_NOT = gettext_lazy("Only the contract's manager, their cover or a director may do this.")

# Claims are registered only on contracts the company is serving.
REGISTRABLE_STAGES = (Stage.SUPPORT, Stage.TERMINATION)


def allowed_actions(claim) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if claim.status in sources]


def _lock(claim) -> Claim:
    # Lock the row for the whole transaction: two people pressing "resolve" and
    # "reopen" at once must see each other's result, not both start from the old status.
    return Claim.objects.select_for_update().select_related("contract").get(pk=claim.pk)


def _ensure_allowed(claim, action):
    if claim.status not in TRANSITIONS[action][0]:
        raise DomainError(
            _("A claim in status “%(status)s” cannot be %(action)s.")
            % {"status": claim.get_status_display(), "action": ACTION_PAST[action]()}
        )


def _transition(locked, action, *, actor, note="", apply=None) -> Claim:
    """Check ``action`` against the table on the locked row, ``apply`` the changes, write the event."""
    ensure_may_act_on(actor, locked.contract, message=_MAY_NOT)
    _ensure_allowed(locked, action)
    target = TRANSITIONS[action][1]
    now = timezone.now()
    from_status = locked.status
    locked.status = target
    if apply is not None:
        apply(locked, now)
    locked.save()
    ClaimEvent.objects.create(
        claim=locked,
        from_status=from_status,
        to_status=target,
        actor=actor,
        on_behalf_of=acting_for(actor, locked.contract.manager),
        note=note,
        created_at=now,
    )
    return locked


ACTION_PAST = {
    "respond": lambda: _("responded to"),
    "resolve": lambda: _("resolved"),
    "close": lambda: _("closed"),
    "reopen": lambda: _("reopened"),
}


def route_departments(*, category, is_formal):
    """The departments a claim goes to by the active rules, each once, in a stable order."""
    matches = Q(category=category, formal_only=False)
    if is_formal:
        matches |= Q(formal_only=True)
    rules = (
        RoutingRule.objects.filter(matches, is_active=True)
        .select_related("department")
        .order_by("formal_only", "department__code")
    )
    departments = {}
    for rule in rules:
        departments.setdefault(rule.department_id, rule.department)
    return list(departments.values())


@transaction.atomic
def claim_register(
    *,
    actor,
    contract,
    category,
    priority,
    subject,
    description,
    channel,
    site=None,
    reported_by=None,
    is_formal=False,
    formal_number="",
    formal_amount=None,
    received_at=None,
) -> Claim:
    """Register a client's claim, set its due times and route it to the departments."""
    # Lock the contract: a stage change (closing it) must not slip in between the check and the insert.
    contract = (
        Contract.objects.select_for_update().select_related("client", "manager").get(pk=contract.pk)
    )
    ensure_may_act_on(actor, contract, message=_MAY_NOT)
    if contract.stage not in REGISTRABLE_STAGES:
        raise DomainError(
            _(
                "Claims are registered only on contracts in support or termination; "
                "this contract is in “%(stage)s”."
            )
            % {"stage": contract.get_stage_display()}
        )
    if site is not None and site.client_id != contract.client_id:
        raise DomainError(_("The site must belong to the contract's client."))
    if reported_by is not None and reported_by.client_id != contract.client_id:
        raise DomainError(_("The contact must be a person at the contract's client."))
    departments = route_departments(category=category, is_formal=is_formal)
    if not departments:
        raise DomainError(
            _(
                "No routing rule sends a claim of this category to a department. "
                "Ask an administrator to set the routing rules."
            )
        )
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=5):
        raise DomainError(_("A claim cannot be received in the future."))
    response_hours, fix_hours = contract.sla_hours(priority)
    claim = Claim.objects.create(
        contract=contract,
        site=site,
        reported_by=reported_by,
        channel=channel,
        category=category,
        priority=priority,
        subject=subject,
        description=description,
        is_formal=is_formal,
        formal_number=formal_number if is_formal else "",
        formal_amount=formal_amount if is_formal else None,
        registered_by=actor,
        received_at=received_at,
        response_due_at=received_at + timedelta(hours=response_hours),
        resolution_due_at=received_at + timedelta(hours=fix_hours),
        answer_due_on=(
            timezone.localdate(received_at) + timedelta(days=contract.claim_answer_days)
            if is_formal
            else None
        ),
    )
    on_behalf_of = acting_for(actor, contract.manager)
    ClaimEvent.objects.create(
        claim=claim,
        from_status="",
        to_status=ClaimStatus.NEW,
        actor=actor,
        on_behalf_of=on_behalf_of,
        created_at=now,
    )
    title = _("Claim #%(number)s: %(subject)s") % {"number": claim.pk, "subject": subject}
    for department in departments:
        handoff_create(
            actor=actor,
            kind=HandoffKind.CLAIM_FIX,
            title=title[:255],
            department=department,
            details=description,
            due_at=claim.resolution_due_at,
            client=contract.client,
            contract=contract,
            claim=claim,
            on_behalf_of=on_behalf_of,
        )
    if actor.pk != contract.manager_id:
        # Registered by someone else (a cover, a director): the manager, or whoever covers
        # for them today, must know a client complained.
        notify(
            recipient=contract.manager,
            message=CLAIM_REGISTERED,
            params={"number": claim.pk, "title": subject, "client": str(contract.client)},
            url=claim.get_absolute_url(),
        )
    return claim


@transaction.atomic
def claim_respond(*, actor, claim, note) -> Claim:
    """The manager has answered the client: the claim is in progress."""

    def apply(locked, now):
        # Measured once: the first answer is what the client got.
        if locked.responded_at is None:
            locked.responded_at = now
            locked.time_to_respond = now - locked.received_at
            locked.responded_on_time = now <= locked.response_due_at

    return _transition(_lock(claim), "respond", actor=actor, note=note, apply=apply)


@transaction.atomic
def claim_resolve(*, actor, claim, resolution) -> Claim:
    """The fix is done: only once every hand-off of the claim is done or declined."""
    if not resolution.strip():
        raise DomainError(_("Describe how the claim was resolved."))
    locked = _lock(claim)
    _ensure_allowed(locked, "resolve")
    still_open = list(
        locked.handoffs.filter(status__in=OPEN_HANDOFF_STATUSES)
        .select_related("department")
        .order_by("pk")
    )
    if still_open:
        raise DomainError(
            _("The claim still waits on hand-offs: %(handoffs)s.")
            % {
                "handoffs": "; ".join(
                    f"#{h.pk} {h.department or h.assignee} ({h.get_status_display()})"
                    for h in still_open
                )
            }
        )

    def apply(locked, now):
        locked.resolution = resolution
        locked.resolved_at = now
        locked.time_to_fix = now - locked.received_at
        locked.fixed_on_time = now <= locked.resolution_due_at

    return _transition(locked, "resolve", actor=actor, note=resolution, apply=apply)


@transaction.atomic
def claim_close(*, actor, claim, client_confirmation, satisfaction) -> Claim:
    """The client confirmed the fix: close the claim with their satisfaction, 1–5."""
    if not client_confirmation.strip():
        raise DomainError(_("Record how the client confirmed the fix."))
    if satisfaction not in range(1, 6):
        raise DomainError(_("Satisfaction is a number from 1 to 5."))

    def apply(locked, now):
        locked.closed_at = now
        locked.client_confirmation = client_confirmation
        locked.satisfaction = satisfaction

    return _transition(_lock(claim), "close", actor=actor, note=client_confirmation, apply=apply)


@transaction.atomic
def claim_reopen(*, actor, claim, reason) -> Claim:
    """The fix did not hold: back to in progress (see the module note on promptness)."""
    if not reason.strip():
        raise DomainError(_("Say why the claim is reopened."))

    def apply(locked, now):
        locked.resolved_at = None
        locked.closed_at = None
        locked.time_to_fix = None
        locked.fixed_on_time = None
        locked.client_confirmation = ""
        locked.satisfaction = None

    return _transition(_lock(claim), "reopen", actor=actor, note=reason, apply=apply)


@transaction.atomic
def claim_comment(*, actor, claim, text) -> ClaimComment:
    """An internal comment on the claim (never shown to the client)."""
    if not text.strip():
        raise DomainError(_("The comment is empty."))
    return ClaimComment.objects.create(claim=claim, author=actor, text=text.strip())


@transaction.atomic
def claim_note_handoffs_done(*, claim_id, actor) -> ClaimEvent | None:
    """Note once on an open claim that every hand-off it waits on is finished.

    No status change: the manager resolves the claim after checking with the client.
    """
    # Lock the claim: two hand-offs finishing at once must not both write the note.
    claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None or not claim.is_open:
        return None
    handoffs = claim.handoffs.all()
    if not handoffs.exists() or handoffs.filter(status__in=OPEN_HANDOFF_STATUSES).exists():
        return None
    if claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE).exists():
        return None
    return ClaimEvent.objects.create(
        claim=claim,
        kind=ClaimEventKind.HANDOFFS_DONE,
        from_status=claim.status,
        to_status=claim.status,
        actor=actor,
    )


@transaction.atomic
def claim_archive(*, actor, claim) -> Claim:
    """Take the claim out of the lists (a duplicate, a mistaken registration); nothing is
    deleted, and it can be restored."""
    ensure_may_act_on(actor, claim.contract, message=_MAY_NOT)
    return archive_record(Claim.objects, pk=claim.pk, actor=actor)


@transaction.atomic
def claim_restore(*, actor, claim) -> Claim:
    ensure_may_act_on(actor, claim.contract, message=_MAY_NOT)
    return archive_record(Claim.objects, pk=claim.pk, actor=actor, archive=False)
