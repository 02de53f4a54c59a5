"""The top bar's search: clients, contracts and claims by name, number or EDRPOU, and the
library's documents by title or number."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from django.db.models import F, Q, QuerySet

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
    return {
        "clients": list(clients.order_by("short_name")[:LIMIT]),
        "contracts": _contracts(Contract.objects.visible_to(user), query),
        "claims": _claims(Claim.objects.visible_to(user), query),
        # Drafts only for their editors, as in the library itself.
        "documents": documents_matching(user, query, limit=LIMIT),
    }


def _contracts(visible: QuerySet[Contract], query: str) -> list[Contract]:
    """The latest-ending contracts by number or title, or whose client is named ``query``.

    Two queries merged, as for the claims: one OR over the contract's and its client's
    columns reads every contract with its client (60 ms at 20,000 contracts); apart, the
    trigram indexes of the numbers, titles and client names answer each."""
    by_client = Client.objects.filter(
        Q(short_name__icontains=query) | Q(edrpou__startswith=query)
    ).values("pk")
    latest_ending = (F("end_date").desc(nulls_first=True), "number")
    found: dict[int, Contract] = {}
    for condition in (
        Q(number__icontains=query) | Q(title__icontains=query),
        Q(client__in=by_client),
    ):
        rows = visible.filter(condition).select_related("client").order_by(*latest_ending)
        for contract in rows[:LIMIT]:
            found[contract.pk] = contract
    # The queries' order: the latest end first (an open-ended contract before all), then
    # by number.
    ordered = sorted(found.values(), key=lambda contract: contract.number)
    ordered.sort(
        key=lambda contract: (contract.end_date is None, contract.end_date or date.min),
        reverse=True,
    )
    return ordered[:LIMIT]


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
