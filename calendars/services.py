"""Writes to the calendars: seeding public holidays from the `holidays` package."""

from __future__ import annotations

from collections.abc import Iterable

import holidays
from django.db import transaction

from calendars.models import CalendarDay, DayKind

# The package lists Ukraine's holidays under martial law as "workday" (worked, by law
# 2136-IX) and the others as "public"; together they are every public holiday.
HOLIDAY_CATEGORIES = ("public", "workday")


def ukrainian_public_holidays(years: Iterable[int]) -> dict:
    """Every Ukrainian public holiday of ``years``, named in Ukrainian, date → name."""
    listed = holidays.country_holidays(
        "UA", years=list(years), categories=HOLIDAY_CATEGORIES, language="uk"
    )
    return dict(sorted(listed.items()))


@transaction.atomic
def public_holidays_seed(*, years: Iterable[int]) -> int:
    """Add the public holidays of ``years`` as company-wide exceptions; days already
    there (also those edited in the admin) are left as they are. Returns how many."""
    wanted = ukrainian_public_holidays(years)
    existing = set(
        CalendarDay.objects.filter(calendar=None, day__in=list(wanted)).values_list(
            "day", flat=True
        )
    )
    rows = [
        CalendarDay(day=day, kind=DayKind.PUBLIC_HOLIDAY, name=str(name)[:200])
        for day, name in wanted.items()
        if day not in existing
    ]
    CalendarDay.objects.bulk_create(rows)
    return len(rows)
