"""Taking a hand-off out of the inbox and the lists, and bringing it back."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from handoffs.models import Handoff
from org.archiving import archive_record
from org.models import User
from org.selectors import ensure_may_act_on


def _ensure_may_archive(actor: User, handoff: Handoff) -> None:
    ensure_may_act_on(
        actor,
        handoff,
        message=_("Only who requested the hand-off, their cover or a director may archive it."),
    )


@transaction.atomic
def handoff_archive(*, actor: User, handoff: Handoff) -> Handoff:
    """Take the hand-off out of the inbox and the lists; nothing is deleted."""
    _ensure_may_archive(actor, handoff)
    return archive_record(Handoff.objects, pk=handoff.pk, actor=actor)


@transaction.atomic
def handoff_restore(*, actor: User, handoff: Handoff) -> Handoff:
    _ensure_may_archive(actor, handoff)
    return archive_record(Handoff.objects, pk=handoff.pk, actor=actor, archive=False)
