from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from library.models import Kind
from org.fields import IdsModelMultipleChoiceField, PlausibleDateField
from org.models import Department
from org.roles import Role
from org.uploads import validate_document


class RoleChoiceField(IdsModelMultipleChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return str(Role(obj.name).label)


class VersionFields(forms.Form):
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}), required=False
    )
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, JPEG, PNG or DOCX, at most 10 MB.")
    )
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def clean_file(self) -> UploadedFile | None:
        file = self.cleaned_data.get("file")
        if file:
            validate_document(file)
        return file or None


class DocumentForm(VersionFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    number = forms.CharField(label=_("Number"), max_length=30)
    title = forms.CharField(label=_("Title"), max_length=200)
    applies_to_everyone = forms.BooleanField(label=_("Applies to everyone"), required=False)
    roles = RoleChoiceField(
        label=_("Roles it applies to"),
        queryset=Group.objects.filter(name__in=Role.values).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    departments = IdsModelMultipleChoiceField(
        label=_("Departments it applies to"),
        queryset=Department.objects.order_by("name_uk"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    field_order = [
        "kind",
        "number",
        "title",
        "applies_to_everyone",
        "roles",
        "departments",
        "text",
        "file",
        "change_note",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("applies_to_everyone") or data.get("roles") or data.get("departments")):
            raise ValidationError(
                _("Say whom the document applies to: everyone, roles or departments.")
            )
        return data


class ApproveForm(forms.Form):
    effective_from = PlausibleDateField(
        label=_("In force from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What must change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
