"""Claim routing: which departments fix a claim, by its category and whether it is a
formal written claim (the rules are `RoutingRule` rows, edited in the admin), and the
fix hand-off each of them gets."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from claims.models import Claim, RoutingRule
from handoffs.models import Kind as HandoffKind
from handoffs.services import handoff_create
from org.errors import DomainError
from org.models import Department, User


def route_departments(*, category: str, is_formal: bool) -> list[Department]:
    """The departments a claim goes to by the active rules, each once, in a stable order."""
    matches = Q(category=category, formal_only=False)
    if is_formal:
        matches |= Q(formal_only=True)
    rules = (
        RoutingRule.objects.filter(matches, is_active=True)
        .select_related("department")
        .order_by("formal_only", "department__code")
    )
    departments: dict[int, Department] = {}
    for rule in rules:
        departments.setdefault(rule.department_id, rule.department)
    return list(departments.values())


def departments_for(*, category: str, is_formal: bool) -> list[Department]:
    """`route_departments`, refusing a claim that no rule routes."""
    departments = route_departments(category=category, is_formal=is_formal)
    if not departments:
        raise DomainError(
            _(
                "No routing rule sends a claim of this category to a department. "
                "Ask an administrator to set the routing rules."
            )
        )
    return departments


def fix_handoffs_open(
    claim: Claim, departments: list[Department], *, actor: User, on_behalf_of: User | None
) -> None:
    """One fix hand-off to each department, due when the claim's fix is."""
    contract = claim.contract
    title = _("Claim #%(number)s: %(subject)s") % {"number": claim.pk, "subject": claim.subject}
    for department in departments:
        handoff_create(
            actor=actor,
            kind=HandoffKind.CLAIM_FIX,
            title=title[:255],
            department=department,
            details=claim.description,
            due_at=claim.resolution_due_at,
            client=contract.client,
            contract=contract,
            claim=claim,
            on_behalf_of=on_behalf_of,
        )
