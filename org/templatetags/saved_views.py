"""The "Views" menu beside a list page's filters (templates/org/_views_menu.html)."""

from __future__ import annotations

from typing import Any

from django import template

from org.saved_views import PAGE_OF_URL_NAME, clean_query, page_url, usable_views

register = template.Library()


@register.simple_tag(takes_context=True)
def saved_views_menu(context: template.Context) -> dict[str, Any] | None:
    """The page's views for the menu: the user's own and their team's, and the page's
    current query as a view would store it. None on a page without saved views."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    key = PAGE_OF_URL_NAME.get(match.view_name) if match is not None else None
    if request is None or key is None or not request.user.is_authenticated:
        return None
    views = usable_views(request, key)
    return {
        "key": key,
        "mine": [view for view in views if view.owner_id == request.user.pk],
        "shared": [view for view in views if view.owner_id != request.user.pk],
        "query": clean_query(key, request.GET.urlencode()),
        "plain_url": page_url(key, ""),
    }
