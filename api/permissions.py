from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from org.api_tokens import ApiToken

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class TokenScopePermission(permissions.IsAuthenticated):
    """Signed in (by token or session), and a read-only token only reads.

    What the user may see and do beyond that is decided where the screens decide it:
    ``visible_to`` for the rows, the services for each action.
    """

    message = _("This token may only read: create a read-and-write token to make changes.")
    code = "read_only_token"

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not super().has_permission(request, view):
            self.message = _("Authentication credentials were not provided.")
            self.code = "not_authenticated"
            return False
        token = request.auth
        if isinstance(token, ApiToken) and not token.may_write:
            return request.method in permissions.SAFE_METHODS
        return True
