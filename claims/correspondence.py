"""The claim's correspondence with the client: the client's letters, our replies, the
files on the claim, and the library of reply templates.

Defined here and imported by `claims.models`, so that the claim model's module stays the
claim's own. Internal comments stay `ClaimComment`: never part of the correspondence.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Direction(models.TextChoices):
    INCOMING = "in", _("Client's letter")
    OUTGOING = "out", _("Our reply")


class SendStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")


class ReplyKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
    DETAILS = "details", _("Asking for details")
    FIXED = "fixed", _("Fix done")
    FORMAL_ANSWER = "formal_answer", _("Answer to a formal claim")
    OTHER = "other", _("Other")


class ReplyTemplate(models.Model):
    """A reply the managers start from: its text with placeholders (`claims.reply_text`)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReplyKind.choices, default=ReplyKind.OTHER
    )
    subject = models.CharField(
        _("subject"),
        max_length=255,
        blank=True,
        help_text=_("Empty: «Re:» and the claim's subject. The claim tag is added anyway."),
    )
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["position", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from claims.reply_text import placeholder_errors

        errors = {
            name: message
            for name in ("subject", "body")
            if (message := placeholder_errors(getattr(self, name)))
        }
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError(errors)


class ClaimMessage(models.Model):
    """One letter of the claim's correspondence: the client's (read by the mail intake)
    or ours (written on the claim page, sent through the outbox: `claims.tasks`)."""

    claim = models.ForeignKey(
        "claims.Claim",
        verbose_name=_("claim"),
        on_delete=models.CASCADE,
        related_name="correspondence",
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    message_id = models.CharField(_("Message-ID"), max_length=998, blank=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=998, blank=True)
    references = models.TextField(_("References"), blank=True)
    from_address = models.CharField(_("sender's address"), max_length=320, blank=True)
    from_name = models.CharField(_("sender's name"), max_length=255, blank=True)
    to_addresses = models.JSONField(_("recipients"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    body = models.TextField(_("text"), blank=True)
    sent_by = models.ForeignKey(
        "org.User",
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    on_behalf_of = models.ForeignKey(
        "org.User",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    template = models.ForeignKey(
        ReplyTemplate,
        verbose_name=_("template"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    automatic = models.BooleanField(_("sent automatically"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SendStatus.choices, default=SendStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("send attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    # Set by `claims.selectors.claim_correspondence`.
    files: list[ClaimAttachment]

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("correspondence")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["claim", "created_at", "id"], name="claim_message_claim"),
            models.Index(fields=["message_id"], name="claim_message_id"),
            models.Index(
                fields=["id"], condition=Q(status="pending"), name="claim_message_pending"
            ),
        ]
        constraints = [
            # At most one automatic acknowledgement per claim, whatever two workers do.
            models.UniqueConstraint(
                fields=["claim"], condition=Q(automatic=True), name="claim_message_one_auto_ack"
            ),
            models.UniqueConstraint(
                fields=["message_id"],
                condition=Q(direction="out"),
                name="claim_message_reply_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.subject or self.message_id or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{reverse('claims:detail', kwargs={'pk': self.claim_id})}#letter-{self.pk}"

    @property
    def is_incoming(self) -> bool:
        return self.direction == Direction.INCOMING


def claim_file_path(instance: ClaimAttachment, filename: str) -> str:
    return f"claims/{instance.claim_id}/{timezone.now():%Y/%m}/{filename}"


class FileSource(models.TextChoices):
    MANAGER = "manager", _("Added by the manager")
    EMAIL = "email", _("From the client's letter")
    REPLY = "reply", _("Sent with our reply")


class ClaimAttachment(models.Model):
    """A photo or a document on the claim, checked by the upload rules (`org.uploads`)."""

    claim = models.ForeignKey(
        "claims.Claim", verbose_name=_("claim"), on_delete=models.CASCADE, related_name="files"
    )
    message = models.ForeignKey(
        ClaimMessage,
        verbose_name=_("letter"),
        on_delete=models.SET_NULL,
        related_name="attachments",
        null=True,
        blank=True,
    )
    source = models.CharField(
        _("source"), max_length=10, choices=FileSource.choices, default=FileSource.MANAGER
    )
    file = models.FileField(_("file"), upload_to=claim_file_path, max_length=500)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=255)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    uploaded_by = models.ForeignKey(
        "org.User",
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    uploaded_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("claim file")
        verbose_name_plural = _("claim files")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["claim", "uploaded_at"], name="claim_file_claim")]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("claims:file", kwargs={"pk": self.pk})

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
