"""Writes to saved views: each is one transaction, and only the owner changes a view."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from org.errors import DomainError
from org.models import User
from org.saved_views import NAME_LIMIT, QUERY_LIMIT, PageKey, SavedView, clean_query, team_of


def _checked_name(*, owner: User, page: str, name: str, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Give the view a name."), code="name")
    if len(name) > NAME_LIMIT:
        raise DomainError(_("The name is too long."), code="name")
    # Compared in Python: SQLite's case-insensitive match folds ASCII letters only.
    others = SavedView.objects.filter(owner=owner, page=page)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if name.casefold() in {other.casefold() for other in others.values_list("name", flat=True)}:
        raise DomainError(_("You already have a view with this name."), code="name")
    return name


def _clear_default(*, owner: User, page: str) -> None:
    # The owner's views of the page are locked so two tabs cannot each leave a default.
    rows = SavedView.objects.select_for_update().filter(owner=owner, page=page, is_default=True)
    for view in rows:
        view.is_default = False
        view.save(update_fields=["is_default", "updated_at"])


def _ensure_owner(*, actor: User, view: SavedView) -> None:
    if view.owner_id != actor.pk:
        raise DomainError(_("Only the view's owner may change it."), code="owner")


@transaction.atomic
def saved_view_create(
    *, actor: User, page: PageKey, name: str, query: str, shared: bool, is_default: bool
) -> SavedView:
    name = _checked_name(owner=actor, page=page, name=name)
    query = clean_query(page, query)
    if len(query) > QUERY_LIMIT:
        raise DomainError(_("These filters are too long to save as a view."))
    team = team_of(actor)
    if is_default:
        _clear_default(owner=actor, page=page)
    try:
        with transaction.atomic():
            return SavedView.objects.create(
                owner=actor,
                page=page,
                name=name,
                query=query,
                shared=shared and bool(team),
                team=team,
                is_default=is_default,
            )
    except IntegrityError as error:  # the same name saved a moment ago in another tab
        raise DomainError(_("You already have a view with this name."), code="name") from error


@transaction.atomic
def saved_view_rename(*, actor: User, view: SavedView, name: str) -> SavedView:
    _ensure_owner(actor=actor, view=view)
    view.name = _checked_name(owner=actor, page=view.page, name=name, exclude=view.pk)
    try:
        with transaction.atomic():
            view.save(update_fields=["name", "updated_at"])
    except IntegrityError as error:
        raise DomainError(_("You already have a view with this name."), code="name") from error
    return view


@transaction.atomic
def saved_view_delete(*, actor: User, view: SavedView) -> None:
    _ensure_owner(actor=actor, view=view)
    view.delete()


@transaction.atomic
def saved_view_set_default(*, actor: User, view: SavedView, default: bool) -> SavedView:
    """Make ``view`` the owner's default for its page (the previous one stops being it),
    or, with ``default=False``, leave the page without a default."""
    _ensure_owner(actor=actor, view=view)
    _clear_default(owner=actor, page=view.page)
    if default:
        view.is_default = True
        view.save(update_fields=["is_default", "updated_at"])
    else:
        view.is_default = False
    return view
