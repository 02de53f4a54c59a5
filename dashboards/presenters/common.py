"""Numbers as the pages write them."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def number(value: float | Decimal, places: int) -> str:
    return number_format(value, places, use_l10n=True, force_grouping=True)


def money(value: float | Decimal) -> str:
    return number(value, 2)
