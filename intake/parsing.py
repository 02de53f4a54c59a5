"""Reading one RFC 5322 message: its headers, its text, its HTML and its files.

Parsed with the standard ``email`` package (policy.default). Text parts are decoded
from the charset they declare, and when that is missing or wrong, from the charsets
Ukrainian clients really send (UTF-8, windows-1251, KOI8-U). HTML-only mail becomes
plain text for the claim; the HTML itself is kept for a sanitised view (`safe_html`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.errors import HeaderDefect, HeaderParseError, MessageDefect
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

import nh3
from bs4 import BeautifulSoup
from django.utils import timezone

# Defects after which the message's structure cannot be trusted (the text may be a
# whole undivided multipart, or cut short): such a message goes to triage.
BROKEN_STRUCTURE = (
    "StartBoundaryNotFoundDefect",
    "CloseBoundaryNotFoundDefect",
    "MultipartInvariantViolationDefect",
    "NoBoundaryInMultipartDefect",
)
TAG = re.compile(r"\[#(\d{1,12})\]")
REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|відп|пер|отв|пересл)\s*(\[\d+\])?\s*:\s*)+", re.I)
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
AUTO_SUBMITTED_SENDERS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "do-not-reply")


class UnreadableMessage(ValueError):
    """The message cannot be read at all; the reason goes to triage."""


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass
class ParsedMessage:
    message_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    from_address: str = ""
    from_name: str = ""
    subject: str = ""
    sent_at: datetime | None = None
    text: str = ""
    html: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    automatic: str = ""
    broken: str = ""

    @property
    def thread_ids(self) -> list[str]:
        """The message ids this one answers, the nearest first."""
        ids = MESSAGE_ID.findall(self.in_reply_to) + list(reversed(self.references))
        return list(dict.fromkeys(ids))

    @property
    def claim_tag(self) -> int | None:
        """The claim number in a ``[#123]`` tag of the subject."""
        found = TAG.search(self.subject)
        return int(found.group(1)) if found else None

    @property
    def clean_subject(self) -> str:
        return REPLY_PREFIX.sub("", TAG.sub("", self.subject)).strip()


def _lowercase_share(text: str) -> int:
    # Ordinary prose is mostly lowercase: read as the wrong one of windows-1251 and KOI8-U,
    # the same bytes come out mostly uppercase (the two tables swap the cases).
    return sum(1 for char in text if "а" <= char <= "я" or char in "іїєґ")


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """``data`` as text: the declared charset, else UTF-8, else the likelier of
    windows-1251 and KOI8-U; never failing."""
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    readings = [data.decode(name, errors="replace") for name in ("windows-1251", "koi8-u")]
    return max(readings, key=_lowercase_share)


def _raw_header(message: Message, name: str) -> str | None:
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return None


def _header(message: Message, name: str) -> str:
    """A header as text; 8-bit bytes a client put in it unencoded are decoded as well."""
    raw = _raw_header(message, name)
    if raw is None:
        return ""
    if any("\udc80" <= char <= "\udcff" for char in raw):
        text = decode_bytes(raw.encode("ascii", "surrogateescape"))
    else:
        try:
            text = str(message.get(name))
        except (ValueError, IndexError, TypeError):  # a header the registry cannot parse
            text = raw
    return " ".join(text.split())


def _encoded_name(message: Message) -> str | None:
    """The sender's name decoded from its RFC 2047 words, or None if it has none.

    The space between two encoded words is no part of the text (RFC 2047, 6.2), and a
    mail program splits a long name wherever its bytes run out: "Олегів" "на". Python's
    address parser keeps that space ("Гордієнко Марина Олегів на"); the older decoder
    joins the words, so the name is read from the raw header with it.
    """
    raw = _raw_header(message, "From")
    if not raw or "=?" not in raw or any("\udc80" <= char <= "\udcff" for char in raw):
        return None
    pairs = getaddresses([raw])
    if not pairs or "=?" not in pairs[0][0]:
        return None
    try:
        return " ".join(str(make_header(decode_header(pairs[0][0]))).split())
    except (HeaderParseError, UnicodeDecodeError, LookupError, ValueError):
        return None


def _sender(message: Message) -> tuple[str, str]:
    try:
        header = message.get("From")
        addresses: tuple[Address, ...] = getattr(header, "addresses", ())
        if addresses:
            first = addresses[0]
            name = _encoded_name(message)
            return first.addr_spec.lower(), name or str(first.display_name or "")
    except (ValueError, IndexError, TypeError):
        pass
    pairs = getaddresses([_header(message, "From")])
    name, address = pairs[0] if pairs else ("", "")
    return address.lower(), name


def _sent_at(message: Message) -> datetime | None:
    value = _header(message, "Date")
    if not value:
        return None
    try:
        sent = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if sent is None:
        return None
    if timezone.is_naive(sent):
        sent = timezone.make_aware(sent, timezone.get_fixed_timezone(0))
    return sent


def automatic_reason(message: Message, from_address: str) -> str:
    """Why the message was written by a machine (an auto-reply, a bounce, a list), or ''."""
    auto = _header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = _header(message, "Precedence").lower()
    if precedence in {"bulk", "junk", "list", "auto_reply"}:
        return f"Precedence: {precedence}"
    for name in (
        "List-Id",
        "List-Unsubscribe",
        "X-Autoreply",
        "X-Autorespond",
        "X-Auto-Response-Suppress",
    ):
        if message.get(name) is not None:
            return f"{name}: {_header(message, name)}"[:200]
    return_path = _header(message, "Return-Path")
    if return_path.strip() == "<>":
        return "Return-Path: <>"
    if not from_address:
        return "From: <>"
    local_part = from_address.split("@", 1)[0]
    if local_part in AUTO_SUBMITTED_SENDERS:
        return f"From: {from_address}"
    if message.get_content_type() == "multipart/report":
        return "Content-Type: multipart/report"
    return ""


BLOCKS = (
    "p",
    "div",
    "br",
    "li",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
)


def html_to_text(html: str) -> str:
    """The text a reader sees: paragraphs on their lines, scripts and styles left out."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "head", "title"]):
        hidden.decompose()
    for block in soup.find_all(BLOCKS):
        block.insert_after("\n")
    lines = [" ".join(line.split()) for line in soup.get_text().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def safe_html(html: str) -> str:
    """The message's HTML with scripts, handlers, forms and remote content removed."""
    return nh3.clean(
        html,
        tags=nh3.ALLOWED_TAGS - {"img"},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return decode_bytes(payload, part.get_content_charset())


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except (ValueError, IndexError, TypeError):
        name = ""
    return " ".join(name.split()).replace("/", "_").replace("\\", "_")[:200]


def _forwarded(part: Message) -> str:
    inner = part.get_payload(0) if part.is_multipart() else None
    if not isinstance(inner, Message):
        return ""
    text, html, _files = _walk(inner)
    body = text or html_to_text(html)
    return (
        f"---------- Forwarded message ----------\nFrom: {_header(inner, 'From')}\n"
        f"Date: {_header(inner, 'Date')}\nSubject: {_header(inner, 'Subject')}\n\n{body}"
    )


def _walk(message: Message) -> tuple[str, str, list[Attachment]]:
    """The text, the HTML and the files of ``message``, the first body of each kind."""
    texts: list[str] = []
    htmls: list[str] = []
    files: list[Attachment] = []
    parts = [message] if not message.is_multipart() else list(message.iter_parts())  # type: ignore[attr-defined]
    while parts:
        part = parts.pop(0)
        kind = part.get_content_type()
        filename = _filename(part)
        if kind == "message/rfc822":
            texts.append(_forwarded(part))
        elif part.is_multipart():
            parts[0:0] = list(part.iter_parts())  # type: ignore[attr-defined]
        elif filename or part.get_content_disposition() == "attachment":
            data = part.get_payload(decode=True)
            files.append(
                Attachment(filename or "attachment", kind, data if isinstance(data, bytes) else b"")
            )
        elif kind == "text/plain":
            texts.append(_part_text(part))
        elif kind == "text/html":
            htmls.append(_part_text(part))
    return "\n\n".join(t for t in texts if t.strip()), "\n".join(htmls), files


def _defects(message: Message) -> str:
    found: list[str] = []
    for part in message.walk():
        for defect in getattr(part, "defects", []):
            if isinstance(defect, MessageDefect) and not isinstance(defect, HeaderDefect):
                found.append(type(defect).__name__)
    broken = [name for name in found if name in BROKEN_STRUCTURE]
    return ", ".join(dict.fromkeys(broken))


def parse_message(raw: bytes) -> ParsedMessage:
    """Everything intake needs from the message ``raw``; UnreadableMessage if nothing."""
    if not raw.strip():
        raise UnreadableMessage("empty message")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception as error:  # the parser is meant never to raise: be sure
        raise UnreadableMessage(f"{type(error).__name__}: {error}") from error
    return read_message(message)


def read_message(message: Message) -> ParsedMessage:
    parsed = read_headers(message)
    if not isinstance(message, EmailMessage):
        raise UnreadableMessage("not parsed with policy.default")
    try:
        parsed.text, parsed.html, parsed.attachments = _walk(message)
    except (LookupError, ValueError, TypeError, IndexError, AttributeError) as error:
        raise UnreadableMessage(f"{type(error).__name__}: {error}") from error
    parsed.broken = _defects(message)
    if not parsed.text.strip() and parsed.html:
        parsed.text = html_to_text(parsed.html)
    return parsed


def read_headers(message: Message) -> ParsedMessage:
    address, name = _sender(message)
    ids = MESSAGE_ID.findall(_header(message, "Message-ID"))
    return ParsedMessage(
        message_id=ids[0] if ids else "",
        in_reply_to=_header(message, "In-Reply-To"),
        references=MESSAGE_ID.findall(_header(message, "References")),
        from_address=address,
        from_name=name,
        subject=_header(message, "Subject"),
        sent_at=_sent_at(message),
        automatic=automatic_reason(message, address),
    )


def parse_headers(raw: bytes) -> ParsedMessage:
    """Only the headers: for a message over the size limit."""
    header_end = re.search(rb"\r?\n\r?\n", raw)
    head = raw[: header_end.end()] if header_end else raw
    return read_headers(BytesParser(policy=policy.default).parsebytes(head, headersonly=True))
