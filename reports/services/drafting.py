"""A report drafted from the data, its text edited, its figures drawn again."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Contract
from org.errors import DomainError
from org.models import User
from org.selectors import ensure_may_act_on
from org.versioning import lock_version
from reports.figures import planned_text, report_figures, served_contracts
from reports.models import ClientReport
from reports.presenters import month_label
from reports.services.common import ensure_editable, lock, save

TEXT_LIMIT = 10_000


def _summary_text(contract: Contract, month: datetime.date) -> str:
    return _(
        "Dear colleagues, here is our report on the services under contract No. %(number)s "
        "for %(month)s."
    ) % {"number": contract.number, "month": month_label(month)}


def _check_month(month: datetime.date) -> datetime.date:
    first = month.replace(day=1)
    if first > timezone.localdate().replace(day=1):
        raise DomainError(_("A report is drafted for a month that has begun."), code="month")
    return first


def _new_report(contract: Contract, month: datetime.date, actor: User | None) -> ClientReport:
    now = timezone.now()
    report = ClientReport(
        contract=contract,
        month=month,
        figures=report_figures(contract, month, now=now),
        figures_computed_at=now,
        summary=_summary_text(contract, month),
        planned=planned_text(contract),
        drafted_by=actor,
    )
    save(report, actor=actor, reason="drafted")
    return report


@transaction.atomic
def client_report_draft(
    *, contract: Contract, month: datetime.date, actor: User | None = None
) -> tuple[ClientReport, bool]:
    """The contract's report for ``month``, drafted from the data if there is none yet;
    (report, whether it was drafted now). ``actor`` None: the monthly job.

    Safe to run twice and at once: the unique constraint keeps one report per contract and
    month, and the loser of a race gets the winner's report."""
    month = _check_month(month)
    if actor is not None:
        ensure_may_act_on(actor, contract)
        if not served_contracts(month).filter(pk=contract.pk).exists():
            raise DomainError(
                _("This contract was not served in %(month)s.") % {"month": month_label(month)},
                code="month",
            )
    existing = ClientReport.objects.filter(contract=contract, month=month).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return _new_report(contract, month, actor), True
    except IntegrityError:
        return ClientReport.objects.get(contract=contract, month=month), False


def client_reports_draft_month(
    *, month: datetime.date, actor: User | None = None, manager_ids: Iterable[int] | None = None
) -> int:
    """Draft the reports for ``month`` of every contract served then that has none yet
    (of these managers' contracts, if given); how many were drafted. Each report is its
    own transaction: a failure on one contract leaves the others drafted."""
    month = _check_month(month)
    contracts = served_contracts(month).exclude(client_reports__month=month)
    if manager_ids is not None:
        contracts = contracts.of_managers(list(manager_ids))
    drafted = 0
    for contract in contracts.select_related("client", "manager").iterator(chunk_size=500):
        _report, created = client_report_draft(contract=contract, month=month)
        drafted += created
    return drafted


@transaction.atomic
def client_report_update(
    *,
    actor: User,
    report: ClientReport,
    summary: str,
    planned: str,
    version: int | None = None,
) -> ClientReport:
    """Change the report's text (the figures come from the data) before it is submitted;
    ``version``: the one the form was opened with (a stale one is refused)."""
    report = lock_version(
        ClientReport.objects.select_related("contract", "approval"), pk=report.pk, version=version
    )
    ensure_editable(actor, report)
    summary, planned = summary.strip(), planned.strip()
    if len(summary) > TEXT_LIMIT or len(planned) > TEXT_LIMIT:
        raise DomainError(
            _("Keep each text under %(limit)s characters.") % {"limit": TEXT_LIMIT}, code="summary"
        )
    report.summary = summary
    report.planned = planned
    save(report, actor=actor, reason="edited")
    return report


@transaction.atomic
def client_report_refresh(*, actor: User, report: ClientReport) -> ClientReport:
    """Draw the figures from today's data again (only before the report is submitted)."""
    report = lock(report)
    ensure_editable(actor, report)
    now = timezone.now()
    report.figures = report_figures(report.contract, report.month, now=now)
    report.figures_computed_at = now
    save(report, actor=actor, reason="figures refreshed")
    return report
