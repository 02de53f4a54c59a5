"""The claim list's sortable columns: the whitelist of ``?sort=`` values and their orders.

Each sort is one column and the id (keyset pages, `org.pagination`), each served by an
index (`Claim.Meta.indexes`). Priority sorts by severity and status by the workflow's
order, not alphabetically: both are integer ranks that expression indexes hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from claims.models import Claim, severity, status_rank


@dataclass(frozen=True)
class Sort:
    """A sortable column: its ``?sort=`` name, the field the rows are ordered by, and the
    direction a first click on its header asks for."""

    column: str
    field: str
    first_descending: bool


SORTS = {
    sort.column: sort
    for sort in (
        Sort("received", "received_at", first_descending=True),
        Sort("due", "resolution_due_at", first_descending=False),
        Sort("priority", "severity_rank", first_descending=True),
        Sort("status", "status_rank", first_descending=False),
    )
}
DEFAULT_SORT = "-received"


@dataclass(frozen=True)
class SortChoice:
    """The sort a request asked for (a whitelisted one, or the default)."""

    value: str

    @property
    def column(self) -> str:
        return self.value.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.value.startswith("-")

    @property
    def field(self) -> str:
        return SORTS[self.column].field

    def link(self, column: str) -> str:
        """The ``?sort=`` value of ``column``'s header: the other direction when it is the
        active column, its first direction otherwise."""
        if column == self.column:
            return column if self.descending else f"-{column}"
        return f"-{column}" if SORTS[column].first_descending else column


def sort_of(value: str | None) -> SortChoice:
    """The whitelisted sort ``value`` names; anything else is ignored for the default."""
    if isinstance(value, str) and value.lstrip("-") in SORTS and value.count("-") <= 1:
        return SortChoice(value)
    return SortChoice(DEFAULT_SORT)


def sortable(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """``claims`` with the ranks the priority and status columns sort by."""
    return claims.annotate(severity_rank=severity(), status_rank=status_rank())
