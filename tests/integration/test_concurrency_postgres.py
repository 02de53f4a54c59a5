"""20 threads, each with its own PostgreSQL connection, make conflicting edits and
transitions on the same contracts, hand-offs and claims at once (issue 10).

Afterwards every committed write is in the history (simple-history rows and the app's
event rows), none is lost, and every write that lost was refused with a conflict (409)
or a domain error, never overwritten and never a crash.
"""

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.db import connection

from claims import services as claim_services
from claims.models import Claim, ClaimEvent
from contracts import services as contract_services
from contracts.models import Contract, Stage, StageEvent, StageEventKind
from handoffs import services as handoff_services
from handoffs.models import Handoff, HandoffEvent, Kind, Status
from org.errors import DomainError
from org.versioning import StaleVersionError
from tests.claims.factories import ClaimFactory
from tests.clients.factories import ClientFactory, SiteFactory
from tests.contracts.factories import (
    ContractFactory,
    ServiceLineFactory,
    StaffingRequirementFactory,
)
from tests.handoffs.factories import HandoffFactory

THREADS = 20
WRITES_PER_THREAD = 20
READY_CONTRACTS = 5

# serialized_rollback: earlier transactional tests flush the roles and departments that
# the migrations made; this brings them back for the threads.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _ready_contract(client):
    contract = ContractFactory(client=client)
    ServiceLineFactory(contract=contract)
    StaffingRequirementFactory(contract=contract, site=SiteFactory(client=client))
    HandoffFactory(kind=Kind.SITE_SURVEY, status=Status.DONE, contract=contract, client=client)
    return contract


@pytest.fixture(autouse=True)
def _postgres_only():
    # Before the user fixtures: on SQLite there is nothing to set up.
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks across connections: set DATABASE_URL")


@dataclass
class _Race:
    """What the threads write to, and what they report back."""

    manager: object
    department_head: object
    edited: Contract
    ready: list
    handoff: Handoff
    claim: Claim
    lock: threading.Lock = field(default_factory=threading.Lock)
    committed_edits: list = field(default_factory=list)  # (version written, title)
    outcomes: Counter = field(default_factory=Counter)  # (target, "committed" | "refused")
    crashes: list = field(default_factory=list)
    start: threading.Barrier = field(default_factory=lambda: threading.Barrier(THREADS))


def _edit_contract(race, rng, n):
    seen = Contract.objects.get(pk=race.edited.pk)
    time.sleep(rng.random() / 100)  # others save meanwhile: the version goes stale
    title = f"Назва {n}"
    saved = contract_services.contract_update(
        actor=race.manager, contract=seen, version=seen.version, title=title
    )
    with race.lock:
        race.committed_edits.append((saved.version, title))


def _move_handoff(race, rng, n):
    seen = Handoff.objects.get(pk=race.handoff.pk)
    head, manager = race.department_head, race.manager
    moves = {
        "take": lambda: handoff_services.handoff_take(actor=head, handoff=seen),
        "start": lambda: handoff_services.handoff_start(actor=head, handoff=seen),
        "complete": lambda: handoff_services.handoff_complete(
            actor=head, handoff=seen, result=f"{n}"
        ),
        "decline": lambda: handoff_services.handoff_decline(
            actor=head, handoff=seen, reason=f"{n}"
        ),
        "reopen": lambda: handoff_services.handoff_reopen(
            actor=manager, handoff=seen, reason=f"{n}"
        ),
    }
    moves[rng.choice(["take", "start", "complete", "decline", "reopen"])]()


def _move_claim(race, rng, n):
    seen = Claim.objects.get(pk=race.claim.pk)
    manager = race.manager
    moves = {
        "respond": lambda: claim_services.claim_respond(actor=manager, claim=seen, note=f"{n}"),
        "resolve": lambda: claim_services.claim_resolve(
            actor=manager, claim=seen, resolution=f"{n}"
        ),
        "close": lambda: claim_services.claim_close(
            actor=manager, claim=seen, client_confirmation=f"{n}", satisfaction=5
        ),
        "reopen": lambda: claim_services.claim_reopen(actor=manager, claim=seen, reason=f"{n}"),
    }
    moves[rng.choice(["respond", "resolve", "close", "reopen"])]()


def _conclude_or_cancel(race, rng, n):
    seen = Contract.objects.get(pk=race.ready[n % READY_CONTRACTS].pk)
    if rng.random() < 0.5:
        contract_services.contract_conclude(actor=race.manager, contract=seen, reason=f"{n}")
    else:
        contract_services.contract_cancel(actor=race.manager, contract=seen, reason=f"{n}")


WRITES = {
    "contract edit": _edit_contract,
    "hand-off": _move_handoff,
    "claim": _move_claim,
    "conclude/cancel": _conclude_or_cancel,
}


def _write_once(race, name, rng, n):
    """One write; its outcome is counted, a crash is kept for the report."""
    try:
        WRITES[name](race, rng, n)
    except StaleVersionError:  # the edit view answers 409
        outcome = "refused"
        with race.lock:
            race.outcomes[name, "stale"] += 1
    except DomainError:  # a refused transition: the view shows the message
        outcome = "refused"
    except Exception as error:  # any other is a failure, reported below
        with race.lock:
            race.crashes.append(f"{name}: {type(error).__name__}: {error}")
        return
    else:
        outcome = "committed"
    with race.lock:
        race.outcomes[name, outcome] += 1


def _work(race, thread_number):
    rng = random.Random(thread_number)
    try:
        race.start.wait(timeout=60)
        for i in range(WRITES_PER_THREAD):
            name = list(WRITES)[(thread_number + i) % len(WRITES)]
            _write_once(race, name, rng, thread_number * WRITES_PER_THREAD + i)
    finally:
        connection.close()


def _run_threads(race):
    threads = [threading.Thread(target=_work, args=(race, number)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return threads


def _lost_contract_edits(race, before, committed, refused):
    """Contract edits: each commit wrote the next version, none twice; the history holds
    each one with its title, and the row is the last of them."""
    edited, committed_edits = race.edited, race.committed_edits
    edited.refresh_from_db()
    versions = sorted(version for version, _title in committed_edits)
    assert versions == list(range(2, 2 + committed["contract edit"]))
    assert edited.version == 1 + committed["contract edit"]
    history = dict(edited.history.values_list("version", "title"))
    lost = sum(1 for version, title in committed_edits if history.get(version) != title)
    assert edited.history.count() - before["contract history"] == committed["contract edit"]
    assert edited.title == max(committed_edits)[1]
    # An edit that lost did so because its version was stale: the 409 page.
    assert race.outcomes["contract edit", "stale"] == refused["contract edit"]
    return lost


def _lost_moves(race, before, committed):
    """Hand-off and claim: one event and one history row per committed move, and the row
    is where the last event left it."""
    handoff, claim = race.handoff, race.claim
    handoff.refresh_from_db()
    handoff_events = HandoffEvent.objects.filter(handoff=handoff)
    moves = handoff_events.count() - before["handoff events"]
    lost = committed["hand-off"] - moves
    assert handoff.history.count() - before["handoff history"] == committed["hand-off"]
    assert handoff_events.order_by("created_at", "pk").last().to_status == handoff.status
    assert handoff.history.latest().status == handoff.status

    claim.refresh_from_db()
    claim_events = ClaimEvent.objects.filter(claim=claim)
    moves = claim_events.count() - before["claim events"]
    lost += committed["claim"] - moves
    assert claim.history.count() - before["claim history"] == committed["claim"]
    assert claim_events.order_by("created_at", "pk").last().to_status == claim.status
    assert claim.history.latest().status == claim.status
    return lost


def _check_conclude_against_cancel(race, committed):
    """Conclude against cancel: exactly one wins on each contract, with one stage event."""
    for contract in race.ready:
        contract.refresh_from_db()
        assert contract.stage in (Stage.SUPPORT, Stage.CANCELLED)
        events = StageEvent.objects.filter(
            contract=contract, kind=StageEventKind.STAGE, from_stage=Stage.PREPARATION
        )
        assert list(events.values_list("to_stage", flat=True)) == [contract.stage]
        assert contract.history.filter(stage=contract.stage).exists()
    assert committed["conclude/cancel"] == READY_CONTRACTS


def test_twenty_threads_of_conflicting_writes_lose_nothing(manager, department_head, request):
    client = ClientFactory(account_manager=manager)
    edited = ContractFactory(client=client)
    ready = [_ready_contract(client) for _ in range(READY_CONTRACTS)]
    handoff = HandoffFactory(requested_by=manager)
    claim = ClaimFactory(contract=ContractFactory(client=client, stage=Stage.SUPPORT))
    before = {
        "contract history": edited.history.count(),
        "handoff events": HandoffEvent.objects.filter(handoff=handoff).count(),
        "handoff history": handoff.history.count(),
        "claim events": ClaimEvent.objects.filter(claim=claim).count(),
        "claim history": claim.history.count(),
    }
    race = _Race(manager, department_head, edited, ready, handoff, claim)

    threads = _run_threads(race)

    assert not race.crashes, race.crashes[:10]
    assert not any(thread.is_alive() for thread in threads)
    committed = {name: race.outcomes[name, "committed"] for name in WRITES}
    refused = {name: race.outcomes[name, "refused"] for name in WRITES}
    total = sum(committed.values()) + sum(refused.values())
    assert total == THREADS * WRITES_PER_THREAD

    lost = _lost_contract_edits(race, before, committed, refused)
    lost += _lost_moves(race, before, committed)
    _check_conclude_against_cancel(race, committed)

    assert lost == 0
    for name in WRITES:
        assert committed[name] > 0, f"no {name} write committed: the test proved nothing"
    # The line the terminal summary prints (tests/conftest.py).
    request.node.user_properties.append(
        (
            "concurrency",
            f"Concurrency: {THREADS} threads, {total} writes, {sum(committed.values())} committed, "
            f"{sum(refused.values())} refused (409/domain), {lost} lost"
            f" ({', '.join(f'{name} {committed[name]}/{committed[name] + refused[name]}' for name in WRITES)})",
        )
    )
