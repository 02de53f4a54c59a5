from django.db import migrations

DEPARTMENTS = [
    ("production", "Виробничий відділ", "Production department"),
    ("hr", "Відділ кадрів", "HR department"),
    ("accounting", "Бухгалтерія", "Accounting"),
    ("quality", "Відділ якості", "Quality department"),
    ("legal", "Юрисконсульт", "Legal counsel"),
    ("sales", "Відділ продажів", "Sales department"),
]

# Frozen here on purpose: a migration must not import the app's current code.
ROLES = [
    "support_manager",
    "department_staff",
    "department_head",
    "executive_director",
    "general_director",
]


def create_departments_and_roles(apps, schema_editor):
    Department = apps.get_model("org", "Department")
    Group = apps.get_model("auth", "Group")
    for code, name_uk, name_en in DEPARTMENTS:
        Department.objects.get_or_create(
            code=code, defaults={"name_uk": name_uk, "name_en": name_en}
        )
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_departments_and_roles(apps, schema_editor):
    apps.get_model("org", "Department").objects.filter(
        code__in=[code for code, _uk, _en in DEPARTMENTS]
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_departments_and_roles, remove_departments_and_roles),
    ]
