"""The shape of every ``visible_to(user)``: who sees which records.

Directors see everything; a support manager what their portfolio (and the portfolios of
the managers they cover today) reaches; a department member what their department's
hand-offs reach; nobody else anything. Each model says only what "reaches" means for it,
as two conditions: one over the represented managers' ids, one over a department id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

if TYPE_CHECKING:
    from org.archiving import ArchivableQuerySet
    from org.models import User

Rows = TypeVar("Rows", bound="ArchivableQuerySet")


def visible_rows(
    rows: Rows,
    user: User | AnonymousUser,
    *,
    archived: bool | None,
    portfolio: Callable[[set[int]], Q],
    department: Callable[[int], Q],
) -> Rows:
    """``rows`` as ``user`` may see them (live ones, or ``archived`` ones)."""
    from org.selectors import represented_user_ids

    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return rows.none()
    if user.is_director:
        return rows.by_archived(archived)
    visible = Q(pk__in=[])
    if user.is_support_manager:
        visible |= portfolio(represented_user_ids(user))
    if user.is_department_member and user.department_id is not None:
        visible |= department(user.department_id)
    return rows.filter(visible).by_archived(archived)
