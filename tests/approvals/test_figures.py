"""The report's figures against a data set built by hand, with the answers worked out here."""

import datetime
import statistics
import zoneinfo

import pytest
import time_machine

from approvals import services
from approvals.models import Kind, Status
from approvals.selectors import report_figures
from contracts.models import Stage, StageEvent
from handoffs.models import Status as HandoffStatus
from org.errors import DomainError
from org.models import Department, DepartmentCode
from org.roles import Role
from tests.claims.factories import ClaimFactory
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")
MARCH_START = datetime.date(2025, 3, 1)
MARCH_END = datetime.date(2025, 3, 31)
NOW = datetime.datetime(2025, 4, 10, 12, 0, tzinfo=KYIV)


def at(day, hour=12, minute=0):
    return datetime.datetime(2025, *day, hour, minute, tzinfo=KYIV)


def stage_event(contract, from_stage, to_stage, when):
    event = StageEvent.objects.create(
        contract=contract, from_stage=from_stage, to_stage=to_stage, actor=contract.manager
    )
    StageEvent.objects.filter(pk=event.pk).update(created_at=when)


def claim(contract, received, resolved=None, hours_to_fix=None, on_time=None):
    return ClaimFactory(
        contract=contract,
        received_at=received,
        resolved_at=resolved,
        time_to_fix=datetime.timedelta(hours=hours_to_fix) if hours_to_fix is not None else None,
        fixed_on_time=on_time,
    )


@pytest.fixture
def data_set(manager, make_user):
    other = make_user(Role.SUPPORT_MANAGER)
    mine = [ContractFactory(manager=manager, client__account_manager=manager) for _ in range(5)]
    theirs = ContractFactory(manager=other, client__account_manager=other)

    # Contracts: concluded c0 (twice in the log, counted once), not c1 (February);
    # extended c2 (from termination) and c3 (within support); terminated c4.
    stage_event(mine[0], Stage.PREPARATION, Stage.SUPPORT, at((3, 1), 0, 10))
    stage_event(mine[0], Stage.PREPARATION, Stage.SUPPORT, at((3, 2)))
    stage_event(mine[1], Stage.PREPARATION, Stage.SUPPORT, at((2, 28), 23, 50))
    stage_event(mine[2], Stage.TERMINATION, Stage.SUPPORT, at((3, 15)))
    stage_event(mine[3], Stage.SUPPORT, Stage.SUPPORT, at((3, 20)))
    stage_event(mine[4], Stage.SUPPORT, Stage.TERMINATION, at((3, 31), 23, 30))
    stage_event(mine[4], Stage.TERMINATION, Stage.CLOSED, at((4, 1), 0, 30))
    stage_event(theirs, Stage.PREPARATION, Stage.SUPPORT, at((3, 10)))

    # Claims: three registered in March (one at 23:30 on the 31st, Kyiv time),
    # one on 1 April at 00:30 (not March, though still 31 March in UTC).
    claim(mine[0], at((3, 5)), resolved=at((3, 5), 22), hours_to_fix=10, on_time=True)
    claim(mine[1], at((3, 10)), resolved=at((3, 11), 8), hours_to_fix=20, on_time=True)
    claim(mine[2], at((3, 31), 23, 30))
    claim(mine[2], at((4, 1), 0, 30))
    # Registered in February, resolved late in March.
    claim(mine[3], at((2, 20)), resolved=at((3, 3)), hours_to_fix=100, on_time=False)
    # Resolved in April: not in March's figures.
    claim(mine[3], at((2, 25)), resolved=at((4, 2)), hours_to_fix=7, on_time=True)
    claim(theirs, at((3, 12)), resolved=at((3, 13)), hours_to_fix=1, on_time=True)

    production = Department.objects.get(code=DepartmentCode.PRODUCTION)
    hr = Department.objects.get(code=DepartmentCode.HR)
    # Production: two in March, one of them still open past its due date.
    HandoffFactory(
        requested_by=manager, department=production, created_at=at((3, 3)), due_at=at((3, 6))
    )
    HandoffFactory(
        requested_by=manager,
        department=production,
        created_at=at((3, 4)),
        due_at=at((3, 7)),
        status=HandoffStatus.DONE,
    )
    # HR: one in March, due after "now"; one in February, overdue but outside the period.
    HandoffFactory(requested_by=manager, department=hr, created_at=at((3, 30)), due_at=at((4, 20)))
    HandoffFactory(requested_by=manager, department=hr, created_at=at((2, 27)), due_at=at((3, 1)))
    HandoffFactory(requested_by=other, department=hr, created_at=at((3, 10)), due_at=at((3, 11)))
    return manager


def test_report_figures_match_the_data_set(data_set):
    with time_machine.travel(NOW, tick=False):
        figures = report_figures(
            manager_id=data_set.pk, period_start=MARCH_START, period_end=MARCH_END
        )

    assert figures["contracts"] == {"concluded": 1, "extended": 2, "terminated": 1}
    assert figures["claims"] == {
        "registered": 3,
        "resolved": 3,
        "resolved_on_time": 2,
        "resolved_late": 1,
        "median_time_to_fix_hours": statistics.median([10, 20, 100]),
    }
    assert figures["handoffs"]["requested"] == 3
    assert figures["handoffs"]["overdue"] == 1
    by_code = {row["code"]: row for row in figures["handoffs"]["by_department"]}
    assert by_code["production"]["requested"] == 2
    assert by_code["production"]["overdue"] == 1
    assert by_code["hr"]["requested"] == 1
    assert by_code["hr"]["overdue"] == 0
    assert by_code["hr"]["name_uk"] == "Відділ кадрів"


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(manager):
    contract = ContractFactory(manager=manager, client__account_manager=manager)
    for hours in (1, 3, 5, 100):
        claim(contract, at((3, 1)), resolved=at((3, 2)), hours_to_fix=hours, on_time=True)

    figures = report_figures(manager_id=manager.pk, period_start=MARCH_START, period_end=MARCH_END)

    assert figures["claims"]["median_time_to_fix_hours"] == 4.0


def test_no_claims_resolved_gives_no_median(manager):
    figures = report_figures(manager_id=manager.pk, period_start=MARCH_START, period_end=MARCH_END)

    assert figures["claims"]["median_time_to_fix_hours"] is None
    assert figures["handoffs"] == {"requested": 0, "overdue": 0, "by_department": []}


def test_drafted_report_freezes_the_figures_until_refreshed(data_set, executive_director):
    with time_machine.travel(NOW, tick=False):
        report = services.approval_draft_report(
            actor=data_set, period_start=MARCH_START, period_end=MARCH_END
        )
    assert report.kind == Kind.REPORT and report.status == Status.DRAFT
    assert report.period_type == "month"
    assert report.figures["contracts"]["concluded"] == 1

    # New data after drafting does not change the frozen figures...
    late_contract = ContractFactory(manager=data_set, client__account_manager=data_set)
    stage_event(late_contract, Stage.PREPARATION, Stage.SUPPORT, at((3, 25)))
    report.refresh_from_db()
    assert report.figures["contracts"]["concluded"] == 1

    # ...until the manager drafts them anew, while it is still a draft.
    with time_machine.travel(NOW, tick=False):
        report = services.approval_refresh_figures(actor=data_set, request=report)
    assert report.figures["contracts"]["concluded"] == 2

    report = services.approval_submit(actor=data_set, request=report)
    with pytest.raises(DomainError):
        services.approval_refresh_figures(actor=data_set, request=report)
    report = services.approval_approve(actor=executive_director, request=report)
    assert report.status == Status.APPROVED
    assert report.figures["contracts"]["concluded"] == 2


def test_report_period_must_be_a_calendar_period(manager):
    with pytest.raises(DomainError):
        services.approval_draft_report(
            actor=manager,
            period_start=datetime.date(2025, 3, 5),
            period_end=datetime.date(2025, 3, 20),
        )
