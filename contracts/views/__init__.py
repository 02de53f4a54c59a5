"""The contract screens, by screen: lists, the page and its timeline, edits, records
under the contract, stage moves. `contracts.urls` reaches them all from here."""

from contracts.views.detail import contract_detail, contract_timeline_view
from contracts.views.edits import contract_create, contract_update
from contracts.views.lists import contract_list_view, portfolio
from contracts.views.records import (
    agreement_add,
    agreement_download,
    obligation_add,
    obligation_fulfil,
    service_line_add,
    service_line_delete,
    service_line_update,
    staffing_add,
    staffing_delete,
    staffing_update,
)
from contracts.views.stages import contract_transition, request_site_survey
from contracts.views.termination import (
    termination_item_add,
    termination_item_remove,
    termination_item_tick,
    termination_prefill,
)

__all__ = [
    "agreement_add",
    "agreement_download",
    "contract_create",
    "contract_detail",
    "contract_list_view",
    "contract_timeline_view",
    "contract_transition",
    "contract_update",
    "obligation_add",
    "obligation_fulfil",
    "portfolio",
    "request_site_survey",
    "service_line_add",
    "service_line_delete",
    "service_line_update",
    "staffing_add",
    "staffing_delete",
    "staffing_update",
    "termination_item_add",
    "termination_item_remove",
    "termination_item_tick",
    "termination_prefill",
]
