"""Every change to clients, their contacts and sites goes through one of these functions."""

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.models import Client, ClientStatus, Contact, Site
from clients.validators import normalize_iban, normalize_phone
from org.archiving import archive_record
from org.errors import DomainError
from org.selectors import ensure_may_act_on
from org.versioning import lock_version

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


def _save(instance, *, actor):
    # Record the acting user in the history even outside a request (seed, tasks, shell).
    instance._history_user = actor
    instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.save()
    return instance


def _duplicate_edrpou_error(edrpou):
    existing = Client.objects.filter(edrpou=edrpou).first()
    name = existing.short_name if existing else edrpou
    return DomainError(
        _("A client with EDRPOU code %(code)s already exists: %(client)s.")
        % {"code": edrpou, "client": name},
        code="duplicate_edrpou",
    )


def _save_client(client, *, actor):
    client.edrpou = (client.edrpou or "").strip()
    client.iban = normalize_iban(client.iban or "")
    if Client.objects.filter(edrpou=client.edrpou).exclude(pk=client.pk).exists():
        raise _duplicate_edrpou_error(client.edrpou)
    try:
        # A savepoint, so that losing a race on the unique code leaves the outer
        # transaction usable and the caller gets a message instead of a 500.
        with transaction.atomic():
            return _save(client, actor=actor)
    except IntegrityError:
        raise _duplicate_edrpou_error(client.edrpou) from None


@transaction.atomic
def client_create(
    *,
    actor,
    legal_name,
    short_name,
    edrpou,
    legal_address,
    account_manager=None,
    vat_number="",
    iban="",
    status=ClientStatus.PROSPECT,
    notes="",
) -> Client:
    """Register a new client; its account manager is ``actor`` unless another is named."""
    if not actor.manages_clients:
        raise DomainError(_("Only support managers and directors register clients."))
    client = Client(
        legal_name=legal_name,
        short_name=short_name,
        edrpou=edrpou,
        vat_number=vat_number,
        legal_address=legal_address,
        iban=iban,
        status=status,
        notes=notes,
        account_manager=account_manager or actor,
    )
    return _save_client(client, actor=actor)


@transaction.atomic
def client_update(*, actor, client, version=None, **changes) -> Client:
    """Change the client's details; ``changes`` names fields of CLIENT_FIELDS.

    The right to change is judged on the stored row (a form may already have put a
    new account manager on ``client``), which is locked so concurrent edits queue;
    ``version`` is the one the form was opened with: a stale one is refused.
    """
    unknown = set(changes) - set(CLIENT_FIELDS)
    if unknown:
        raise TypeError(f"client_update() does not change {sorted(unknown)}")
    stored = lock_version(Client.objects, pk=client.pk, version=version)
    ensure_may_act_on(actor, stored, message=_MAY_NOT_CHANGE)
    for field, value in changes.items():
        setattr(stored, field, value)
    return _save_client(stored, actor=actor)


def _make_only_primary(contact, *, actor):
    """Un-primary the client's other contacts (one by one, so history records each)."""
    # Lock the client row: two concurrent switches would otherwise both pass and then
    # trip the one-primary constraint, which the user would see as a 500.
    Client.objects.select_for_update().filter(pk=contact.client_id).first()
    others = Contact.objects.filter(client_id=contact.client_id, is_primary=True)
    if contact.pk:
        others = others.exclude(pk=contact.pk)
    for other in others:
        other.is_primary = False
        other._history_user = actor
        other.save(update_fields=["is_primary"])


def _save_contact(contact, *, actor):
    contact.phone = normalize_phone(contact.phone) if contact.phone else ""
    if contact.is_primary:
        _make_only_primary(contact, actor=actor)
    return _save(contact, actor=actor)


@transaction.atomic
def contact_create(
    *, actor, client, name, position="", phone="", email="", is_primary=False
) -> Contact:
    """Add a person at the client; a new primary contact takes over from the old one."""
    ensure_may_act_on(actor, client, message=_MAY_NOT_CHANGE)
    contact = Contact(
        client=client,
        name=name,
        position=position,
        phone=phone,
        email=email,
        is_primary=is_primary,
    )
    return _save_contact(contact, actor=actor)


@transaction.atomic
def contact_update(*, actor, contact, version=None, **changes) -> Contact:
    ensure_may_act_on(actor, contact.client, message=_MAY_NOT_CHANGE)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"contact_update() does not change {sorted(unknown)}")
    contact = lock_version(Contact.objects.select_related("client"), pk=contact.pk, version=version)
    for field, value in changes.items():
        setattr(contact, field, value)
    return _save_contact(contact, actor=actor)


@transaction.atomic
def contact_delete(*, actor, contact) -> None:
    """Remove a contact; claims it reported keep their text and lose the link."""
    ensure_may_act_on(actor, contact.client, message=_MAY_NOT_CHANGE)
    contact._history_user = actor
    contact.delete()


@transaction.atomic
def site_create(
    *, actor, client, name, address, area_m2=None, access_notes="", working_notes=""
) -> Site:
    ensure_may_act_on(actor, client, message=_MAY_NOT_CHANGE)
    site = Site(
        client=client,
        name=name,
        address=address,
        area_m2=area_m2,
        access_notes=access_notes,
        working_notes=working_notes,
    )
    return _save(site, actor=actor)


@transaction.atomic
def site_update(*, actor, site, version=None, **changes) -> Site:
    ensure_may_act_on(actor, site.client, message=_MAY_NOT_CHANGE)
    unknown = set(changes) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"site_update() does not change {sorted(unknown)}")
    site = lock_version(Site.objects.select_related("client"), pk=site.pk, version=version)
    for field, value in changes.items():
        setattr(site, field, value)
    return _save(site, actor=actor)


def site_in_use(site) -> bool:
    """Whether a contract (its sites or staffing) or a claim names the site."""
    return site.contracts.exists() or site.staffing.exists() or site.claims.exists()


@transaction.atomic
def site_delete(*, actor, site) -> None:
    """Remove a site no contract or claim uses; one in use stays, with the reason."""
    ensure_may_act_on(actor, site.client, message=_MAY_NOT_CHANGE)
    refusal = DomainError(
        _("Site %(site)s is used by a contract or a claim, so it cannot be deleted.")
        % {"site": site.name},
        code="site_in_use",
    )
    if site_in_use(site):
        raise refusal
    site._history_user = actor
    try:
        with transaction.atomic():
            site.delete()
    except ProtectedError:
        raise refusal from None


@transaction.atomic
def client_archive(*, actor, client) -> Client:
    """Take the client out of the lists; nothing is deleted, and it can be restored."""
    ensure_may_act_on(actor, client, message=_MAY_NOT_ARCHIVE)
    return archive_record(Client.objects, pk=client.pk, actor=actor)


@transaction.atomic
def client_restore(*, actor, client) -> Client:
    ensure_may_act_on(actor, client, message=_MAY_NOT_ARCHIVE)
    return archive_record(Client.objects, pk=client.pk, actor=actor, archive=False)
