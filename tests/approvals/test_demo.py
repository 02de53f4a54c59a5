import pytest

from approvals import demo
from approvals.models import ApprovalEvent, ApprovalRequest, Status
from org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_seed_covers_every_status_and_is_idempotent():
    org_demo.seed()

    demo.seed()
    counts = (ApprovalRequest.objects.count(), ApprovalEvent.objects.count())
    demo.seed()

    assert (ApprovalRequest.objects.count(), ApprovalEvent.objects.count()) == counts
    assert set(ApprovalRequest.objects.values_list("status", flat=True)) == set(Status.values)
    waiting_general = ApprovalRequest.objects.filter(
        status=Status.SUBMITTED, current_approver_role="general_director"
    )
    assert waiting_general.exists()
