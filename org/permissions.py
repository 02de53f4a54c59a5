"""Who may manage whom in the user admin: nobody hands out or touches more rights than their own.

A user's rights are their superuser and staff flags and the model permissions they hold,
directly or through their groups (roles). Roles whose groups carry no permissions (the
manager and department roles) add nothing to compare, so the general director still
appoints and dismisses managers and department staff.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from org.models import User


@dataclass(frozen=True)
class Rights:
    is_superuser: bool
    is_staff: bool
    permissions: frozenset[str]


def _permission_names(queryset: QuerySet[Permission]) -> frozenset[str]:
    return frozenset(
        f"{app_label}.{codename}"
        for app_label, codename in queryset.values_list("content_type__app_label", "codename")
    )


def rights_of(user: User) -> Rights:
    """What ``user`` holds now, read from the database: active or not (an inactive user's
    rights come back with them when they are reactivated)."""
    if user.pk is None:
        return Rights(user.is_superuser, user.is_staff, frozenset())
    permissions = Permission.objects.filter(Q(user=user) | Q(group__user=user)).distinct()
    return Rights(user.is_superuser, user.is_staff, _permission_names(permissions))


def rights_from(
    *,
    is_superuser: bool,
    is_staff: bool,
    groups: Iterable[Group],
    user_permissions: Iterable[Permission],
) -> Rights:
    """The rights a user would hold with these flags, groups and single permissions."""
    permissions = Permission.objects.filter(
        Q(pk__in=[permission.pk for permission in user_permissions])
        | Q(group__in=[group.pk for group in groups])
    ).distinct()
    return Rights(bool(is_superuser), bool(is_staff), _permission_names(permissions))


def exceeds(rights: Rights, actor: User) -> bool:
    """True when ``rights`` hold anything ``actor`` does not: the one rule of this module."""
    if actor.is_superuser:
        return False
    own = rights_of(actor)
    return (
        rights.is_superuser
        or (rights.is_staff and not own.is_staff)
        or not rights.permissions <= own.permissions
    )


def can_manage_user(actor: User, target: User) -> bool:
    """May ``actor`` change, deactivate, regroup or set the password of ``target``?"""
    return not exceeds(rights_of(target), actor)
