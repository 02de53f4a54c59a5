"""Mail that reached a support mailbox, and what became of each message."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Claim
from clients.models import Client
from org.models import User
from org.selectors import represented_user_ids


class Outcome(models.TextChoices):
    THREADED = "threaded", _("Added to a claim")
    CREATED = "created", _("New claim")
    TRIAGE = "triage", _("Waiting in triage")
    IGNORED = "ignored", _("Ignored (automatic mail)")
    DUPLICATE = "duplicate", _("Duplicate")
    CLAIMED = "claimed", _("Claim made from triage")
    ATTACHED = "attached", _("Attached from triage")


# Outcomes that linked the message to a claim.
LINKED_OUTCOMES = (Outcome.THREADED, Outcome.CREATED, Outcome.CLAIMED, Outcome.ATTACHED)


class InboundMessageQuerySet(models.QuerySet["InboundMessage"]):
    def in_triage(self) -> InboundMessageQuerySet:
        return self.filter(outcome=Outcome.TRIAGE)

    def visible_to(self, user: User | AnonymousUser) -> InboundMessageQuerySet:
        """Directors see all mail; a support manager the mail of their clients and claims
        (and those they cover), and the mail nobody could place, which all of them share."""
        if not user.is_authenticated:
            return self.none()
        if user.is_director:
            return self
        if not user.is_support_manager:
            return self.none()
        represented = represented_user_ids(user)
        return self.filter(
            Q(client__isnull=True, claim__isnull=True)
            | Q(client__in=Client.objects.of_managers(represented))
            | Q(claim__in=Claim.objects.of_managers(represented))
        )


class InboundMessage(models.Model):
    """One message read from a mailbox (or imported from an .eml file).

    Recorded in the same transaction as the claim change it caused, so a message is
    either processed with its outcome or not seen at all (and read again next run).
    """

    source = models.CharField(
        _("mailbox"), max_length=255, help_text=_("user@host/folder, or eml for imported files.")
    )
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), null=True, blank=True)
    uid = models.BigIntegerField(_("UID"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=998, blank=True)
    in_reply_to = models.TextField(_("In-Reply-To"), blank=True)
    references = models.TextField(_("References"), blank=True)
    from_address = models.CharField(_("sender's address"), max_length=320, blank=True)
    from_name = models.CharField(_("sender's name"), max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(
        _("original HTML"), blank=True, help_text=_("As received; shown only sanitised.")
    )
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    skipped_attachments = models.JSONField(_("attachments not kept"), default=list, blank=True)
    claim = models.ForeignKey(
        "claims.Claim",
        verbose_name=_("claim"),
        on_delete=models.SET_NULL,
        related_name="inbound_messages",
        null=True,
        blank=True,
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    contact = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    handled_by = models.ForeignKey(
        "org.User",
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)

    objects = InboundMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        ordering = ["-received_at", "-id"]
        constraints = [
            # Exactly once per mailbox message, whoever reads it: a second worker's insert
            # waits for the first one's transaction and then fails.
            models.UniqueConstraint(
                fields=["source", "uidvalidity", "uid"],
                condition=Q(uid__isnull=False),
                name="inbound_message_once_per_uid",
            ),
            # The same message delivered to two mailboxes (or imported twice) counts once;
            # the later copies are recorded as duplicates.
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~Q(message_id="") & ~Q(outcome="duplicate"),
                name="inbound_message_once_per_message_id",
            ),
        ]
        indexes = [
            models.Index(fields=["outcome", "received_at", "id"], name="inbound_outcome_received"),
            models.Index(fields=["message_id"], name="inbound_message_id"),
        ]

    def __str__(self) -> str:
        return self.subject or self.message_id or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("intake:detail", kwargs={"pk": self.pk})


def attachment_path(instance: InboundAttachment, filename: str) -> str:
    return f"intake/{timezone.now():%Y/%m}/{instance.message_id}/{filename}"


class InboundAttachment(models.Model):
    """A file that came with a message and passed the upload rules (org.uploads)."""

    message = models.ForeignKey(
        InboundMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=500)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=255)
    size = models.PositiveBigIntegerField(_("size, bytes"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class ClientMailDomain(models.Model):
    """Mail from this domain comes from this client (e.g. its own company domain; never
    a public one such as gmail.com)."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="mail_domains",
    )
    domain = models.CharField(_("domain"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("client's mail domain")
        verbose_name_plural = _("clients' mail domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)
