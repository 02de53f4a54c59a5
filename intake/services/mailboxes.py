"""Reading the support mailboxes: each new message processed on its own."""

from __future__ import annotations

import imaplib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from imap_tools.errors import ImapToolsError

from intake.config import MailboxConfig, configured_mailboxes
from intake.imap import open_mailbox
from intake.selectors import known_uids
from intake.services.ingest import Incoming, message_ingest

logger = logging.getLogger(__name__)


@dataclass
class FetchReport:
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def add(self, other: FetchReport) -> None:
        self.processed += other.processed
        self.skipped += other.skipped
        self.failed += other.failed
        for outcome, count in other.outcomes.items():
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + count

    def __str__(self) -> str:
        return f"{self.processed} processed, {self.skipped} skipped, {self.failed} failed {self.outcomes}"


def mailbox_fetch(config: MailboxConfig, *, limit: int | None = None) -> FetchReport:
    """Process the messages of one mailbox that no run has recorded yet, oldest first.

    A message that fails is logged and left unrecorded (its transaction rolled back):
    the next run reads it again, and it never holds up the messages after it.
    """
    report = FetchReport()
    with open_mailbox(config) as reader:
        known = known_uids(config.source, reader.uidvalidity)
        new = [uid for uid in reader.uids() if uid not in known][:limit]
        sizes = reader.sizes(new) if new else {}
        for uid in new:
            size = sizes.get(uid, 0)
            too_large = size > settings.INTAKE_MAX_MESSAGE_BYTES
            fetched = reader.fetch(uid, size=size, headers_only=too_large)
            if fetched is None:
                continue
            incoming = Incoming(
                source=config.source,
                raw=fetched.raw,
                size=size or len(fetched.raw),
                uidvalidity=reader.uidvalidity,
                uid=uid,
                headers_only=too_large,
            )
            try:
                row = message_ingest(incoming=incoming)
            except Exception:
                logger.exception(
                    "intake: message %s of %s failed; retried next run", uid, config.source
                )
                report.failed += 1
                continue
            if row is None:
                report.skipped += 1
            else:
                report.processed += 1
                report.outcomes[row.outcome] = report.outcomes.get(row.outcome, 0) + 1
    return report


def mailboxes_fetch(configs: list[MailboxConfig] | None = None) -> FetchReport:
    """Every configured mailbox; one that cannot be reached does not stop the others."""
    report = FetchReport()
    for config in configs if configs is not None else configured_mailboxes():
        try:
            report.add(mailbox_fetch(config))
        except (OSError, imaplib.IMAP4.error, ImapToolsError):
            logger.exception("intake: mailbox %s unreachable", config.source)
            report.failed += 1
    return report
