"""The library of approved documents: each document, its versions and who has read them."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from org.models import ActedEvent, Department, User


class Kind(models.TextChoices):
    INSTRUCTION = "instruction", _("Instruction")
    ORDER = "order", _("Order")
    REGULATION = "regulation", _("Regulation")
    POLICY = "policy", _("Policy")
    TEMPLATE = "template", _("Template")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", pgettext_lazy("library", "Approved")
    SUPERSEDED = "superseded", _("Superseded")


# What a reader may open; drafts and versions awaiting approval are their editors' only.
PUBLISHED = (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)


def may_edit_library(user: User) -> bool:
    """Directors and department heads write the documents; the general director approves."""
    return user.is_authenticated and (user.is_director or user.is_department_head)


class DocumentQuerySet(models.QuerySet["Document"]):
    def visible_to(self, user: User) -> DocumentQuerySet:
        """Editors see every document; everyone else those with an approved version."""
        if may_edit_library(user):
            return self.all()
        return self.filter(current_version__isnull=False)

    def applying_to(self, user: User) -> DocumentQuerySet:
        """The documents whose readers include ``user``: by a role they hold or their department."""
        return self.filter(applies_to_user(user))

    def search(self, text: str) -> DocumentQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(number__icontains=text))


def applies_to_user(user: User, *, via: str = "") -> Q:
    """A condition that the document applies to ``user``: to everyone, to a role they hold
    or to their department. ``via`` is the path to the document ("document__" from a version)."""
    document_field = f"{via}pk"
    condition = Q(**{f"{via}applies_to_everyone": True})
    role_names = [role.value for role in user.roles]
    if role_names:
        condition |= Q(
            Exists(
                Document.roles.through.objects.filter(
                    document_id=OuterRef(document_field), group__name__in=role_names
                )
            )
        )
    if user.department_id is not None:
        condition |= Q(
            Exists(
                Document.departments.through.objects.filter(
                    document_id=OuterRef(document_field), department_id=user.department_id
                )
            )
        )
    return condition


class Document(models.Model):
    """An instruction, order, regulation, policy or template, known by its number."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    applies_to_everyone = models.BooleanField(
        _("applies to everyone"),
        default=False,
        help_text=_("Every employee must acknowledge each new version."),
    )
    roles = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("roles it applies to"),
        blank=True,
        related_name="+",
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments it applies to"), blank=True, related_name="+"
    )
    current_version = models.ForeignKey(
        "library.DocumentVersion",
        verbose_name=_("version in force"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("library:document", args=[self.pk])


class VersionQuerySet(models.QuerySet["DocumentVersion"]):
    def visible_to(self, user: User) -> VersionQuerySet:
        if may_edit_library(user):
            return self.all()
        return self.filter(status__in=PUBLISHED)

    def awaiting_acknowledgement_by(self, user: User) -> VersionQuerySet:
        """Approved versions of documents that apply to ``user`` which they have not yet
        acknowledged: one query however many documents there are."""
        acknowledged = Acknowledgement.objects.filter(version=OuterRef("pk"), user=user)
        return self.filter(status=VersionStatus.APPROVED).filter(
            applies_to_user(user, via="document__"), ~Exists(acknowledged)
        )


def version_upload_to(instance: DocumentVersion, filename: str) -> str:
    return f"library/{instance.document_id}/{instance.number}/{filename}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=version_upload_to, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number"),
            # A document is revised one version at a time.
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status__in=["draft", "submitted"]),
                name="one_open_version_per_document",
            ),
        ]
        indexes = [models.Index(fields=["status", "approved_at"])]

    def __str__(self) -> str:
        return f"{self.document.number}, " + _("version %(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("library:version", args=[self.pk])

    @property
    def is_superseded(self) -> bool:
        return self.status == VersionStatus.SUPERSEDED


class Acknowledgement(models.Model):
    """That ``user`` has read ``version``: once per user and version."""

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    user = models.ForeignKey(
        User, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), default=timezone.now)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["-acknowledged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="one_acknowledgement")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.version}"


class AcknowledgementReminder(models.Model):
    """That ``user`` was reminded to acknowledge ``version``: the guard against a second one."""

    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        User, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("acknowledgement reminder")
        verbose_name_plural = _("acknowledgement reminders")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="one_acknowledgement_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.version}"


class VersionAction(models.TextChoices):
    CREATED = "created", _("Drafted")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", pgettext_lazy("library", "Approved")
    RETURNED = "returned", _("Returned for revision")
    SUPERSEDED = "superseded", _("Superseded")


class VersionEvent(ActedEvent):
    """A step in a version's life, with who took it and when: the approval record."""

    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=VersionAction.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(ActedEvent.Meta):
        verbose_name = _("version event")
        verbose_name_plural = _("version events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.version}"
