from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from org.models import AbsenceCover, Department, User
from org.roles import Role
from org.services import absence_cover_refusals


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class DepartmentForm(forms.ModelForm):
    """The head, who hears of the department's new and overdue work, must hold the head
    role in this department: the role decides what they may do, this field who is told."""

    class Meta:
        model = Department
        fields = ["name_uk", "name_en", "head", "calendar"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        head = cast(forms.ModelChoiceField, self.fields["head"])
        head.queryset = User.objects.filter(
            department=self.instance, groups__name=Role.DEPARTMENT_HEAD, is_active=True
        )
        head.help_text = _(
            "Only users of this department with the department head role can be chosen."
        )


class AbsenceCoverForm(forms.ModelForm):
    """The executive director's form: who is away, when, and which manager acts for them.

    Its checks are the services' own (`org.services.absence_cover_refusals`), each shown
    on the field it concerns."""

    class Meta:
        model = AbsenceCover
        fields = ["absent", "cover", "starts_on", "ends_on", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        managers = User.objects.filter(groups__name=Role.SUPPORT_MANAGER, is_active=True)
        for name in ("absent", "cover"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = managers

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        refusals = absence_cover_refusals(
            absent=cleaned.get("absent"),
            cover=cleaned.get("cover"),
            starts_on=cleaned.get("starts_on"),
            ends_on=cleaned.get("ends_on"),
            excluding=self.instance.pk,
        )
        for refusal in refusals:
            self.add_error(refusal.code if refusal.code in self.fields else None, refusal.message)
        return cleaned
