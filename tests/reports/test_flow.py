"""A report from draft to the client: edited, submitted (figures frozen, the PDF attached),
approved by the executive director through the approvals flow, sent to chosen contacts."""

import pytest
import time_machine
from django.core import mail

from approvals.models import Kind, Status
from approvals.services import approval_approve, approval_return
from contracts.selectors import contract_timeline
from org.errors import DomainError
from reports.models import ClientReport, DeliveryStatus, ReportDelivery, ReportStatus
from reports.pdf import available
from reports.services import (
    client_report_draft,
    client_report_refresh,
    client_report_send,
    client_report_submit,
    client_report_update,
)
from reports.tasks import draft_monthly_client_reports
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import ContactFactory
from tests.reports.builders import MONTH, TODAY, at, served_contract

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not available()[0], reason=available()[1] or "WeasyPrint"),
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def report(manager):
    contract = served_contract(manager=manager)
    return client_report_draft(contract=contract, month=MONTH)[0]


def submitted(report, manager):
    client_report_update(
        actor=manager, report=report, summary="Листопад минув спокійно.", planned="Заміна килимів."
    )
    return client_report_submit(actor=manager, report=report)


def test_submitting_freezes_the_figures_in_an_approval_with_the_pdf(report, manager):
    report = submitted(report, manager)

    approval = report.approval
    assert approval.kind == Kind.CLIENT_REPORT
    assert approval.status == Status.SUBMITTED
    assert approval.current_approver_role == "executive_director"
    assert approval.contract_id == report.contract_id
    assert approval.figures == report.figures
    assert "Листопад минув спокійно." in approval.content
    assert report.pdf.request_id == approval.pk
    assert report.pdf.file.read(5) == b"%PDF-"
    assert report.status == ReportStatus.SUBMITTED


def test_a_submitted_report_is_frozen(report, manager):
    report = submitted(report, manager)
    ClaimFactory(contract=report.contract, received_at=at(11, 29))

    with pytest.raises(DomainError):
        client_report_refresh(actor=manager, report=report)
    with pytest.raises(DomainError):
        client_report_update(actor=manager, report=report, summary="Інше", planned="")
    report.refresh_from_db()
    assert report.figures["claims"]["received"] == 3
    assert report.summary == "Листопад минув спокійно."


def test_a_returned_report_is_revised_and_submitted_again(report, manager, executive_director):
    report = submitted(report, manager)
    first_pdf = report.pdf_id
    approval_return(actor=executive_director, request=report.approval, comment="Додайте план.")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    ClaimFactory(contract=report.contract, received_at=at(11, 29))
    client_report_refresh(actor=manager, report=report)
    report = client_report_submit(actor=manager, report=ClientReport.objects.get(pk=report.pk))

    assert report.approval.status == Status.SUBMITTED
    assert report.approval.round == 2
    assert report.approval.figures["claims"]["received"] == 4
    assert report.pdf_id != first_pdf
    assert report.approval.attachments.count() == 1


def test_only_an_approved_report_is_sent(report, manager):
    contact = ContactFactory(client=report.contract.client)
    report = submitted(report, manager)

    with pytest.raises(DomainError):
        client_report_send(actor=manager, report=report, contacts=[contact])
    assert not ReportDelivery.objects.exists()


def test_an_approved_report_goes_to_the_chosen_contacts_as_pdf(
    report, manager, executive_director, django_capture_on_commit_callbacks
):
    chosen = ContactFactory(client=report.contract.client, email="director@client.example")
    ContactFactory(client=report.contract.client, email="other@client.example")
    report = submitted(report, manager)
    approval_approve(actor=executive_director, request=report.approval)
    report = ClientReport.objects.get(pk=report.pk)

    with django_capture_on_commit_callbacks(execute=True):
        delivery = client_report_send(actor=manager, report=report, contacts=[chosen])

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.sent_by == manager
    assert delivery.addresses == ["director@client.example"]
    (message,) = mail.outbox
    assert message.to == ["director@client.example"]
    assert "листопад 2026" in message.subject
    ((_name, content, kind),) = message.attachments
    assert kind == "application/pdf" and content.startswith(b"%PDF-")
    with report.pdf.file.open("rb") as approved:
        assert content == approved.read()  # what the director approved, byte for byte
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT
    entries = [
        entry
        for entry in contract_timeline(report.contract, user=manager).entries
        if entry.source == "client_report"
    ]
    assert [entry.actor for entry in entries] == [manager]
    assert "листопад 2026" in entries[0].text and "director@client.example" in entries[0].detail


def test_sending_refuses_another_clients_contact_and_one_without_email(
    report, manager, executive_director
):
    report = submitted(report, manager)
    approval_approve(actor=executive_director, request=report.approval)
    report = ClientReport.objects.get(pk=report.pk)
    stranger = ContactFactory()
    silent = ContactFactory(client=report.contract.client, email="")

    for contacts in ([stranger], [silent], []):
        with pytest.raises(DomainError):
            client_report_send(actor=manager, report=report, contacts=contacts)
    assert not ReportDelivery.objects.exists()


def test_a_failed_mail_server_leaves_the_sending_pending_for_a_retry(
    report, manager, executive_director, settings
):
    from unittest import mock

    from reports.services import report_delivery_send

    contact = ContactFactory(client=report.contract.client)
    report = submitted(report, manager)
    approval_approve(actor=executive_director, request=report.approval)
    delivery = client_report_send(
        actor=manager, report=ClientReport.objects.get(pk=report.pk), contacts=[contact]
    )
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("smtp down")):
        assert report_delivery_send(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1

    assert report_delivery_send(delivery_id=delivery.pk) == "sent"
    assert report_delivery_send(delivery_id=delivery.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_another_manager_may_not_touch_the_report(report, make_user):
    from org.roles import Role

    stranger = make_user(Role.SUPPORT_MANAGER)
    with pytest.raises(DomainError) as refused:
        client_report_update(actor=stranger, report=report, summary="x", planned="")
    assert refused.value.code == "forbidden"
    assert ClientReport.objects.visible_to(stranger).count() == 0


def test_the_monthly_job_drafts_each_served_contract_once(manager):
    served = served_contract(manager=manager)
    SupportContractFactory(client__account_manager=manager, stage="preparation")
    later = SupportContractFactory(client__account_manager=manager)  # begins in December
    later.start_date = at(12, 2).date()
    later.save()

    assert draft_monthly_client_reports.apply().result == 1
    assert draft_monthly_client_reports.apply().result == 0

    (only,) = ClientReport.objects.all()
    assert (only.contract, only.month) == (served, MONTH)
    assert only.drafted_by is None
