"""Date and date-time inputs in the user's language format (дд.мм.рррр), whatever browser.

A browser draws ``<input type="date">`` in its own locale, not the page's: Chromium ignores
``lang="uk"`` and shows mm/dd/yyyy when it runs in English. So dates are text inputs holding
the active language's first input format (Ukrainian 02.12.2026, English 2026-12-02), with
that format spelled out as the placeholder; the fields parse it, and ISO dates too.
"""

from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django_filters.widgets import DateRangeWidget


def date_format() -> str:
    return formats.get_format("DATE_INPUT_FORMATS")[0]


def datetime_format() -> str:
    return f"{date_format()} %H:%M"


def placeholder(format_string: str) -> str:
    """The format spelled out: "%d.%m.%Y %H:%M" → "дд.мм.рррр гг:хх" in Ukrainian."""
    return (
        format_string.replace("%H:%M", _("hh:mm"))
        .replace("%d", _("dd"))
        .replace("%m", _("mm"))
        .replace("%Y", _("yyyy"))
    )


class LocalDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        return formats.localize_input(value, date_format())

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", placeholder(date_format()))
        return context


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        return formats.localize_input(value, datetime_format())

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", placeholder(datetime_format()))
        return context


class LocalDateRangeWidget(DateRangeWidget):
    """django-filter's from–to pair of dates, each a :class:`LocalDateInput`."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.widgets = [LocalDateInput(), LocalDateInput()]
