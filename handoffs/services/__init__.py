"""Every change to a hand-off goes through one of these functions.

What may happen in which status is one table, `handoffs.transitions.TRANSITIONS`; who
may do it is `handoffs.rules.HandoffRules`. The services enforce both; the templates read
them to show only the buttons that would work. Both are importable from here too.
"""

from handoffs.rules import HandoffRules
from handoffs.services.archive import handoff_archive, handoff_restore
from handoffs.services.bulk import (
    BULK_ACTIONS,
    BULK_LIMIT,
    BulkOutcome,
    ensure_may_bulk,
    handoff_bulk,
)
from handoffs.services.create import DEFAULT_DUE, default_due, handoff_create
from handoffs.services.discussion import handoff_attach, handoff_comment, validate_attachment
from handoffs.services.due import claim_fix_handoffs_postpone
from handoffs.services.handover import (
    deal_handover_complete,
    deal_handover_prepare,
    handover_summary,
)
from handoffs.services.moves import (
    handoff_assign,
    handoff_complete,
    handoff_decline,
    handoff_reopen,
    handoff_start,
    handoff_take,
)
from handoffs.transitions import TRANSITIONS

__all__ = [
    "BULK_ACTIONS",
    "BULK_LIMIT",
    "DEFAULT_DUE",
    "TRANSITIONS",
    "BulkOutcome",
    "HandoffRules",
    "claim_fix_handoffs_postpone",
    "deal_handover_complete",
    "deal_handover_prepare",
    "default_due",
    "ensure_may_bulk",
    "handoff_archive",
    "handoff_assign",
    "handoff_attach",
    "handoff_bulk",
    "handoff_comment",
    "handoff_complete",
    "handoff_create",
    "handoff_decline",
    "handoff_reopen",
    "handoff_restore",
    "handoff_start",
    "handoff_take",
    "handover_summary",
    "validate_attachment",
]
