"""What a support manager does with unmatched mail: a claim, a claim's comment, or away."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from claims.models import Claim
from contracts.models import Contract
from intake.models import InboundMessage, Outcome
from intake.selectors import may_triage, sender_contact_at
from intake.services.routing import FIELDS, add_to_claim, claim_subject, open_claim
from org.errors import DomainError
from org.models import User
from org.records import lock_row
from org.selectors import ensure_may_act_on


def _locked_in_triage(actor: User, message: InboundMessage) -> InboundMessage:
    if not may_triage(actor):
        raise DomainError(
            _("Only support managers and directors handle unmatched mail."), code="forbidden"
        )
    # Locked: two managers pressing at once must not both make a claim of one message.
    try:
        locked = lock_row(InboundMessage.objects.visible_to(actor), pk=message.pk)
    except InboundMessage.DoesNotExist as error:
        raise DomainError(
            _("Only support managers and directors handle unmatched mail."), code="forbidden"
        ) from error
    if locked.outcome != Outcome.TRIAGE:
        raise DomainError(_("Someone has already handled this message."), code="conflict")
    return locked


@transaction.atomic
def message_make_claim(
    *, actor: User, message: InboundMessage, contract: Contract, category: str = ""
) -> Claim:
    """Register a claim on ``contract`` from an unmatched message."""
    locked = _locked_in_triage(actor, message)
    contact = (
        locked.contact
        if locked.contact and locked.contact.client_id == contract.client_id
        else None
    )
    if contact is None and locked.from_address:
        contact = sender_contact_at(locked.from_address, contract.client)
    claim = open_claim(
        locked,
        actor=actor,
        contract=contract,
        contact=contact,
        subject=claim_subject(locked),
        category=category,
    )
    locked.outcome = Outcome.CLAIMED
    locked.handled_by = actor
    locked.reason = ""
    locked.save(update_fields=FIELDS)
    return claim


@transaction.atomic
def message_attach(*, actor: User, message: InboundMessage, claim: Claim) -> Claim:
    """Add an unmatched message to ``claim`` as a comment saying who wrote it."""
    locked = _locked_in_triage(actor, message)
    ensure_may_act_on(
        actor,
        claim,
        message=_("Only the claim's manager, their cover or a director may add mail to it."),
    )
    locked.handled_by = actor
    locked.reason = ""
    add_to_claim(locked, claim, actor=actor, outcome=Outcome.ATTACHED)
    return claim


@transaction.atomic
def message_dismiss(*, actor: User, message: InboundMessage) -> InboundMessage:
    """Take a message that needs nothing (spam, a thank-you) out of triage."""
    locked = _locked_in_triage(actor, message)
    locked.outcome = Outcome.IGNORED
    locked.handled_by = actor
    locked.reason = _("Dismissed by %(user)s.") % {"user": actor.get_full_name() or actor.username}
    locked.save(update_fields=FIELDS)
    return locked
