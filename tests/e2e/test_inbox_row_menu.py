"""An inbox row's "more" menu, in a real browser: it loads the row's other actions when
opened, and the decline form it holds declines the hand-off in place."""

import pytest

from handoffs.models import Status as HandoffStatus
from org.roles import Role
from tests.e2e.browser import expect, uk
from tests.handoffs.factories import HandoffFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_more_menu_declines_a_hand_off_in_place(page, sign_in, manager, make_user):
    handoff = HandoffFactory(requested_by=manager, title="Уточнити графік прибирання складу")
    production = make_user(Role.DEPARTMENT_STAFF, department="production")

    sign_in(production)
    page.goto("/handoffs/?tab=unassigned")
    row = page.locator(f"#handoff-{handoff.pk}")
    expect(row).to_contain_text("Уточнити графік прибирання складу")
    expect(row.locator("summary.btn-outline-danger")).to_have_count(0)

    row.locator(".row-more > summary").click()
    row.locator(".row-more-menu summary.btn-outline-danger").click()
    row.locator("input[name=reason]").fill("Це питання відділу кадрів.")
    page.once("dialog", lambda dialog: dialog.accept())
    row.locator(f"form[action='/handoffs/{handoff.pk}/decline/'] button[type=submit]").click()

    expect(row.locator(".badge")).to_have_text(uk("Declined"))
    handoff.refresh_from_db()
    assert handoff.status == HandoffStatus.DECLINED
