"""What a transfer and a dismissal tell whom: message ids kept untranslated in the rows
(`org.models.Notification`), so that each reader sees them in their own language."""

from django.utils.translation import gettext_noop

TRANSFERRED_AWAY = gettext_noop(
    "Your portfolio was transferred to %(to)s: %(contracts)s contracts, %(clients)s clients, "
    "%(handoffs)s open hand-offs."
)
TRANSFERRED_TO_YOU = gettext_noop(
    "The portfolio of %(from)s was transferred to you: %(contracts)s contracts, "
    "%(clients)s clients, %(claims)s open claims, %(handoffs)s open hand-offs."
)
HANDOFFS_NEW_REQUESTER = gettext_noop(
    "%(count)s open hand-offs of your department now have %(to)s as their requester "
    "instead of %(from)s."
)
TRANSFER_FOR_EXECUTIVE = gettext_noop(
    "%(actor)s transferred the portfolio of %(from)s to %(to)s: %(contracts)s contracts, "
    "%(clients)s clients, %(claims)s open claims."
)
COVER_ENDED_FOR_ABSENT = gettext_noop(
    "%(cover)s no longer covers for you: they were dismissed. The executive director will "
    "assign another cover."
)
COVER_ENDED_FOR_EXECUTIVE = gettext_noop(
    "The absence cover of %(absent)s by %(cover)s ended: %(cover)s was dismissed. Assign "
    "another cover if it is still needed."
)
ABSENCE_ENDED_FOR_COVER = gettext_noop(
    "You no longer cover for %(absent)s: they were dismissed and their portfolio went to %(to)s."
)
APPOINTED = gettext_noop("You are appointed support manager by order № %(number)s of %(date)s.")
