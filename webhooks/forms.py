"""The admin's endpoint form: the events as check boxes, the URL checked for safety."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from org.outbox import Event
from webhooks.models import Endpoint
from webhooks.safety import url_refusal


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        help_text=_("http(s) address on a host of the WEBHOOK_ALLOWED_HOSTS setting."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events this endpoint receives."),
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("events", list(self.instance.events or []))

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        refusal = url_refusal(url)
        if refusal is not None:
            raise forms.ValidationError(refusal, code="not_allowed")
        return url

    def clean_events(self) -> list[str]:
        chosen = set(self.cleaned_data["events"])
        # In the table's order, so that the stored list reads the same however it was ticked.
        return [value for value in Event.values if value in chosen]
