"""Server-side pickers for the big tables, the form side: widget, field and filter.

A picker renders a ``<select>`` holding only the chosen option(s); in the browser Tom Select
(static/js/app.js) asks the JSON endpoint for the rest as the user types. Without JavaScript
the chosen value is still submitted. The endpoint (`search.pickers`, the top layer, which
reads every app's models) and the field's validation both start from the same
``visible_to(user)`` rule as the lists, so a picker never offers or accepts a row its user
may not see.

org knows the pickers only by name: the app that serves them registers the text of a row
of each (`register_picker_labels`), so that an option reads the same rendered in the page
as in the endpoint's answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext

from org.fields import IdsModelMultipleChoiceField
from org.params import ascii_id

# A row of any picker's model (each picker labels its own model).
PickerLabel = Callable[[Any], str]

_labels: dict[str, PickerLabel] = {}


def register_picker_labels(labels: Mapping[str, PickerLabel]) -> None:
    """Name the text of a row of each picker (``{"contracts": label, …}``)."""
    _labels.update(labels)


def picker_label(source: str, row: models.Model) -> str:
    """The text the picker ``source`` shows for ``row``."""
    try:
        label = _labels[source]
    except KeyError:
        raise LookupError(f"No picker named {source!r} is registered") from None
    return label(row)


class AutocompleteWidget(forms.Select):
    """A ``<select>`` with only the chosen option(s) and the address of its endpoint.

    Without a ``source`` it is a plain select that still renders only the chosen option:
    for a picker that has nothing sensible to offer yet (a site before the contract).
    """

    def __init__(
        self,
        source: str | None = None,
        *,
        forward: Iterable[str] = (),
        params: Mapping[str, str] | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.source = source
        self.forward = tuple(forward)
        self.params = dict(params or {})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if self.source:
            url = reverse("autocomplete", kwargs={"source": self.source})
            if self.params:
                url += "?" + urlencode(self.params)
            context["widget"]["attrs"].update(
                {
                    "data-autocomplete-url": url,
                    "data-autocomplete-placeholder": gettext("Type to search…"),
                    "data-autocomplete-no-results": gettext("Nothing found."),
                    "data-autocomplete-loading": gettext("Searching…"),
                }
            )
            if self.forward:
                context["widget"]["attrs"]["data-autocomplete-forward"] = ",".join(self.forward)
        return context

    def optgroups(
        self, name: str, value: list[str], attrs: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        groups: list[tuple[str | None, list[dict[str, Any]], int | None]] = []
        for index, (option_value, label) in enumerate(self._chosen_options(value)):
            selected = str(option_value) in value
            option = self.create_option(name, option_value, label, selected, index, attrs=attrs)
            groups.append((None, [option], index))
        return groups

    def _chosen_options(self, value: list[str]) -> list[tuple[Any, str]]:
        """The empty choice and the chosen rows, only the visible ones: an invisible id
        renders as nothing chosen."""
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            return []
        field = choices.field
        options: list[tuple[Any, str]] = []
        if field.empty_label is not None:
            options.append(("", str(field.empty_label)))
        chosen = [number for item in value if (number := ascii_id(str(item))) is not None]
        if chosen and field.queryset is not None:
            for row in field.queryset.filter(pk__in=chosen):
                row_value, label = choices.choice(row)
                # The same text the endpoint gives, whatever the field's own label.
                options.append(
                    (row_value, picker_label(self.source, row) if self.source else label)
                )
        return options


class AutocompleteFieldMixin:
    """Validation stays the ModelChoiceField's own: the submitted id must be in ``queryset``."""

    def __init__(
        self,
        *args: Any,
        source: str,
        forward: Iterable[str] = (),
        params: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.source = source
        kwargs.setdefault("widget", AutocompleteWidget(source, forward=forward, params=params))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: models.Model) -> str:
        return picker_label(self.source, obj)


class AutocompleteModelChoiceField(AutocompleteFieldMixin, forms.ModelChoiceField):
    pass


class AutocompleteFilterField(AutocompleteFieldMixin, django_filters.fields.ModelChoiceField):
    pass


class AutocompleteModelChoiceFilter(django_filters.ModelChoiceFilter):
    """``AutocompleteModelChoiceFilter(queryset=…, source="contracts")`` in a FilterSet."""

    field_class = AutocompleteFilterField


class AutocompleteSelectMultiple(AutocompleteWidget):
    """The picker for several rows: a ``<select multiple>`` holding the chosen ones."""

    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getlist = getattr(data, "getlist", None)
        return getlist(name) if getlist is not None else data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty multiple select submits nothing: that is "none chosen"


class AutocompleteModelMultipleChoiceField(AutocompleteFieldMixin, IdsModelMultipleChoiceField):
    """Several rows of a picker; ``source`` as for `AutocompleteModelChoiceField`."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        kwargs.setdefault("widget", AutocompleteSelectMultiple(source))
        super().__init__(*args, source=source, **kwargs)
