"""The whole seed, in dependency order, with the big tables' indexes rebuilt after it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, models
from django.utils import translation

from bench.scale import DEMO_USERS, Volumes
from bench.seeding.approvals import ApprovalSeeding
from bench.seeding.base import Log
from bench.seeding.claims import ClaimSeeding
from bench.seeding.contracts import ContractSeeding
from bench.seeding.people import PeopleSeeding
from bench.seeding.tables import history_model
from bench.writer import create_indexes, drop_indexes, reset_sequences
from claims.models import Claim, ClaimComment, ClaimEvent
from contracts.models import Contract, ExpiryWarning, ServiceLine, StaffingRequirement, StageEvent
from handoffs.models import Handoff, HandoffComment, HandoffEvent
from org.models import Notification, User

# The big tables: their indexes are dropped for the load and rebuilt after it.
INDEX_REBUILT: list[type[models.Model]] = [
    Claim,
    history_model(Claim),
    ClaimEvent,
    ClaimComment,
    Handoff,
    history_model(Handoff),
    HandoffEvent,
    HandoffComment,
    Notification,
    history_model(Contract),
    StageEvent,
    history_model(ServiceLine),
    history_model(StaffingRequirement),
]
# Written with ids of the seeder's own: their sequences move past them afterwards.
SEQUENCES_AFTER: list[type[models.Model]] = [
    Handoff,
    history_model(Handoff),
    HandoffEvent,
    HandoffComment,
    Claim,
    history_model(Claim),
    ClaimEvent,
    ClaimComment,
    Notification,
    ExpiryWarning,
]


class Seeder(PeopleSeeding, ContractSeeding, ClaimSeeding, ApprovalSeeding):
    """People, clients and contracts, the hand-offs their stages open, claims with their
    fixes and the other hand-offs, approvals; the claims' part builds on the hand-offs'."""

    def run(self) -> dict[str, float]:
        started = time.monotonic()
        translation.activate(settings.LANGUAGE_CODE)
        with _bulk_load(self.log, started):
            counts: dict[str, float] = {**self.seed_people()}
            self.log(f"people: {len(self.all_users)} users ({time.monotonic() - started:.0f} s)")
            self.seed_clients_and_contracts()
            self.log(f"clients and contracts ({time.monotonic() - started:.0f} s)")
            self._handoff_tables()
            self.seed_contract_handoffs()
            self.log(
                f"contract hand-offs: {self.handoff_count:,} ({time.monotonic() - started:.0f} s)"
            )
            self.seed_claims()
            counts.update(self.seed_approvals())
            counts.update(self.tables.counts())
        reset_sequences(SEQUENCES_AFTER)
        self.log(f"rows written ({time.monotonic() - started:.0f} s); analysing")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        counts["seconds"] = round(time.monotonic() - started, 1)
        return counts


@contextmanager
def _bulk_load(log: Log, started: float) -> Iterator[None]:
    """Foreign keys unchecked row by row and the big tables' indexes dropped meanwhile."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Foreign keys are not checked row by row during the load: the seeder
            # writes parents first, and the smoke test checks the relations.
            cursor.execute("SET session_replication_role = replica")
    dropped = drop_indexes(model._meta.db_table for model in INDEX_REBUILT)
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
        log(f"rebuilding {len(dropped)} indexes ({time.monotonic() - started:.0f} s)")
        create_indexes(dropped)


def seed(volumes: Volumes, *, seed: int = 12, log: Log = print) -> dict[str, float]:
    return Seeder(volumes, seed=seed, log=log).run()


def seeded_scale() -> str | None:
    """The scale the database holds, if it was seeded by `seed_scale` (else None)."""
    from bench.scale import SCALES, volumes

    if not User.objects.filter(username=DEMO_USERS["manager"]).exists():
        return None
    claims = Claim.objects.count()
    for scale in SCALES:
        if claims == volumes(scale).claims:
            return scale
    return None
