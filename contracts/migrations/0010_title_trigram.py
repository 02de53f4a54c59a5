from django.db import migrations

from org.trigram import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0009_vat_rate_and_line_quantity_unit"),
        ("org", "0006_trigram_search"),
    ]

    # The top bar's search by a contract's title, beside its number.
    operations = [AddTrigramIndex("contract", "title", "contract_title_trigram")]
