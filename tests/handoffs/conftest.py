import pytest

from handoffs.signals import handoff_status_changed
from org.roles import Role
from tests.handoffs.factories import HandoffFactory


@pytest.fixture
def head(department_head):
    return department_head


@pytest.fixture
def staff(department_staff):
    return department_staff


@pytest.fixture
def colleague(make_user):
    return make_user(Role.DEPARTMENT_STAFF, department="production")


@pytest.fixture
def hr_staff(make_user):
    return make_user(Role.DEPARTMENT_STAFF, department="hr")


@pytest.fixture
def handoff(manager):
    return HandoffFactory(requested_by=manager)


@pytest.fixture
def signals():
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    handoff_status_changed.connect(listener)
    yield received
    handoff_status_changed.disconnect(listener)
