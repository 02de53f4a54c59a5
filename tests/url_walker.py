"""How the URL walk finds the project's patterns and walks them as each user (the
cases are in tests/url_walk.py; the walk itself is tests/test_url_access.py)."""

from dataclasses import dataclass, field

from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.url_walk import World

# Patterns without an object id: lists, forms for new records, exports, the HTMX bulk
# endpoint, dashboards, settings, sign-in. tests/org/test_access.py checks that each
# needs a signed-in user; the lists filter through visible_to (tested per app).
NO_OBJECT_ID = {
    "home",
    "healthz",
    "favicon",
    "search",
    # A picker's source (contracts, clients …), not an object: its results come from
    # visible_to, tested in tests/org/test_autocomplete.py.
    "autocomplete",
    "login",
    "logout",
    "set_language",
    "notifications",
    "notifications_read_all",
    "notification_settings",
    "clients:list",
    "clients:create",
    "contracts:list",
    "contracts:portfolio",
    "contracts:create",
    "claims:list",
    "claims:export",
    "claims:export_xlsx",
    "claims:bulk",
    "claims:register",
    "claims:my_work",
    "handoffs:inbox",
    "handoffs:inbox_export",
    "handoffs:inbox_export_xlsx",
    "handoffs:bulk",
    "handoffs:mine",
    "handoffs:create",
    "approvals:mine",
    "approvals:choose_kind",
    # A kind of request (plan, report …), not an object: any manager may write any kind.
    "approvals:create",
    "approvals:draft_report",
    "dashboards:manager",
    "dashboards:department",
    "dashboards:directors",
    "dashboards:claims",
    "dashboards:handoffs",
    # The admin's pages without an object: each is behind the admin's staff check.
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:approvals_approvalrequest_awaiting",
}
# An app label, not an object id.
NO_OBJECT_ID_PREFIXES = ("admin:app_list",)
# Admin URL names per registered model; the walk builds them for one object of each.
ADMIN_GENERIC_SUFFIXES = ("_changelist", "_add", "_change", "_delete", "_history")
ADMIN_OBJECT_SUFFIXES = ("_change", "_delete", "_history", "_simple_history")

EVERYONE_DENIED = ("roleless", "other_manager", "other_department")
# For the admin's generic pages, which check only staff status and model permissions.
ADMIN_DENIED = ("anonymous", "other_manager", "staff_without_permissions")
DENIED = {403, 404}
ALLOWED = {200, 302}


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def admin_generic_names(present):
    """The admin's per-model URL names (the history version page only where it exists)."""
    names = {}
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for suffix in (*ADMIN_GENERIC_SUFFIXES, "_simple_history"):
            if prefix + suffix in present:
                names[prefix + suffix] = model
    return names


@dataclass
class Walk:
    world: World
    requests: int = 0
    leaks: list = field(default_factory=list)
    clients: dict = field(default_factory=dict)

    def client_of(self, who):
        """One signed-in test client per identity, kept for the whole walk."""
        if who not in self.clients:
            client = Client(raise_request_exception=False)
            if who != "anonymous":
                client.force_login(self.world.people[who])
            self.clients[who] = client
        return self.clients[who]

    def check(self, who, method, url, allowed, label, *, data=None, admin_page=False):
        response = getattr(self.client_of(who), method)(url, data or {})
        self.requests += 1
        status = response.status_code
        location = response.get("Location", "") if status == 302 else ""
        to_sign_in = "/accounts/login/" in location or "/admin/login/" in location
        if who == "anonymous":
            # The REST API answers its callers itself: 401, never the sign-in page.
            ok = to_sign_in or (url.startswith("/api/") and status == 401)
        elif admin_page and not self.world.is_staff(who):
            # The admin sends signed-in users who are not staff to its own sign-in page.
            ok = to_sign_in or status in DENIED
        else:
            ok = status in allowed
        if not ok:
            self.leaks.append(f"{label}: {who} {method.upper()} {url} -> {status}")
        return response

    def outsiders(self, url, label, case, *, denied=None, admin_page=False):
        denied = denied or ("anonymous", *EVERYONE_DENIED, *case.lower)
        get_allowed = DENIED | ({405} if case.post_only else set())
        for who in dict.fromkeys(denied):
            self.check(who, "get", url, get_allowed, label, admin_page=admin_page)
            post_denied = DENIED | ({405} if case.get_only else set())
            self.check(who, "post", url, post_denied, label, data=case.data, admin_page=admin_page)
