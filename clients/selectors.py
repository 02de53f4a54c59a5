"""Reads the client screens share: the list with its counts, the page, who may edit."""

from django.db.models import Count, Q

from clients.models import Client
from org.roles import Role
from org.selectors import represented_user_ids

# Contract stages that count as "open" on the client list. Named here, not imported,
# because contracts sit above clients in the app layers.
OPEN_CONTRACT_STAGES = ("preparation", "support", "termination")


def support_managers():
    """Active users who hold the support-manager role: those a client can be assigned to."""
    from org.models import User

    return User.objects.filter(groups__name=Role.SUPPORT_MANAGER, is_active=True).distinct()


def can_create_client(user) -> bool:
    return user.is_authenticated and (user.is_director or user.is_support_manager)


def can_manage_client(user, client) -> bool:
    """Directors manage every client; a support manager those of their portfolio and those
    of the managers they cover today. Everyone else may at most look."""
    if not user.is_authenticated:
        return False
    if user.is_director:
        return True
    return user.is_support_manager and client.account_manager_id in represented_user_ids(user)


def client_list(*, user):
    """The clients ``user`` sees, with their manager and the number of open contracts."""
    return (
        Client.objects.visible_to(user)
        .select_related("account_manager")
        .annotate(
            open_contracts=Count(
                "contracts", filter=Q(contracts__stage__in=OPEN_CONTRACT_STAGES), distinct=True
            )
        )
        .order_by("short_name", "pk")
    )
