import pytest

from claims.services import claim_register
from contracts.models import Priority, Stage
from tests.claims.factories import SupportContractFactory
from tests.clients.factories import ContactFactory, SiteFactory


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def contract(manager):
    return SupportContractFactory(client__account_manager=manager, manager=manager)


@pytest.fixture
def site(contract):
    return SiteFactory(client=contract.client)


@pytest.fixture
def contact(contract):
    return ContactFactory(client=contract.client)


@pytest.fixture
def register(manager, contract):
    """Register a claim through the service with sensible defaults."""

    def make(**kwargs):
        values = {
            "actor": manager,
            "contract": contract,
            "category": "service_quality",
            "priority": Priority.NORMAL,
            "subject": "Не прибрано в холі",
            "description": "Клієнт телефонував о 9:00",
            "channel": "phone",
        }
        values.update(kwargs)
        return claim_register(**values)

    return make


@pytest.fixture
def termination_contract(manager):
    return SupportContractFactory(
        client__account_manager=manager, manager=manager, stage=Stage.TERMINATION
    )


@pytest.fixture
def english():
    """Match refusal messages in English, whatever the catalogue holds."""
    from django.utils import translation

    with translation.override("en"):
        yield
