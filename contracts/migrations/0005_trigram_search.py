from django.db import migrations

from org.trigram import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("contracts", "0004_version_and_archive"), ("org", "0006_trigram_search")]

    operations = [AddTrigramIndex("contract", "number", "contract_number_trigram")]
