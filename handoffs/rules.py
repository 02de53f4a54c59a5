"""Who may do what to a hand-off: the table (`handoffs.transitions`) says what the status
allows, these rules who among the users may do it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from handoffs.models import PERSONAL_KINDS, Handoff
from handoffs.transitions import TRANSITIONS
from org.errors import DomainError
from org.models import User
from org.selectors import represented_user_ids


class HandoffRules:
    """Who may do what to a hand-off, for one acting user.

    Reads nothing from the database but the absence covers, once: a list of
    fifty rows asks it fifty times for the cost of one query.
    """

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self._represented: set[int] | None = None

    @property
    def represented(self) -> set[int]:
        if self._represented is None:
            self._represented = represented_user_ids(self.actor)
        return self._represented

    def is_head_of(self, handoff: Handoff) -> bool:
        actor = self.actor
        return (
            handoff.department_id is not None
            and actor.is_department_head
            and actor.department_id == handoff.department_id
        )

    def is_member_of(self, handoff: Handoff) -> bool:
        actor = self.actor
        return (
            handoff.department_id is not None
            and actor.is_department_member
            and actor.department_id == handoff.department_id
        )

    def works_on(self, handoff: Handoff) -> bool:
        """May do the work itself: start, complete, decline."""
        if handoff.kind in PERSONAL_KINDS or handoff.department_id is None:
            return handoff.assignee_id in self.represented
        if self.is_head_of(handoff):
            return True
        return self.is_member_of(handoff) and handoff.assignee_id in (None, self.actor.pk)

    def is_requester(self, handoff: Handoff) -> bool:
        return (
            handoff.requested_by_id in self.represented
            or handoff.on_behalf_of_id in self.represented
        )

    def may(self, action: str, handoff: Handoff) -> bool:
        if handoff.status not in TRANSITIONS[action].sources:
            return False
        if action == "take":
            return (
                self.is_member_of(handoff)
                and handoff.assignee_id is None
                and handoff.kind not in PERSONAL_KINDS
            )
        if action == "assign":
            return self.is_head_of(handoff)
        if action == "reopen":
            return self.is_requester(handoff) or self.is_head_of(handoff)
        return self.works_on(handoff)

    def actions(self, handoff: Handoff) -> list[str]:
        """The actions the user may take now, in the table's order (for the templates)."""
        return [action for action in TRANSITIONS if self.may(action, handoff)]

    def check(self, action: str, handoff: Handoff) -> None:
        """Refuse ``action``: first if the status does not allow it (the table's words),
        then if this user may not do it (``forbidden``)."""
        TRANSITIONS.check(action, handoff.status)
        if not self.may(action, handoff):
            raise DomainError(_("You may not do this with this hand-off."), code="forbidden")
