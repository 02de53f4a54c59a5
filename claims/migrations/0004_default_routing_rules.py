"""The company's default claim routing; edited afterwards in the admin."""

from django.db import migrations

# category (or "" with formal_only) → department codes
DEFAULT_RULES = [
    ("service_quality", False, ["production"]),
    ("staff_absence", False, ["hr", "production"]),
    ("staff_conduct", False, ["hr", "production"]),
    ("safety", False, ["production", "quality"]),
    ("equipment", False, ["production"]),
    ("billing", False, ["accounting"]),
    ("other", False, ["quality"]),
    ("", True, ["legal"]),
]


def add_default_rules(apps, schema_editor):
    Department = apps.get_model("org", "Department")
    RoutingRule = apps.get_model("claims", "RoutingRule")
    departments = {d.code: d for d in Department.objects.all()}
    for category, formal_only, codes in DEFAULT_RULES:
        for code in codes:
            if code in departments:
                RoutingRule.objects.get_or_create(
                    category=category, formal_only=formal_only, department=departments[code]
                )


def remove_default_rules(apps, schema_editor):
    RoutingRule = apps.get_model("claims", "RoutingRule")
    for category, formal_only, codes in DEFAULT_RULES:
        RoutingRule.objects.filter(
            category=category, formal_only=formal_only, department__code__in=codes
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_event_kind"),
        ("org", "0002_departments_and_roles"),
    ]

    operations = [migrations.RunPython(add_default_rules, remove_default_rules)]
