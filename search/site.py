"""The top bar's search: clients, contracts and claims by name, number or EDRPOU, and the
library's documents by title or number."""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Q, QuerySet

from claims.models import Claim
from clients.models import Client
from contracts.models import Contract
from library.models import Document
from library.selectors import documents_matching
from org.models import User
from org.params import ascii_id

LIMIT = 10


class SearchResults(TypedDict):
    """What the page lists, each kind newest or best-named first, at most ``LIMIT`` each."""

    clients: list[Client]
    contracts: list[Contract]
    claims: list[Claim]
    documents: list[Document]


def search_everything(user: User, query: str) -> SearchResults | None:
    """What ``user`` sees matching ``query``; None when the query is too short to search."""
    query = query.strip()
    if len(query) < 2:
        return None
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
        # Drafts only for their editors, as in the library itself.
        "documents": documents_matching(user, query, limit=LIMIT),
    }


def _claims(visible: QuerySet[Claim], query: str) -> list[Claim]:
    """The newest claims by subject, number or contract number.

    Two queries merged here rather than one OR: the subject has its own trigram index on
    PostgreSQL, and an OR with a joined column makes the planner walk every claim from
    the newest back when little matches."""
    by_subject = Q(subject__icontains=query)
    if (number := ascii_id(query.lstrip("#"))) is not None:
        by_subject |= Q(pk=number)
    newest = ("-received_at", "-pk")
    found: dict[int, Claim] = {}
    by_contract = Q(contract__in=Contract.objects.filter(number__icontains=query).values("pk"))
    for condition in (by_subject, by_contract):
        rows = visible.filter(condition).select_related("contract__client").order_by(*newest)
        for claim in rows[:LIMIT]:
            found[claim.pk] = claim
    ordered = sorted(found.values(), key=lambda claim: (claim.received_at, claim.pk), reverse=True)
    return ordered[:LIMIT]
