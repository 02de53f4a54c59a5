"""A trigram index for the top bar's search by claim subject (PostgreSQL only).

The search asks `UPPER(subject) LIKE UPPER('%…%')` (Django's icontains), so the index is
on the same expression. Other databases search without it.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS claim_subject_trgm ON claims_claim "
    "USING gin (UPPER(subject::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS claim_subject_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_archive"), ("org", "0006_trigram_search")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
