import pytest

from org import demo as org_demo
from staffing import demo
from staffing.models import OrderKind, StaffOrder

pytestmark = pytest.mark.django_db


def test_demo_records_one_appointment_order_and_is_idempotent():
    org_demo.seed()

    demo.seed()
    demo.seed()

    order = StaffOrder.objects.get()
    assert order.kind == OrderKind.APPOINTMENT
    assert (order.person.username, order.issued_by.username) == ("manager", "general")
    assert order.person.is_support_manager
