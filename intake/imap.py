"""The one place that speaks IMAP (through imap-tools): list, size and fetch by UID.

Messages are read with BODY.PEEK, so reading marks nothing; what was processed is
known from InboundMessage rows, keyed on the folder's UIDVALIDITY and the UID.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted

from intake.config import MailboxConfig

SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
UID = re.compile(rb"UID (\d+)")
TIMEOUT = 60


class MailboxError(OSError):
    """The server refused a command."""


@dataclass
class FetchedMessage:
    uid: int
    size: int
    raw: bytes
    headers_only: bool


class MailboxReader:
    def __init__(self, box: BaseMailBox, config: MailboxConfig) -> None:
        self.box = box
        self.config = config
        status = box.folder.status(config.folder, ["UIDVALIDITY"])
        self.uidvalidity = int(status["UIDVALIDITY"])

    def uids(self) -> list[int]:
        return sorted(int(uid) for uid in self.box.uids("ALL"))

    def sizes(self, uids: list[int]) -> dict[int, int]:
        """Each message's size, before its body is read (several hundred UIDs a command)."""
        sizes: dict[int, int] = {}
        for start in range(0, len(uids), 500):
            chunk = ",".join(str(uid) for uid in uids[start : start + 500])
            status, data = self.box.client.uid("FETCH", chunk, "(RFC822.SIZE)")
            if status != "OK":
                raise MailboxError(f"FETCH RFC822.SIZE failed: {data!r}")
            for line in data:
                text = line[0] if isinstance(line, tuple) else line
                if not isinstance(text, bytes):
                    continue
                uid, size = UID.search(text), SIZE.search(text)
                if uid and size:
                    sizes[int(uid.group(1))] = int(size.group(1))
        return sizes

    def fetch(self, uid: int, *, size: int, headers_only: bool = False) -> FetchedMessage | None:
        part = "BODY.PEEK[HEADER]" if headers_only else "BODY.PEEK[]"
        status, data = self.box.client.uid("FETCH", str(uid), f"({part})")
        if status != "OK":
            raise MailboxError(f"FETCH {uid} failed: {data!r}")
        for item in data:
            if isinstance(item, tuple) and isinstance(item[1], bytes):
                return FetchedMessage(uid=uid, size=size, raw=item[1], headers_only=headers_only)
        return None  # expunged meanwhile


def _mailbox(config: MailboxConfig) -> BaseMailBox:
    if config.security == "tls":
        return MailBox(
            config.host, config.port, timeout=TIMEOUT, ssl_context=ssl.create_default_context()
        )
    if config.security == "starttls":
        return MailBoxStartTls(
            config.host, config.port, timeout=TIMEOUT, ssl_context=ssl.create_default_context()
        )
    return MailBoxUnencrypted(config.host, config.port, timeout=TIMEOUT)


@contextmanager
def open_mailbox(config: MailboxConfig) -> Iterator[MailboxReader]:
    box = _mailbox(config).login(config.user, config.password, initial_folder=config.folder)
    try:
        yield MailboxReader(box, config)
    finally:
        with suppress(OSError, ValueError, AttributeError):  # already gone: nothing to free
            box.logout()
