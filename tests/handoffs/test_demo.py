import pytest

from handoffs import demo
from handoffs.models import Handoff, HandoffEvent, Status
from org import demo as org_demo
from org.models import Department
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_in_every_department_and_runs_twice_unchanged():
    org_demo.seed()
    ContractFactory.create_batch(3)

    demo.seed()
    counts = (Handoff.objects.count(), HandoffEvent.objects.count())
    demo.seed()

    assert (Handoff.objects.count(), HandoffEvent.objects.count()) == counts
    for department in Department.objects.all():
        statuses = set(department.handoffs.values_list("status", flat=True))
        assert statuses == set(Status.values), department
        assert department.handoffs.overdue().exists(), department
    assert Handoff.objects.filter(contract__isnull=False).exists()
    assert Handoff.objects.filter(department__isnull=True, assignee__isnull=False).exists()


def test_demo_works_before_any_contract_exists():
    org_demo.seed()

    demo.seed()

    assert Handoff.objects.filter(contract__isnull=True).count() == Handoff.objects.count() > 0
