"""The inbox filters: the same FilterSet serves the screen and its CSV export."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from handoffs import subjects
from handoffs.models import Handoff, Kind
from handoffs.selectors import search
from org.autocomplete import AutocompleteModelChoiceFilter
from org.params import SEARCH_QUERY_LIMIT
from org.widgets import LocalDateRangeWidget

SORTS = (("due", _("Due date, earliest first")), ("-due", _("Due date, latest first")))


def _visible_contracts(request):
    if request is None:
        return subjects.subject_model("contract")._default_manager.none()
    return subjects.visible("contract", request.user)


def _visible_clients(request):
    if request is None:
        return subjects.subject_model("client")._default_manager.none()
    return subjects.visible("client", request.user)


class InboxFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = (
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else ("form-control form-control-sm")
            )
            widget.attrs["class"] = css


class HandoffFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        max_length=SEARCH_QUERY_LIMIT,
        widget=forms.TextInput(
            attrs={"placeholder": _("Title, details, contract number, client"), "type": "search"}
        ),
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))
    contract = AutocompleteModelChoiceFilter(
        queryset=_visible_contracts, label=_("Contract"), source="contracts"
    )
    client = AutocompleteModelChoiceFilter(
        queryset=_visible_clients, label=_("Client"), source="clients"
    )
    due = django_filters.DateFromToRangeFilter(
        field_name="due_at",
        label=_("Due between"),
        widget=LocalDateRangeWidget(),
    )

    class Meta:
        model = Handoff
        form = InboxFilterForm
        fields = ["q", "kind", "contract", "client", "due"]

    def filter_search(self, queryset, name, value):
        return search(queryset, value)


def sort_of(request) -> str:
    return "-due" if request.GET.get("sort") == "-due" else "due"
