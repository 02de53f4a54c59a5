"""The general director's forms: an order (number, date, notes), appointment, dismissal and
the transfer of a portfolio (whole, or the work on chosen clients)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from org.autocomplete import AutocompleteModelChoiceField
from org.fields import IdsModelMultipleChoiceField, PlausibleDateField
from org.models import User
from org.params import ascii_id
from org.roles import Role
from staffing.selectors import portfolio_clients
from staffing.services import NewUser, OrderDetails

# The users picker (search.pickers) offers these for ``role``: the people who may be
# appointed, and the support managers.
APPOINTABLE = "appointable"


def active_managers() -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=Role.SUPPORT_MANAGER)


def manager_field(label: Any, *, required: bool = True) -> AutocompleteModelChoiceField:
    return AutocompleteModelChoiceField(
        label=label,
        queryset=active_managers(),
        required=required,
        source="users",
        params={"role": Role.SUPPORT_MANAGER},
    )


class OrderForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=50)
    date = PlausibleDateField(
        label=_("Order date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def order(self) -> OrderDetails:
        data = self.cleaned_data
        return OrderDetails(number=data["number"].strip(), date=data["date"], notes=data["notes"])


class AppointForm(OrderForm):
    user = AutocompleteModelChoiceField(
        label=_("An existing user"),
        queryset=User.objects.filter(is_active=True).exclude(groups__name=Role.SUPPORT_MANAGER),
        required=False,
        source="users",
        params={"role": APPOINTABLE},
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        validators=[UnicodeUsernameValidator()],
    )
    password = forms.CharField(
        label=_("Password to start with"),
        required=False,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("The new manager signs in with it and can change it later."),
    )
    field_order = ["user", "last_name", "first_name", "email", "username", "password"]

    NEW_USER_FIELDS = ("last_name", "first_name", "email", "username", "password")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        described = [name for name in self.NEW_USER_FIELDS if data.get(name)]
        if data.get("user") and described:
            raise ValidationError(_("Choose an existing user or describe a new one, not both."))
        if not data.get("user") and not self.errors:
            for name in self.NEW_USER_FIELDS:
                if not data.get(name):
                    self.add_error(name, _("Needed for a new user."))
            if data.get("password") and data.get("username"):
                self._validate_password(data)
        return data

    def _validate_password(self, data: dict[str, Any]) -> None:
        probe = User(username=data["username"], email=data.get("email", ""))
        try:
            password_validation.validate_password(data["password"], probe)
        except ValidationError as error:
            self.add_error("password", error)

    def new_user(self) -> NewUser | None:
        data = self.cleaned_data
        if data.get("user"):
            return None
        return NewUser(
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            password=data["password"],
        )


class DismissForm(OrderForm):
    manager = manager_field(_("Manager"))
    transfer_to = manager_field(_("Transfer the portfolio to"), required=False)
    field_order = ["manager", "transfer_to", "number", "date", "notes"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        manager, successor = data.get("manager"), data.get("transfer_to")
        if manager is not None and successor is not None and manager.pk == successor.pk:
            self.add_error("transfer_to", _("The portfolio must go to another manager."))
        return data


class ClientChoiceField(IdsModelMultipleChoiceField):
    def label_from_instance(self, obj: Client) -> str:
        return f"{obj.short_name} · {obj.edrpou}"


class TransferForm(forms.Form):
    WHOLE, CLIENTS = "whole", "clients"

    from_manager = manager_field(_("From manager"))
    to_manager = manager_field(_("To manager"))
    scope = forms.ChoiceField(
        label=_("What moves"),
        choices=[(WHOLE, _("The whole portfolio")), (CLIENTS, _("The work on chosen clients"))],
        initial=WHOLE,
        widget=forms.RadioSelect,
    )
    clients = ClientChoiceField(
        label=_("Clients"),
        queryset=Client.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else self.initial
        self.from_manager_id = ascii_id(str(source.get("from_manager", "")))
        if self.from_manager_id is not None:
            clients = self.fields["clients"]
            if not isinstance(clients, ClientChoiceField):  # pragma: no cover
                raise TypeError("the clients field is a ClientChoiceField")
            clients.queryset = portfolio_clients(self.from_manager_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        old, new = data.get("from_manager"), data.get("to_manager")
        if old is not None and new is not None and old.pk == new.pk:
            self.add_error("to_manager", _("The portfolio must go to another manager."))
        if data.get("scope") == self.CLIENTS and not data.get("clients") and "clients" in data:
            self.add_error("clients", _("Choose at least one client."))
        return data

    def chosen_clients(self) -> list[Client] | None:
        if self.cleaned_data["scope"] == self.WHOLE:
            return None
        return list(self.cleaned_data["clients"])
