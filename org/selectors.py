"""Reads about people that every app shares: on whose behalf a user acts, who receives what."""

from django.utils import timezone

from org.models import AbsenceCover, User


def represented_user_ids(user, *, on=None) -> set[int]:
    """The user's own id plus those of the managers they cover on the day ``on`` (today)."""
    day = on or timezone.localdate()
    absent_ids = (
        AbsenceCover.objects.active_on(day).filter(cover=user).values_list("absent_id", flat=True)
    )
    return {user.pk, *absent_ids}


def current_cover(user, *, on=None) -> User | None:
    """Who acts for ``user`` on the day ``on`` (today), if they are away."""
    day = on or timezone.localdate()
    cover = AbsenceCover.objects.active_on(day).filter(absent=user).select_related("cover").first()
    return cover.cover if cover else None


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
