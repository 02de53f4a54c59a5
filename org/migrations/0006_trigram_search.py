from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from org.trigram import AddTrigramIndex


class Migration(migrations.Migration):
    """pg_trgm for the pickers' and the search's ``icontains`` (a no-op on SQLite)."""

    dependencies = [("org", "0005_digest_log")]

    operations = [
        TrigramExtension(),
        AddTrigramIndex("user", "last_name", "user_last_name_trigram"),
        AddTrigramIndex("user", "first_name", "user_first_name_trigram"),
    ]
