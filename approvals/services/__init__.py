"""Every change to a request to the directors goes through one of these functions.

- `drafts`: write, edit and attach files to a request before it is submitted, and draft
  a report's figures from the data;
- `decisions`: submit it, and each director's decision on it.
"""

from approvals.services.decisions import (
    DECISION_SERVICES,
    approval_acknowledge,
    approval_approve,
    approval_reject,
    approval_return,
    approval_submit,
)
from approvals.services.drafts import (
    EDITABLE_FIELDS,
    approval_attach_file,
    approval_create_draft,
    approval_draft_report,
    approval_refresh_figures,
    approval_remove_attachment,
    approval_set_figures,
    approval_update_draft,
)

__all__ = [
    "DECISION_SERVICES",
    "EDITABLE_FIELDS",
    "approval_acknowledge",
    "approval_approve",
    "approval_attach_file",
    "approval_create_draft",
    "approval_draft_report",
    "approval_refresh_figures",
    "approval_reject",
    "approval_remove_attachment",
    "approval_return",
    "approval_set_figures",
    "approval_submit",
    "approval_update_draft",
]
