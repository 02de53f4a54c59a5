from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import QuerySet
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.models import (
    Agreement,
    AgreementKind,
    Contract,
    Obligation,
    Priority,
    ServiceLine,
    StaffingRequirement,
    Stage,
)
from contracts.selectors import support_managers
from contracts.services.records import CONTRACT_FIELDS, TERM_FIELDS
from org.autocomplete import AutocompleteWidget
from org.fields import IdsModelMultipleChoiceField, PlausibleDateField
from org.once import OnceForm
from org.roles import Role
from org.selectors import represented_user_ids
from org.uploads import validate_document
from org.versioning import VersionedFormMixin
from org.widgets import LocalDateInput

DATE_INPUT = LocalDateInput()


def _offer(field: forms.Field, queryset: QuerySet[Any]) -> None:
    """Offer ``queryset`` in ``field``, a model choice field of the form."""
    cast(forms.ModelChoiceField, field).queryset = queryset


def _document(file: File) -> None:
    validate_document(file)


class ContractForm(OnceForm, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["client", *CONTRACT_FIELDS[:2], "sites", *CONTRACT_FIELDS[2:]]
        field_classes = {
            "sites": IdsModelMultipleChoiceField,
            "start_date": PlausibleDateField,
            "end_date": PlausibleDateField,
            "signed_on": PlausibleDateField,
        }
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "signed_on": DATE_INPUT,
            "sites": forms.CheckboxSelectMultiple,
            "client": AutocompleteWidget("clients"),
            "manager": AutocompleteWidget("users", params={"role": Role.SUPPORT_MANAGER}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from clients.models import Client, Site

        if self.instance.pk:
            del self.fields["client"]
            _offer(self.fields["sites"], Site.objects.filter(client=self.instance.client_id))
            if self.instance.stage != Stage.PREPARATION:
                for name in TERM_FIELDS:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Once concluded, the term changes only by an extension."
                    )
        else:
            del self.fields["sites"]
            clients = Client.objects.visible_to(user)
            if not user.is_director:
                clients = clients.of_managers(represented_user_ids(user))
                self.fields["client"].widget.params = {"own": "1"}
            _offer(self.fields["client"], clients.order_by("short_name"))
        self.fields["manager"].required = False
        # Left out (an older client, a script): the contract's rate, 20 % for a new one.
        self.fields["vat_rate"].required = False
        _offer(self.fields["manager"], support_managers())
        self.fields["manager"].help_text = _("Empty: the client's account manager.")
        calendar = cast(forms.ModelChoiceField, self.fields["calendar"])
        calendar.empty_label = _("The company default")
        for priority in Priority:
            response, resolution = settings.CLAIM_SLA_DEFAULTS[priority]
            for kind, hours in (("response", response), ("resolution", resolution)):
                self.fields[f"sla_{priority}_{kind}_hours"].help_text = _(
                    "Empty: the company default, %(hours)s h."
                ) % {"hours": hours}

    def clean_vat_rate(self) -> int:
        rate = self.cleaned_data.get("vat_rate")
        return self.instance.vat_rate if rate is None or rate == "" else int(rate)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        client = cleaned.get("client") if "client" in self.fields else self.instance.client
        number = (cleaned.get("number") or "").strip()
        if client is not None and number:
            taken = Contract.objects.filter(client=client, number=number).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                self.add_error(
                    "number",
                    _("%(client)s already has a contract № %(number)s.")
                    % {"client": client.short_name, "number": number},
                )
        return cleaned

    def _post_clean(self):
        # Uniqueness and constraints are checked in clean() (and again by the service),
        # with messages that name the field; the model's field validators still run.
        # Django's own steps of ModelForm._post_clean (private: django-stubs omit them).
        exclude = self._get_validation_exclusions()  # type: ignore[attr-defined]
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]
        try:
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]

    def service_kwargs(self):
        data = {name: self.cleaned_data[name] for name in CONTRACT_FIELDS if name in self.fields}
        if self.instance.pk and self.instance.stage != Stage.PREPARATION:
            for name in TERM_FIELDS:
                data.pop(name, None)
        if "sites" in self.fields:
            data["sites"] = list(self.cleaned_data["sites"])
        if "version" in self.fields:
            data["version"] = self.cleaned_data["version"]
        return data

    @property
    def sla_field_names(self):
        return [name for name in self.fields if name.startswith("sla_")]


class ServiceLineForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ServiceLine
        fields = ["service", "frequency", "quantity", "unit", "price"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left out: the line's own, a month of the service for a new one.
        self.fields["quantity"].required = False
        self.fields["unit"].required = False

    def clean_quantity(self) -> Decimal:
        quantity = self.cleaned_data.get("quantity")
        return self.instance.quantity if quantity is None else quantity

    def clean_unit(self) -> str:
        return self.cleaned_data.get("unit") or self.instance.unit


class StaffingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = StaffingRequirement
        fields = ["site", "post", "headcount", "schedule", "requirements", "uniform"]
        widgets = {"requirements": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        from clients.models import Site

        _offer(self.fields["site"], Site.objects.filter(client=contract.client_id))


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["kind", "date", "summary", "confirmed_by", "document"]
        field_classes = {"date": PlausibleDateField}
        widgets = {"date": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"document": _("PDF, JPEG, PNG or DOCX, up to 10 MB.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = AgreementKind.TECHNICAL
        self.fields["date"].initial = timezone.localdate
        self.fields["document"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx"

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            validate_document(document)
        return document


class ObligationForm(forms.ModelForm):
    class Meta:
        model = Obligation
        fields = ["description", "department"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class ConcludeForm(ReasonForm):
    """Concluding asks HR and accounting for work; where a hand-off of that kind is
    already open, it is not opened again unless the manager ticks this."""

    open_duplicates = forms.BooleanField(
        label=_("Create anyway: open new hand-offs of the kinds already open"),
        required=False,
    )


class ExtendForm(forms.Form):
    new_end_date = PlausibleDateField(label=_("New end date"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    document = forms.FileField(
        label=_("Supplementary agreement"),
        required=False,
        validators=[_document],
        help_text=_("PDF, JPEG, PNG or DOCX, up to 10 MB."),
    )


class SiteSurveyForm(forms.Form):
    details = forms.CharField(
        label=_("What to survey"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
