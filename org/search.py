"""The top bar's search: clients, contracts and claims by name, number or EDRPOU.

Models are reached by name, not import: org is the lowest app layer.
"""

from django import forms
from django.apps import apps
from django.db.models import Q
from django.shortcuts import render

from org.params import SEARCH_QUERY_LIMIT, ascii_id

LIMIT = 10


class SearchForm(forms.Form):
    # A CharField refuses NUL, which PostgreSQL cannot compare with text.
    q = forms.CharField(required=False, max_length=SEARCH_QUERY_LIMIT)


def search_everything(user, query):
    query = query.strip()
    if len(query) < 2:
        return None
    Client = apps.get_model("clients", "Client")
    Contract = apps.get_model("contracts", "Contract")
    Claim = apps.get_model("claims", "Claim")
    clients = Client.objects.visible_to(user).filter(
        Q(short_name__icontains=query)
        | Q(legal_name__icontains=query)
        | Q(edrpou__startswith=query)
    )
    contracts = (
        Contract.objects.visible_to(user)
        .filter(
            Q(number__icontains=query)
            | Q(title__icontains=query)
            | Q(client__short_name__icontains=query)
            | Q(client__edrpou__startswith=query)
        )
        .select_related("client")
    )
    return {
        "clients": list(clients.order_by("short_name")[:LIMIT]),
        "contracts": list(contracts.order_by("-end_date", "number")[:LIMIT]),
        "claims": _claims(Claim.objects.visible_to(user), query),
    }


def _claims(visible, query):
    """The newest claims by subject, number or contract number.

    Two queries merged here rather than one OR: the subject has its own trigram index on
    PostgreSQL, and an OR with a joined column makes the planner walk every claim from
    the newest back when little matches."""
    by_subject = Q(subject__icontains=query)
    if (number := ascii_id(query.lstrip("#"))) is not None:
        by_subject |= Q(pk=number)
    newest = ("-received_at", "-pk")
    found = {}
    Contract = apps.get_model("contracts", "Contract")
    by_contract = Q(contract__in=Contract.objects.filter(number__icontains=query).values("pk"))
    for condition in (by_subject, by_contract):
        rows = visible.filter(condition).select_related("contract__client").order_by(*newest)
        for claim in rows[:LIMIT]:
            found[claim.pk] = claim
    ordered = sorted(found.values(), key=lambda claim: (claim.received_at, claim.pk), reverse=True)
    return ordered[:LIMIT]


def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = search_everything(request.user, query)
    return render(request, "org/search.html", {"query": query, "results": results})
