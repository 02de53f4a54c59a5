"""Registering a client's claim: check it, route it, set its clock, write it, tell the manager."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from claims import events
from claims.models import Claim, ClaimEvent, ClaimStatus
from claims.posts import post_refusals
from claims.services.recurrence import recurrence_check
from claims.services.routing import departments_for, fix_handoffs_open
from claims.services.rules import may_not
from claims.sla import due_times
from clients.models import Contact, Site
from contracts.models import Contract, StaffingRequirement, Stage
from contracts.selectors import calendar_for_contract
from org.blockers import BlockedError, Blocker
from org.errors import DomainError
from org.models import Department, User
from org.records import lock_row
from org.selectors import acting_for, ensure_may_act_on
from org.services import notify

CLAIM_REGISTERED = gettext_noop("New claim #%(number)s from %(client)s: «%(title)s».")

# Claims are registered only on contracts the company is serving.
REGISTRABLE_STAGES = (Stage.SUPPORT, Stage.TERMINATION)

# A clock a few minutes ahead of the server's is not "the future".
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class ClaimClock:
    """When a claim was received and what is due by when."""

    received_at: datetime.datetime
    response_due_at: datetime.datetime
    resolution_due_at: datetime.datetime
    answer_due_on: datetime.date | None


def registration_refusals(
    contract: Contract | None,
    *,
    site: Site | None,
    reported_by: Contact | None,
    is_formal: bool,
    formal_number: str,
) -> list[DomainError]:
    """What is wrong with the details of a claim on ``contract`` (nothing: []).

    Each refusal's code names the field it is about, so that the registration form shows
    it there, beside its own errors.
    """
    refusals = []
    client_id = contract.client_id if contract is not None else None
    if contract is not None and site is not None and site.client_id != client_id:
        refusals.append(
            DomainError(_("The site must belong to the contract's client."), code="site")
        )
    if contract is not None and reported_by is not None and reported_by.client_id != client_id:
        refusals.append(
            DomainError(
                _("The contact must be a person at the contract's client."), code="reported_by"
            )
        )
    if is_formal and not formal_number:
        refusals.append(
            DomainError(_("A formal claim has a number: enter it."), code="formal_number")
        )
    return refusals


def _check_registrable(
    actor: User,
    contract: Contract,
    *,
    site: Site | None,
    reported_by: Contact | None,
    is_formal: bool,
    formal_number: str,
) -> None:
    ensure_may_act_on(actor, contract, message=may_not())
    if contract.stage not in REGISTRABLE_STAGES:
        raise BlockedError.of(
            Blocker(
                "claim_contract_stage",
                _(
                    "Claims are registered only on contracts in support or termination; "
                    "this contract is in “%(stage)s”."
                )
                % {"stage": contract.get_stage_display()},
                contract.get_absolute_url(),
                _("Open the contract"),
            ),
            code="stage",
        )
    for refusal in registration_refusals(
        contract,
        site=site,
        reported_by=reported_by,
        is_formal=is_formal,
        formal_number=formal_number,
    ):
        raise refusal


def _clock(
    contract: Contract,
    *,
    priority: str,
    is_formal: bool,
    received_at: datetime.datetime | None,
    now: datetime.datetime,
) -> ClaimClock:
    """The due times by the contract's service levels, counted from receipt in working
    time on the contract's calendar (`claims.sla`)."""
    received_at = received_at or now
    if received_at > now + CLOCK_SKEW:
        raise DomainError(_("A claim cannot be received in the future."))
    response_due_at, resolution_due_at = due_times(
        calendar_for_contract(contract), contract, priority=priority, received_at=received_at
    )
    return ClaimClock(
        received_at=received_at,
        response_due_at=response_due_at,
        resolution_due_at=resolution_due_at,
        answer_due_on=(
            timezone.localdate(received_at) + timedelta(days=contract.claim_answer_days)
            if is_formal
            else None
        ),
    )


def _notify_manager(claim: Claim, *, actor: User) -> None:
    contract = claim.contract
    if actor.pk == contract.manager_id:
        return
    # Registered by someone else (a cover, a director): the manager, or whoever covers
    # for them today, must know a client complained.
    notify(
        recipient=contract.manager,
        message=CLAIM_REGISTERED,
        params={"number": claim.pk, "title": claim.subject, "client": str(contract.client)},
        url=claim.get_absolute_url(),
    )


def _record_registration(
    claim: Claim, *, actor: User, on_behalf_of: User | None, at: datetime.datetime
) -> None:
    """The claim's first event: registered, by whom and for whom."""
    ClaimEvent.objects.create(
        claim=claim,
        from_status="",
        to_status=ClaimStatus.NEW,
        actor=actor,
        on_behalf_of=on_behalf_of,
        created_at=at,
    )


def _checked_post(
    contract: Contract, *, site: Site | None, post: StaffingRequirement | None, shift: str
) -> Site | None:
    """The claim's site, refusing a post or shift `claims.posts` does not allow; a post's
    site stands for a missing one."""
    if site is None and post is not None:
        site = post.site
    for refusal in post_refusals(contract, site=site, post=post, shift=shift):
        raise refusal
    return site


def _after_registration(
    claim: Claim, departments: list[Department], *, actor: User, at: datetime.datetime
) -> None:
    """The registered claim's first event, its fix hand-offs, the word to its manager, and
    the recurring-problem rule (in this transaction: one indexed count per rule)."""
    on_behalf_of = acting_for(actor, claim.contract.manager)
    _record_registration(claim, actor=actor, on_behalf_of=on_behalf_of, at=at)
    fix_handoffs_open(claim, departments, actor=actor, on_behalf_of=on_behalf_of)
    _notify_manager(claim, actor=actor)
    recurrence_check(claim, actor=actor)


@transaction.atomic
def claim_register(
    *,
    actor: User,
    contract: Contract,
    category: str,
    priority: str,
    subject: str,
    description: str,
    channel: str,
    site: Site | None = None,
    reported_by: Contact | None = None,
    is_formal: bool = False,
    formal_number: str = "",
    formal_amount: Decimal | None = None,
    received_at: datetime.datetime | None = None,
    post: StaffingRequirement | None = None,
    shift: str = "",
) -> Claim:
    """Register a client's claim, set its due times and route it to the departments."""
    # Lock the contract: a stage change (closing it) must not slip in between the check and the insert.
    contract = lock_row(Contract.objects.select_related("client", "manager"), pk=contract.pk)
    site = _checked_post(contract, site=site, post=post, shift=shift)
    _check_registrable(
        actor,
        contract,
        site=site,
        reported_by=reported_by,
        is_formal=is_formal,
        formal_number=formal_number,
    )
    departments = departments_for(category=category, is_formal=is_formal)
    now = timezone.now()
    clock = _clock(
        contract, priority=priority, is_formal=is_formal, received_at=received_at, now=now
    )
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
        received_at=clock.received_at,
        response_due_at=clock.response_due_at,
        resolution_due_at=clock.resolution_due_at,
        answer_due_on=clock.answer_due_on,
        post=post,
        shift=shift,
    )
    _after_registration(claim, departments, actor=actor, at=now)
    events.claim_registered(claim)
    return claim
