import datetime
from decimal import Decimal

import factory

from approvals.models import ApprovalRequest, Kind, PeriodType
from org.roles import Role
from tests.org.factories import UserFactory


class ApprovalRequestFactory(factory.django.DjangoModelFactory):
    """A draft as stored; submit it with ``approvals.services.approval_submit``."""

    class Meta:
        model = ApprovalRequest

    kind = Kind.WORK_PLAN
    title = factory.Sequence(lambda n: f"Запит {n}")
    content = "Зміст"
    author = factory.SubFactory(UserFactory, role=Role.SUPPORT_MANAGER)
    period_type = factory.LazyAttribute(
        lambda r: PeriodType.MONTH if r.kind in (Kind.WORK_PLAN, Kind.REPORT) else ""
    )
    period_start = factory.LazyAttribute(
        lambda r: datetime.date(2025, 3, 1) if r.period_type else None
    )
    period_end = factory.LazyAttribute(
        lambda r: datetime.date(2025, 3, 31) if r.period_type else None
    )
    amount = factory.LazyAttribute(
        lambda r: Decimal("5000.00") if r.kind == Kind.EXTRA_FUNDS else None
    )
    purpose = factory.LazyAttribute(lambda r: "Закупівля" if r.kind == Kind.EXTRA_FUNDS else "")
    figures = factory.LazyAttribute(
        lambda r: {"contracts": {"concluded": 1}} if r.kind == Kind.REPORT else {}
    )
