"""The signed-in user of a request, as the type checker should see it.

Behind ``login_required`` (and in the admin) a request's user is a signed-in ``User``;
django-stubs types it ``User | AnonymousUser``. Views annotate ``request:
AuthenticatedRequest``; code that receives a plain ``HttpRequest`` (admin hooks, whose
signatures are Django's) asks ``signed_in_user(request)``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from org.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django-htmx's middleware sets it on every request


def signed_in_user(request: HttpRequest) -> User:
    """The request's user; PermissionDenied (403) for an anonymous one."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
