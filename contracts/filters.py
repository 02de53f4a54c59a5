import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, Stage
from contracts.selectors import support_managers
from org.autocomplete import AutocompleteModelChoiceFilter, AutocompleteWidget
from org.params import SEARCH_QUERY_LIMIT, is_ascii_digits
from org.roles import Role

SMALL_SELECT = {"class": "form-select form-select-sm"}


def _visible_clients(request):
    from clients.models import Client

    if request is None:
        return Client.objects.none()
    return Client.objects.visible_to(request.user).order_by("short_name")


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_QUERY_LIMIT,
        widget=forms.TextInput(
            attrs={"placeholder": _("Client, EDRPOU or contract number"), "type": "search"}
        ),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Stage.choices, empty_label=_("Any stage")
    )
    manager = AutocompleteModelChoiceFilter(
        label=_("Manager"),
        queryset=lambda request: support_managers(),
        empty_label=_("Any manager"),
        source="users",
        widget=AutocompleteWidget(
            "users", params={"role": Role.SUPPORT_MANAGER}, attrs=SMALL_SELECT
        ),
    )
    client = AutocompleteModelChoiceFilter(
        label=_("Client"),
        queryset=_visible_clients,
        empty_label=_("Any client"),
        source="clients",
        widget=AutocompleteWidget("clients", attrs=SMALL_SELECT),
    )

    class Meta:
        model = Contract
        fields = ["q", "stage", "manager", "client"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        found = (
            Q(number__icontains=value)
            | Q(client__short_name__icontains=value)
            | Q(client__legal_name__icontains=value)
            | Q(title__icontains=value)
        )
        if is_ascii_digits(value):
            found |= Q(client__edrpou__startswith=value)
        return queryset.filter(found)
