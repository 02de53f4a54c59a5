from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from clients.models import Client, Contact, Site
from clients.selectors import support_managers
from clients.validators import format_iban, normalize_iban, normalize_phone
from org import formatting
from org.once import OnceForm
from org.versioning import VersionedFormMixin


class ClientForm(VersionedFormMixin, forms.ModelForm):
    # Wider than the stored value: people paste IBANs with spaces.
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=50,
        required=False,
        help_text=_("UA and 27 digits; spaces and lower case are fine."),
    )

    class Meta:
        model = Client
        fields = [
            "legal_name",
            "short_name",
            "edrpou",
            "vat_number",
            "legal_address",
            "iban",
            "status",
            "account_manager",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        managers = support_managers(including=self.instance.account_manager_id)
        if self.instance.iban:
            self.initial["iban"] = format_iban(self.instance.iban)
        if not self.instance.pk and user is not None and user.is_support_manager:
            self.initial.setdefault("account_manager", user.pk)
        cast(forms.ModelChoiceField, self.fields["account_manager"]).queryset = managers.order_by(
            "last_name", "first_name", "username"
        )
        self.fields["edrpou"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["vat_number"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean_edrpou(self) -> str:
        """A duplicate code is named with the client that has it (a field that failed
        here is left out of the model's generic uniqueness check)."""
        code = self.cleaned_data["edrpou"].strip()
        existing = Client.objects.filter(edrpou=code).exclude(pk=self.instance.pk).first()
        if existing is not None:
            raise forms.ValidationError(
                _("A client with this EDRPOU code already exists: %(client)s."),
                code="duplicate_edrpou",
                params={"client": existing.short_name},
            )
        return code

    def clean_vat_number(self):
        return "".join(self.cleaned_data["vat_number"].split())

    def clean_iban(self):
        return normalize_iban(self.cleaned_data["iban"])


class ClientCreateForm(OnceForm, ClientForm):
    """The client form of the "new client" page: submitted twice, it registers one client."""


class ContactForm(VersionedFormMixin, forms.ModelForm):
    # Wider than the stored value: people type brackets, dashes and spaces.
    phone = forms.CharField(
        label=_("phone"),
        max_length=30,
        required=False,
        help_text=_("e.g. 067 123 45 67 or +380 44 123 45 67"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    class Meta:
        model = Contact
        fields = ["name", "position", "phone", "email", "is_primary"]
        labels = {"name": _("full name")}
        help_texts = {
            "is_primary": _("The client's main contact; another primary contact stops being one.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.phone:
            self.initial["phone"] = formatting.phone(self.instance.phone)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalize_phone(phone) if phone else ""


class SiteForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "area_m2", "access_notes", "working_notes"]
        widgets = {
            "access_notes": forms.Textarea(attrs={"rows": 3}),
            "working_notes": forms.Textarea(attrs={"rows": 3}),
        }
