"""Where a readable message goes: onto its claim, into a new claim, or to triage."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from claims.models import Channel, Claim
from claims.services import (
    IncomingLetter,
    MailFile,
    claim_acknowledge,
    claim_record_incoming,
    claim_register,
    claim_resume_on_client_answer,
)
from clients.models import Contact
from contracts.models import Contract, Priority
from intake.models import InboundMessage, Outcome
from intake.parsing import ParsedMessage
from intake.selectors import (
    Sender,
    claim_numbered,
    claim_of_thread,
    sender_belongs_to,
    sender_contact_at,
    sender_of,
    serving_contracts,
)
from org.errors import DomainError
from org.models import User
from org.services import notify

CLAIM_FROM_MAIL = gettext_noop("New claim #%(number)s by e-mail from %(client)s: «%(title)s».")
REPLY_ON_CLAIM = gettext_noop("New e-mail on claim #%(number)s from %(sender)s: «%(title)s».")
FIELDS = ["outcome", "reason", "claim", "client", "contact", "handled_by"]


def sender_label(row: InboundMessage) -> str:
    if row.from_name:
        return f"{row.from_name} <{row.from_address}>"
    return row.from_address or _("unknown sender")


def incoming_letter(row: InboundMessage) -> IncomingLetter:
    """The message as a letter of the claim's correspondence, with the files it kept."""
    return IncomingLetter(
        message_id=row.message_id,
        from_address=row.from_address,
        from_name=row.from_name,
        subject=row.subject,
        body=row.body_text.strip(),
        in_reply_to=row.in_reply_to,
        references=row.references,
        sent_at=row.sent_at,
        files=[
            MailFile(
                stored_name=attachment.file.name,
                filename=attachment.filename,
                content_type=attachment.content_type,
                size=attachment.size,
            )
            for attachment in row.attachments.all()
        ],
    )


def add_to_claim(row: InboundMessage, claim: Claim, *, actor: User, outcome: str) -> None:
    """The message becomes a letter of ``claim``'s correspondence, its files the claim's
    (the claim resumes if it waited for the client); its manager hears of it (unless it
    is the manager who added it)."""
    claim_record_incoming(claim=claim, letter=incoming_letter(row))
    # The client's answer: a claim waiting for it is back at work, its fix clock running.
    claim_resume_on_client_answer(actor=actor, claim=claim)
    row.outcome = outcome
    row.claim = claim
    row.client = claim.contract.client
    row.save(update_fields=FIELDS)
    if outcome != Outcome.THREADED and actor.pk == claim.contract.manager_id:
        return
    notify(
        recipient=claim.contract.manager,
        message=REPLY_ON_CLAIM,
        params={"number": claim.pk, "title": claim.subject, "sender": sender_label(row)},
        url=claim.get_absolute_url(),
    )


def claim_subject(row: InboundMessage, parsed: ParsedMessage | None = None) -> str:
    subject = parsed.clean_subject if parsed is not None else row.subject
    return (subject or _("E-mail from %(sender)s") % {"sender": sender_label(row)})[:255]


def open_claim(
    row: InboundMessage,
    *,
    actor: User,
    contract: Contract,
    contact: Contact | None,
    subject: str,
    category: str = "",
) -> Claim:
    """A claim registered from the message (DomainError when the contract refuses it)."""
    claim = claim_register(
        actor=actor,
        contract=contract,
        category=category or settings.INTAKE_CLAIM_CATEGORY,
        priority=Priority.NORMAL,
        subject=subject,
        description=row.body_text.strip() or subject,
        channel=Channel.EMAIL,
        reported_by=contact,
        received_at=row.received_at,
    )
    row.claim = claim
    row.client = contract.client
    row.contact = contact
    claim_record_incoming(claim=claim, letter=incoming_letter(row))
    return claim


def _to_triage(row: InboundMessage, reason: str, sender: Sender | None = None) -> None:
    row.outcome = Outcome.TRIAGE
    row.reason = reason
    if sender is not None:
        row.client = sender.client
        row.contact = sender.contact
    row.save(update_fields=FIELDS)


def _new_claim(row: InboundMessage, parsed: ParsedMessage, sender: Sender) -> None:
    contracts = list(serving_contracts(sender.client)[:2])
    if not contracts:
        _to_triage(
            row, _("%(client)s has no contract in support.") % {"client": sender.client}, sender
        )
        return
    if len(contracts) > 1:
        _to_triage(
            row,
            _("%(client)s has several contracts: choose one.") % {"client": sender.client},
            sender,
        )
        return
    contract = contracts[0]
    try:
        claim = open_claim(
            row,
            actor=contract.manager,
            contract=contract,
            contact=sender.contact,
            subject=claim_subject(row, parsed),
        )
    except DomainError as error:
        _to_triage(row, str(error.message), sender)
        return
    row.outcome = Outcome.CREATED
    row.reason = ""
    row.save(update_fields=FIELDS)
    if settings.INTAKE_AUTO_ACKNOWLEDGE and not parsed.automatic:
        # Automatic mail never gets here (it is ignored before routing); checked again
        # because an answer to it is how mail loops start.
        claim_acknowledge(claim=claim, to_address=row.from_address)
    notify(
        recipient=contract.manager,
        message=CLAIM_FROM_MAIL,
        params={"number": claim.pk, "title": claim.subject, "client": str(contract.client)},
        url=claim.get_absolute_url(),
    )


def route(row: InboundMessage, parsed: ParsedMessage) -> None:
    """Thread onto the claim it answers, else a new claim for the sender's client, else triage."""
    claim = claim_of_thread(parsed.thread_ids) or claim_numbered(parsed.claim_tag)
    if claim is not None:
        client = claim.contract.client
        if sender_belongs_to(parsed.from_address, client):
            row.contact = sender_contact_at(parsed.from_address, client)
            add_to_claim(row, claim, actor=claim.contract.manager, outcome=Outcome.THREADED)
            return
        # Someone outside the claim's client writing on its thread: a person decides.
        _to_triage(
            row,
            _("It refers to claim #%(number)s, but the sender is not at that claim's client.")
            % {"number": claim.pk},
        )
        return
    sender = sender_of(parsed.from_address)
    if sender is None:
        _to_triage(row, _("The sender is not a contact of any client, nor in a client's domain."))
        return
    _new_claim(row, parsed, sender)
