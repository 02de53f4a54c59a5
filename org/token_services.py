"""Creating, revoking and checking personal API tokens (the model: `org.api_tokens`)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from org.api_tokens import ApiToken, TokenScope, new_secret, token_hash
from org.errors import DomainError
from org.models import User

# At most this many live tokens a user: each is a door into their account.
MAX_ACTIVE_TOKENS = 20
# last_used_at is written at most this often: not a write per API request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
NAME_MAX_LENGTH = 100


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, scope: str, expires_on: datetime.date | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``actor``: the row, and the secret (shown once, never stored)."""
    name = (name or "").strip()
    if not name:
        raise DomainError(
            _("Name the token, e.g. after the program that will use it."), code="name"
        )
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(_("The name is too long."), code="name")
    if scope not in TokenScope.values:
        raise DomainError(_("Choose what the token may do."), code="scope")
    if expires_on is not None and expires_on < timezone.localdate():
        raise DomainError(_("The last day of the token cannot be in the past."), code="expires_on")
    # Lock the user: two creates at once must not both pass the limit.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if ApiToken.objects.active().filter(user=actor).count() >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            _("You have %(count)d tokens already: revoke one you no longer use.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    secret = new_secret()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        scope=scope,
        expires_on=expires_on,
        key_hash=token_hash(secret),
        key_start=secret[:10],
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke ``token`` (its owner only); revoking it again changes nothing."""
    if token.user_id != actor.pk:
        raise DomainError(_("This token is not yours."), code="forbidden")
    # A conditional update: the first revocation's time stays.
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token whose secret is ``raw`` (with its active user), else None.

    Marks it used: at most once a minute (a conditional update), so a busy client costs
    one write a minute, not one per request.
    """
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=token_hash(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at <= now - LAST_USED_PRECISION:
        ApiToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION),
            pk=token.pk,
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
