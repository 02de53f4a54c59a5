"""The deal handover: sales hand a concluded deal's documents to the support manager.

A contract's conclusion opens the hand-off with `deal_handover_prepare`; sales complete
it with `deal_handover_complete`, which records which documents, who on the client's
side and from when, then completes the hand-off with those in its result.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from handoffs.handover_models import DealDocument, DealHandover
from handoffs.models import Handoff, Kind
from handoffs.rules import HandoffRules
from handoffs.services.moves import handoff_complete
from org.errors import DomainError
from org.models import User
from org.records import lock_row


def deal_handover_prepare(*, handoff: Handoff) -> DealHandover:
    """The handover's fields for ``handoff``, its start date the contract's by default."""
    contract: Any = handoff.contract
    if handoff.kind != Kind.DEAL_HANDOVER or contract is None:
        raise ValueError("a deal handover is a deal-handover hand-off on a contract")
    return DealHandover.objects.create(
        handoff=handoff, contract=contract, start_date=contract.start_date
    )


def _checked_documents(documents: Iterable[str], other: str) -> list[str]:
    chosen = [code for code in DealDocument.values if code in set(documents)]
    if not chosen:
        raise DomainError(_("Tick the documents you hand over."), code="documents")
    if len(chosen) != len(set(documents)):
        raise DomainError(_("Choose the documents from the list."), code="documents")
    if DealDocument.OTHER in chosen and not other.strip():
        raise DomainError(_("Name the other documents."), code="other_documents")
    return chosen


def _checked_contact(handover: DealHandover, contact: Any) -> Any:
    if contact is not None and contact.client_id != handover.contract.client_id:
        raise DomainError(_("The contact works for another client."), code="client_contact")
    return contact


def handover_summary(handover: DealHandover) -> str:
    """The handover's fields as lines of text: the hand-off's result and the timeline's note."""
    lines = [_("Documents: %(list)s.") % {"list": ", ".join(handover.document_labels())}]
    if handover.client_contact is not None:
        lines.append(
            _("Contact on the client's side: %(name)s.") % {"name": handover.client_contact}
        )
    if handover.start_date is not None:
        lines.append(
            _("Start date: %(date)s.") % {"date": formats.date_format(handover.start_date, "d.m.Y")}
        )
    return "\n".join(lines)


@transaction.atomic
def deal_handover_complete(
    *,
    actor: User,
    handoff: Handoff,
    documents: Iterable[str],
    other_documents: str = "",
    client_contact: Any = None,
    start_date: datetime.date | None = None,
    result: str = "",
) -> Handoff:
    """Record what sales hand over and complete the hand-off with it."""
    HandoffRules(actor).check("complete", handoff)
    # Locked: of two completions at once, the second waits and is refused by the table.
    handover = lock_row(
        DealHandover.objects.select_related("contract", "client_contact"), pk=handoff.pk
    )
    other_documents = (other_documents or "").strip()
    handover.documents = _checked_documents(documents, other_documents)
    handover.other_documents = other_documents if DealDocument.OTHER in handover.documents else ""
    handover.client_contact = _checked_contact(handover, client_contact)
    handover.start_date = start_date
    handover.filled_at = timezone.now()
    handover.save()
    summary = handover_summary(handover)
    note = (result or "").strip()
    return handoff_complete(
        actor=actor, handoff=handoff, result=f"{summary}\n{note}" if note else summary
    )
