"""Reading real RFC 5322 messages: charsets, HTML-only mail, files, forwarded and automatic mail."""

import pytest

from intake.config import parse_mailbox_url
from intake.parsing import UnreadableMessage, decode_bytes, parse_headers, parse_message, safe_html
from tests.intake import messages


@pytest.mark.parametrize("charset", ["utf-8", "windows-1251", "koi8-u"])
def test_text_is_decoded_from_the_charset_clients_send(charset):
    raw = messages.plain(charset=charset, body="Ґанок і їдальня не прибрані", subject="Скарга")
    parsed = parse_message(raw)
    assert parsed.text.strip() == "Ґанок і їдальня не прибрані"
    assert parsed.subject == "Скарга"
    assert parsed.from_address == "olena@client.example"
    assert parsed.from_name == "Олена Петренко"


def test_a_long_name_split_across_encoded_words_reads_whole():
    # What Python's own EmailMessage writes for this name: "Олегів" and "на" in two words.
    raw = (
        b"From: =?utf-8?b?0JPQvtGA0LTRltGU0L3QutC+INCc0LDRgNC40L3QsCDQntC70LXQs9GW0LI=?=\r\n"
        b" =?utf-8?q?=D0=BD=D0=B0?= <M.Hordiienko@arenacity.example>\r\n"
        b"Subject: =?utf-8?q?=D0=A1=D0=BA=D0=B0=D1=80=D0=B3=D0=B0?=\r\n\r\ntext"
    )
    parsed = parse_message(raw)
    assert parsed.from_name == "Гордієнко Марина Олегівна"
    assert parsed.from_address == "m.hordiienko@arenacity.example"


def test_a_quoted_name_with_a_comma_keeps_its_address():
    raw = b'From: "=?utf-8?q?=D0=9F=D0=B5=D1=82=D1=80=D0=B5=D0=BD=D0=BA=D0=BE=2C_=D0=9E?=" <o@c.ua>\r\n\r\nx'
    parsed = parse_message(raw)
    assert parsed.from_address == "o@c.ua"
    assert parsed.from_name == "Петренко, О"


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-u"])
def test_an_unknown_declared_charset_falls_back_to_the_likelier_cyrillic_one(charset):
    raw = messages.plain(charset=charset, body="Ґанок і їдальня не прибрані").replace(
        f'charset="{charset}"'.encode(), b'charset="x-unknown"'
    )
    assert parse_message(raw).text.strip() == "Ґанок і їдальня не прибрані"


def test_unencoded_8bit_headers_are_decoded():
    raw = "Скарга на прибирання".encode("koi8-u")
    parsed = parse_message(b"From: o@client.example\r\nSubject: " + raw + b"\r\n\r\ntext")
    assert parsed.subject == "Скарга на прибирання"


def test_decoding_never_fails():
    assert decode_bytes(b"\xff\xfe\x00abc", "utf-8")


def test_html_only_mail_becomes_clean_text_and_keeps_its_html():
    parsed = parse_message(messages.html_only())
    assert parsed.text == "Прибиральниця не вийшла на зміну.\n\nтут"
    assert "<script>" in parsed.html  # the original is kept as received


def test_the_html_shown_is_sanitised():
    shown = safe_html(parse_message(messages.html_only()).html)
    assert "<b>не вийшла</b>" in shown
    for dangerous in ("script", "javascript:", "onclick", "tracker.example", "<style"):
        assert dangerous not in shown


def test_attachments_are_found_with_their_names():
    parsed = parse_message(messages.with_attachments())
    assert parsed.text.strip() == "Надсилаю акт і фото."
    assert [a.filename for a in parsed.attachments] == [
        "акт.pdf",
        "лист.docx",
        "invoice.pdf",
        "run.bat",
    ]


def test_a_forwarded_message_keeps_the_forwarded_text():
    parsed = parse_message(messages.forwarded())
    assert "Пересилаю скаргу орендаря." in parsed.text
    assert "tenant@other.example" in parsed.text
    assert "На сходах третій день брудно." in parsed.text
    assert parsed.clean_subject == "Брудно на сходах"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (messages.auto_reply(), "Auto-Submitted: auto-replied"),
        (messages.bounce(), "From: mailer-daemon@mx.client.example"),
        (messages.plain(headers={"Precedence": "bulk"}), "Precedence: bulk"),
        (
            messages.plain(headers={"List-Id": "<news.client.example>"}),
            "List-Id: <news.client.example>",
        ),
        (messages.plain(headers={"X-Autoreply": "yes"}), "X-Autoreply: yes"),
        (messages.plain(headers={"Return-Path": "<>"}), "Return-Path: <>"),
    ],
)
def test_automatic_mail_is_recognised(raw, reason):
    assert parse_message(raw).automatic == reason


def test_a_person_s_mail_is_not_automatic():
    assert parse_message(messages.plain(headers={"Auto-Submitted": "no"})).automatic == ""


def test_a_broken_mime_structure_is_reported():
    assert "StartBoundaryNotFoundDefect" in parse_message(messages.malformed()).broken


def test_an_empty_message_is_unreadable():
    with pytest.raises(UnreadableMessage):
        parse_message(b"  \r\n")


def test_thread_ids_and_the_subject_tag():
    parsed = parse_message(
        messages.plain(
            subject="Re: Відп: [#42] Не прибрано", in_reply_to="<a@x>", references="<b@x> <a@x>"
        )
    )
    assert parsed.thread_ids == ["<a@x>", "<b@x>"]
    assert parsed.claim_tag == 42
    assert parsed.clean_subject == "Не прибрано"


def test_the_headers_of_a_large_message_are_read_alone():
    parsed = parse_headers(messages.large(size=1024 * 1024))
    assert parsed.subject == "Фото з об'єкта"
    assert parsed.text == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "imaps://support:s%40cret@mail.example/INBOX",
            ("mail.example", 993, "support", "s@cret", "INBOX", "tls"),
        ),
        (
            "imap://u:p@mail.example/Support?starttls",
            ("mail.example", 143, "u", "p", "Support", "starttls"),
        ),
        (
            "imap+starttls://u@mail.example:1143",
            ("mail.example", 1143, "u", "from-file", "INBOX", "starttls"),
        ),
        ("imap://u:p@127.0.0.1:10143/INBOX", ("127.0.0.1", 10143, "u", "p", "INBOX", "plain")),
    ],
)
def test_mailbox_urls(url, expected):
    config = parse_mailbox_url(url, default_password="from-file")
    assert (
        config.host,
        config.port,
        config.user,
        config.password,
        config.folder,
        config.security,
    ) == expected


def test_a_mailbox_url_of_another_scheme_is_refused():
    with pytest.raises(ValueError):
        parse_mailbox_url("pop3://u:p@mail.example/")
