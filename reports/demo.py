"""Demo client reports: last month's drafted for every served contract (as the monthly
job does on the 1st), and one of the first manager's submitted and approved."""

from __future__ import annotations

from django.utils import timezone

from approvals.services import approval_approve
from org.models import User
from reports.figures import previous_month
from reports.models import ClientReport
from reports.pdf import available
from reports.services import client_report_submit, client_reports_draft_month


def seed() -> list[str]:
    """Draft what is missing; approve one report once. Running again changes nothing."""
    month = previous_month(timezone.localdate())
    drafted = client_reports_draft_month(month=month)
    lines = [f"Client reports: {drafted} drafted for {month:%m.%Y}."]
    users = User.objects.in_bulk(["manager", "executive"], field_name="username")
    if len(users) < 2 or not available()[0]:
        return lines
    manager, executive = users["manager"], users["executive"]
    mine = ClientReport.objects.filter(month=month, contract__manager=manager).order_by("pk")
    if mine.filter(approval__isnull=False).exists() or not mine.exists():
        return lines
    report = mine.filter(contract__client__contacts__email__gt="").first() or mine.first()
    if report is None:
        return lines
    report.summary += (
        "\nДякуємо за співпрацю: усі претензії місяця усунуто, персонал укомплектовано."
    )
    report.save(update_fields=["summary"])
    report = client_report_submit(actor=manager, report=report)
    if report.approval is not None:
        approval_approve(actor=executive, request=report.approval, comment="Погоджую.")
        lines.append(f"Client reports: one approved, ready to send (/reports/{report.pk}/).")
    return lines
