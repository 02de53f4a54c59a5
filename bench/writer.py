"""Bulk writers: PostgreSQL COPY, or batched INSERTs elsewhere (the SQLite test database).

A writer names the columns it is given; every other column of the model gets the
field's default, so a field added later with a default does not break the seeder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


class TableWriter:
    def __init__(self, model: type[models.Model], columns: list[str]) -> None:
        meta = model._meta
        by_name = {field.attname: field for field in meta.concrete_fields}
        unknown = [name for name in columns if name not in by_name]
        if unknown:
            raise ValueError(f"{meta.label} has no columns {unknown}")
        self.model = model
        self.table = meta.db_table
        self.fields = [by_name[name] for name in columns]
        now = timezone.now()
        for field in meta.concrete_fields:
            if field.attname in columns:
                continue
            if field.primary_key and isinstance(field, models.fields.AutoFieldMixin):
                continue  # the identity column numbers the row
            self.fields.append(field)
        self.defaults = tuple(self._default(field, now) for field in self.fields[len(columns) :])
        self.rows: list[tuple[object, ...]] = []
        self.written = 0

    @staticmethod
    def _default(field: models.Field[object, object], now: datetime) -> object:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        return field.get_default()

    def add(self, row: tuple[object, ...]) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        if connection.vendor == "postgresql":
            self._copy(rows)
        else:
            self._insert(rows)
        self.written += len(rows)

    def _copy(self, rows: list[tuple[object, ...]]) -> None:
        from psycopg import sql

        json_columns = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.table),
            sql.SQL(", ").join(sql.Identifier(field.column) for field in self.fields),
        )
        defaults = self.defaults
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            write = copy.write_row
            if json_columns:
                for row in rows:
                    full = list(row + defaults)
                    for i in json_columns:
                        full[i] = json.dumps(full[i], ensure_ascii=False)
                    write(full)
            else:
                for row in rows:
                    write(row + defaults)

    def _insert(self, rows: list[tuple[object, ...]]) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        statement = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})"
        fields = self.fields
        prepared = [
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(fields, row + self.defaults, strict=True)
            ]
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(statement, prepared)


def next_id(model: type[models.Model]) -> int:
    """The first free primary key: rows are numbered by the seeder to tie them together."""
    found = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return (found or 0) + 1


def reset_sequences(models_list: Sequence[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models_list)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_indexes(tables: Iterable[str]) -> list[str]:
    """Drop the indexes of ``tables`` that back no constraint; return how to rebuild them.

    Building an index once after the load is many times cheaper than keeping it up to
    date row by row during it. PostgreSQL only; primary keys and unique constraints stay.
    """
    if connection.vendor != "postgresql":
        return []
    definitions = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relname = ANY(%s) AND t.relkind = 'r'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [list(tables)],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f"DROP INDEX {name}")
            definitions.append(definition)
    return definitions


def create_indexes(definitions: Sequence[str]) -> None:
    if not definitions:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)
