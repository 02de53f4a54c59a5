"""Filters every app's templates share."""

from __future__ import annotations

import datetime

from django import template
from django.utils.timesince import timesince, timeuntil

from org import formatting, links

register = template.Library()


@register.filter
def timesince_one(value: datetime.date | None, now: datetime.date | None = None) -> str:
    """Django's ``timesince`` with the largest unit only: "1 місяць", never
    "1 місяць, 4 тижні" (two units read badly after "через" or before "тому")."""
    if not value:
        return ""
    try:
        return timesince(value, now, depth=1)
    except (ValueError, TypeError):
        return ""


@register.filter
def timeuntil_one(value: datetime.date | None, now: datetime.date | None = None) -> str:
    """Django's ``timeuntil`` with the largest unit only (see ``timesince_one``)."""
    if not value:
        return ""
    try:
        return timeuntil(value, now, depth=1)
    except (ValueError, TypeError):
        return ""


@register.filter
def money(value: formatting.Amount | None) -> str:
    """``{{ contract.monthly_value|money }}``: "125 000,00 грн" (see ``org.formatting``)."""
    return formatting.money(value)


@register.filter
def phone(value: str | None) -> str:
    """``{{ contact.phone|phone }}``: "+380 67 123 45 67" (see ``org.formatting``)."""
    return formatting.phone(value)


@register.filter
def tel(value: str | None) -> str:
    """``<a href="tel:{{ contact.phone|tel }}">``: the number in E.164, as phones dial it."""
    return formatting.phone_e164(value)


@register.simple_tag
def record_url(name: str, pk: int) -> str:
    """``{% record_url "handoffs:take" h.pk %}``: ``{% url %}`` for a pattern whose only
    argument is the record's key, without reversing the pattern per row (``org.links``)."""
    return links.record_url(name, pk)


@register.filter
def stamp(value: datetime.datetime | None) -> str:
    """``{{ claim.received_at|stamp }}``: "05.11.2026 14:30", local time (``org.formatting``)."""
    return formatting.stamp(value)
