"""Trigram indexes for the pickers' and the search's ``icontains`` lookups.

Django's ``icontains`` on PostgreSQL compares ``UPPER("column"::text) LIKE UPPER('%…%')``;
a GIN index on that same expression with ``gin_trgm_ops`` (pg_trgm, enabled in
org.0006_trigram_search) answers it without reading the whole table. On SQLite the
operation does nothing and the lookups stay plain scans.

The index is kept out of the models' ``Meta.indexes`` on purpose: SQLite rebuilds a table
with every index its model declares when a later migration alters it, and it cannot build
this one.
"""

from __future__ import annotations

from django.db import models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState


class AddTrigramIndex(Operation):
    reversible = True
    _model: type[models.Model]

    def __init__(self, model_name: str, column: str, name: str) -> None:
        self.model_name = model_name
        self.column = column
        self.name = name

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def _applies(self, schema_editor: BaseDatabaseSchemaEditor, app_label: str) -> bool:
        return schema_editor.connection.vendor == "postgresql" and self.allow_migrate_model(
            schema_editor.connection.alias, self._model
        )

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        self._model = to_state.apps.get_model(app_label, self.model_name)
        if not self._applies(schema_editor, app_label):
            return
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(self.name)} ON {quote(self._model._meta.db_table)} "
            f"USING gin ((UPPER({quote(self.column)}::text)) gin_trgm_ops)"
        )

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        self._model = from_state.apps.get_model(app_label, self.model_name)
        if not self._applies(schema_editor, app_label):
            return
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self) -> str:
        return f"Trigram index {self.name} on {self.model_name}.{self.column} (PostgreSQL only)"

    @property
    def migration_name_fragment(self) -> str:
        return self.name.lower()
