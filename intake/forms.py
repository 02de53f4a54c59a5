from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Category, Claim
from claims.services import REGISTRABLE_STAGES
from contracts.models import Contract
from org.autocomplete import AutocompleteModelChoiceField, AutocompleteWidget


class MakeClaimForm(forms.Form):
    contract = AutocompleteModelChoiceField(
        label=_("contract"),
        queryset=Contract.objects.none(),
        source="contracts",
        widget=AutocompleteWidget("contracts", params={"stages": ",".join(REGISTRABLE_STAGES)}),
    )
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)

    def __init__(self, *args, user, client=None, **kwargs):
        super().__init__(*args, **kwargs)
        contracts = Contract.objects.visible_to(user).filter(stage__in=REGISTRABLE_STAGES)
        contract_field = cast(forms.ModelChoiceField, self.fields["contract"])
        contract_field.queryset = contracts.select_related("client").order_by("number")
        if client is not None and not self.is_bound:
            only = list(contracts.filter(client=client)[:2])
            if len(only) == 1:
                self.initial["contract"] = only[0].pk
        self.fields["category"].initial = Category.OTHER
        self.fields["category"].widget.attrs["class"] = "form-select"


class AttachForm(forms.Form):
    claim = forms.IntegerField(label=_("claim number"), min_value=1, max_value=2**63 - 1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["claim"].widget.attrs["class"] = "form-control"

    def clean_claim(self):
        claim = (
            Claim.objects.visible_to(self.user, archived=None)
            .select_related("contract__client", "contract__manager")
            .filter(pk=self.cleaned_data["claim"])
            .first()
        )
        if claim is None:
            raise forms.ValidationError(_("There is no claim with this number that you can see."))
        return claim
