from django.db import migrations

from org.trigram import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_version_and_archive"), ("org", "0006_trigram_search")]

    operations = [
        AddTrigramIndex("client", "short_name", "client_short_name_trigram"),
        AddTrigramIndex("client", "legal_name", "client_legal_name_trigram"),
        AddTrigramIndex("site", "name", "site_name_trigram"),
        AddTrigramIndex("site", "address", "site_address_trigram"),
    ]
