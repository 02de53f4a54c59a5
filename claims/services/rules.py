"""What every claim service shares: who may act on a claim."""

from django.utils.translation import gettext as _


def may_not() -> str:
    """The refusal when someone else tries to act on a claim, in the reader's language."""
    return _("Only the contract's manager, their cover or a director may do this.")
