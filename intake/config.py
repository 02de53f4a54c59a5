"""The support mailboxes, from settings: ``imaps://user:password@host[:port]/FOLDER``.

``imaps`` is IMAP over TLS (port 993), ``imap`` with ``?starttls`` (or ``imap+starttls``)
upgrades a plain connection (port 143); plain ``imap`` without TLS is for loopback tests
only. A URL without a password takes INTAKE_IMAP_PASSWORD (or the file that
INTAKE_IMAP_PASSWORD_FILE names).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings

SECURITY_BY_SCHEME = {"imaps": "tls", "imap+starttls": "starttls", "imap": "plain"}
DEFAULT_PORTS = {"tls": 993, "starttls": 143, "plain": 143}


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    user: str
    password: str
    folder: str
    security: str

    @property
    def source(self) -> str:
        """The mailbox's name in InboundMessage.source (no secret in it)."""
        return f"{self.user}@{self.host}/{self.folder}"[:255]


def parse_mailbox_url(url: str, *, default_password: str = "") -> MailboxConfig:
    parts = urlsplit(url.strip())
    security = SECURITY_BY_SCHEME.get(parts.scheme.lower())
    if security is None:
        raise ValueError(f"unsupported mailbox scheme {parts.scheme!r}: use imaps or imap")
    if security == "plain" and "starttls" in parse_qs(parts.query, keep_blank_values=True):
        security = "starttls"
    if not parts.hostname or not parts.username:
        raise ValueError("a mailbox URL needs a user and a host")
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return MailboxConfig(
        host=parts.hostname,
        port=parts.port or DEFAULT_PORTS[security],
        user=unquote(parts.username),
        password=unquote(parts.password) if parts.password else default_password,
        folder=folder,
        security=security,
    )


def configured_mailboxes() -> list[MailboxConfig]:
    password = getattr(settings, "INTAKE_IMAP_PASSWORD", "")
    urls = [url for url in getattr(settings, "INTAKE_IMAP_URLS", []) if url.strip()]
    return [parse_mailbox_url(url, default_password=password) for url in urls]
