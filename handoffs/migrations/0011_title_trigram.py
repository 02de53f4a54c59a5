from django.db import migrations

from org.trigram import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0010_open_figures_index"), ("org", "0006_trigram_search")]

    # The admin's search by title, and by title from the events and comments of a hand-off.
    operations = [AddTrigramIndex("handoff", "title", "handoff_title_trigram")]
