"""What a hand-off is about: a contract, a claim or a client, reached in one place.

Contracts and claims sit above hand-offs in the layers: they are reached through the
relations `Handoff` declares (`org.relations.related_model`), never by import or by name.
Clients sit below and are imported. The forms, the inbox filters, the create page and the
demo all look their subjects up here, within what the user may see.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple, Protocol, cast

from django.db import models

from clients.models import Client
from handoffs.models import Handoff
from org.models import User
from org.relations import related_model

Subject = Literal["contract", "claim", "client"]
SUBJECTS: tuple[Subject, ...] = ("contract", "claim", "client")

# How a picker lists each subject.
_PICKER_ORDER: dict[Subject, str] = {
    "contract": "number",
    "claim": "-received_at",
    "client": "short_name",
}


class _VisibleManager(Protocol):
    """The manager every subject model has: the records a user may see."""

    def visible_to(self, user: User) -> models.QuerySet[Any]: ...


def subject_model(name: Subject) -> type[models.Model]:
    """The model of the subject ``name``."""
    return Client if name == "client" else related_model(Handoff, name)


def visible(name: Subject, user: User) -> models.QuerySet[Any]:
    """The records of subject ``name`` that ``user`` may see, in their picker's order."""
    manager = cast(_VisibleManager, subject_model(name)._default_manager)
    rows = manager.visible_to(user)
    if name == "contract":
        rows = rows.select_related("client")
    return rows.order_by(_PICKER_ORDER[name])


def visible_one(name: Subject, user: User, pk: int) -> Any | None:
    """The record ``pk`` of subject ``name`` if ``user`` may see it, else None."""
    manager = cast(_VisibleManager, subject_model(name)._default_manager)
    return manager.visible_to(user).filter(pk=pk).first()


def open_contracts() -> models.QuerySet[Any]:
    """Contracts being prepared or supported (the demo hangs its hand-offs on them)."""
    return cast(Any, subject_model("contract")._default_manager).open()


class Subjects(NamedTuple):
    contract: Any | None
    claim: Any | None
    client: Any | None


def completed(*, contract: Any | None, claim: Any | None, client: Any | None) -> Subjects:
    """The subjects with what the narrower one implies: a claim's contract, a contract's
    client (a hand-off about a claim is also about its contract and client)."""
    if claim is not None and contract is None:
        contract = claim.contract
    if contract is not None and client is None:
        client = contract.client
    return Subjects(contract, claim, client)
