"""An approved report sent to the contacts the manager chose, as the PDF the director
approved, by e-mail through the app's outbox: a row first, then the task that sends it."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clients.models import Contact
from org.errors import DomainError
from org.models import User
from org.selectors import acting_for, ensure_may_act_on
from org.tasks_queue import enqueue_on_commit
from reports.models import ClientReport, DeliveryStatus, ReportDelivery
from reports.pdf import pdf_filename
from reports.presenters import month_label
from reports.services.common import lock

MAX_ATTEMPTS = 8


def _recipients(report: ClientReport, contacts: Iterable[Contact]) -> list[dict[str, object]]:
    chosen = {contact.pk: contact for contact in contacts}
    if not chosen:
        raise DomainError(_("Choose the contacts to send the report to."), code="contacts")
    recipients = []
    for contact in chosen.values():
        if contact.client_id != report.contract.client_id:
            raise DomainError(_("Choose contacts of the report's client."), code="contacts")
        if not contact.email:
            raise DomainError(
                _("%(name)s has no e-mail address.") % {"name": contact.name}, code="contacts"
            )
        recipients.append({"contact_id": contact.pk, "name": contact.name, "email": contact.email})
    return recipients


@transaction.atomic
def client_report_send(
    *, actor: User, report: ClientReport, contacts: Iterable[Contact]
) -> ReportDelivery:
    """Send the approved report's PDF to ``contacts`` of its client; the sending (who,
    when, to whom) is recorded, on the contract's timeline too. It may be sent again,
    to other contacts: each sending is a row of its own."""
    report = lock(report)
    ensure_may_act_on(actor, report.contract)
    if not report.is_approved or report.pdf is None:
        raise DomainError(_("Only an approved report is sent to the client."), code="state")
    delivery = ReportDelivery.objects.create(
        report=report,
        recipients=_recipients(report, contacts),
        sent_by=actor,
        on_behalf_of=acting_for(actor, report.contract.manager),
    )
    from reports.tasks import send_client_report

    enqueue_on_commit(send_client_report, delivery.pk)
    return delivery


def _email(delivery: ReportDelivery) -> EmailMessage:
    report = delivery.report
    contract = report.contract
    attachment = report.pdf
    if attachment is None:
        raise OSError("the report has no PDF")
    with attachment.file.open("rb") as handle:
        content = handle.read()
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "report": report,
            "contract": contract,
            "month": month_label(report.month),
            "company": settings.COMPANY,
            "manager": contract.manager,
        }
        subject = render_to_string("reports/email/report_subject.txt", context).strip()
        body = render_to_string("reports/email/report_body.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=delivery.addresses,
        reply_to=[contract.manager.email] if contract.manager.email else None,
    )
    message.attach(pdf_filename(report), content, "application/pdf")
    return message


def report_delivery_send(*, delivery_id: int) -> str:
    """Send one sending's e-mail; safe to run twice (the row is locked and marked sent).
    Returns "sent", "skipped" (sent already, or being sent), "failed" (given up) or
    "retry" (try again later)."""
    with transaction.atomic():
        # SKIP LOCKED: if another worker is sending this row right now, leave it to them.
        delivery = (
            ReportDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("report__contract__client", "report__contract__manager", "report__pdf")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return "skipped"
        delivery.attempts += 1
        try:
            _email(delivery).send()
        except OSError as error:  # SMTP errors, and a PDF missing from storage
            delivery.error = str(error)[:500]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["attempts", "error", "status"])
            return "failed" if delivery.status == DeliveryStatus.FAILED else "retry"
        now = timezone.now()
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = now
        delivery.error = ""
        delivery.save(update_fields=["attempts", "error", "status", "sent_at"])
        ClientReport.objects.filter(pk=delivery.report_id, sent_at__isnull=True).update(sent_at=now)
        return "sent"
