"""Personal API tokens: a user creates one on their settings page and the REST API
(`api/`) accepts it in the ``Authorization: Token …`` header.

Only the SHA-256 of a token is stored, so a copy of the database gives no one a working
token; the secret itself is shown once, when it is created. A token reads only
(``read``) or also writes (``write``); it may end on a date, and it can be revoked.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What every token starts with: a leaked one is easy to recognise (and to scan for).
TOKEN_PREFIX = "cd_"  # nosec B105: a public marker, not a secret
# Characters of the token shown on the settings page, so a user can tell tokens apart.
SHOWN_CHARACTERS = 10


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> Self:
        """Not revoked, not past its last day (in Kyiv time)."""
        today = timezone.localdate()
        return self.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today), revoked_at__isnull=True
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        "org.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(
        _("access"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ
    )
    key_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    key_start = models.CharField(_("token start"), max_length=SHOWN_CHARACTERS, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_on = models.DateField(
        _("valid through"), null=True, blank=True, help_text=_("Empty: until revoked.")
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_of_user")]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.WRITE
