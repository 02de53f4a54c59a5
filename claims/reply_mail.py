"""Our replies as e-mail: the claim tag, the thread's headers, the support address.

The Message-ID is made once, when the reply is written, so that a retried send carries
the same one and the client's answer finds the claim (`intake.selectors.claim_of_thread`).
"""

from __future__ import annotations

import re
from email.header import Header
from email.message import Message
from email.utils import formataddr, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage

from claims.correspondence import ClaimMessage

# A thread's References keep the first message and the latest ones (RFC 5322 §3.6.4
# allows trimming); a long correspondence must not grow the header without end.
REFERENCES_KEPT = 20
MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def support_address() -> str:
    """The address our replies come from and the client's answers go to."""
    return parseaddr(settings.CLAIM_REPLY_FROM_EMAIL)[1] or "casedesk@localhost"


def mail_domain() -> str:
    return support_address().rpartition("@")[2] or "localhost"


def new_message_id() -> str:
    return make_msgid(idstring="claim", domain=mail_domain())


def claim_tag(claim_id: int) -> str:
    return f"[#{claim_id}]"


def tagged_subject(subject: str, claim_id: int) -> str:
    """``subject`` with the claim tag in it, once."""
    subject = " ".join(subject.split())
    tag = claim_tag(claim_id)
    return subject if tag in subject else f"{tag} {subject}".strip()


def thread_headers(parent: ClaimMessage | None) -> tuple[str, str]:
    """In-Reply-To and References of a reply to ``parent`` (the thread's last letter)."""
    if parent is None or not parent.message_id:
        return "", ""
    ids = [*MESSAGE_ID.findall(parent.references), parent.message_id]
    ids = list(dict.fromkeys(ids))
    if len(ids) > REFERENCES_KEPT:
        ids = [ids[0], *ids[-(REFERENCES_KEPT - 1) :]]
    return parent.message_id, " ".join(ids)


class ReplyEmail(EmailMessage):
    """Django encodes a non-ASCII subject as one encoded word without counting the
    "Subject: " before it, so a Cyrillic subject of some 50 letters folds before its
    first word, and parsers (Python's among them) read the subject with a leading
    space. Encoded knowing its header's name, the first line is filled instead (set past
    Django's own ``__setitem__``, which would turn the header back into text)."""

    def message(self, *args, **kwargs):
        message = super().message(*args, **kwargs)
        del message["Subject"]
        subject = Header(str(self.subject), header_name="Subject")
        Message.__setitem__(message, "Subject", subject)
        return message


def reply_email(reply: ClaimMessage) -> EmailMessage:
    """The e-mail of ``reply``, with its files, ready for Django's e-mail backend."""
    headers = {"Message-ID": reply.message_id, "Reply-To": support_address()}
    if reply.in_reply_to:
        headers["In-Reply-To"] = reply.in_reply_to
    if reply.references:
        headers["References"] = reply.references
    if reply.automatic:
        # RFC 3834: an automatic answer; well-behaved responders do not answer it back.
        headers["Auto-Submitted"] = "auto-replied"
        headers["X-Auto-Response-Suppress"] = "All"
    email = ReplyEmail(
        subject=reply.subject,
        body=reply.body,
        from_email=formataddr((reply.from_name, reply.from_address)),
        to=list(reply.to_addresses),
        headers=headers,
    )
    for attachment in reply.attachments.all():
        with attachment.file.open("rb") as stored:
            email.attach(attachment.filename, stored.read(), attachment.content_type)
    return email
