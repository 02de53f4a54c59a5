"""Rows for the report tests, as the app stores them, at fixed times of November 2026."""

import datetime
from zoneinfo import ZoneInfo

from claims.models import ClaimStatus
from contracts.models import Agreement, RecordChange
from contracts.record_models import RecordAction, RecordKind
from handoffs.models import Kind as HandoffKind
from handoffs.models import Status as HandoffStatus
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.handoffs.factories import HandoffFactory

KYIV = ZoneInfo("Europe/Kyiv")
MONTH = datetime.date(2026, 11, 1)
# The day the tests run on: the monthly job drafts November's reports on 1 December.
TODAY = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=KYIV)


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=KYIV)


HOURS = datetime.timedelta(hours=1)

# (received, responded, respond hours, on time, resolved, fix hours, on time, closed, mark)
CLAIMS = [
    (at(11, 3), at(11, 3, 11), 1, True, at(11, 4, 12), 10, True, at(11, 5), 5),
    (at(11, 10), at(11, 10, 15), 5, False, at(11, 20), 40, False, at(11, 21), 3),
    (at(11, 28), None, None, None, None, None, None, None, None),
    (at(10, 25), at(10, 25, 11), 1, True, at(11, 2), 20, True, at(12, 1), 4),
    (at(12, 1), None, None, None, None, None, None, None, None),
]


def claim_rows(contract):
    for row in CLAIMS:
        received, responded, respond, responded_ok, resolved, fix, fixed_ok, closed, mark = row
        status = ClaimStatus.NEW
        if closed is not None:
            status = ClaimStatus.CLOSED
        elif resolved is not None:
            status = ClaimStatus.RESOLVED
        ClaimFactory(
            contract=contract,
            status=status,
            received_at=received,
            responded_at=responded,
            time_to_respond=respond * HOURS if respond is not None else None,
            responded_on_time=responded_ok,
            resolved_at=resolved,
            time_to_fix=fix * HOURS if fix is not None else None,
            fixed_on_time=fixed_ok,
            closed_at=closed,
            satisfaction=mark,
        )


def served_contract(manager=None, **kwargs):
    """A contract in support with November's claims, agreements, staffing changes and
    hand-offs, and rows of other months that the report must leave out."""
    extra = {"client__account_manager": manager} if manager is not None else {}
    contract = SupportContractFactory(
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 12, 31),
        signed_on=datetime.date(2025, 12, 20),
        **extra,
        **kwargs,
    )
    claim_rows(contract)
    for day, summary in (
        (datetime.date(2026, 11, 15), "Прибирання холу о 7:00"),
        (datetime.date(2026, 10, 30), "Жовтнева домовленість"),
    ):
        Agreement.objects.create(
            contract=contract,
            date=day,
            summary=summary,
            confirmed_by="Петренко О.",
            created_by=contract.manager,
        )
    change = RecordChange.objects.create(
        contract=contract,
        record=RecordKind.STAFFING,
        action=RecordAction.ADDED,
        label="Охоронець × 2",
        changes=[{"field": "headcount", "old": "", "new": "2"}],
        actor=contract.manager,
    )
    RecordChange.objects.filter(pk=change.pk).update(created_at=at(11, 12))
    for kind, completed in (
        (HandoffKind.STAFF_REPLACEMENT, at(11, 7)),
        (HandoffKind.CLAIM_FIX, at(11, 20)),
        (HandoffKind.CLAIM_FIX, at(11, 21)),
        (HandoffKind.CLAIM_FIX, at(12, 2)),
    ):
        HandoffFactory(
            contract=contract,
            client=contract.client,
            requested_by=contract.manager,
            kind=kind,
            status=HandoffStatus.DONE,
            completed_at=completed,
        )
    HandoffFactory(
        contract=contract,
        client=contract.client,
        requested_by=contract.manager,
        title="Заміна килимів у холі",
        due_at=at(12, 15),
    )
    return contract


def expected_claims():
    """What November's figures must say, counted here from the rows above."""

    def in_november(moment):
        return moment is not None and moment.month == 11

    received = [row for row in CLAIMS if in_november(row[0])]
    responded = [row for row in CLAIMS if in_november(row[1])]
    resolved = [row for row in CLAIMS if in_november(row[4])]
    open_at_end = [
        row
        for row in CLAIMS
        if row[0] < at(12, 1, 0) and (row[4] is None or row[4] >= at(12, 1, 0))
    ]
    fix_hours = sorted(row[5] for row in resolved)
    closed_marks = [row[8] for row in CLAIMS if in_november(row[7]) and row[8] is not None]
    return {
        "received": len(received),
        "responded": len(responded),
        "responded_on_time": sum(1 for row in responded if row[3]),
        "resolved": len(resolved),
        "resolved_on_time": sum(1 for row in resolved if row[6]),
        "resolved_late": sum(1 for row in resolved if row[6] is False),
        "open_at_end": len(open_at_end),
        "median_fix_hours": fix_hours[len(fix_hours) // 2],
        "average_fix_hours": round(sum(fix_hours) / len(fix_hours), 2),
        "marks": closed_marks,
    }
