"""Admin lists over tables of millions of rows.

Django's admin counts the rows twice per page (the paginator, and "N total" beside the
filters); over a million claims each count costs hundreds of milliseconds in PostgreSQL.
Unfiltered, the planner's estimate from the last ANALYZE is as good as a count for page
links; a filtered list still counts exactly.

It also orders by any column the model orders by, or whose header is clicked: over two
million hand-offs an order without an index is a sort of the whole table, 3 s a page.
So these lists open newest first by the primary key, and only indexed columns sort.

And its search ORs every search field, joined tables' too, in one WHERE, which no index
answers: 1.5 s over a million claims. Here each field is searched by a query of its own
(a trigram index answers each), and the list shows the newest matches of each.
"""

from __future__ import annotations

from functools import cached_property, reduce
from operator import and_
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import CharField, Model, Q, QuerySet, TextField
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _

# Below this many rows an exact count is cheap, and exactness is worth it.
ESTIMATE_FROM = 100_000
# A search shows at most this many of the newest matches of each search field.
SEARCH_MATCHES = 500


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):  # a list: counting it is free
            return super().count
        if not queryset.query.where and connections[queryset.db].vendor == "postgresql":
            with connections[queryset.db].cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] >= ESTIMATE_FROM:
                return int(row[0])
        return super().count


def search_words(term: str) -> list[str]:
    """The words of an admin search, a quoted phrase as one word (as Django splits them)."""
    words = []
    for word in smart_split(term):
        if word.startswith(('"', "'")) and word[0] == word[-1]:
            word = unescape_string_literal(word)
        if word:
            words.append(word)
    return words


def search_lookup(model: type[Model], spec: str) -> str:
    """The lookup of a ``search_fields`` entry: ``=`` exact, ``^`` starts with, else contains.

    ``=`` on a number is a plain equality (Django compares it as text, ignoring case, which
    no index answers: 180 ms over a million claims for "=id").
    """
    if spec.startswith("^"):
        return f"{spec[1:]}__istartswith"
    if not spec.startswith("="):
        return f"{spec}__icontains"
    path = spec[1:]
    field: Any = None
    for part in path.split("__"):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        if field.is_relation:
            model = field.related_model
    is_text = isinstance(field, CharField | TextField)
    return f"{path}__iexact" if is_text else f"{path}__exact"


def sorts_by_index(model: type[Model], field_name: str) -> bool:
    """Whether an index of ``model`` serves ORDER BY ``field_name`` over the whole table:
    the primary key, a unique or indexed column, or the first column of an index without
    a condition. Not a relation: the admin sorts those by the related model's order."""
    name = field_name.removeprefix("-")
    if name == "pk":
        return True
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if field.is_relation:
        return False
    if any(getattr(field, flag, False) for flag in ("primary_key", "unique", "db_index")):
        return True
    return any(
        index.fields and index.fields[0] == name and index.condition is None
        for index in model._meta.indexes
    )


if TYPE_CHECKING:  # what the mixin is mixed into
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


class LargeTableAdminMixin(_AdminBase):
    """For the admin of a table that grows into millions of rows."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Half Django's 100: rendering the rows is most of such a page's time (a million
    # claims: 180 ms p95 at 100 rows), and the search and filters find a row faster
    # than paging does.
    list_per_page = 50
    # Ids grow with time, so this is newest first, and every table has its index.
    ordering: ClassVar[tuple[str, ...]] = ("-pk",)

    def get_sortable_by(self, request: HttpRequest) -> tuple[str, ...]:
        """The columns whose header sorts the list: those an index sorts."""
        sortable = []
        for column in self.get_list_display(request):
            if not isinstance(column, str):
                continue
            method = getattr(self, column, None)
            field_name = getattr(method, "admin_order_field", None) or column
            if isinstance(field_name, str) and sorts_by_index(self.model, field_name):
                sortable.append(column)
        return tuple(sortable)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """Rows where one search field holds every word, the newest of each field's matches."""
        words = search_words(search_term)
        if not words:
            return queryset, False
        found: set[Any] = set()
        for spec in self.get_search_fields(request):
            lookup = search_lookup(self.model, str(spec))
            try:
                matches = queryset.filter(reduce(and_, (Q(**{lookup: word}) for word in words)))
                newest = matches.order_by("-pk").values_list("pk", flat=True)[:SEARCH_MATCHES]
                found.update(newest)
            except (ValueError, ValidationError):  # a word that is no number, for "=id"
                continue
        return queryset.filter(pk__in=found), False

    def action_checkbox(self, obj: Model) -> SafeString:
        """Django's row checkbox, written directly: Django renders a form widget through
        the template engine for each row, a fifth of the page's time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )


class ReadOnlyLargeTableAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    """Facts the services write (events, steps, warnings): read, never added, changed or
    deleted in the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
