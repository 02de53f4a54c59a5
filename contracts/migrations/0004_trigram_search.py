from django.db import migrations

from org.trigram import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("contracts", "0003_stage_event_time_default"), ("org", "0006_trigram_search")]

    operations = [AddTrigramIndex("contract", "number", "contract_number_trigram")]
