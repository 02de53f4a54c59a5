from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Channel, Claim, ClaimStatus
from claims.post_fields import (
    PostChoiceField,
    add_place_filters,
    check_post,
    limit_post_choices,
)
from claims.services import REGISTRABLE_STAGES, registration_refusals
from claims.services.bulk import BULK_ACTIONS
from clients.models import Contact, Site
from contracts.models import Contract, Priority
from handoffs.forms import IdsField
from org.autocomplete import AutocompleteModelChoiceField, AutocompleteWidget
from org.fields import PlausibleDateTimeField
from org.models import Department, User
from org.once import OnceForm
from org.params import SEARCH_QUERY_LIMIT, ascii_id
from org.widgets import LocalDateTimeInput

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's picker ``name``, as the model choice field it is."""
    return cast(forms.ModelChoiceField, form.fields[name])


def registrable_contracts(user: User) -> QuerySet[Contract]:
    """Contracts ``user`` sees on which a claim may be registered."""
    return (
        Contract.objects.visible_to(user)
        .filter(stage__in=REGISTRABLE_STAGES)
        .select_related("client")
        .order_by("client__short_name", "number")
    )


class ContractChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contract) -> str:
        return f"№ {obj.number} · {obj.client}"


class ClaimRegisterForm(OnceForm, forms.ModelForm):
    """Built for speed: the contract comes preselected from its page, the rest has defaults."""

    received_at = PlausibleDateTimeField(
        label=_("Received"),
        widget=LocalDateTimeInput(),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )

    class Meta:
        model = Claim
        fields = [
            "contract",
            "subject",
            "description",
            "category",
            "priority",
            "channel",
            "site",
            "reported_by",
            "received_at",
            "is_formal",
            "formal_number",
            "formal_amount",
            "post",
            "shift",
        ]
        field_classes = {"contract": ContractChoiceField, "post": PostChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "contract": AutocompleteWidget(
                "contracts", params={"stages": ",".join(REGISTRABLE_STAGES)}
            ),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contracts = registrable_contracts(user)
        model_choice(self, "contract").queryset = contracts
        self.fields["channel"].initial = Channel.PHONE
        self.fields["priority"].initial = Priority.NORMAL
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["subject"].widget.attrs["autofocus"] = True
        contract = self._chosen_contract(contracts)
        if contract is not None:
            sites = list(Site.objects.filter(client_id=contract.client_id))
            contacts = list(Contact.objects.filter(client_id=contract.client_id))
            model_choice(self, "site").queryset = Site.objects.filter(client_id=contract.client_id)
            model_choice(self, "reported_by").queryset = Contact.objects.filter(
                client_id=contract.client_id
            )
            if not self.is_bound:
                # One site, or a primary contact: most calls are about those.
                if len(sites) == 1:
                    self.initial.setdefault("site", sites[0].pk)
                primary = next((c for c in contacts if c.is_primary), None)
                if primary is not None:
                    self.initial.setdefault("reported_by", primary.pk)
        else:
            # Before the contract is chosen there is nothing sensible to list: the pickers
            # hold only what was submitted (the form reloads once the contract is chosen).
            self.fields["site"].widget = AutocompleteWidget("sites", forward=("contract",))
            self.fields["reported_by"].widget = AutocompleteWidget()
            client_ids = contracts.values("client_id")
            model_choice(self, "site").queryset = Site.objects.filter(client_id__in=client_ids)
            model_choice(self, "reported_by").queryset = Contact.objects.filter(
                client_id__in=client_ids
            )
        limit_post_choices(self, contract)

    def _chosen_contract(self, contracts: QuerySet[Contract]) -> Contract | None:
        key = self.add_prefix("contract")
        raw = self.data.get(key) if self.is_bound else self.initial.get("contract")
        if isinstance(raw, Contract):
            return raw
        pk = ascii_id(raw if isinstance(raw, str) else str(raw))
        return contracts.filter(pk=pk).first() if pk is not None else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # The service's own rules, shown on their fields with the form's other errors.
        for refusal in registration_refusals(
            cleaned.get("contract"),
            site=cleaned.get("site"),
            reported_by=cleaned.get("reported_by"),
            is_formal=bool(cleaned.get("is_formal")),
            formal_number=cleaned.get("formal_number") or "",
        ):
            self.add_error(refusal.code, refusal.message)
        check_post(self, cleaned.get("contract"))
        return cleaned

    def _post_clean(self) -> None:
        # The service builds the claim (due times, routing); nothing to validate on a bare instance.
        pass


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_QUERY_LIMIT)
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("All statuses")), *ClaimStatus.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    department = forms.ModelChoiceField(
        label=_("department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
    )
    contract = AutocompleteModelChoiceField(
        label=_("contract"),
        queryset=Contract.objects.none(),
        required=False,
        empty_label=_("All contracts"),
        source="contracts",
    )
    priority = forms.ChoiceField(
        label=_("priority"), choices=[("", _("All priorities")), *Priority.choices], required=False
    )
    formal = forms.ChoiceField(
        label=_("formal"),
        choices=[("", _("Formal or not")), ("yes", _("Formal only")), ("no", _("Not formal"))],
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "contract").queryset = (
            Contract.objects.visible_to(user).select_related("client").order_by("number")
        )
        add_place_filters(self, user)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"

    def filters(self):
        """The cleaned filters; an invalid value is dropped rather than failing the page."""
        if self.is_valid():
            return self.cleaned_data
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}


class RespondForm(forms.Form):
    note = forms.CharField(
        label=_("What the client was told"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    client_confirmation = forms.CharField(
        label=_("The client's confirmation"),
        help_text=_("Who confirmed the fix, when and how."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Client satisfaction, 1–5"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        initial=5,
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is reopened"), widget=forms.Textarea(attrs={"rows": 2})
    )


class WaitForm(forms.Form):
    note = forms.CharField(
        label=_("What the client was asked"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ResumeForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Internal comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


ACTION_FORMS = {
    "respond": RespondForm,
    "resolve": ResolveForm,
    "close": CloseForm,
    "reopen": ReopenForm,
    "wait": WaitForm,
    "resume": ResumeForm,
}


class ClaimBulkForm(forms.Form):
    """An action on the claims selected in the list: what, on which, with what."""

    action = forms.ChoiceField(choices=[(action, action) for action in BULK_ACTIONS])
    ids = IdsField()
    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.all(), required=False
    )
    priority = forms.ChoiceField(
        label=_("priority"), choices=[("", ""), *Priority.choices], required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        action = cleaned.get("action")
        if action == "assign" and not cleaned.get("department"):
            self.add_error("department", _("Choose the department to hand the claims to."))
        if action == "priority" and not cleaned.get("priority"):
            self.add_error("priority", _("Choose a priority."))
        return cleaned
