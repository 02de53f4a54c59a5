"""The pickers' JSON endpoint and what each picker offers: contracts, clients, sites, claims
and users (the form side, widget and field, is `org.autocomplete`).

The endpoint starts from the same ``visible_to(user)`` rule as the lists, so a picker
never offers a row its user may not see.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from claims.models import Claim
from claims.posts import post_label
from clients.models import Client, Site
from contracts.models import Contract, StaffingRequirement, Stage
from org.models import User
from org.params import ascii_id
from org.roles import Role
from org.selectors import represented_user_ids
from search.views import AuthenticatedRequest

RESULTS_LIMIT = 20
# The users picker's ``role`` for the people who may be appointed support manager.
APPOINTABLE = "appointable"
QUERY_MAX_LENGTH = 100

M = TypeVar("M", bound=models.Model)
# The query string: request.GET, or a plain dict in a test.
Params = Mapping[str, str]


class BadParameter(ValueError):
    """A query parameter the endpoint cannot use: answered with 400 and the reason."""


def _id_param(params: Params, name: str) -> int | None:
    raw = params.get(name, "")
    if raw == "":
        return None
    number = ascii_id(raw)
    if number is None:
        raise BadParameter(gettext("“%(name)s” must be an id.") % {"name": name})
    return number


# --- what each picker offers -------------------------------------------------------------


def _clients(user: User, params: Params) -> QuerySet[Client]:
    rows = Client.objects.visible_to(user)
    if params.get("own") == "1" and not user.is_director:
        # A new contract is opened only for the clients one manages or covers.
        rows = rows.of_managers(represented_user_ids(user))
    return rows


def _client_matches(query: str) -> Q:
    return (
        Q(short_name__icontains=query)
        | Q(legal_name__icontains=query)
        | Q(edrpou__startswith=query)
    )


def _search_clients(rows: QuerySet[Client], query: str, params: Params) -> QuerySet[Client]:
    return rows.filter(_client_matches(query))


def _contracts(user: User, params: Params) -> QuerySet[Contract]:
    rows = Contract.objects.visible_to(user).select_related("client")
    client_id = _id_param(params, "client")
    if client_id is not None:
        rows = rows.filter(client_id=client_id)
    stages = [stage for stage in params.get("stages", "").split(",") if stage]
    if stages:
        if not set(stages) <= set(Stage.values):
            raise BadParameter(gettext("Unknown stage."))
        rows = rows.filter(stage__in=stages)
    return rows


def _search_contracts(rows: QuerySet[Contract], query: str, params: Params) -> QuerySet[Contract]:
    # A union of two indexed lookups (the number's trigram index; the matched clients'
    # contracts by client_id): with an OR instead PostgreSQL scans every contract.
    clients = Client.objects.filter(_client_matches(query)).values("pk")
    by_number = Contract.objects.filter(number__icontains=query).order_by().values("pk")
    by_client = Contract.objects.filter(client_id__in=clients).order_by().values("pk")
    return rows.filter(pk__in=by_number.union(by_client))


def _sites(user: User, params: Params) -> QuerySet[Site]:
    rows = Site.objects.filter(client_id__in=Client.objects.visible_to(user).values("pk"))
    client_id = _id_param(params, "client")
    if client_id is not None:
        rows = rows.filter(client_id=client_id)
    contract_id = _id_param(params, "contract")
    if contract_id is not None:
        contracts = Contract.objects.filter(pk=contract_id)
        rows = rows.filter(client_id__in=contracts.values("client_id"))
    return rows


def _search_sites(rows: QuerySet[Site], query: str, params: Params) -> QuerySet[Site]:
    return rows.filter(Q(name__icontains=query) | Q(address__icontains=query))


def _posts(user: User, params: Params) -> QuerySet[StaffingRequirement]:
    """The staffing posts of the contracts ``user`` sees, of one contract or site if asked."""
    rows = StaffingRequirement.objects.filter(
        contract_id__in=Contract.objects.visible_to(user).values("pk")
    ).select_related("site")
    contract_id = _id_param(params, "contract")
    if contract_id is not None:
        rows = rows.filter(contract_id=contract_id)
    site_id = _id_param(params, "site")
    if site_id is not None:
        rows = rows.filter(Q(site_id=site_id) | Q(site__isnull=True))
    return rows


def _search_posts(
    rows: QuerySet[StaffingRequirement], query: str, params: Params
) -> QuerySet[StaffingRequirement]:
    return rows.filter(Q(post__icontains=query) | Q(site__name__icontains=query))


def _claims(user: User, params: Params) -> QuerySet[Claim]:
    rows = Claim.objects.visible_to(user)
    contract_id = _id_param(params, "contract")
    if contract_id is not None:
        rows = rows.filter(contract_id=contract_id)
    return rows


def _search_claims(rows: QuerySet[Claim], query: str, params: Params) -> QuerySet[Claim]:
    """By number (``#123``); by subject within the chosen contract; else by contract number.

    A subject search over every claim would read the whole table (a million rows): it is
    offered only where the contract bounds it.
    """
    if (number := ascii_id(query.lstrip("#"))) is not None:
        return rows.filter(pk=number)
    if params.get("contract"):
        return rows.filter(subject__icontains=query)
    contracts = Contract.objects.filter(number__icontains=query)
    return rows.filter(contract_id__in=contracts.order_by().values("pk"))


def _users(user: User, params: Params) -> QuerySet[User]:
    """Users only as a picker needs them: a department's members, or the support managers."""
    rows = User.objects.filter(is_active=True)
    department_id = _id_param(params, "department")
    if department_id is not None:
        if not (user.is_director or user.department_id == department_id):
            return rows.none()
        return rows.filter(department_id=department_id)
    if params.get("role") == APPOINTABLE:
        # Whom the general director may appoint support manager: anyone active not yet one.
        if not user.has_role(Role.GENERAL_DIRECTOR):
            return rows.none()
        return rows.exclude(groups__name=Role.SUPPORT_MANAGER)
    if params.get("role") == Role.SUPPORT_MANAGER:
        if not (user.manages_clients or user.is_department_member):
            return rows.none()
        return rows.filter(groups__name=Role.SUPPORT_MANAGER)
    raise BadParameter(gettext("Say whose users: a department or the support managers."))


def _search_users(rows: QuerySet[User], query: str, params: Params) -> QuerySet[User]:
    for word in query.split()[:3]:
        rows = rows.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(username__istartswith=word)
        )
    return rows


@dataclass(frozen=True)
class Source(Generic[M]):
    rows: Callable[[User, Params], QuerySet[M]]
    search: Callable[[QuerySet[M], str, Params], QuerySet[M]]
    label: Callable[[M], str]
    order: tuple[str, ...]


def _client_label(client: Client) -> str:
    return f"{client.short_name} · {client.edrpou}"


def _contract_label(contract: Contract) -> str:
    return f"№ {contract.number} · {contract.client.short_name}"


def _site_label(site: Site) -> str:
    return f"{site.name} · {site.address}" if site.address else site.name


def _user_label(user: User) -> str:
    return user.get_full_name() or user.username


# Each picker's model differs: Any stands for "the Source's own model".
SOURCES: dict[str, Source[Any]] = {
    "clients": Source(_clients, _search_clients, _client_label, ("short_name", "id")),
    "contracts": Source(_contracts, _search_contracts, _contract_label, ("number", "id")),
    "sites": Source(_sites, _search_sites, _site_label, ("name", "id")),
    "posts": Source(_posts, _search_posts, post_label, ("post", "id")),
    # Newest first: the claim one hands off is nearly always a recent one.
    "claims": Source(_claims, _search_claims, str, ("-received_at", "-id")),
    "users": Source(_users, _search_users, _user_label, ("last_name", "first_name", "id")),
}


@require_GET
def autocomplete(request: AuthenticatedRequest, source: str) -> JsonResponse:
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
