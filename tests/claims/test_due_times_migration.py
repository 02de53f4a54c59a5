"""The data migration that recomputes open claims' and hand-offs' due times in working time."""

import datetime
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps  # noqa: TID251 (a migration's function takes the app registry)

from claims.models import ClaimEventKind, ClaimStatus
from handoffs.models import Kind, Status
from tests.claims.factories import ClaimFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("claims.migrations.0013_due_times_in_working_time")
KYIV = ZoneInfo("Europe/Kyiv")
FRIDAY_1730 = datetime.datetime(2026, 3, 6, 17, 30, tzinfo=KYIV)
H = datetime.timedelta(hours=1)


def test_open_claims_and_their_hand_offs_are_recomputed_with_a_note():
    # As registered before: normal, 8 and 72 wall hours from receipt.
    claim = ClaimFactory(received_at=FRIDAY_1730, priority="normal")
    fix = HandoffFactory(
        claim=claim, kind=Kind.CLAIM_FIX, due_at=claim.resolution_due_at, created_at=FRIDAY_1730
    )
    default_due = HandoffFactory(due_at=FRIDAY_1730 + 72 * H, created_at=FRIDAY_1730)
    chosen = HandoffFactory(due_at=FRIDAY_1730 + 5 * H, created_at=FRIDAY_1730)
    closed = ClaimFactory(received_at=FRIDAY_1730, status=ClaimStatus.CLOSED)
    done = HandoffFactory(due_at=FRIDAY_1730 + 72 * H, created_at=FRIDAY_1730, status=Status.DONE)

    migration.recompute(apps, None)

    for row in (claim, fix, default_due, chosen, closed, done):
        row.refresh_from_db()
    # 4 and 27 working hours from Friday 17:30.
    assert claim.response_due_at == datetime.datetime(2026, 3, 9, 12, 30, tzinfo=KYIV)
    assert claim.resolution_due_at == datetime.datetime(2026, 3, 11, 17, 30, tzinfo=KYIV)
    assert fix.due_at == claim.resolution_due_at
    assert default_due.due_at == datetime.datetime(2026, 3, 11, 17, 30, tzinfo=KYIV)
    assert chosen.due_at == FRIDAY_1730 + 5 * H
    assert closed.resolution_due_at == FRIDAY_1730 + 72 * H
    assert done.due_at == FRIDAY_1730 + 72 * H
    note = claim.events.get(kind=ClaimEventKind.DUE_RECOMPUTED).note
    assert note == (
        "Строки перераховано за робочим календарем: "
        "відповідь до 09.03.2026 12:30, усунення до 11.03.2026 17:30."
    )
    assert fix.events.get().note.startswith("Строки перераховано за робочим календарем")
    assert not chosen.events.exists()
