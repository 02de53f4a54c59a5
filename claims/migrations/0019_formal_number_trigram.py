from django.db import migrations

from org.trigram import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_open_figures_index"), ("org", "0006_trigram_search")]

    # The admin's search by a written claim's number (most claims have none: a small index).
    operations = [AddTrigramIndex("claim", "formal_number", "claim_formal_number_trigram")]
