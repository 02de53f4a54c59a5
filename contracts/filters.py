import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, Stage
from contracts.selectors import support_managers
from org.params import SEARCH_QUERY_LIMIT, is_ascii_digits


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
    manager = django_filters.ModelChoiceFilter(
        label=_("Manager"),
        queryset=lambda request: support_managers(),
        empty_label=_("Any manager"),
    )
    client = django_filters.ModelChoiceFilter(
        label=_("Client"), queryset=_visible_clients, empty_label=_("Any client")
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
