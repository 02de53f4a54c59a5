"""Admin lists over tables of millions of rows: no exact COUNT(*) of the whole table.

Django's admin counts the rows twice per page (the paginator, and "N total" beside the
filters); over a million claims each count costs hundreds of milliseconds in PostgreSQL.
Unfiltered, the planner's estimate from the last ANALYZE is as good as a count for page
links; a filtered list still counts exactly.
"""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet

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


class LargeTableAdminMixin:
    """For the admin of a table that grows into millions of rows."""

    paginator: type[Paginator] = EstimatedCountPaginator
    show_full_result_count = False
