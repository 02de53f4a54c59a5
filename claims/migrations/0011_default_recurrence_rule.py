"""The company's default recurring-problem rule: 3 claims at one site within 30 days, of
any category, open a quality audit. Edited afterwards in the admin."""

from django.db import migrations

# Data, not an interface string: the admin shows and edits the rule's name as stored.
DEFAULT_RULE_NAME = "Повторні скарги на одному об'єкті"


def add_default_rule(apps, schema_editor):
    RecurrenceRule = apps.get_model("claims", "RecurrenceRule")
    if not RecurrenceRule.objects.exists():
        RecurrenceRule.objects.create(
            name=DEFAULT_RULE_NAME, claims_count=3, window_days=30, categories=[]
        )


def remove_default_rule(apps, schema_editor):
    RecurrenceRule = apps.get_model("claims", "RecurrenceRule")
    RecurrenceRule.objects.filter(name=DEFAULT_RULE_NAME, audits__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_posts_and_recurrence"),
    ]

    operations = [migrations.RunPython(add_default_rule, remove_default_rule)]
