"""Seconds to send 100 replies from claims through Django's SMTP backend to a local SMTP
sink (aiosmtpd): ``python -m tests.claims.measure_replies [--replies N]``.

Against a throwaway SQLite database: one client, its contact and one claim per reply; each
reply is written by the service (the outbox row, the thread's headers) and sent by the
task, one SMTP connection per reply as the worker sends them. Printed: the time to write
them, the time to send them, and what the sink received.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def _setup(folder: Path, port: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'measure.sqlite3'}")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = folder / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.CLAIM_REPLY_FROM_EMAIL = "Підтримка <support@casedesk.example>"
    call_command("migrate", verbosity=0, interactive=False)


def _claims(count: int) -> list:
    from claims.services import IncomingLetter, claim_record_incoming
    from tests.claims.factories import ClaimFactory, SupportContractFactory
    from tests.clients.factories import ContactFactory

    contract = SupportContractFactory()
    contact = ContactFactory(client=contract.client, email="olena@client.example")
    claims = []
    for n in range(count):
        claim = ClaimFactory(contract=contract, reported_by=contact)
        claim_record_incoming(
            claim=claim,
            letter=IncomingLetter(
                message_id=f"<m{n}@client.example>",
                from_address=contact.email,
                subject="Не прибрано в холі",
                body="Сьогодні не прибрано.",
            ),
        )
        claims.append(claim)
    return claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=100)
    args = parser.parse_args(argv)
    from tests.claims.smtp_sink import SmtpSink

    sink = SmtpSink().start()
    try:
        with tempfile.TemporaryDirectory(prefix="replies-measure-") as folder:
            _setup(Path(folder), sink.port)
            from claims.models import ClaimMessage
            from claims.services import claim_reply, replies
            from claims.tasks import send_claim_reply

            # Written now, sent below: the test settings would run the send task in-process
            # at each commit, and the two times would mix.
            replies._enqueue = lambda reply: None

            claims = _claims(args.replies)
            manager = claims[0].contract.manager
            body = "Доброго дня!\n\nПрибиральниця вже на об'єкті.\n\nЗ повагою, менеджер"
            started = time.perf_counter()
            written_replies = [
                claim_reply(
                    actor=manager, claim=claim, to=["olena@client.example"], subject="", body=body
                )
                for claim in claims
            ]
            written = time.perf_counter() - started
            started = time.perf_counter()
            for reply in written_replies:
                send_claim_reply.run(reply.pk)
            sent = time.perf_counter() - started
            sent_rows = ClaimMessage.objects.filter(status="sent").count()
    finally:
        sink.stop()
    print(
        f"replies: {len(written_replies)} written in {written:.2f} s, "
        f"sent through SMTP in {sent:.2f} s ({len(written_replies) / sent:.0f} replies/s); "
        f"{sent_rows} marked sent, "
        f"{len(sink.received)} received by the sink"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
