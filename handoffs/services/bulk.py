"""One action on many selected hand-offs of the inbox: take, complete or assign them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from handoffs.models import Handoff
from handoffs.services.moves import handoff_assign, handoff_complete, handoff_take
from org.errors import DomainError
from org.models import User

BULK_ACTIONS = ("take", "complete", "assign")
# One form posts at most this many rows; the rest of a longer selection is left alone.
BULK_LIMIT = 200


@dataclass
class BulkOutcome:
    """How many rows moved, and each refused row's title with its reason."""

    done: int = 0
    refused: list[str] = field(default_factory=list)


def ensure_may_bulk(actor: User, action: str) -> None:
    """Only a department head assigns many rows at once (``forbidden`` for the others)."""
    if action == "assign" and not actor.is_department_head:
        raise DomainError(_("You may not do this with this hand-off."), code="forbidden")


def _selected(actor: User, ids: Sequence[int]) -> list[Handoff]:
    """The selected rows the actor sees (archived ones too, as on their pages), the first
    `BULK_LIMIT` ids only, soonest due first."""
    visible = Handoff.objects.visible_to(actor, archived=None)
    return list(visible.filter(pk__in=list(ids)[:BULK_LIMIT]).order_by("due_at", "id"))


def _mover(
    *, actor: User, action: str, result: str, assignee: User | None
) -> Callable[[Handoff], Handoff]:
    if action == "take":
        return lambda handoff: handoff_take(actor=actor, handoff=handoff)
    if action == "complete":
        if not result.strip():
            raise DomainError(_("Write the result before completing the hand-off."))
        return lambda handoff: handoff_complete(actor=actor, handoff=handoff, result=result)
    if action == "assign":
        return lambda handoff: handoff_assign(actor=actor, handoff=handoff, assignee=assignee)
    raise ValueError(f"no bulk action {action!r}")


def handoff_bulk(
    *,
    actor: User,
    action: str,
    ids: Sequence[int],
    result: str = "",
    assignee: User | None = None,
) -> BulkOutcome:
    """Apply ``action`` to each selected hand-off, each in its own transaction: a refused
    row (someone took it first, its status moved on) is counted and does not undo the rest.

    Refuses the whole action up front when the actor may not do it in bulk or a completion
    has no result.
    """
    ensure_may_bulk(actor, action)
    move = _mover(actor=actor, action=action, result=result, assignee=assignee)
    outcome = BulkOutcome()
    for handoff in _selected(actor, ids):
        try:
            move(handoff)
        except DomainError as error:
            outcome.refused.append(f"«{handoff.title}»: {error.message}")
        else:
            outcome.done += 1
    return outcome
