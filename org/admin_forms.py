"""Admin helpers shared by the apps' admin modules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from org.permissions import exceeds, rights_from

if TYPE_CHECKING:
    from org.models import User

    _AdminBase = admin.ModelAdmin[Any]
    _UserFormBase = forms.ModelForm[User]
else:
    _AdminBase = object
    _UserFormBase = object


class ViewOnlyPlainFormMixin(_AdminBase):
    """A user who may only view an object gets the admin's plain model form.

    The view-only form has none of the model's fields, and the custom forms set up
    querysets and widgets for fields they expect (a KeyError, so a 500, otherwise).
    """

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        if obj is not None and not self.has_change_permission(request, obj):
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change=change, **kwargs)


class RightsLimitedUserFormMixin(_UserFormBase):
    """The add and change forms of the user admin refuse to give the user more rights
    (superuser or staff flag, a group's or a single permission) than the actor holds."""

    actor: User | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned is None:  # ModelForm.clean returns cleaned_data; the stubs allow None
            cleaned = self.cleaned_data
        instance = self.instance

        def chosen(name: str) -> list[Any]:
            if name in self.fields:
                return cleaned.get(name) or []
            return list(getattr(instance, name).all()) if instance.pk else []

        rights = rights_from(
            is_superuser=cleaned.get("is_superuser", instance.is_superuser)
            if "is_superuser" in self.fields
            else instance.is_superuser,
            is_staff=cleaned.get("is_staff", instance.is_staff)
            if "is_staff" in self.fields
            else instance.is_staff,
            groups=chosen("groups"),
            user_permissions=chosen("user_permissions"),
        )
        if self.actor is not None and exceeds(rights, self.actor):
            raise ValidationError(
                _("You cannot give a user rights you do not hold yourself."),
                code="rights_exceeded",
            )
        return cleaned
