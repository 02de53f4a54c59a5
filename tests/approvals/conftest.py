import pytest

from approvals import services
from tests.approvals.factories import ApprovalRequestFactory


@pytest.fixture
def submitted(manager):
    """Make a request of ``manager`` (or ``author``) and submit it through the service."""

    def make(author=None, **fields):
        author = author or manager
        draft = ApprovalRequestFactory(author=author, **fields)
        return services.approval_submit(actor=author, request=draft)

    return make
