"""Reads the client screens share: the list with its counts, the page, who may edit."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from clients.models import Client
from org.models import User
from org.roles import Role

# Contract stages that count as "open" on the client list. Named here, not imported,
# because contracts sit above clients in the app layers.
OPEN_CONTRACT_STAGES = ("preparation", "support", "termination")


def support_managers(*, including: int | None = None) -> QuerySet[User]:
    """Active users who hold the support-manager role: those a client can be assigned to.

    ``including`` (a user id) stays in the choice even without the role, so that editing
    a client whose manager was dismissed does not fail on a field the user did not touch.
    """
    wanted = Q(groups__name=Role.SUPPORT_MANAGER, is_active=True)
    if including is not None:
        wanted |= Q(pk=including)
    return User.objects.filter(wanted).distinct()


def client_list(*, user: User, archived: bool | None = False) -> QuerySet[Client]:
    """The clients ``user`` sees (live, or ``archived`` ones), with their account manager,
    in name order."""
    return (
        Client.objects.visible_to(user, archived=archived)
        .select_related("account_manager")
        .order_by("short_name", "pk")
    )


def with_open_contract_counts(clients: QuerySet[Client]) -> QuerySet[Client]:
    """``clients`` with ``open_contracts``: how many of each one's contracts are not over."""
    return clients.annotate(
        open_contracts=Count("contracts", filter=Q(contracts__stage__in=OPEN_CONTRACT_STAGES))
    )
