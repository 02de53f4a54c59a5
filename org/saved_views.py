"""Saved views: a list page's filters and sort kept under a name, for oneself or one's team.

A view is only a query string for one of the known list pages, so opening it is opening
the page with that query: the page's own ``visible_to`` decides what the opener sees.
The stored query keeps only the page's filter parameters, re-encoded, so a saved view
never carries a cursor, a page number or anything a page would not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from org.params import has_control_characters

if TYPE_CHECKING:
    from collections.abc import Callable

    from org.models import User

QUERY_LIMIT = 1000
NAME_LIMIT = 80
# The page's own value that asks for the page as it is, without the default view.
NO_VIEW = "none"


class PageKey(models.TextChoices):
    CLAIMS = "claims", _("Claims")
    INBOX = "inbox", _("Inbox")
    PORTFOLIO = "portfolio", _("Portfolio")


@dataclass(frozen=True)
class Page:
    url_name: str
    params: frozenset[str]


PAGES = {
    PageKey.CLAIMS: Page(
        "claims:list",
        frozenset(
            {"q", "status", "overdue", "department", "contract", "site", "post"}
            | {"priority", "formal", "sort"}
        ),
    ),
    PageKey.INBOX: Page(
        "handoffs:inbox",
        frozenset({"tab", "q", "kind", "contract", "client", "due_after", "due_before", "sort"}),
    ),
    PageKey.PORTFOLIO: Page(
        "contracts:portfolio", frozenset({"q", "stage", "manager", "client", "archived"})
    ),
}
PAGE_OF_URL_NAME = {page.url_name: key for key, page in PAGES.items()}


def page_key_of(value: object) -> PageKey | None:
    return PageKey(value) if isinstance(value, str) and value in PageKey.values else None


def page_url(key: PageKey, query: str) -> str:
    """The page with the stored query; an empty one says so, or the default view would
    come back instead."""
    return f"{reverse(PAGES[key].url_name)}?{query or f'view={NO_VIEW}'}"


def clean_query(key: PageKey, raw: str) -> str:
    """``raw`` with only ``key``'s filter parameters, the empty ones dropped, re-encoded."""
    asked = QueryDict(raw[: QUERY_LIMIT * 4])
    kept = QueryDict(mutable=True)
    for name in sorted(PAGES[key].params):
        values = [
            value.strip()
            for value in asked.getlist(name)
            if value.strip() and not has_control_characters(value) and len(value) <= 200
        ]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def team_of(user: User) -> str:
    """Whom ``user`` shares views with: directors with directors, managers with the support
    managers, department staff and heads with their department ("" for nobody)."""
    if user.is_director:
        return "directors"
    if user.is_support_manager:
        return "support_managers"
    if user.is_department_member:
        return f"department:{user.department_id}"
    return ""


class SavedViewQuerySet(models.QuerySet["SavedView"]):
    def usable_by(self, user: User, page: PageKey) -> SavedViewQuerySet:
        """The user's own views of ``page`` and those their team shared."""
        own = models.Q(owner=user)
        team = team_of(user)
        if team:
            own |= models.Q(shared=True, team=team)
        return self.filter(own, page=page).select_related("owner")


class SavedView(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    name = models.CharField(_("name"), max_length=NAME_LIMIT)
    page = models.CharField(_("page"), max_length=20, choices=PageKey.choices)
    query = models.CharField(_("query"), max_length=QUERY_LIMIT, blank=True)
    shared = models.BooleanField(_("shared with my team"), default=False)
    # The owner's team when the view was saved: who may open it from their menu.
    team = models.CharField(_("team"), max_length=40, blank=True)
    is_default = models.BooleanField(_("default view"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "page", "name"], name="saved_view_unique_name"
            ),
            models.UniqueConstraint(
                fields=["owner", "page"],
                condition=models.Q(is_default=True),
                name="saved_view_one_default",
            ),
        ]
        indexes = [models.Index(fields=["page", "team", "shared"], name="saved_view_team")]

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return page_url(PageKey(self.page), self.query)


def usable_views(request: Any, key: PageKey) -> list[SavedView]:
    """The views ``request.user`` may use on ``key``'s page, read once per request (the
    default-view redirect and the page's menu both need them)."""
    read: dict[PageKey, list[SavedView]] = request.__dict__.setdefault("_saved_views", {})
    if key not in read:
        read[key] = list(SavedView.objects.usable_by(request.user, key))
    return read[key]


def with_saved_views(key: PageKey) -> Callable[[Callable[..., HttpResponse]], Any]:
    """Opening ``key``'s page with no query string goes to the user's default view, by a
    redirect, so the address shows (and shares) the view's query."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            # HTMX fragments and explicit queries are answered as asked.
            asks_the_default = request.method == "GET" and not request.GET
            if asks_the_default and not request.htmx and request.user.is_authenticated:
                default = next(
                    (
                        view
                        for view in usable_views(request, key)
                        if view.is_default and view.owner_id == request.user.pk
                    ),
                    None,
                )
                if default is not None:
                    return redirect(f"{request.path}?{default.query or f'view={NO_VIEW}'}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
