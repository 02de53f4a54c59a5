"""Every change to a contract and the records under it goes through one of these functions.

- `contracts.services.stages`: the stage moves and the hand-offs they open;
- `contracts.services.records`: the contract's details, agreements and obligations;
- `contracts.services.lines`: its service lines and staffing (with their timeline events);
- `contracts.services.termination`: the termination checklist;
- `contracts.services.archive`: the archive and back;
- `contracts.services.expiry`: the expiry warnings and their follow-ups.

The moves follow `contracts.transitions.TRANSITIONS`, re-exported here with the service
functions so that ``from contracts.services import X`` keeps working.
"""

from contracts.services.archive import contract_archive, contract_restore
from contracts.services.expiry import (
    EXPIRY_WARNING,
    EXPIRY_WARNING_PASSED,
    contract_warn_expiry,
    contracts_warn_expiry,
    expiry_deadline,
    expiry_thresholds,
)
from contracts.services.lines import (
    SERVICE_LINE_FIELDS,
    STAFFING_FIELDS,
    service_line_add,
    service_line_delete,
    service_line_update,
    staffing_add,
    staffing_delete,
    staffing_update,
)
from contracts.services.records import (
    CONTRACT_FIELDS,
    TERM_FIELDS,
    agreement_add,
    contract_create,
    contract_update,
    obligation_add,
    obligation_fulfil,
)
from contracts.services.stages import (
    contract_begin_termination,
    contract_cancel,
    contract_close,
    contract_conclude,
    contract_extend,
    contract_request_site_survey,
)
from contracts.services.termination import (
    termination_item_add,
    termination_item_remove,
    termination_item_tick,
    termination_prefill,
)
from contracts.transitions import (
    OPEN_STAGES,
    TRANSITIONS,
    allowed_transitions,
    close_blockers,
    conclude_blockers,
)

__all__ = [
    "CONTRACT_FIELDS",
    "EXPIRY_WARNING",
    "EXPIRY_WARNING_PASSED",
    "OPEN_STAGES",
    "SERVICE_LINE_FIELDS",
    "STAFFING_FIELDS",
    "TERM_FIELDS",
    "TRANSITIONS",
    "agreement_add",
    "allowed_transitions",
    "close_blockers",
    "conclude_blockers",
    "contract_archive",
    "contract_begin_termination",
    "contract_cancel",
    "contract_close",
    "contract_conclude",
    "contract_create",
    "contract_extend",
    "contract_request_site_survey",
    "contract_restore",
    "contract_update",
    "contract_warn_expiry",
    "contracts_warn_expiry",
    "expiry_deadline",
    "expiry_thresholds",
    "obligation_add",
    "obligation_fulfil",
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
