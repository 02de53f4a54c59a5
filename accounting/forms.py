"""The BAS export's choices: the month, which contracts, which document, which format."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounting.bas import DOCUMENTS
from clients.models import Client
from contracts.models import Contract
from org.autocomplete import (
    AutocompleteModelChoiceField,
    AutocompleteModelMultipleChoiceField,
    AutocompleteSelectMultiple,
)
from org.fields import PlausibleDateField
from org.models import User

MONTH_FORMATS = ["%Y-%m", "%m.%Y"]
MAX_CONTRACTS = 100


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m", attrs={"placeholder": "2026-11"})


def previous_month() -> datetime.date:
    """The month accounting bills at the start of the next one."""
    return timezone.localdate().replace(day=1) - datetime.timedelta(days=1)


class ContractsField(AutocompleteModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        # Counted before the ids reach the query.
        if value and len(value) > MAX_CONTRACTS:
            raise ValidationError(
                _("Choose at most %(count)d contracts, or none for all of them."),
                params={"count": MAX_CONTRACTS},
                code="too_many",
            )
        return super().clean(value)


class BasExportForm(forms.Form):
    month = PlausibleDateField(
        label=_("Month"),
        input_formats=MONTH_FORMATS,
        widget=MonthInput(),
        error_messages={"invalid": _("Enter the month as 2026-11 or 11.2026.")},
        help_text=_("The acts and invoices are dated the month's last day."),
    )
    client = AutocompleteModelChoiceField(
        label=_("Client"),
        queryset=Client.objects.none(),
        source="clients",
        required=False,
        empty_label=_("All clients"),
    )
    contracts = ContractsField(
        label=_("Contracts"),
        queryset=Contract.objects.none(),
        source="contracts",
        widget=AutocompleteSelectMultiple("contracts", forward=["client"]),
        required=False,
        help_text=_("Empty: every contract in force in the month."),
    )
    document = forms.ChoiceField(
        label=_("What to export"), choices=DOCUMENTS, initial="acts", widget=forms.RadioSelect
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", "XLSX"), ("csv", "CSV")],
        initial="xlsx",
        widget=forms.RadioSelect,
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"month": previous_month()})
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.visible_to(user)  # type: ignore[attr-defined]
        contracts = self.fields["contracts"]
        contracts.queryset = Contract.objects.visible_to(user).select_related("client")  # type: ignore[attr-defined]
