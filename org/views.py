from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse

from org.requests import AuthenticatedRequest
from org.roles import Role

HOME_BY_ROLE: dict[Role | None, str] = {
    Role.GENERAL_DIRECTOR: "admin:index",
    Role.EXECUTIVE_DIRECTOR: "admin:index",
    Role.SUPPORT_MANAGER: "contracts:portfolio",
    Role.DEPARTMENT_HEAD: "handoffs:inbox",
    Role.DEPARTMENT_STAFF: "handoffs:inbox",
}


def home(request: AuthenticatedRequest) -> HttpResponse:
    """Send each user to the place their role works from."""
    url_name = HOME_BY_ROLE.get(request.user.role)
    if url_name:
        try:
            return redirect(reverse(url_name))
        except NoReverseMatch:
            pass
    return render(request, "org/no_role.html")


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the admin's)."""
    return redirect(static("favicon.svg"), permanent=True)


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and container health checks: the process serves and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
