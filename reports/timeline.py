"""The contract timeline's entries for the reports sent to the client: who sent which
month's report, when, to whom, and whether it went out."""

from __future__ import annotations

from django.utils.translation import gettext as _

from contracts.models import Contract
from contracts.selectors.timeline import EntryFields, Source, register_timeline_source
from org.models import User
from reports.models import DeliveryStatus, ReportDelivery
from reports.presenters import month_label

# After the contract app's own sources (ranks 0–5).
RANK = 10


def _entry(delivery: ReportDelivery) -> EntryFields:
    month = month_label(delivery.report.month)
    if delivery.status == DeliveryStatus.SENT:
        text = _("Monthly report for %(month)s sent to the client") % {"month": month}
    elif delivery.status == DeliveryStatus.FAILED:
        text = _("Monthly report for %(month)s could not be sent") % {"month": month}
    else:
        text = _("Monthly report for %(month)s is being sent") % {"month": month}
    return {
        "icon": "bi-file-earmark-pdf",
        "text": text,
        "detail": _("To: %(recipients)s") % {"recipients": delivery.recipient_names},
        "actor": delivery.sent_by,
        "on_behalf_of": delivery.on_behalf_of,
        "url": delivery.report.get_absolute_url(),
    }


def _source(contract: Contract, user: User) -> Source:
    deliveries = ReportDelivery.objects.filter(report__contract=contract)
    if not (user.is_director or user.is_support_manager):
        # A department sees the contract, not what is written to its client.
        deliveries = deliveries.none()
    return (
        RANK,
        "client_report",
        deliveries.select_related("report", "sent_by", "on_behalf_of"),
        "requested_at",
        _entry,
    )


def register() -> None:
    register_timeline_source("client_report", _source)
