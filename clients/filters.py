import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Client, ClientStatus
from clients.selectors import support_managers
from org.autocomplete import AutocompleteModelChoiceFilter, AutocompleteWidget
from org.params import SEARCH_QUERY_LIMIT, is_ascii_digits
from org.roles import Role


class ClientFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_QUERY_LIMIT,
        widget=forms.TextInput(attrs={"placeholder": _("Name or EDRPOU"), "type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ClientStatus.choices, empty_label=_("Any status")
    )
    account_manager = AutocompleteModelChoiceFilter(
        label=_("Account manager"),
        queryset=lambda request: support_managers().order_by("last_name", "first_name"),
        empty_label=_("Any manager"),
        source="users",
        widget=AutocompleteWidget(
            "users",
            params={"role": Role.SUPPORT_MANAGER},
            attrs={"class": "form-select form-select-sm"},
        ),
    )

    class Meta:
        model = Client
        fields = ["q", "status", "account_manager"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if is_ascii_digits(value):
            return queryset.filter(edrpou__startswith=value)
        return queryset.filter(Q(short_name__icontains=value) | Q(legal_name__icontains=value))
