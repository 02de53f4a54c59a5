"""Whom a reply may go to: the client's contacts with an e-mail and the senders of the
client's letters on the claim; and whom the form ticks at first."""

from __future__ import annotations

from dataclasses import dataclass

from claims.correspondence import ClaimMessage, Direction
from claims.models import Claim
from clients.models import Contact

CONTACTS_SHOWN = 30


@dataclass(frozen=True)
class Recipient:
    address: str
    label: str
    suggested: bool = False


def _contacts(claim: Claim) -> list[Contact]:
    return list(
        Contact.objects.filter(client_id=claim.contract.client_id)
        .exclude(email="")
        .order_by("-is_primary", "name", "pk")[:CONTACTS_SHOWN]
    )


def _senders(claim: Claim) -> list[tuple[str, str]]:
    rows = (
        ClaimMessage.objects.filter(claim=claim, direction=Direction.INCOMING)
        .exclude(from_address="")
        .order_by("-created_at", "-pk")
        .values_list("from_address", "from_name")[:5]
    )
    return [(address.lower(), name) for address, name in rows]


def _suggested(claim: Claim, senders: list[tuple[str, str]], contacts: list[Contact]) -> str:
    """The sender of the client's last letter, else who reported the claim, else the
    client's primary contact."""
    if senders:
        return senders[0][0]
    if claim.reported_by is not None and claim.reported_by.email:
        return claim.reported_by.email.lower()
    primary = next((c for c in contacts if c.is_primary), None)
    return primary.email.lower() if primary else ""


def reply_recipients(claim: Claim) -> list[Recipient]:
    """Everyone a reply on ``claim`` may go to, the suggested one(s) first."""
    senders = _senders(claim)
    contacts = _contacts(claim)
    suggested = _suggested(claim, senders, contacts)
    found: dict[str, Recipient] = {}
    for address, name in senders:
        found.setdefault(address, Recipient(address, f"{name} <{address}>" if name else address))
    for contact in contacts:
        address = contact.email.lower()
        label = f"{contact} <{address}>"
        found[address] = Recipient(address, label)
    if claim.reported_by is not None and claim.reported_by.email:
        address = claim.reported_by.email.lower()
        found.setdefault(address, Recipient(address, f"{claim.reported_by} <{address}>"))
    recipients = [
        Recipient(r.address, r.label, suggested=r.address == suggested) for r in found.values()
    ]
    recipients.sort(key=lambda r: not r.suggested)
    return recipients


def allowed_addresses(claim: Claim) -> set[str]:
    """The addresses a reply on ``claim`` may go to (every contact, not only those shown)."""
    contacts = Contact.objects.filter(client_id=claim.contract.client_id).exclude(email="")
    allowed = {email.lower() for email in contacts.values_list("email", flat=True)}
    senders = ClaimMessage.objects.filter(claim=claim, direction=Direction.INCOMING)
    allowed.update(address.lower() for address in senders.values_list("from_address", flat=True))
    allowed.discard("")
    if claim.reported_by is not None and claim.reported_by.email:
        allowed.add(claim.reported_by.email.lower())
    return allowed
