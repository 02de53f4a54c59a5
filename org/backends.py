"""Sign-in backend: the signed-in user and their roles come in one query per request."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, QuerySet

from org.roles import Role

ROLE_FLAG = "role_flag_{}"


def with_role_flags(users: QuerySet[Any]) -> QuerySet[Any]:
    """Annotate each user with one boolean per role, read by `User.roles`."""
    return users.annotate(
        **{
            ROLE_FLAG.format(role.value): Exists(
                Group.objects.filter(user=OuterRef("pk"), name=role.value)
            )
            for role in Role
        }
    )


@cache
def _users_with_roles() -> QuerySet[Any]:
    """The request's user query, built once per process (its seven subqueries cost ≈ 2 ms
    of Python to build each time); every ``get`` clones it and never evaluates it."""
    return with_role_flags(get_user_model()._default_manager.select_related("department"))


class UserWithRolesBackend(ModelBackend):
    """Django's model backend, except that loading the user for a request also reads
    their roles: every page asks for them, and they would cost a query of their own."""

    def get_user(self, user_id: int) -> Any:
        users = _users_with_roles()
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        # Reads that several parts of one page repeat (`org.selectors`) keep their answer
        # here; the instance lives for this request only, so nothing goes stale.
        user.request_cache = {}
        return user
