"""Admin lists over tables of millions of rows.

Django's admin counts the rows twice per page (the paginator, and "N total" beside the
filters); over a million claims each count costs hundreds of milliseconds in PostgreSQL.
Unfiltered, the planner's estimate from the last ANALYZE is as good as a count for page
links; a filtered list still counts exactly.

It also orders by any column the model orders by, or whose header is clicked: over two
million hand-offs an order without an index is a sort of the whole table, 3 s a page.
So these lists open newest first by the primary key, and only indexed columns sort.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

# Below this many rows an exact count is cheap, and exactness is worth it.
ESTIMATE_FROM = 100_000


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

    def action_checkbox(self, obj: Model) -> SafeString:
        """Django's row checkbox, written directly: Django renders a form widget through
        the template engine for each row, a fifth of the page's time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )
