from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clients.models import Contact
from org.fields import IdsModelMultipleChoiceField
from org.versioning import VersionedFormMixin
from reports.services.drafting import TEXT_LIMIT


class ReportTextForm(VersionedFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The opening words of the report: what the month was like for the client."),
    )
    planned = forms.CharField(
        label=_("Planned for the next month"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Prefilled from the contract's open hand-offs; one item a line."),
    )


class ContactChoiceField(IdsModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        position = f", {obj.position}" if obj.position else ""
        return f"{obj.name}{position} <{obj.email}>"


class SendForm(forms.Form):
    contacts = ContactChoiceField(
        label=_("Send to"),
        queryset=Contact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the contacts to send the report to.")},
    )

    def __init__(self, *args: Any, contacts: QuerySet[Contact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(ContactChoiceField, self.fields["contacts"])
        field.queryset = contacts


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def clean_month(self) -> datetime.date:
        month: datetime.date = self.cleaned_data["month"]
        if month.year < 2000:
            raise forms.ValidationError(_("Choose a month from 2000 on."))
        return month.replace(day=1)
