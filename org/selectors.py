"""Reads about people that every app shares: on whose behalf a user acts, who receives what."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from calendars.selectors import schedule_for_id
from calendars.working_time import Schedule
from org.errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from org.models import AbsenceCover, Department, User


def represented_user_ids(user: User, *, on: date | None = None) -> set[int]:
    """The user's own id plus those of the managers they cover on the day ``on`` (today).

    Read once per request for the signed-in user (`org.backends` gives it a cache)."""
    day = on or timezone.localdate()
    cache = getattr(user, "request_cache", None)
    if cache is not None and ("represented", day) in cache:
        return set(cache["represented", day])
    absent_ids = (
        AbsenceCover.objects.active_on(day).filter(cover=user).values_list("absent_id", flat=True)
    )
    represented = {user.pk, *absent_ids}
    if cache is not None:
        cache["represented", day] = frozenset(represented)
    return represented


def current_cover(user: User, *, on: date | None = None) -> User | None:
    """Who acts for ``user`` on the day ``on`` (today), if they are away."""
    day = on or timezone.localdate()
    cover = AbsenceCover.objects.active_on(day).filter(absent=user).select_related("cover").first()
    return cover.cover if cover else None


def current_cover_id(absent_field: str, *, on: date | None = None) -> Subquery:
    """An annotation: the id of who acts today (or ``on``) for the user in ``absent_field``,
    chosen as `current_cover` chooses, so a page reads it with its main row."""
    day = on or timezone.localdate()
    covers = AbsenceCover.objects.active_on(day).filter(absent=OuterRef(absent_field))
    return Subquery(covers.order_by("-starts_on").values("cover_id")[:1])


def cover_with_id(cover_id: int | None, *, viewer: User) -> User | None:
    """The cover that `current_cover_id` named; no query when it is the viewer or nobody."""
    if cover_id is None:
        return None
    if cover_id == viewer.pk:
        return viewer
    return User.objects.filter(pk=cover_id).first()


def resolve_recipient(user: User, *, on: date | None = None) -> User:
    """Whom to tell what is addressed to ``user``: their cover while they are away."""
    return current_cover(user, on=on) or user


def acting_for(actor: User, owner: User | None, *, on: date | None = None) -> User | None:
    """The user ``actor`` acts for when handling what ``owner`` owns, if not themself.

    Services record it so that an action by a cover reads "by X for Y".
    """
    if owner is None or actor.pk == owner.pk:
        return None
    day = on or timezone.localdate()
    covers = AbsenceCover.objects.active_on(day).filter(cover=actor, absent=owner).exists()
    return owner if covers else None


def department_members(department_id: int | None) -> QuerySet[User]:
    """The active people of a department, by name: assignee pickers and workload figures."""
    people = User.objects.filter(is_active=True)
    if department_id is None:
        people = people.filter(department__isnull=True)
    else:
        people = people.filter(department_id=department_id)
    return people.order_by("last_name", "first_name", "username")


class Owned(Protocol):
    """A record a support manager answers for: a client, a contract, a claim, a hand-off."""

    @property
    def owner_id(self) -> int | None: ...


def may_act_on(user: User, record: Owned, *, represented: set[int] | None = None) -> bool:
    """The one rule for acting on what a manager owns (their clients, contracts, claims and
    the hand-offs they requested): directors on everything, a support manager on their own
    and on what the managers they cover today own. Everyone else who can see it may only look."""
    if not user.is_authenticated:
        return False
    if user.is_director:
        return True
    if not user.is_support_manager:
        return False
    represented = represented if represented is not None else represented_user_ids(user)
    return record.owner_id in represented


def ensure_may_act_on(user: User, record: Owned, *, message: StrOrPromise | None = None) -> None:
    """`may_act_on`, for a service: refuse with ``DomainError(code="forbidden")``."""
    if not may_act_on(user, record):
        raise DomainError(
            message or _("Only the manager responsible, their cover or a director may do this."),
            code="forbidden",
        )


def calendar_for_department(department: Department | None) -> Schedule:
    """When ``department``'s hand-off clocks run: its calendar, else the company default
    (also for a follow-up, which has no department). Cached (`calendars.selectors`)."""
    return schedule_for_id(department.calendar_id if department is not None else None)
