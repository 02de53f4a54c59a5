import pytest

from tests.approvals.conftest import submitted  # noqa: F401
from tests.claims.conftest import contract, register  # noqa: F401
from tests.contracts.conftest import client_of, supported_contract  # noqa: F401
from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def allow_loopback(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.WEBHOOK_CONNECT_TIMEOUT = 1.0
    settings.WEBHOOK_READ_TIMEOUT = 1.0


@pytest.fixture
def english():
    """Messages and errors in English, whatever the catalogue says."""
    from django.utils import translation

    with translation.override("en"):
        yield
