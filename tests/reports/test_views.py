"""The report screens: who sees which, what the buttons do, and what a page costs."""

import datetime

import pytest
import time_machine
from django.core import mail

from approvals.services import approval_approve
from reports.models import ClientReport, ReportStatus
from reports.pdf import available
from reports.services import client_report_submit
from tests.claims.factories import SupportContractFactory
from tests.clients.factories import ContactFactory
from tests.reports.builders import MONTH, TODAY, served_contract

pytestmark = pytest.mark.django_db
needs_weasyprint = pytest.mark.skipif(not available()[0], reason=available()[1] or "WeasyPrint")

LIST_QUERIES = 12
DETAIL_QUERIES = 12


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def reports_of(manager, count):
    for number in range(count):
        contract = SupportContractFactory(client__account_manager=manager)
        ClientReport.objects.create(
            contract=contract,
            month=MONTH - datetime.timedelta(days=31 * (number % 3)),
            figures={"claims": {"received": number, "resolved": 0}},
        )


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_costs_the_same_for_1_and_50_reports(
    client, manager, count, django_assert_max_num_queries
):
    reports_of(manager, count)
    client.force_login(manager)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get("/reports/")

    assert response.status_code == 200
    assert len(response.context["page"].rows) == count


@pytest.mark.parametrize("count", [1, 50])
def test_a_report_page_costs_the_same_whatever_it_holds(
    client, manager, count, django_assert_max_num_queries
):
    contract = served_contract(manager=manager)
    report = ClientReport.objects.create(contract=contract, month=MONTH, figures={})
    from reports.services import client_report_refresh

    for _number in range(count):
        ContactFactory(client=contract.client)
    report = client_report_refresh(actor=manager, report=report)
    client.force_login(manager)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(report.get_absolute_url())

    assert response.status_code == 200
    assert "Претензій отримано" in response.content.decode()


def test_managers_see_their_reports_and_directors_all(
    client, manager, make_user, executive_director
):
    from org.roles import Role

    reports_of(manager, 2)
    other = make_user(Role.SUPPORT_MANAGER)
    reports_of(other, 1)

    client.force_login(manager)
    assert len(client.get("/reports/").context["page"].rows) == 2
    client.force_login(executive_director)
    assert len(client.get("/reports/").context["page"].rows) == 3
    theirs = ClientReport.objects.filter(contract__manager=other).get()
    client.force_login(manager)
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_department_staff_have_no_report_list(client, department_staff):
    client.force_login(department_staff)
    assert client.get("/reports/").status_code == 403


def test_the_list_filters_by_month_and_status(client, manager):
    reports_of(manager, 3)
    client.force_login(manager)

    by_month = client.get("/reports/", {"month": "2026-11"}).context["page"].rows
    assert [report.month for report in by_month] == [MONTH]
    drafts = client.get("/reports/", {"status": ReportStatus.DRAFT}).context["page"].rows
    assert len(drafts) == 3
    assert client.get("/reports/", {"status": ReportStatus.SENT}).context["page"].rows == []
    assert client.get("/reports/", {"month": "листопад"}).status_code == 200


def test_a_manager_drafts_the_missing_reports_of_a_month(client, manager):
    served_contract(manager=manager)
    client.force_login(manager)

    response = client.post("/reports/draft/", {"month": "2026-11"})

    assert response.status_code == 302
    assert ClientReport.objects.filter(month=MONTH).count() == 1
    client.post("/reports/draft/", {"month": "2026-11"})
    assert ClientReport.objects.filter(month=MONTH).count() == 1
    assert client.post("/reports/draft/", {"month": "2027-05"}).status_code == 302
    assert not ClientReport.objects.filter(month=datetime.date(2027, 5, 1)).exists()


def test_editing_the_text_keeps_the_figures(client, manager):
    served_contract(manager=manager)
    client.force_login(manager)
    client.post("/reports/draft/", {"month": "2026-11"})
    report = ClientReport.objects.get()
    figures = report.figures

    response = client.post(
        f"/reports/{report.pk}/edit/",
        {"summary": "Новий вступ", "planned": "• Заміна килимів", "version": report.version},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.summary, report.planned, report.figures) == (
        "Новий вступ",
        "• Заміна килимів",
        figures,
    )
    stale = client.post(
        f"/reports/{report.pk}/edit/",
        {"summary": "Застаріле", "planned": "", "version": report.version - 1},
    )
    assert stale.status_code == 409


@needs_weasyprint
def test_submit_approve_and_send_through_the_screens(
    client, manager, executive_director, django_capture_on_commit_callbacks
):
    contract = served_contract(manager=manager)
    contact = ContactFactory(client=contract.client, email="boss@client.example")
    client.force_login(manager)
    client.post("/reports/draft/", {"month": "2026-11"})
    report = ClientReport.objects.get()

    preview = client.get(f"/reports/{report.pk}/pdf/")
    assert preview["Content-Type"] == "application/pdf"
    assert preview.content.startswith(b"%PDF-")
    client.post(f"/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    refused = client.post(f"/reports/{report.pk}/send/", {"contacts": [contact.pk]})
    assert refused.status_code == 302 and not mail.outbox

    approval_approve(actor=executive_director, request=report.approval)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "boss@client.example" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reports/{report.pk}/send/", {"contacts": [contact.pk]})

    assert [message.to for message in mail.outbox if message.attachments] == [
        ["boss@client.example"]
    ]
    download = client.get(f"/reports/{report.pk}/pdf/", {"download": "1"})
    assert "attachment" in download["Content-Disposition"]
    with report.pdf.file.open("rb") as approved:
        assert b"".join(download.streaming_content) == approved.read()


@needs_weasyprint
def test_a_directors_approval_page_links_to_the_report(client, manager, executive_director):
    contract = served_contract(manager=manager)
    client.force_login(manager)
    client.post("/reports/draft/", {"month": "2026-11"})
    report = client_report_submit(actor=manager, report=ClientReport.objects.get())
    client.force_login(executive_director)

    page = client.get(f"/admin/approvals/approvalrequest/{report.approval_id}/change/")

    assert page.status_code == 200
    assert report.get_absolute_url() in page.content.decode()
    assert report.pdf.original_name in page.content.decode()
    assert contract.number in page.content.decode()
