"""Every change to a client report goes through one of these functions.

- `drafting`: draft a report (one contract, or every contract served in a month), edit
  its text, draw its figures from the data again;
- `approval`: submit it to the directors through the approvals flow;
- `sending`: send an approved report to the client's contacts, and the sending itself.
"""

from reports.services.approval import client_report_submit
from reports.services.drafting import (
    client_report_draft,
    client_report_refresh,
    client_report_update,
    client_reports_draft_month,
)
from reports.services.sending import client_report_send, report_delivery_send

__all__ = [
    "client_report_draft",
    "client_report_refresh",
    "client_report_send",
    "client_report_submit",
    "client_report_update",
    "client_reports_draft_month",
    "report_delivery_send",
]
