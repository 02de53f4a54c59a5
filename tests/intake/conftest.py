import imaplib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from intake.config import parse_mailbox_url
from tests.claims.factories import SupportContractFactory
from tests.clients.factories import ContactFactory
from tests.intake.dovecot import DOVECOT, PASSWORD, USER, start_dovecot


@pytest.fixture
def contract(manager):
    return SupportContractFactory(client__account_manager=manager, manager=manager)


@pytest.fixture
def contact(contract):
    return ContactFactory(
        client=contract.client, name="Олена Петренко", email="olena@client.example"
    )


@pytest.fixture(scope="session")
def dovecot():
    """A real IMAP server on loopback for the whole session (skipped without dovecot)."""
    if not os.path.exists(DOVECOT):
        pytest.skip("needs Dovecot (apt-get install dovecot-imapd): /usr/sbin/dovecot is absent")
    root = Path(tempfile.mkdtemp(prefix="casedesk-dovecot-"))
    root.chmod(0o755)
    server = start_dovecot(root)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


class Mailbox:
    """One empty folder of the test server per test, and a way to deliver into it."""

    def __init__(self, server, folder):
        self.server = server
        self.folder = folder
        self.config = parse_mailbox_url(
            f"imap://{USER}:{PASSWORD}@127.0.0.1:{server.port}/{folder}"
        )

    def connect(self):
        client = imaplib.IMAP4("127.0.0.1", self.server.port)
        client.login(USER, PASSWORD)
        return client

    def deliver(self, *raw_messages):
        client = self.connect()
        try:
            for raw in raw_messages:
                status, data = client.append(self.folder, None, None, raw)
                assert status == "OK", data
        finally:
            client.logout()


@pytest.fixture
def mailbox(dovecot, request):
    folder = "T" + "".join(c for c in request.node.name if c.isalnum())[:60]
    box = Mailbox(dovecot, folder)
    client = box.connect()
    client.create(folder)
    client.logout()
    yield box
    client = box.connect()
    client.delete(folder)
    client.logout()
