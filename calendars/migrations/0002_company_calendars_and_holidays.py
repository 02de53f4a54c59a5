"""The company's default calendar (Mon–Fri 09:00–18:00, Kyiv), a 24/7 one for security
posts, and Ukraine's public holidays of 2024–2030 from the `holidays` package."""

from datetime import time

import holidays
from django.db import migrations

WORKDAY = (time(9, 0), time(18, 0))
YEARS = range(2024, 2031)


def create(apps, schema_editor):
    WorkingCalendar = apps.get_model("calendars", "WorkingCalendar")
    WorkingHours = apps.get_model("calendars", "WorkingHours")
    CalendarDay = apps.get_model("calendars", "CalendarDay")
    company, _ = WorkingCalendar.objects.get_or_create(
        name="Робочий тиждень (пн–пт 09:00–18:00)", defaults={"is_default": True}
    )
    if not company.hours.exists():
        WorkingHours.objects.bulk_create(
            WorkingHours(calendar=company, weekday=weekday, starts=WORKDAY[0], ends=WORKDAY[1])
            for weekday in range(5)
        )
    WorkingCalendar.objects.get_or_create(name="Цілодобово (24/7)", defaults={"always_open": True})
    listed = holidays.country_holidays(
        "UA", years=list(YEARS), categories=("public", "workday"), language="uk"
    )
    existing = set(CalendarDay.objects.filter(calendar=None).values_list("day", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(day=day, kind="public_holiday", name=str(name)[:200])
        for day, name in sorted(listed.items())
        if day not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_working_calendars")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
