"""The state every part of the seeder shares: the volumes, the random source, the clock,
the writers and the ids of what was seeded so far."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.utils import timezone

from bench.scale import Volumes
from bench.seeding.tables import Tables
from bench.writer import TableWriter

Log = Callable[[str], object]
Row = tuple[object, ...]


class SeededClient(NamedTuple):
    id: int
    manager: int
    contacts: list[int]
    sites: list[int]


class SeededContract(NamedTuple):
    id: int
    owner: SeededClient
    manager: int
    stage: str
    start: date | None
    end: date | None
    sites: list[int]


def at(day: date, hour: int = 0) -> datetime:
    """``hour`` o'clock (current time zone) on ``day``."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=hour)


class SeederBase:
    # People (seed_people).
    executive: int
    general: int
    managers: list[int]
    departments: dict[str, int]
    members: dict[int, list[int]]
    heads: dict[int, int]
    all_users: list[int]
    # Clients and contracts.
    clients: list[SeededClient]
    contracts: list[SeededContract]
    # Hand-offs (_handoff_tables).
    handoffs: TableWriter
    handoff_history: TableWriter
    handoff_events: TableWriter
    handoff_comments: TableWriter
    notifications: TableWriter
    next_handoff: int
    handoff_count: int
    notification_count: int
    notify_every: int
    expiry_work: int

    def __init__(self, volumes: Volumes, *, seed: int = 12, log: Log = print) -> None:
        self.v = volumes
        self.rng = random.Random(f"{volumes.scale}-{seed}")
        self.log = log
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.today = timezone.localdate(self.now)
        self.tables = Tables()

    def ago(self, days_low: float, days_high: float) -> datetime:
        return self.now - timedelta(seconds=self.rng.uniform(days_low, days_high) * 86400)

    def _history(
        self, writer: TableWriter, row: Row, when: datetime, user_id: int | None, kind: str = "+"
    ) -> None:
        writer.add((*row, when, None, kind, user_id))
