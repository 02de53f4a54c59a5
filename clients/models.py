from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.validators import (
    format_iban,
    validate_edrpou,
    validate_ua_iban,
    validate_vat_number,
)
from org.archiving import ArchivableModel, ArchivableQuerySet
from org.links import record_url
from org.relations import related_model
from org.versioning import VersionedModel
from org.visibility import visible_rows


class ClientStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Active")
    FORMER = "former", _("Former")


class ClientQuerySet(ArchivableQuerySet):
    def visible_to(self, user, *, archived=False):
        """The one rule for who sees which clients; every view, export and API uses it.

        Directors see all; a manager their own portfolio and those they cover; a
        department member the clients on which their department has a hand-off.
        """
        # The hand-offs reached through the relation they declare: they sit above clients
        # in the app layers (handoffs import clients, never the other way).
        Handoff = related_model(Client, "handoffs")
        return visible_rows(
            self,
            user,
            archived=archived,
            portfolio=lambda managers: Q(account_manager_id__in=managers),
            department=lambda department_id: Q(
                Exists(
                    Handoff._default_manager.filter(department_id=department_id).filter(
                        Q(client_id=OuterRef("pk")) | Q(contract__client_id=OuterRef("pk"))
                    )
                )
            ),
        )

    def of_managers(self, manager_ids):
        """The portfolio of these managers (e.g. `represented_user_ids`: mine and my covers')."""
        return self.filter(account_manager_id__in=manager_ids)


class Client(VersionedModel, ArchivableModel):
    legal_name = models.CharField(_("legal name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100)
    edrpou = models.CharField(
        _("EDRPOU code"), max_length=8, unique=True, validators=[validate_edrpou]
    )
    vat_number = models.CharField(
        _("VAT payer number"), max_length=12, blank=True, validators=[validate_vat_number]
    )
    legal_address = models.CharField(_("legal address"), max_length=500)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_ua_iban])
    account_manager = models.ForeignKey(
        "org.User",
        verbose_name=_("account manager"),
        on_delete=models.PROTECT,
        related_name="clients",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ClientStatus.choices, default=ClientStatus.PROSPECT
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ClientQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["short_name"]
        indexes = [models.Index(fields=["account_manager", "short_name"])]

    @property
    def owner_id(self):
        """The manager who answers for the client (`org.selectors.may_act_on`)."""
        return self.account_manager_id

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return record_url("clients:detail", self.pk)

    @property
    def iban_display(self):
        return format_iban(self.iban) if self.iban else ""


class Contact(VersionedModel):
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(
        _("phone"), max_length=16, blank=True, help_text=_("Stored as +380XXXXXXXXX.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(is_primary=True),
                name="one_primary_contact_per_client",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.position}" if self.position else self.name


class Site(VersionedModel):
    """A place where the company works for the client (об'єкт)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=500)
    area_m2 = models.DecimalField(
        _("area, m²"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    access_notes = models.TextField(_("access notes"), blank=True)
    working_notes = models.TextField(_("working notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self):
        return self.name
