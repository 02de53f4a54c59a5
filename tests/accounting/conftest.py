import datetime
from decimal import Decimal

import pytest

from contracts.models import Stage
from handoffs.models import Kind
from org.roles import Role
from tests.clients.factories import ClientFactory
from tests.contracts.factories import ContractFactory, ServiceLineFactory
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import department

MONTH = datetime.date(2026, 11, 1)


@pytest.fixture
def accountant(make_user):
    return make_user(Role.DEPARTMENT_STAFF, department="accounting")


@pytest.fixture
def make_contract(manager):
    """A contract in support for the whole of 2026 with the given service lines
    (service, quantity, unit, price), and the billing hand-off accounting works from."""

    def make(*lines, manager=manager, vat_rate=20, billed=True, **fields):
        client = ClientFactory(account_manager=manager)
        fields.setdefault("stage", Stage.SUPPORT)
        fields.setdefault("start_date", datetime.date(2026, 1, 1))
        fields.setdefault("end_date", datetime.date(2026, 12, 31))
        fields.setdefault("signed_on", datetime.date(2025, 12, 20))
        contract = ContractFactory(client=client, manager=manager, vat_rate=vat_rate, **fields)
        for service, quantity, unit, price in lines:
            ServiceLineFactory(
                contract=contract,
                service=service,
                quantity=Decimal(quantity),
                unit=unit,
                price=Decimal(price),
            )
        if billed:
            HandoffFactory(
                kind=Kind.BILLING_DATA,
                department=department("accounting"),
                contract=contract,
                client=client,
                requested_by=manager,
            )
        return contract

    return make
