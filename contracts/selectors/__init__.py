"""Reads the contract screens share: the lists, the page, the timeline.

`contracts.selectors.lists`, `.page` and `.timeline`; re-exported here so that
``from contracts.selectors import X`` works for every screen.
"""

from contracts.selectors.calendar import calendar_for_contract
from contracts.selectors.lists import (
    EXPIRING_WITHIN_DAYS,
    contract_list,
    contracts_expiring,
    mark_expiry,
    portfolio_clients,
    stage_counts,
    support_managers,
)
from contracts.selectors.page import (
    contract_claims,
    contract_handoffs,
    contract_page_queryset,
    site_histories,
    termination_checklist,
)
from contracts.selectors.timeline import (
    TIMELINE_PAGE_SIZE,
    TimelineEntry,
    TimelinePage,
    contract_timeline,
)

__all__ = [
    "EXPIRING_WITHIN_DAYS",
    "TIMELINE_PAGE_SIZE",
    "TimelineEntry",
    "TimelinePage",
    "calendar_for_contract",
    "contract_claims",
    "contract_handoffs",
    "contract_list",
    "contract_page_queryset",
    "contract_timeline",
    "contracts_expiring",
    "mark_expiry",
    "portfolio_clients",
    "site_histories",
    "stage_counts",
    "support_managers",
    "termination_checklist",
]
