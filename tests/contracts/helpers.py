"""What the contract tests share: the checks of a refused move, a small valid PDF."""

import pytest

from contracts.models import Agreement, Contract, StageEvent
from handoffs.models import Handoff, Kind
from org.errors import DomainError

# The smallest file the document checks take for a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def snapshot(contract):
    contract = Contract.objects.get(pk=contract.pk)
    return (
        contract.stage,
        contract.end_date,
        contract.signed_on,
        StageEvent.objects.filter(contract=contract).count(),
        Handoff.objects.filter(contract=contract).count(),
        contract.history.count(),
        Agreement.objects.filter(contract=contract).count(),
    )


def refused(call, contract, match):
    before = snapshot(contract)
    with pytest.raises(DomainError, match=match):
        call()
    assert snapshot(contract) == before


def handoffs_by_kind(contract):
    return {
        (h.kind, h.department.code if h.department else None, h.assignee_id)
        for h in Handoff.objects.filter(contract=contract).exclude(kind=Kind.SITE_SURVEY)
    }
