"""The company's reply templates in Ukrainian: acknowledgement, asking for details, fix
done and the answer to a formal claim (претензія). Edited afterwards in the admin."""

from django.db import migrations

# Data, not interface strings: the admin shows and edits the templates as stored.
TEMPLATES = [
    (
        "acknowledgement",
        10,
        "Підтвердження отримання",
        "Ваше звернення отримано: {subject}",
        "Доброго дня!\n\n"
        "Дякуємо за звернення. Ми зареєстрували його за № {claim} за договором № {contract}.\n"
        "Відповідальний менеджер зв'яжеться з вами найближчим часом; "
        "строк усунення — до {due}.\n\n"
        "Відповідаючи на цей лист, будь ласка, збережіть у темі номер [#{claim}].\n\n"
        "З повагою,\n{manager}\n{position}",
    ),
    (
        "details",
        20,
        "Запит уточнень",
        "",
        "Доброго дня!\n\n"
        "Щоб якнайшвидше усунути проблему за зверненням № {claim}, просимо уточнити:\n"
        "— об'єкт і точне місце (поверх, приміщення);\n"
        "— коли саме це сталося;\n"
        "— за можливості, додайте фото.\n\n"
        "З повагою,\n{manager}\n{position}",
    ),
    (
        "fixed",
        30,
        "Усунено",
        "Звернення № {claim} виконано",
        "Доброго дня!\n\n"
        "Повідомляємо, що проблему за вашим зверненням № {claim} («{subject}») усунено.\n"
        "Просимо підтвердити, що все гаразд, відповівши на цей лист. "
        "Якщо щось не так, напишіть нам — ми повернемося до роботи.\n\n"
        "З повагою,\n{manager}\n{position}",
    ),
    (
        "formal_answer",
        40,
        "Відповідь на претензію",
        "Відповідь на претензію № {formal_number}",
        "{client}\n\n"
        "Щодо претензії № {formal_number} за договором № {contract}\n\n"
        "Розглянувши вашу претензію, повідомляємо таке.\n"
        "[Обставини, встановлені під час перевірки.]\n"
        "[Вжиті заходи та їх строки.]\n"
        "[Рішення щодо заявлених вимог і суми.]\n\n"
        "Відповідь надано в строк, установлений договором (до {answer_due}).\n\n"
        "З повагою,\n{manager}\n{position}",
    ),
]


def add_templates(apps, schema_editor):
    ReplyTemplate = apps.get_model("claims", "ReplyTemplate")
    if ReplyTemplate.objects.exists():
        return
    for kind, position, name, subject, body in TEMPLATES:
        ReplyTemplate.objects.create(
            kind=kind, position=position, name=name, subject=subject, body=body
        )


def remove_templates(apps, schema_editor):
    ReplyTemplate = apps.get_model("claims", "ReplyTemplate")
    ReplyTemplate.objects.filter(name__in=[name for _k, _p, name, _s, _b in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_correspondence_files_and_reply_templates"),
    ]

    operations = [migrations.RunPython(add_templates, remove_templates)]
