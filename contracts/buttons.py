"""How the contract screens show stages and moves.

The table (`contracts.transitions.TRANSITIONS`) says what a move does; this says what its
button looks like: its icon, its Bootstrap colour and the question asked before a move
that cannot be taken back. One button per move of the table (tests/contracts check it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from contracts.models import Stage


@dataclass(frozen=True)
class Button:
    icon: str
    style: str = "primary"
    confirm: str | Promise | None = None


BUTTONS: dict[str, Button] = {
    "conclude": Button("bi-check2-circle", style="success"),
    "extend": Button("bi-calendar-plus"),
    "begin_termination": Button(
        "bi-hourglass-split",
        style="warning",
        confirm=gettext_lazy(
            "Begin terminating this contract? HR, production and accounting will be asked to prepare."
        ),
    ),
    "close": Button(
        "bi-lock", style="danger", confirm=gettext_lazy("Close this contract for good?")
    ),
    "cancel": Button(
        "bi-x-circle",
        style="danger",
        confirm=gettext_lazy("Cancel this contract? It will not be concluded."),
    ),
}


# The colour of each stage's badge in the lists; the ended stages are grey.
STAGE_BADGES: dict[str, str] = {
    Stage.PREPARATION: "info",
    Stage.SUPPORT: "success",
    Stage.TERMINATION: "warning",
}


def stage_badge(stage: str) -> str:
    return STAGE_BADGES.get(stage, "secondary")


def url_name(transition_name: str) -> str:
    """The URL of a move: one per move of the table (`contracts.urls`)."""
    return f"contracts:{transition_name}"
