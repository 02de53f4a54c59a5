"""Journey 3: a manager's report on work done, drafted from the data, submitted, approved
by the executive director in the admin, and the decision back on the manager's screen."""

import re

import pytest

from approvals.models import ApprovalRequest, Kind, Status
from tests.claims.factories import SupportContractFactory
from tests.e2e.browser import expect, uk

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_report_drafted_from_data_is_approved_in_the_admin_and_the_manager_sees_it(
    page, sign_in, manager, executive_director
):
    SupportContractFactory(client__account_manager=manager, manager=manager)

    # The manager drafts this month's report from the data and submits it.
    sign_in(manager)
    page.goto("/approvals/")
    page.click("main a[href='/approvals/report-from-data/']")
    # The period defaults to this month: preview its figures, then keep them in a draft.
    page.click("main form[method=get] button[type=submit]")
    expect(page.locator("main table")).to_be_visible()
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(re.compile(r"/approvals/\d+/$"))
    report = ApprovalRequest.objects.get(author=manager, kind=Kind.REPORT)
    assert page.url.endswith(f"/approvals/{report.pk}/")
    # Submitting asks for confirmation first (the page's dialog handler agrees).
    page.click(f"form[action='/approvals/{report.pk}/submit/'] button[type=submit]")
    expect(page.locator("#messages .alert-success")).to_contain_text(
        uk("Submitted to the directors.")
    )
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED

    # The executive director finds it waiting on the admin's front page and approves it.
    sign_in(executive_director)
    page.wait_for_url("**/admin/")
    page.click(
        f"#awaiting-my-decision a[href='/admin/approvals/approvalrequest/{report.pk}/change/']"
    )
    page.fill("#id_comment", "Погоджую. Дякую за звіт.")
    page.click("button.decision-approve")
    expect(page.locator("ul.messagelist li.success")).to_contain_text(report.title)
    report.refresh_from_db()
    assert report.status == Status.APPROVED

    # The manager sees the decision among "My requests".
    sign_in(manager)
    page.goto("/approvals/")
    page.click("a.nav-link[href='?tab=decided']")
    row = page.locator(
        "main table tbody tr", has=page.locator(f"a[href='/approvals/{report.pk}/']")
    )
    expect(row.locator(".badge")).to_have_text(uk("Approved"))
    row.locator(f"a[href='/approvals/{report.pk}/']").click()
    page.wait_for_url(f"**/approvals/{report.pk}/")
    expect(page.locator("h1 .badge")).to_have_text(uk("Approved"))
    expect(page.locator("main")).to_contain_text("Погоджую. Дякую за звіт.")
