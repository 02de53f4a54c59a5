"""Schemathesis against the committed schema, in-process through the WSGI app, as a
seeded manager with a read-and-write token: generated requests for every operation, and
no answer may be a 5xx or contradict the schema (undocumented status, wrong content
type, a body or header the schema does not describe).

The number of cases and of failed operations is printed at the end of the run (tests/conftest.py).
Examples per operation are few (``MAX_EXAMPLES``) so the run stays well under two
minutes on two cores.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from org.models import Notification
from tests.api.test_schema import COMMITTED
from tests.claims.factories import ClaimCommentFactory, ClaimFactory
from tests.clients.factories import ContactFactory, SiteFactory
from tests.handoffs.factories import HandoffFactory

MAX_EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# Generated cases only (valid and invalid ones): the coverage phase would send every
# boundary of every field, hundreds of requests an operation, minutes on two cores.
CONFIG = SchemathesisConfig.from_str(
    f"""
[generation]
max-examples = {MAX_EXAMPLES}
mode = "all"

[phases.coverage]
enabled = false

[phases.stateful]
enabled = false
"""
)
schema = schemathesis.openapi.from_path(COMMITTED, config=CONFIG)
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def connection_kept_open():
    """The WSGI handler closes the database connection at each request's start and end.
    Inside a test's transaction that drops the connection (and the test's data) on
    PostgreSQL, so the signals are held off as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(manager, department_staff, contract, token_for):
    """A manager's portfolio with a record of every kind, ids 1…n so that generated ids hit."""
    client = contract.client
    ContactFactory(client=client)
    SiteFactory(client=client)
    claim = ClaimFactory(contract=contract)
    ClaimCommentFactory(claim=claim, author=manager)
    HandoffFactory(contract=contract, client=client, claim=claim, requested_by=manager)
    Notification.objects.create(recipient=manager, message="Нова претензія")
    return {"Authorization": f"Token {token_for(manager)}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_the_api_keeps_to_its_schema(case, seeded, request):
    # The items of one parametrized test share a node id: each operation's figures have
    # a name of their own (summed up in tests/conftest.py).
    name = f"schemathesis {case.operation.label}"
    figures = request.node.user_properties
    record = next((value for key, value in figures if key == name), None)
    if record is None:
        record = {"cases": 0, "failed": False}
        figures.append((name, record))
    record["cases"] += 1
    response = case.call(headers=seeded)
    try:
        case.validate_response(response, checks=CHECKS)
    except Exception:
        record["failed"] = True
        raise
