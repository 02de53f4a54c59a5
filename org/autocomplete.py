"""Server-side pickers for the big tables: contracts, clients, sites and users.

A picker renders a ``<select>`` holding only the chosen option(s); in the browser Tom Select
(static/js/app.js) asks the JSON endpoint for the rest as the user types. Without JavaScript
the chosen value is still submitted. The endpoint and the field's validation both start from
the same ``visible_to(user)`` rule as the lists, so a picker never offers or accepts a row its
user may not see.

Models are reached by name, not import: org is the lowest app layer.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from org.params import ascii_id
from org.roles import Role
from org.selectors import represented_user_ids

RESULTS_LIMIT = 20
QUERY_MAX_LENGTH = 100


class BadParameter(ValueError):
    """A query parameter the endpoint cannot use: answered with 400 and the reason."""


def _model(label):
    return apps.get_model(*label.split("."))


def _id_param(params, name) -> int | None:
    raw = params.get(name, "")
    if raw == "":
        return None
    number = ascii_id(raw)
    if number is None:
        raise BadParameter(gettext("“%(name)s” must be an id.") % {"name": name})
    return number


# --- what each picker offers -------------------------------------------------------------


def _clients(user, params) -> QuerySet:
    rows = _model("clients.Client").objects.visible_to(user)
    if params.get("own") == "1" and not user.is_director:
        # A new contract is opened only for the clients one manages or covers.
        rows = rows.of_managers(represented_user_ids(user))
    return rows


def _client_matches(query) -> Q:
    return (
        Q(short_name__icontains=query)
        | Q(legal_name__icontains=query)
        | Q(edrpou__startswith=query)
    )


def _search_clients(rows, query, params):
    return rows.filter(_client_matches(query))


def _contracts(user, params) -> QuerySet:
    Contract = _model("contracts.Contract")
    rows = Contract.objects.visible_to(user).select_related("client")
    client_id = _id_param(params, "client")
    if client_id is not None:
        rows = rows.filter(client_id=client_id)
    stages = [stage for stage in params.get("stages", "").split(",") if stage]
    if stages:
        Stage = Contract._meta.get_field("stage").choices
        known = {value for value, _label in Stage}
        if not set(stages) <= known:
            raise BadParameter(gettext("Unknown stage."))
        rows = rows.filter(stage__in=stages)
    return rows


def _search_contracts(rows, query, params):
    # A union of two indexed lookups (the number's trigram index; the matched clients'
    # contracts by client_id): with an OR instead PostgreSQL scans every contract.
    Contract = _model("contracts.Contract")
    clients = _model("clients.Client").objects.filter(_client_matches(query)).values("pk")
    by_number = Contract.objects.filter(number__icontains=query).order_by().values("pk")
    by_client = Contract.objects.filter(client_id__in=clients).order_by().values("pk")
    return rows.filter(pk__in=by_number.union(by_client))


def _sites(user, params) -> QuerySet:
    Client = _model("clients.Client")
    rows = _model("clients.Site").objects.filter(
        client_id__in=Client.objects.visible_to(user).values("pk")
    )
    client_id = _id_param(params, "client")
    if client_id is not None:
        rows = rows.filter(client_id=client_id)
    contract_id = _id_param(params, "contract")
    if contract_id is not None:
        contracts = _model("contracts.Contract").objects.filter(pk=contract_id)
        rows = rows.filter(client_id__in=contracts.values("client_id"))
    return rows


def _search_sites(rows, query, params):
    return rows.filter(Q(name__icontains=query) | Q(address__icontains=query))


def _claims(user, params) -> QuerySet:
    rows = _model("claims.Claim").objects.visible_to(user)
    contract_id = _id_param(params, "contract")
    if contract_id is not None:
        rows = rows.filter(contract_id=contract_id)
    return rows


def _search_claims(rows, query, params):
    """By number (``#123``); by subject within the chosen contract; else by contract number.

    A subject search over every claim would read the whole table (a million rows): it is
    offered only where the contract bounds it.
    """
    if (number := ascii_id(query.lstrip("#"))) is not None:
        return rows.filter(pk=number)
    if params.get("contract"):
        return rows.filter(subject__icontains=query)
    contracts = _model("contracts.Contract").objects.filter(number__icontains=query)
    return rows.filter(contract_id__in=contracts.order_by().values("pk"))


def _users(user, params) -> QuerySet:
    """Users only as a picker needs them: a department's members, or the support managers."""
    User = _model("org.User")
    rows = User.objects.filter(is_active=True)
    department_id = _id_param(params, "department")
    if department_id is not None:
        if not (user.is_director or user.department_id == department_id):
            return rows.none()
        return rows.filter(department_id=department_id)
    if params.get("role") == Role.SUPPORT_MANAGER:
        if not (user.manages_clients or user.is_department_member):
            return rows.none()
        return rows.filter(groups__name=Role.SUPPORT_MANAGER)
    raise BadParameter(gettext("Say whose users: a department or the support managers."))


def _search_users(rows, query, params):
    for word in query.split()[:3]:
        rows = rows.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(username__istartswith=word)
        )
    return rows


@dataclass(frozen=True)
class Source:
    rows: Callable[..., QuerySet]
    search: Callable[..., QuerySet]
    label: Callable[[object], str]
    order: tuple[str, ...]


SOURCES = {
    "clients": Source(
        _clients, _search_clients, lambda c: f"{c.short_name} · {c.edrpou}", ("short_name", "id")
    ),
    "contracts": Source(
        _contracts,
        _search_contracts,
        lambda c: f"№ {c.number} · {c.client.short_name}",
        ("number", "id"),
    ),
    "sites": Source(
        _sites,
        _search_sites,
        lambda s: f"{s.name} · {s.address}" if s.address else s.name,
        ("name", "id"),
    ),
    # Newest first: the claim one hands off is nearly always a recent one.
    "claims": Source(_claims, _search_claims, str, ("-received_at", "-id")),
    "users": Source(
        _users,
        _search_users,
        lambda u: u.get_full_name() or u.username,
        ("last_name", "first_name", "id"),
    ),
}


@require_GET
def autocomplete(request, source):
    """``{"results": [{"id": …, "text": …}]}``: at most 20 rows the user sees, matching ``q``."""
    found = SOURCES.get(source)
    if found is None:
        raise Http404
    query = request.GET.get("q", "").strip()
    if len(query) > QUERY_MAX_LENGTH or "\x00" in query:
        return JsonResponse(
            {"error": gettext("The search text is too long or malformed.")}, status=400
        )
    try:
        rows = found.rows(request.user, request.GET)
    except BadParameter as error:
        return JsonResponse({"error": str(error)}, status=400)
    if query:
        rows = found.search(rows, query, request.GET)
    rows = rows.order_by(*found.order)[:RESULTS_LIMIT]
    return JsonResponse({"results": [{"id": row.pk, "text": found.label(row)} for row in rows]})


# --- the form side --------------------------------------------------------------------------


class AutocompleteWidget(forms.Select):
    """A ``<select>`` with only the chosen option(s) and the address of its endpoint.

    Without a ``source`` it is a plain select that still renders only the chosen option:
    for a picker that has nothing sensible to offer yet (a site before the contract).
    """

    def __init__(self, source=None, *, forward=(), params=None, attrs=None):
        super().__init__(attrs)
        self.source = source
        self.forward = tuple(forward)
        self.params = dict(params or {})

    def get_context(self, name, value, attrs):
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

    def optgroups(self, name, value, attrs=None):
        field = getattr(self.choices, "field", None)
        options = []
        if field is not None:
            if field.empty_label is not None:
                options.append(("", field.empty_label))
            chosen = [number for item in value if (number := ascii_id(str(item))) is not None]
            if chosen:
                # Only the visible rows: an invisible id renders as nothing chosen.
                for row in field.queryset.filter(pk__in=chosen):
                    row_value, label = self.choices.choice(row)
                    # The same text the endpoint gives, whatever the field's own label.
                    options.append(
                        (row_value, SOURCES[self.source].label(row) if self.source else label)
                    )
        groups = []
        for index, (option_value, label) in enumerate(options):
            selected = str(option_value) in value
            option = self.create_option(name, option_value, label, selected, index, attrs=attrs)
            groups.append((None, [option], index))
        return groups


class AutocompleteFieldMixin:
    """Validation stays the ModelChoiceField's own: the submitted id must be in ``queryset``."""

    def __init__(self, *args, source, forward=(), params=None, **kwargs):
        self.source = source
        kwargs.setdefault("widget", AutocompleteWidget(source, forward=forward, params=params))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return SOURCES[self.source].label(obj)


class AutocompleteModelChoiceField(AutocompleteFieldMixin, forms.ModelChoiceField):
    pass


class AutocompleteFilterField(AutocompleteFieldMixin, django_filters.fields.ModelChoiceField):
    pass


class AutocompleteModelChoiceFilter(django_filters.ModelChoiceFilter):
    """``AutocompleteModelChoiceFilter(queryset=…, source="contracts")`` in a FilterSet."""

    field_class = AutocompleteFilterField
