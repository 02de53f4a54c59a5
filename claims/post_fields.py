"""The post and shift pickers of the claim forms (registration and the claim page's edit):
the contract's posts at the chosen site, at most `POST_OPTIONS_LIMIT` options in the page,
else a server-side picker; the choice checked by `claims.posts.post_refusals`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Claim
from claims.posts import post_label, post_refusals, posts_for
from clients.models import Client, Site
from contracts.models import Contract, StaffingRequirement
from org.autocomplete import AutocompleteModelChoiceField, AutocompleteWidget
from org.models import User
from org.params import ascii_id

# A page never renders more options than this: past it, the picker asks the server.
POST_OPTIONS_LIMIT = 200


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffingRequirement) -> str:
        return post_label(obj)


def chosen_site(form: forms.BaseForm, contract: Contract) -> Site | None:
    """The site the bound form names (or its initial one), if it is the contract client's."""
    raw = form.data.get(form.add_prefix("site")) if form.is_bound else form.initial.get("site")
    if isinstance(raw, Site):
        return raw
    pk = ascii_id(raw if isinstance(raw, str) else str(raw)) if raw not in (None, "") else None
    return Site.objects.filter(pk=pk, client_id=contract.client_id).first() if pk else None


def limit_post_choices(form: forms.BaseForm, contract: Contract | None) -> None:
    """The ``post`` picker offers ``contract``'s posts at the chosen site (nothing before a
    contract is chosen: the picker holds only what was submitted)."""
    field = cast(forms.ModelChoiceField, form.fields["post"])
    if contract is None:
        field.widget = AutocompleteWidget()
        field.queryset = StaffingRequirement.objects.none()
        return
    posts = posts_for(contract, chosen_site(form, contract))
    if posts.count() > POST_OPTIONS_LIMIT:
        field.widget = AutocompleteWidget(
            "posts", forward=("site",), params={"contract": str(contract.pk)}
        )
    # Set after the widget: the queryset hands the widget its choices.
    field.queryset = posts


def check_post(form: forms.BaseForm, contract: Contract | None) -> None:
    """Add `post_refusals`' errors to the form's ``post`` and ``shift`` fields."""
    cleaned: dict[str, Any] = form.cleaned_data
    if "post" in form.errors or "site" in form.errors:
        return
    for refusal in post_refusals(
        contract,
        site=cleaned.get("site"),
        post=cleaned.get("post"),
        shift=cleaned.get("shift") or "",
    ):
        form.add_error(refusal.code, refusal.message)


class ClaimPostForm(forms.ModelForm):
    """The claim page's edit of the site, post and shift a registered claim concerns."""

    class Meta:
        model = Claim
        fields = ["site", "post", "shift"]
        field_classes = {"post": PostChoiceField}

    def __init__(self, *args: Any, claim: Claim, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contract = claim.contract
        site_field = cast(forms.ModelChoiceField, self.fields["site"])
        sites = Site.objects.filter(client_id=self.contract.client_id)
        if sites.count() > POST_OPTIONS_LIMIT:
            site_field.widget = AutocompleteWidget(
                "sites", params={"contract": str(self.contract.pk)}
            )
        site_field.queryset = sites
        limit_post_choices(self, self.contract)

    def clean(self) -> dict[str, Any]:
        super().clean()
        check_post(self, self.contract)
        return self.cleaned_data

    def _post_clean(self) -> None:
        # The service writes the claim; the bare instance is not the one it saves.
        pass


def add_place_filters(form: forms.BaseForm, user: User) -> None:
    """The claim list's site and post filters: server-side pickers over what ``user``
    sees (a site narrows to the chosen contract's client, a post to the contract and site)."""
    clients = Client.objects.visible_to(user).values("pk")
    form.fields["site"] = AutocompleteModelChoiceField(
        label=_("site"),
        queryset=Site.objects.filter(client_id__in=clients),
        required=False,
        empty_label=_("All sites"),
        source="sites",
        forward=("contract",),
    )
    form.fields["post"] = AutocompleteModelChoiceField(
        label=_("post"),
        queryset=StaffingRequirement.objects.filter(
            contract_id__in=Contract.objects.visible_to(user).values("pk")
        ).select_related("site"),
        required=False,
        empty_label=_("All posts"),
        source="posts",
        forward=("contract", "site"),
    )
