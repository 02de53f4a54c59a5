import datetime

import pytest
from django.utils import timezone

from handoffs.models import Kind, Status
from org.models import AbsenceCover
from org.roles import Role
from tests.clients.factories import ClientFactory, SiteFactory
from tests.contracts.factories import (
    ContractFactory,
    ServiceLineFactory,
    StaffingRequirementFactory,
)
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import department


@pytest.fixture
def client_of(manager):
    return ClientFactory(account_manager=manager)


@pytest.fixture
def ready_contract(client_of):
    """In preparation, with everything conclusion needs: dates, a service, a post, a survey."""
    contract = ContractFactory(client=client_of)
    ServiceLineFactory(contract=contract)
    StaffingRequirementFactory(contract=contract, site=SiteFactory(client=client_of))
    HandoffFactory(kind=Kind.SITE_SURVEY, status=Status.DONE, contract=contract, client=client_of)
    return contract


@pytest.fixture
def supported_contract(client_of):
    today = timezone.localdate()
    return ContractFactory(
        client=client_of,
        stage="support",
        start_date=today - datetime.timedelta(days=200),
        end_date=today + datetime.timedelta(days=120),
        signed_on=today - datetime.timedelta(days=210),
    )


@pytest.fixture
def cover(make_user, manager):
    """Another manager covering ``manager`` today."""
    colleague = make_user(Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    AbsenceCover.objects.create(
        absent=manager,
        cover=colleague,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=5),
    )
    return colleague


@pytest.fixture
def english():
    """Refusal messages in English, so that tests can name them as the code does."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def production_on(department_staff):
    """Give the production department a hand-off on ``contract``."""

    def give(contract):
        return HandoffFactory(department=department("production"), contract=contract)

    return give
