"""Every change to a claim goes through one of these functions.

- `registration`: a client's claim registered and its due times set;
- `routing`: which departments fix it (the `RoutingRule`s) and their fix hand-offs;
- `moves`: respond, resolve, close, reopen (the table is `claims.transitions`);
- `records`: comments, the note that every hand-off is done, archiving;
- `posts`: the site, staffing post and shift a registered claim concerns;
- `recurrence`: the recurring-problem rule, evaluated as a claim is registered;
- `waiting`: waiting for the client (the fix clock stops) and resuming;
- `priority`: a priority change and the due times computed again;
- `replies`: the correspondence with the client (replies, letters, the acknowledgement)
  and the claim's files.
"""

from claims.services.moves import (
    claim_close,
    claim_reopen,
    claim_resolve,
    claim_respond,
    resolve_blockers,
)
from claims.services.posts import claim_name_post
from claims.services.priority import claim_set_priority
from claims.services.records import (
    claim_archive,
    claim_comment,
    claim_note_handoffs_done,
    claim_restore,
)
from claims.services.registration import (
    CLAIM_REGISTERED,
    REGISTRABLE_STAGES,
    claim_register,
    registration_refusals,
)
from claims.services.replies import (
    IncomingLetter,
    MailFile,
    claim_acknowledge,
    claim_attach,
    claim_record_incoming,
    claim_reply,
    claim_reply_resend,
)
from claims.services.routing import route_departments
from claims.services.waiting import claim_resume, claim_resume_on_client_answer, claim_wait
from claims.transitions import allowed_actions

__all__ = [
    "CLAIM_REGISTERED",
    "REGISTRABLE_STAGES",
    "IncomingLetter",
    "MailFile",
    "allowed_actions",
    "claim_acknowledge",
    "claim_archive",
    "claim_attach",
    "claim_close",
    "claim_comment",
    "claim_name_post",
    "claim_note_handoffs_done",
    "claim_record_incoming",
    "claim_register",
    "claim_reopen",
    "claim_reply",
    "claim_reply_resend",
    "claim_resolve",
    "claim_respond",
    "claim_restore",
    "claim_resume",
    "claim_resume_on_client_answer",
    "claim_set_priority",
    "claim_wait",
    "registration_refusals",
    "resolve_blockers",
    "route_departments",
]
