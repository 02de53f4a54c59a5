"""``Authorization: Token cd_…``: a personal API token (`org.api_tokens`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from org.api_tokens import ApiToken
from org.models import User
from org.token_services import api_token_authenticate

if TYPE_CHECKING:
    from rest_framework.request import Request

KEYWORDS = ("token", "bearer")


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """A personal token in the Authorization header; ``request.auth`` is the token.

    Without the header the next class (the session) is tried; with a header that names no
    live token the request is refused (401): a revoked or expired token never falls back
    to anything else.
    """

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after the word Token, with one space between.")
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from error
        token = api_token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: it is unknown, revoked or expired.")
            )
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
