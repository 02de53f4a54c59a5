"""Messages per second through the intake, for a batch of 1,000 (``python -m intake.measure``).

Against a throwaway database (SQLite in a temporary folder unless DATABASE_URL is set):
clients with contacts and one contract each, and a mixed batch of real RFC 5322
messages (new claims, replies on them, HTML-only, attachments, strangers, auto-replies).
With ``--imap URL`` the batch is appended to that mailbox and read back over IMAP;
otherwise it goes through the same ingest service as an .eml import.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def _setup(database_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database_dir / 'measure.sqlite3'}")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = database_dir / "media"
    call_command("migrate", verbosity=0, interactive=False)


def _world(clients: int) -> list[str]:
    from contracts.models import Stage
    from tests.claims.factories import SupportContractFactory
    from tests.clients.factories import ContactFactory

    addresses = []
    for _n in range(clients):
        contract = SupportContractFactory(stage=Stage.SUPPORT)
        addresses.append(str(ContactFactory(client=contract.client).email))
    return addresses


def _batch(size: int, addresses: list[str]) -> list[bytes]:
    from tests.intake import messages

    batch: list[bytes] = []
    for n in range(size):
        sender = addresses[n % len(addresses)]
        kind = n % 10
        if kind == 0:
            batch.append(messages.html_only(sender=sender))
        elif kind == 1:
            batch.append(messages.with_attachments(sender=sender))
        elif kind == 2:
            batch.append(messages.plain(sender=f"stranger{n}@elsewhere.example"))
        elif kind == 3:
            batch.append(messages.auto_reply(sender=sender))
        elif kind in (4, 5) and n > 10:
            batch.append(
                messages.plain(
                    sender=addresses[(n - 6) % len(addresses)],
                    in_reply_to=f"<m{n - 6}@client.example>",
                )
            )
        else:
            batch.append(messages.plain(sender=sender, message_id=f"<m{n}@client.example>"))
    return batch


def _ingest(batch: list[bytes]) -> float:
    from intake.services import message_ingest
    from intake.services.ingest import eml_incoming

    started = time.perf_counter()
    for raw in batch:
        message_ingest(incoming=eml_incoming(raw))
    return time.perf_counter() - started


def _over_imap(batch: list[bytes], url: str) -> float:
    import imaplib

    from intake.config import parse_mailbox_url
    from intake.services import mailbox_fetch

    config = parse_mailbox_url(url)
    client = imaplib.IMAP4(config.host, config.port)
    client.login(config.user, config.password)
    for raw in batch:
        client.append(config.folder, "", "", raw)
    client.logout()
    started = time.perf_counter()
    mailbox_fetch(config)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--imap", help="imap://user:password@host:port/FOLDER (an empty folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="intake-measure-") as folder:
        _setup(Path(folder))
        from django.db.models import Count

        from intake.models import InboundMessage

        batch = _batch(args.messages, _world(args.clients))
        seconds = _over_imap(batch, args.imap) if args.imap else _ingest(batch)
        processed = InboundMessage.objects.count()
        outcomes = dict(InboundMessage.objects.values_list("outcome").annotate(n=Count("id")))
        print(
            f"intake: {processed} messages in {seconds:.2f} s = {processed / seconds:.0f} messages/s "
            f"({'IMAP' if args.imap else 'ingest'}; {outcomes})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
