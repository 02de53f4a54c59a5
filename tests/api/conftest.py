import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from org.api_tokens import TokenScope
from org.token_services import api_token_create
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.handoffs.factories import HandoffFactory


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """The throttle counts live in the cache; each test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_for():
    """A new token's secret for ``user``, read-and-write unless ``scope`` says otherwise."""

    def make(user, scope=TokenScope.WRITE, **kwargs):
        _token, secret = api_token_create(actor=user, name="Інтеграція", scope=scope, **kwargs)
        return secret

    return make


@pytest.fixture
def api_as(token_for):
    """An API client that sends ``user``'s token."""

    def make(user, scope=TokenScope.WRITE):
        http = APIClient()
        http.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user, scope)}")
        return http

    return make


@pytest.fixture
def contract(manager):
    return SupportContractFactory(client__account_manager=manager, manager=manager)


@pytest.fixture
def claim(contract):
    claim = ClaimFactory(contract=contract)
    # The production department works on it: its staff see the claim.
    HandoffFactory(claim=claim, contract=contract, client=contract.client)
    return claim


@pytest.fixture
def other_manager(make_user):
    from org.roles import Role

    return make_user(Role.SUPPORT_MANAGER)
