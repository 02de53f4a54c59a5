"""Every change to clients, their contacts and sites goes through one of these functions."""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.models import Client, ClientStatus, Contact, Site
from clients.validators import normalize_iban, normalize_phone
from org.archiving import archive_record
from org.errors import DomainError
from org.models import User
from org.records import lock_row, model_update, save_with_history
from org.selectors import ensure_may_act_on
from org.versioning import lock_version

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CLIENT_FIELDS = (
    "legal_name",
    "short_name",
    "edrpou",
    "vat_number",
    "legal_address",
    "iban",
    "status",
    "notes",
    "account_manager",
)
_MAY_NOT_CHANGE = gettext_lazy("You may not change this client.")
_MAY_NOT_ARCHIVE = gettext_lazy("You may not archive this client.")
CONTACT_FIELDS = ("name", "position", "phone", "email", "is_primary")
SITE_FIELDS = ("name", "address", "area_m2", "access_notes", "working_notes")


class ClientChanges(TypedDict, total=False):
    legal_name: str
    short_name: str
    edrpou: str
    vat_number: str
    legal_address: str
    iban: str
    status: str
    notes: str
    account_manager: User


class ContactChanges(TypedDict, total=False):
    name: str
    position: str
    phone: str
    email: str
    is_primary: bool


class SiteChanges(TypedDict, total=False):
    name: str
    address: str
    area_m2: decimal.Decimal | None
    access_notes: str
    working_notes: str


def _ensure_may_change(
    actor: User, client: Client, message: StrOrPromise = _MAY_NOT_CHANGE
) -> None:
    ensure_may_act_on(actor, client, message=message)


# --- clients ------------------------------------------------------------------------------


def _duplicate_edrpou_error(edrpou: str) -> DomainError:
    existing = Client.objects.filter(edrpou=edrpou).first()
    name = existing.short_name if existing else edrpou
    return DomainError(
        _("A client with EDRPOU code %(code)s already exists: %(client)s.")
        % {"code": edrpou, "client": name},
        code="duplicate_edrpou",
    )


@contextmanager
def _unique_edrpou(edrpou: str, *, excluding: int | None) -> Iterator[None]:
    """Refuse a code another client has, before the save and if the save loses a race."""
    if Client.objects.filter(edrpou=edrpou).exclude(pk=excluding).exists():
        raise _duplicate_edrpou_error(edrpou)
    try:
        # A savepoint, so that losing a race on the unique code leaves the outer
        # transaction usable and the caller gets a message instead of a 500.
        with transaction.atomic():
            yield
    except IntegrityError:
        raise _duplicate_edrpou_error(edrpou) from None


@transaction.atomic
def client_create(
    *,
    actor: User,
    legal_name: str,
    short_name: str,
    edrpou: str,
    legal_address: str,
    account_manager: User | None = None,
    vat_number: str = "",
    iban: str = "",
    status: str = ClientStatus.PROSPECT,
    notes: str = "",
) -> Client:
    """Register a new client; its account manager is ``actor`` unless another is named."""
    if not actor.manages_clients:
        raise DomainError(_("Only support managers and directors register clients."))
    client = Client(
        legal_name=legal_name,
        short_name=short_name,
        edrpou=(edrpou or "").strip(),
        vat_number=vat_number,
        legal_address=legal_address,
        iban=normalize_iban(iban or ""),
        status=status,
        notes=notes,
        account_manager=account_manager or actor,
    )
    with _unique_edrpou(client.edrpou, excluding=None):
        return save_with_history(client, actor=actor, clean=True)


@transaction.atomic
def client_update(
    *,
    actor: User,
    client: Client,
    version: int | None = None,
    **changes: Unpack[ClientChanges],
) -> Client:
    """Change the client's details; ``changes`` names fields of CLIENT_FIELDS.

    The right to change is judged on the stored row (a form may already have put a
    new account manager on ``client``), which is locked so concurrent edits queue;
    ``version`` is the one the form was opened with: a stale one is refused.
    """
    stored = lock_version(Client.objects.all(), pk=client.pk, version=version)
    _ensure_may_change(actor, stored)
    data: dict[str, Any] = {**changes}
    data["edrpou"] = (data.get("edrpou", stored.edrpou) or "").strip()
    data["iban"] = normalize_iban(data.get("iban", stored.iban) or "")
    with _unique_edrpou(data["edrpou"], excluding=stored.pk):
        model_update(stored, fields=CLIENT_FIELDS, data=data, actor=actor, clean=True)
    return stored


@transaction.atomic
def client_archive(*, actor: User, client: Client) -> Client:
    """Take the client out of the lists; nothing is deleted, and it can be restored."""
    _ensure_may_change(actor, client, _MAY_NOT_ARCHIVE)
    return archive_record(Client.objects, pk=client.pk, actor=actor)


@transaction.atomic
def client_restore(*, actor: User, client: Client) -> Client:
    _ensure_may_change(actor, client, _MAY_NOT_ARCHIVE)
    return archive_record(Client.objects, pk=client.pk, actor=actor, archive=False)


# --- contacts -----------------------------------------------------------------------------


def _make_only_primary(contact: Contact, *, actor: User) -> None:
    """The primary-contact rule, the same on the screens and in the admin: a client has
    at most one primary contact, and marking a contact primary makes it that one, the
    client's other primary contact losing the mark (one by one, so history records each,
    with ``actor``). Ticking two in one admin submission is ambiguous input, which the
    admin's inline refuses before anything is saved."""
    # Lock the client row: two concurrent switches would otherwise both pass and then
    # trip the one-primary constraint, which the user would see as a 500.
    lock_row(Client.objects.all(), pk=contact.client_id)
    others = Contact.objects.filter(client_id=contact.client_id, is_primary=True)
    if contact.pk:
        others = others.exclude(pk=contact.pk)
    for other in others:
        other.is_primary = False
        save_with_history(other, actor=actor, update_fields=["is_primary"])


def contact_save(*, actor: User, contact: Contact) -> Contact:
    """Save ``contact`` as it stands under the contacts' rules: the phone stored as
    +380…, and `_make_only_primary`. For the admin, whose own permissions decide who
    may; the screens call `contact_create` and `contact_update`, which check the actor."""
    contact.phone = normalize_phone(contact.phone) if contact.phone else ""
    if contact.is_primary:
        _make_only_primary(contact, actor=actor)
    return save_with_history(contact, actor=actor, clean=True)


@transaction.atomic
def contact_create(
    *,
    actor: User,
    client: Client,
    name: str,
    position: str = "",
    phone: str = "",
    email: str = "",
    is_primary: bool = False,
) -> Contact:
    """Add a person at the client; a new primary contact takes over from the old one."""
    _ensure_may_change(actor, client)
    contact = Contact(
        client=client,
        name=name,
        position=position,
        phone=phone,
        email=email,
        is_primary=is_primary,
    )
    return contact_save(actor=actor, contact=contact)


@transaction.atomic
def contact_update(
    *,
    actor: User,
    contact: Contact,
    version: int | None = None,
    **changes: Unpack[ContactChanges],
) -> Contact:
    """Change a contact; made primary, it takes over from the client's old primary one."""
    _ensure_may_change(actor, contact.client)
    stored = lock_version(Contact.objects.select_related("client"), pk=contact.pk, version=version)
    data: dict[str, Any] = {**changes}
    if data.get("phone"):
        data["phone"] = normalize_phone(data["phone"])
    if data.get("is_primary"):
        _make_only_primary(stored, actor=actor)
    model_update(stored, fields=CONTACT_FIELDS, data=data, actor=actor, clean=True)
    return stored


@transaction.atomic
def contact_delete(*, actor: User, contact: Contact) -> None:
    """Remove a contact; claims it reported keep their text and lose the link."""
    _ensure_may_change(actor, contact.client)
    contact._history_user = actor  # type: ignore[attr-defined]
    contact.delete()


# --- sites --------------------------------------------------------------------------------


@transaction.atomic
def site_create(
    *,
    actor: User,
    client: Client,
    name: str,
    address: str,
    area_m2: decimal.Decimal | None = None,
    access_notes: str = "",
    working_notes: str = "",
) -> Site:
    _ensure_may_change(actor, client)
    site = Site(
        client=client,
        name=name,
        address=address,
        area_m2=area_m2,
        access_notes=access_notes,
        working_notes=working_notes,
    )
    return save_with_history(site, actor=actor, clean=True)


@transaction.atomic
def site_update(
    *, actor: User, site: Site, version: int | None = None, **changes: Unpack[SiteChanges]
) -> Site:
    _ensure_may_change(actor, site.client)
    stored = lock_version(Site.objects.select_related("client"), pk=site.pk, version=version)
    model_update(stored, fields=SITE_FIELDS, data=changes, actor=actor, clean=True)
    return stored


def site_in_use(site: Site) -> bool:
    """Whether a contract (its sites or staffing) or a claim names the site."""
    return site.contracts.exists() or site.staffing.exists() or site.claims.exists()


@transaction.atomic
def site_delete(*, actor: User, site: Site) -> None:
    """Remove a site no contract or claim uses; one in use stays, with the reason."""
    _ensure_may_change(actor, site.client)
    refusal = DomainError(
        _("Site %(site)s is used by a contract or a claim, so it cannot be deleted.")
        % {"site": site.name},
        code="site_in_use",
    )
    if site_in_use(site):
        raise refusal
    site._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            site.delete()
    except ProtectedError:
        raise refusal from None
