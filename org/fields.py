"""Form fields that refuse, with a message, values the database or date arithmetic
cannot take (instead of failing later with a 500)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from org.params import ascii_id

# Years a date in this business can plausibly have: with room for date arithmetic (due
# times, notice deadlines) that must stay within what Python and the database hold.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


def validate_plausible_year(value: date | None) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
            code="implausible_year",
        )


class PlausibleDateTimeField(forms.DateTimeField):
    default_validators = [validate_plausible_year]


class PlausibleDateField(forms.DateField):
    default_validators = [validate_plausible_year]


class IdsModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Like Django's, but an id that is not 1–18 ASCII digits is refused as an invalid
    choice before it reaches the query (SQLite cannot even bind a larger integer)."""

    def _check_values(self, value: Iterable[object]) -> QuerySet[Any]:
        for item in value:
            if ascii_id(str(item)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        # Django's own check (undocumented, so not in the stubs): the choices' queryset.
        return super()._check_values(value)  # type: ignore[misc]
