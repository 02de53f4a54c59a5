from decimal import Decimal

import pytest

from approvals.models import ApproverRole, Kind, PeriodType
from approvals.rules import approver_roles, period_bounds, period_type_of

EXEC = ApproverRole.EXECUTIVE_DIRECTOR
GEN = ApproverRole.GENERAL_DIRECTOR


@pytest.mark.parametrize(
    ("kind", "kwargs", "expected"),
    [
        (Kind.EXTRA_FUNDS, {"amount": Decimal("100000.00")}, (EXEC,)),
        (Kind.EXTRA_FUNDS, {"amount": Decimal("100000.01")}, (EXEC, GEN)),
        (Kind.WORK_PLAN, {"period_type": PeriodType.MONTH}, (EXEC,)),
        (Kind.WORK_PLAN, {"period_type": PeriodType.QUARTER}, (EXEC, GEN)),
        (Kind.REPORT, {"period_type": PeriodType.YEAR}, (EXEC, GEN)),
        (Kind.REPORT, {"period_type": PeriodType.MONTH}, (EXEC,)),
        (Kind.PROPOSAL, {}, (GEN,)),
        (Kind.SHORTCOMINGS_NOTICE, {}, (EXEC,)),
    ],
)
def test_default_routing_rules(kind, kwargs, expected):
    assert approver_roles(kind, **kwargs) == expected


def test_threshold_comes_from_settings(settings):
    settings.APPROVALS_GENERAL_DIRECTOR_THRESHOLD = Decimal("1000.00")

    assert approver_roles(Kind.EXTRA_FUNDS, amount=Decimal("1500")) == (EXEC, GEN)
    assert approver_roles(Kind.EXTRA_FUNDS, amount=Decimal("1000")) == (EXEC,)


def test_period_bounds_and_their_type_round_trip():
    import datetime

    assert period_bounds(PeriodType.QUARTER, 2024, 1) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 3, 31),
    )
    assert period_bounds(PeriodType.MONTH, 2024, 2)[1] == datetime.date(2024, 2, 29)
    assert period_type_of(*period_bounds(PeriodType.YEAR, 2025)) == PeriodType.YEAR
    assert period_type_of(*period_bounds(PeriodType.QUARTER, 2025, 4)) == PeriodType.QUARTER
    assert period_type_of(*period_bounds(PeriodType.MONTH, 2025, 5)) == PeriodType.MONTH
    assert period_type_of(datetime.date(2025, 5, 2), datetime.date(2025, 5, 31)) is None
