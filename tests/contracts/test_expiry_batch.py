"""The expiry job's batch path: the same rows as warning contracts one by one, at a
number of queries that does not grow with the batch."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import ExpiryWarning, Stage
from contracts.services import contract_warn_expiry, contracts_warn_expiry
from contracts.tasks import warn_contracts
from handoffs.models import Handoff, HandoffEvent
from org.models import AbsenceCover, DepartmentCode, Notification
from tests.contracts.factories import ContractFactory, StaffingRequirementFactory
from tests.org.factories import UserFactory, department

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 7, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def hr_head():
    hr = department(DepartmentCode.HR)
    hr.head = UserFactory(department=hr)
    hr.save()
    return hr.head


def due_contract(*, days_left=60, manager=None, staffing=2):
    extra = {"manager": manager} if manager is not None else {}
    contract = ContractFactory(
        stage=Stage.SUPPORT,
        start_date=TODAY - datetime.timedelta(days=300),
        end_date=TODAY + datetime.timedelta(days=days_left + 30),
        notice_period_days=30,
        **extra,
    )
    StaffingRequirementFactory.create_batch(staffing, contract=contract)
    return contract


def written_for(contract):
    """What warning ``contract`` wrote, with its own number and client name taken out."""

    def plain(text):
        return str(text).replace(contract.number, "N").replace(contract.client.short_name, "C")

    handoffs = Handoff.objects.filter(contract=contract).order_by("kind")
    urls = [contract.get_absolute_url(), *(h.get_absolute_url() for h in handoffs)]
    notifications = Notification.objects.filter(url__in=urls)
    return {
        "warnings": sorted(
            ExpiryWarning.objects.filter(contract=contract).values_list(
                "threshold_days", "deadline"
            )
        ),
        "notifications": sorted(
            (
                n.recipient_id,
                n.addressed_to_id,
                n.message,
                plain(sorted(n.params.items())),
                n.email_status,
                n.url == contract.get_absolute_url(),
            )
            for n in notifications
        ),
        "handoffs": [
            (
                h.kind,
                h.department_id,
                h.assignee_id,
                h.requested_by_id,
                h.on_behalf_of_id,
                plain(h.title),
                plain(h.details).count("\n"),
                h.due_at,
                h.status,
                [(r.history_type, r.history_user_id) for r in h.history.all()],
                list(HandoffEvent.objects.filter(handoff=h).values_list("to_status", "actor_id")),
            )
            for h in handoffs
        ],
    }


def test_a_batch_writes_what_warning_one_by_one_writes(hr_head, django_capture_on_commit_callbacks):
    here, away, cover = UserFactory(), UserFactory(), UserFactory()
    AbsenceCover.objects.create(
        absent=away, cover=cover, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=5)
    )
    pairs = [
        (due_contract(manager=here), due_contract(manager=here)),
        (due_contract(manager=away), due_contract(manager=away)),
        (due_contract(manager=here, days_left=-3), due_contract(manager=here, days_left=-3)),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        for one, _batched in pairs:
            contract_warn_expiry(contract=one, today=TODAY)
    mails_one_by_one = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        done = contracts_warn_expiry(contract_ids=[b.pk for _one, b in pairs], today=TODAY)

    assert sorted(c.pk for c in done) == sorted(b.pk for _one, b in pairs)
    for one, batched in pairs:
        assert written_for(batched) == written_for(one)
        assert len(written_for(batched)["handoffs"]) == 2
    assert len(mail.outbox) == 2 * mails_one_by_one
    # The cover is told, addressed on behalf of the absent manager.
    assert Notification.objects.filter(recipient=cover, addressed_to=away).count() == 2


def test_a_batch_opens_no_second_hand_off_and_warns_only_new_thresholds(hr_head):
    contract = due_contract(days_left=60)
    contracts_warn_expiry(contract_ids=[contract.pk], today=TODAY)

    assert contracts_warn_expiry(contract_ids=[contract.pk], today=TODAY) == {}
    later = TODAY + datetime.timedelta(days=31)
    assert contracts_warn_expiry(contract_ids=[contract.pk], today=later) == {contract: [30]}
    assert Handoff.objects.filter(contract=contract).count() == 2
    assert Notification.objects.filter(url=contract.get_absolute_url()).count() == 2


# Lock, warnings read and written, open hand-offs, staffing, HR, hand-offs, their history,
# events, their webhook events (one outbox INSERT), covers, notifications, and two
# savepoints set and released: for any batch size.
BATCH_QUERIES = 16


def round_trips(captured):
    """The queries, a bulk insert that SQLite splits by its variable limit counted once."""
    statements = []
    for query in captured:
        sql = query["sql"]
        key = sql.split(" VALUES ")[0] if sql.startswith("INSERT") else sql
        if not (statements and sql.startswith("INSERT") and statements[-1] == key):
            statements.append(key)
    return statements


@pytest.mark.parametrize("size", [1, 10, 50])
def test_a_batch_costs_the_same_queries_whatever_its_size(size, hr_head):
    contracts = [due_contract() for _ in range(size)]

    with CaptureQueriesContext(connection) as queries:
        done = contracts_warn_expiry(contract_ids=[c.pk for c in contracts], today=TODAY)

    assert len(round_trips(queries.captured_queries)) == BATCH_QUERIES
    if connection.vendor == "postgresql":
        assert len(queries) == BATCH_QUERIES
    assert len(done) == size
    assert Handoff.objects.filter(contract__in=contracts).count() == 2 * size


def test_warn_contracts_warns_a_batch_one_by_one_when_another_run_got_there(hr_head):
    first, second = due_contract(), due_contract()
    # As a run that slipped past the lock would leave it (SQLite has no row locks).
    contract_warn_expiry(contract=first, today=TODAY)
    ExpiryWarning.objects.filter(contract=first).delete()
    contract_warn_expiry(contract=first, today=TODAY)

    warned = warn_contracts([first.pk, second.pk], today=TODAY)

    assert warned == {str(second): [90]}
    assert ExpiryWarning.objects.filter(contract__in=[first, second]).count() == 2
