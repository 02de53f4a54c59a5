"""The department dashboard's median time to complete shows a dash and why, not "0,0 год",
when there is nothing to measure."""

import pytest

from handoffs.models import Status
from tests.dashboards.conftest import NOW
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


def test_no_completed_handoffs_show_a_dash_and_say_why(frozen, department_head, signed_in):
    page = signed_in(department_head).get("/dashboards/department/").content.decode()

    hint = page[page.index('data-testid="median-hint"') :]
    assert "0,0 год" not in page
    assert hint.index("За останні 30 днів нічого не виконано.") < 200


def test_handoffs_done_as_soon_as_made_show_a_dash_not_zero_hours(
    frozen, department_head, signed_in
):
    for _i in range(3):
        HandoffFactory(
            assignee=department_head, status=Status.DONE, created_at=NOW, completed_at=NOW
        )

    page = signed_in(department_head).get("/dashboards/department/").content.decode()

    assert "0,0 год" not in page
    assert "— · виконано 3" in page
    assert "Їх виконано одразу після створення" in page
