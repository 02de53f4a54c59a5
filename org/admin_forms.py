"""Admin helpers shared by the apps' admin modules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from org.permissions import exceeds, rights_from


class ViewOnlyPlainFormMixin:
    """A user who may only view an object gets the admin's plain model form.

    The view-only form has none of the model's fields, and the custom forms set up
    querysets and widgets for fields they expect (a KeyError, so a 500, otherwise).
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and not self.has_change_permission(request, obj):
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change=change, **kwargs)


class RightsLimitedUserFormMixin:
    """The add and change forms of the user admin refuse to give the user more rights
    (superuser or staff flag, a group's or a single permission) than the actor holds."""

    actor = None

    def clean(self):
        cleaned = super().clean()
        instance = self.instance

        def chosen(name):
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
