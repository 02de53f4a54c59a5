"""Every change the mail intake makes: processing a message, and the triage actions."""

from intake.services.ingest import Incoming, message_ingest
from intake.services.mailboxes import FetchReport, mailbox_fetch, mailboxes_fetch
from intake.services.triage import message_attach, message_dismiss, message_make_claim

__all__ = [
    "FetchReport",
    "Incoming",
    "mailbox_fetch",
    "mailboxes_fetch",
    "message_attach",
    "message_dismiss",
    "message_ingest",
    "message_make_claim",
]
