"""Reads about people that every app shares: on whose behalf a user acts, who receives what."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from org.models import AbsenceCover, User


def represented_user_ids(user, *, on=None) -> set[int]:
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


def current_cover(user, *, on=None) -> User | None:
    """Who acts for ``user`` on the day ``on`` (today), if they are away."""
    day = on or timezone.localdate()
    cover = AbsenceCover.objects.active_on(day).filter(absent=user).select_related("cover").first()
    return cover.cover if cover else None


def current_cover_id(absent_field, *, on=None) -> Subquery:
    """An annotation: the id of who acts today (or ``on``) for the user in ``absent_field``,
    chosen as `current_cover` chooses, so a page reads it with its main row."""
    day = on or timezone.localdate()
    covers = AbsenceCover.objects.active_on(day).filter(absent=OuterRef(absent_field))
    return Subquery(covers.order_by("-starts_on").values("cover_id")[:1])


def cover_with_id(cover_id, *, viewer) -> User | None:
    """The cover that `current_cover_id` named; no query when it is the viewer or nobody."""
    if cover_id is None:
        return None
    if cover_id == viewer.pk:
        return viewer
    return User.objects.filter(pk=cover_id).first()


def resolve_recipient(user, *, on=None) -> User:
    """Whom to tell what is addressed to ``user``: their cover while they are away."""
    return current_cover(user, on=on) or user


def acting_for(actor, owner, *, on=None) -> User | None:
    """The user ``actor`` acts for when handling what ``owner`` owns, if not themself.

    Services record it so that an action by a cover reads "by X for Y".
    """
    if owner is None or actor.pk == owner.pk:
        return None
    day = on or timezone.localdate()
    covers = AbsenceCover.objects.active_on(day).filter(cover=actor, absent=owner).exists()
    return owner if covers else None


def may_act_for(user, owner_id, *, represented=None) -> bool:
    """The one rule for acting on what a manager owns (their clients, contracts, claims):
    directors on everything, a support manager on their own portfolio and on that of the
    managers they cover today. Everyone else who can see it may only look."""
    if not user.is_authenticated:
        return False
    if user.is_director:
        return True
    if not user.is_support_manager:
        return False
    represented = represented if represented is not None else represented_user_ids(user)
    return owner_id in represented
