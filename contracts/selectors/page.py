"""The contract page's reads: the contract with its records, its hand-offs and claims."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from contracts.models import (
    Agreement,
    Contract,
    Obligation,
    StaffingRequirement,
    Stage,
    TerminationItem,
)
from handoffs.models import OPEN_STATUSES, Handoff, Kind
from org.models import User
from org.selectors import current_cover_id

# The contract page shows this many of the contract's hand-offs and of its claims; the
# tabs' badges count them all (``handoff_count``, ``claim_count``), and the claim list
# filtered by the contract has every claim.
PAGE_ROWS = 20


def _count(rows: QuerySet[Any]) -> Coalesce:
    """How many of ``rows`` are on the outer contract, as a subquery of its query."""
    per_contract = (
        rows.filter(contract=OuterRef("pk"))
        .order_by()
        .values("contract")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(per_contract, output_field=IntegerField()), 0)


def contract_page_queryset(user: User) -> QuerySet[Contract]:
    """Everything the contract page lists, each in one query whatever its length, who
    covers its manager today (``manager_cover_id``), and how many hand-offs and claims
    on it ``user`` may see. The timeline loads on its own.

    Archived contracts included: the page still opens by its address.
    """
    # Claims sit above contracts: reached through the relation, never imported here.
    claim_model: Any = Contract._meta.get_field("claims").related_model
    return (
        Contract.objects.visible_to(user, archived=None)
        .select_related("client", "manager", "deal_handover__client_contact")
        .annotate(
            manager_cover_id=current_cover_id("manager_id"),
            handoff_count=_count(Handoff.objects.visible_to(user)),
            claim_count=_count(claim_model.objects.visible_to(user)),
        )
        .prefetch_related(
            "service_lines",
            "sites",
            Prefetch("staffing", queryset=StaffingRequirement.objects.select_related("site")),
            Prefetch("agreements", queryset=Agreement.objects.select_related("created_by")),
            Prefetch(
                "obligations",
                queryset=Obligation.objects.select_related("department", "fulfilled_by"),
            ),
        )
    )


# A termination checklist is filled in when termination begins: the pages of contracts in
# other stages do not read it (one query fewer on the pages opened most).
CHECKLIST_STAGES = frozenset({Stage.TERMINATION, Stage.CLOSED})


def termination_checklist(contract: Contract) -> list[TerminationItem]:
    """The steps of the contract's termination checklist still on it, in their order;
    none before termination."""
    if contract.stage not in CHECKLIST_STAGES:
        return []
    return list(
        TerminationItem.objects.filter(contract=contract, removed_at__isnull=True)
        .select_related("done_by")
        .order_by("pk")
    )


def contract_handoffs(contract: Contract, *, user: User, limit: int = PAGE_ROWS) -> list[Handoff]:
    """The hand-offs on the contract that ``user`` may see: the open ones first, by due
    date, then the latest closed ones."""
    return list(
        Handoff.objects.visible_to(user)
        .filter(contract=contract)
        .select_related("department", "assignee", "requested_by", "quality_audit")
        .annotate(
            closed=Case(
                When(status__in=OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by(
            "closed",
            Case(When(closed=0, then=F("due_at"))).asc(nulls_last=True),
            "-created_at",
            "-pk",
        )[:limit]
    )


def contract_claims(contract: Contract, *, user: User, limit: int = PAGE_ROWS) -> list[Any]:
    """The latest claims on the contract ``user`` may see (through the reverse relation:
    claims sit above contracts, so they are never imported here)."""
    return list(
        contract.claims.visible_to(user)
        .select_related("post")
        .order_by("-received_at", "-pk")[:limit]
    )


def site_histories(
    contract: Contract, *, claims: list[Any], handoffs: list[Handoff], per_site: int = 5
) -> list[dict[str, Any]]:
    """Each of the contract's sites with its latest claims on the contract (of the page's
    claims) and its open quality audits (of the page's hand-offs): no query of its own."""
    audits: dict[int, list[Any]] = {}
    for handoff in handoffs:
        if handoff.kind == Kind.QUALITY_AUDIT and handoff.is_open:
            audit = getattr(handoff, "quality_audit", None)
            if audit is not None:
                audits.setdefault(audit.site_id, []).append(audit)
    return [
        {
            "site": site,
            "claims": [claim for claim in claims if claim.site_id == site.pk][:per_site],
            "audits": audits.get(site.pk, []),
        }
        for site in contract.sites.all()
    ]
