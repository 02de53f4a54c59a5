"""What sales hand over to the manager once a deal is concluded: the deal's documents,
who on the client's side, and from when (the deal-handover kind's own fields).

Imported by `handoffs.models`, so that the app's models are all registered with it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DealDocument(models.TextChoices):
    SIGNED_CONTRACT = "signed_contract", _("Signed contract")
    ANNEXES = "annexes", _("Annexes and specification")
    COMMERCIAL_OFFER = "commercial_offer", _("Commercial offer and price calculation")
    ACTS = "acts", _("Acts (acceptance, services rendered)")
    POWERS_OF_ATTORNEY = "powers_of_attorney", _("Powers of attorney")
    OTHER = "other", _("Other documents")


class DealHandover(models.Model):
    """The fields of the hand-off a contract's conclusion opens for sales.

    One per contract (its conclusion happens once): the one-to-one on the contract keeps
    a retried conclusion from opening a second. Sales fill the rest in when they complete
    the hand-off."""

    handoff = models.OneToOneField(
        "handoffs.Handoff",
        verbose_name=_("hand-off"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="deal_handover",
    )
    contract = models.OneToOneField(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="deal_handover",
    )
    documents = models.JSONField(_("documents handed over"), default=list, blank=True)
    other_documents = models.CharField(_("other documents"), max_length=500, blank=True)
    client_contact = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("contact on the client's side"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    filled_at = models.DateTimeField(_("filled in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deal handover")
        verbose_name_plural = _("deal handovers")

    def __str__(self):
        return str(self.handoff_id)

    def document_labels(self) -> list[str]:
        """The documents handed over, by name; "other" as what was written for it."""
        labels = []
        for code in self.documents:
            if code == DealDocument.OTHER:
                labels.append(self.other_documents or str(DealDocument.OTHER.label))
            elif code in DealDocument.values:
                labels.append(str(DealDocument(code).label))
        return labels
