from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Self

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.choices import ChoiceLabels
from org.roles import DEPARTMENT_ROLES, DIRECTOR_ROLES, ROLE_PRECEDENCE, Role


class DepartmentCode(models.TextChoices):
    PRODUCTION = "production", _("Production department")
    HR = "hr", _("HR department")
    ACCOUNTING = "accounting", _("Accounting")
    QUALITY = "quality", _("Quality department")
    LEGAL = "legal", _("Legal counsel")
    SALES = "sales", _("Sales department")


class Department(models.Model):
    code = models.CharField(_("code"), max_length=20, choices=DepartmentCode.choices, unique=True)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    head = models.ForeignKey(
        "org.User",
        verbose_name=_("head"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
    )
    calendar = models.ForeignKey(
        "calendars.WorkingCalendar",
        verbose_name=_("working calendar"),
        on_delete=models.PROTECT,
        related_name="departments",
        null=True,
        blank=True,
        help_text=_("When its hand-off clocks run. Empty: the company default."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name_uk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "uk").startswith("en") else self.name_uk


class User(AbstractUser):
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email_notifications = models.BooleanField(
        _("e-mail notifications"), default=True, help_text=_("Also send notifications by e-mail.")
    )
    daily_digest = models.BooleanField(
        _("daily digest"),
        default=True,
        help_text=_("A morning e-mail of what is due today and overdue."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The user's roles: from the flags `org.backends` loads with the user for a
        request, else read once from their groups."""
        if not self.is_authenticated or not self.pk:
            return frozenset()
        flags = {role: getattr(self, f"role_flag_{role.value}", None) for role in Role}
        if None not in flags.values():  # loaded for a request by `org.backends`
            return frozenset(role for role, held in flags.items() if held)
        names = self.groups.values_list("name", flat=True)
        return frozenset(Role(name) for name in names if name in Role.values)

    def has_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def role(self) -> Role | None:
        """The role that names the user and decides their home page."""
        return next((role for role in ROLE_PRECEDENCE if role in self.roles), None)

    @property
    def is_support_manager(self) -> bool:
        return Role.SUPPORT_MANAGER in self.roles

    @property
    def manages_clients(self) -> bool:
        """Support managers and directors: who may open client work (register, hand off,
        create clients and contracts); what they may touch is `org.selectors.may_act_on`."""
        return self.is_support_manager or self.is_director

    @property
    def is_director(self) -> bool:
        return not self.roles.isdisjoint(DIRECTOR_ROLES)

    @property
    def is_department_member(self) -> bool:
        return self.department_id is not None and not self.roles.isdisjoint(DEPARTMENT_ROLES)

    @property
    def is_department_head(self) -> bool:
        return Role.DEPARTMENT_HEAD in self.roles and self.department_id is not None


class AbsenceCoverQuerySet(models.QuerySet["AbsenceCover"]):
    def active_on(self, day: date) -> Self:
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class AbsenceCover(models.Model):
    """While ``absent`` is away, ``cover`` acts for them with the same rights."""

    absent = models.ForeignKey(
        User,
        verbose_name=_("absent manager"),
        on_delete=models.CASCADE,
        related_name="absences",
    )
    cover = models.ForeignKey(
        User,
        verbose_name=_("cover manager"),
        on_delete=models.PROTECT,
        related_name="covers",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AbsenceCoverQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence cover")
        verbose_name_plural = _("absence covers")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="absence_cover_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(absent=models.F("cover")),
                name="absence_cover_not_oneself",
            ),
        ]
        indexes = [models.Index(fields=["cover", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.cover} → {self.absent} ({self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y})"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)


class EmailStatus(models.TextChoices):
    NOT_WANTED = "not_wanted", _("Not sent by e-mail")
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """A message to one user, shown in the app and (when wanted) sent by e-mail.

    The text is kept as its English message id and parameters and translated when
    shown, so each reader sees it in their own language. The row is also the
    e-mail outbox: it is written in the transaction of the change it reports, and
    a sender (on commit, and a periodic sweep for anything the broker missed)
    sends what is pending, so no e-mail is lost when the broker is down.
    """

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    addressed_to = models.ForeignKey(
        User,
        verbose_name=_("addressed to"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        help_text=_(
            "The absent manager this notification was meant for, when a cover receives it."
        ),
    )
    message = models.CharField(_("message"), max_length=500)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "created_at", "id"], name="notification_recent"),
            models.Index(
                fields=["created_at"],
                name="notification_email_pending",
                condition=models.Q(email_status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        from django.utils.translation import gettext

        try:
            return gettext(self.message) % self.params if self.params else gettext(self.message)
        except (KeyError, TypeError, ValueError):
            return gettext(self.message)


class DigestLog(models.Model):
    """That a user's daily digest for a day was handled: the guard against a second one."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    items = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class ActedEvent(ChoiceLabels):
    """Base of every timeline event: who acted, for whom (a cover acts for the absent
    manager: "by X for Y"), and when."""

    actor = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        User,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]


class Comment(models.Model):
    """Base of the internal comments on hand-offs and claims."""

    author = models.ForeignKey(
        User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        abstract = True
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class SubmittedForm(models.Model):
    """A create form's one-time token that has been used, and what its submit created: a
    second submit of the same form (a double click, a resent POST) finds this row and
    leads to the record instead of creating another. See ``org.once``."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(_("form token"), max_length=64)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="one_submit_per_form_token")
        ]

    def __str__(self) -> str:
        return self.token

    @property
    def created_object(self) -> models.Model | None:
        if self.content_type is None:
            return None
        return self.content_type.get_object_for_this_type(pk=self.object_id)


# The events outbox (`org.outbox.emit`), the API tokens and saved views live in their
# own modules; importing them here registers their models with org.
from org.api_tokens import ApiToken  # noqa: E402, F401
from org.outbox import OutboxEvent  # noqa: E402, F401
from org.saved_views import SavedView  # noqa: E402, F401
