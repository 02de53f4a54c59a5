"""Requests counted per token: one busy integration slows only itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from org.api_tokens import ApiToken

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class PerTokenThrottle(SimpleRateThrottle):
    """A token's own count (``token`` rate), a session user's (``session``), or, before
    sign-in, the address's (``anonymous``). Rates are read from ``API_THROTTLE_RATES`` at
    each request, so a setting changed in a test or by an operator applies at once."""

    scope = "token"

    def __init__(self) -> None:
        # The rate depends on the request (token or session): chosen in allow_request.
        pass

    def allow_request(self, request: Request, view: APIView) -> bool:
        self.scope, self.ident = self._identity(request)
        self.rate = settings.API_THROTTLE_RATES[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def _identity(self, request: Request) -> tuple[str, str]:
        if isinstance(request.auth, ApiToken):
            return "token", str(request.auth.pk)
        if request.user and request.user.is_authenticated:
            return "session", str(request.user.pk)
        return "anonymous", self.get_ident(request)

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.ident}
