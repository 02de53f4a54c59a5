"""What the report services share: the locked row and its history."""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.errors import DomainError
from org.models import User
from org.records import lock_row, save_with_history
from org.selectors import ensure_may_act_on
from reports.models import ClientReport


def lock(report: ClientReport) -> ClientReport:
    # The manager and their cover may act on the same report at once (one edits while the
    # other submits): the row lock makes the second wait and see what the first did.
    return lock_row(
        ClientReport.objects.select_related("contract__client", "contract__manager", "approval"),
        pk=report.pk,
    )


def save(report: ClientReport, *, actor: User | None, reason: str) -> ClientReport:
    report._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
    if actor is None:
        report.save()
        return report
    return save_with_history(report, actor=actor)


def ensure_editable(actor: User, report: ClientReport) -> None:
    """Its manager (or their cover) changes a report until it is submitted, and again
    once it is returned for revision."""
    ensure_may_act_on(actor, report.contract)
    if not report.is_editable:
        raise DomainError(
            _("The report is with the directors or decided: it cannot be changed now."),
            code="state",
        )
