"""Real RFC 5322 messages for the intake tests, built with email.message."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain(
    *,
    sender: str = "Олена Петренко <olena@client.example>",
    subject: str = "Не прибрано в холі",
    body: str = "Доброго дня! Сьогодні в холі не прибрано.",
    charset: str = "utf-8",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@casedesk.example"
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="client.example")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body, charset=charset, cte="8bit" if charset != "utf-8" else None)
    return message.as_bytes()


def html_only(*, sender: str = "olena@client.example", html: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@casedesk.example"
    message["Subject"] = "Скарга: прибирання"
    message["Message-ID"] = make_msgid(domain="client.example")
    message.set_content(
        html
        or (
            "<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
            "<body><p>Прибиральниця <b>не вийшла</b> на зміну.</p><br>"
            '<a href="javascript:alert(2)" onclick="steal()">тут</a>'
            '<img src="https://tracker.example/pixel.gif"></body></html>'
        ),
        subtype="html",
    )
    return message.as_bytes()


def with_attachments(*, sender: str = "olena@client.example") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@casedesk.example"
    message["Subject"] = "Акт з фото"
    message["Message-ID"] = make_msgid(domain="client.example")
    message.set_content("Надсилаю акт і фото.")
    message.add_alternative("<p>Надсилаю акт і фото.</p>", subtype="html")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="акт.pdf")
    message.add_attachment(
        docx_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="лист.docx",
    )
    message.add_attachment(
        b"MZ\x90\x00 not a pdf", maintype="application", subtype="pdf", filename="invoice.pdf"
    )
    message.add_attachment(
        b"@echo off", maintype="application", subtype="octet-stream", filename="run.bat"
    )
    return message.as_bytes()


def forwarded(*, sender: str = "olena@client.example") -> bytes:
    inner = EmailMessage()
    inner["From"] = "Орендар <tenant@other.example>"
    inner["Subject"] = "Брудно на сходах"
    inner["Date"] = format_datetime(timezone.now())
    inner.set_content("На сходах третій день брудно.")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@casedesk.example"
    message["Subject"] = "Fwd: Брудно на сходах"
    message["Message-ID"] = make_msgid(domain="client.example")
    message.set_content("Пересилаю скаргу орендаря.")
    message.add_attachment(inner)
    return message.as_bytes()


def auto_reply(*, sender: str = "olena@client.example") -> bytes:
    return plain(
        sender=sender,
        subject="Автовідповідь: Re: Заявка [#1]",
        body="Я у відпустці до понеділка.",
        headers={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"},
    )


def bounce() -> bytes:
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.client.example>\r\n"
        "To: support@casedesk.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: {make_msgid(domain='mx.client.example')}\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.client.example\r\n\r\nFinal-Recipient: rfc822; x@y\r\n"
        "--B--\r\n"
    ).encode()


def large(size: int = 30 * 1024 * 1024, *, sender: str = "olena@client.example") -> bytes:
    head = plain(sender=sender, subject="Фото з об'єкта", body="Дивіться фото.")
    filler = b"\r\nX" + b"A" * 76
    lines = size // len(filler) + 1
    return head + filler * lines


def malformed(*, sender: str = "olena@client.example") -> bytes:
    return (
        f"From: {sender}\r\n"
        "To: support@casedesk.example\r\n"
        "Subject: =?utf-8?b?0JfQsNGP0LLQutCw?=\r\n"
        f"Message-ID: {make_msgid(domain='client.example')}\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="NEVER-THERE"\r\n'
        "\r\n"
        "--WRONG\r\nContent-Type: text/plain\r\n\r\nтекст без межі\r\n"
    ).encode()
