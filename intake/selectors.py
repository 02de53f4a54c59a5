"""Reads of the mail intake: whose mail it is, which claim it answers, the triage list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from claims.models import Claim, ClaimMessage
from claims.services import REGISTRABLE_STAGES
from clients.models import Client, Contact
from contracts.models import Contract
from intake.models import LINKED_OUTCOMES, ClientMailDomain, InboundMessage
from org.models import User


@dataclass(frozen=True)
class Sender:
    """Who wrote a message, as far as the clients' records tell."""

    client: Client
    contact: Contact | None


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower()


def sender_of(address: str) -> Sender | None:
    """The client whose contact has this e-mail, else the client of its domain."""
    if not address or "@" not in address:
        return None
    contacts = list(
        Contact.objects.filter(email__iexact=address, client__archived_at__isnull=True)
        .select_related("client__account_manager")
        .order_by("-is_primary", "pk")[:10]
    )
    clients = {contact.client_id for contact in contacts}
    if len(clients) == 1:
        return Sender(client=contacts[0].client, contact=contacts[0])
    if len(clients) > 1:
        return None  # the same address at two clients: a person decides
    domain = ClientMailDomain.objects.filter(
        domain=_domain(address), client__archived_at__isnull=True
    ).select_related("client__account_manager")
    found = domain.first()
    return Sender(client=found.client, contact=None) if found else None


def sender_contact_at(address: str, client: Client) -> Contact | None:
    return (
        Contact.objects.filter(client=client, email__iexact=address).order_by("-is_primary", "pk")
    ).first()


def sender_belongs_to(address: str, client: Client) -> bool:
    """Whether the address is a contact's of ``client`` or in one of its domains."""
    if not address:
        return False
    if Contact.objects.filter(client=client, email__iexact=address).exists():
        return True
    return ClientMailDomain.objects.filter(client=client, domain=_domain(address)).exists()


def _claims() -> QuerySet[Claim]:
    return Claim.objects.select_related("contract__client", "contract__manager")


def claim_of_thread(thread_ids: list[str]) -> Claim | None:
    """The claim of the nearest earlier message of the thread that reached a claim: a
    client's letter on it, or one of our replies from it."""
    if not thread_ids:
        return None
    related = ("claim__contract__client", "claim__contract__manager")
    linked: dict[str, Claim] = {
        letter.message_id: letter.claim
        for letter in ClaimMessage.objects.filter(message_id__in=thread_ids).select_related(
            *related
        )
    }
    for row in InboundMessage.objects.filter(
        message_id__in=thread_ids, outcome__in=LINKED_OUTCOMES, claim__isnull=False
    ).select_related(*related):
        if row.claim is not None:
            linked.setdefault(row.message_id, row.claim)
    for message_id in thread_ids:
        claim = linked.get(message_id)
        if claim is not None:
            return claim
    return None


def claim_numbered(number: int | None) -> Claim | None:
    if number is None:
        return None
    return _claims().filter(pk=number).first()


def serving_contracts(client: Client) -> QuerySet[Contract]:
    """The client's contracts a claim may be registered on."""
    return (
        Contract.objects.filter(client=client, stage__in=REGISTRABLE_STAGES)
        .live()
        .select_related("client", "manager")
        .order_by("number", "pk")
    )


def is_known_message(message_id: str) -> bool:
    return (
        bool(message_id)
        and InboundMessage.objects.filter(message_id=message_id)
        .exclude(outcome="duplicate")
        .exists()
    )


def known_uids(source: str, uidvalidity: int) -> set[int]:
    uids = InboundMessage.objects.filter(
        source=source, uidvalidity=uidvalidity, uid__isnull=False
    ).values_list("uid", flat=True)
    return {uid for uid in uids if uid is not None}


def may_triage(user: User) -> bool:
    """Support managers and directors work the unmatched mail."""
    return bool(user.is_authenticated and (user.is_support_manager or user.is_director))


def triage_list(user: User) -> QuerySet[InboundMessage]:
    """The unmatched mail ``user`` sees, newest first, with what the list shows."""
    return (
        InboundMessage.objects.visible_to(user)
        .in_triage()
        .select_related("client")
        .annotate(attachment_count=Count("attachments"))
        .order_by("-received_at", "-id")
    )
