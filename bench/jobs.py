"""What the runner reads from the seeded database, and the expiry job it measures."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypedDict

from django.db import connection, models
from django.db.models import Count, Max
from django.utils import timezone

from bench.scale import DEMO_USERS, PASSWORD, SCALES
from bench.seeding.tables import history_model
from bench.servers import Services
from claims.models import Claim, ClaimStatus
from contracts.models import Contract, ExpiryWarning, Stage
from handoffs.models import Handoff, HandoffEvent, Kind
from handoffs.selectors import inbox_tabs
from org.models import Notification, User

TASK = "contracts.tasks.send_expiry_warnings"
BATCH_TASK = "contracts.tasks.warn_contract_batch"
# The worker's processes, as in docker-compose.yml and the integration tests.
WORKER_CONCURRENCY = os.environ.get("EXPIRY_WORKER_CONCURRENCY", "2")
WORKER_COMMAND = [sys.executable, "-m", "celery", "-A", "config", "worker"]
WORKER_COMMAND += ["-c", WORKER_CONCURRENCY, "-l", "info"]
# The last id of each table the expiry job writes to, before it runs.
Markers = dict[str, int]


class ExpiryFigures(TypedDict):
    name: str
    seconds: float
    count: int
    duplicates: int
    contracts: int
    worker_concurrency: int
    load_average: list[float]


def _handoff_history() -> type[models.Model]:
    return history_model(Handoff)


def fixtures() -> dict[str, Any]:
    """The users to sign in as and the objects whose pages are measured."""
    users = {role: User.objects.get(username=name) for role, name in DEMO_USERS.items()}
    manager, staff = users["manager"], users["staff"]
    # The manager's busiest contract in support: the page a manager opens most.
    contract = (
        Contract.objects.filter(manager=manager, stage=Stage.SUPPORT)
        .annotate(claim_count=Count("claims"))
        .order_by("-claim_count", "pk")
        .first()
    )
    claim = (
        Claim.objects.filter(contract=contract, status=ClaimStatus.IN_PROGRESS)
        .order_by("-received_at")
        .first()
        or Claim.objects.filter(contract=contract).order_by("-received_at").first()
    )
    if contract is None or claim is None or staff.department_id is None:
        raise SystemExit("The database holds no seeded contract with claims: seed it first.")
    staff_claim = (
        Handoff.objects.filter(
            kind=Kind.CLAIM_FIX,
            department_id=staff.department_id,
            status__in=["open", "in_progress"],
        )
        .order_by("-created_at")
        .values_list("claim_id", flat=True)
        .first()
    )
    return {
        "users": DEMO_USERS,
        "password": PASSWORD,
        "tabs": {
            "staff": [tab.key for tab in inbox_tabs(staff)],
            "head": [tab.key for tab in inbox_tabs(users["head"])],
        },
        "contract": contract.pk,
        "client": contract.client_id,
        "claim": claim.pk,
        "staff_claim": staff_claim or claim.pk,
        "search": contract.client.short_name.split("-")[0],
    }


def _wanted(scale: str) -> int:
    """``EXPIRY_COUNT`` contracts if set (the issue's target is 10,000), else 10,000 × scale."""
    return int(os.environ.get("EXPIRY_COUNT") or 0) or round(10_000 * SCALES[scale])


def _name(count: int) -> str:
    return f"expiry-{count // 1000}k" if count >= 1000 and count % 1000 == 0 else f"expiry-{count}"


def measure_expiry(services: Services, *, env: Mapping[str, str], scale: str) -> ExpiryFigures:
    """Make ``10,000 × scale`` contracts due for a warning, run the daily job on a real
    worker (enqueued twice, as a duplicate beat would), count, then put the database back.
    """
    chosen = _contracts_to_warn(_wanted(scale))
    markers = _markers()
    worker = services.spawn(WORKER_COMMAND, log_name="celery.log", env=env)
    try:
        seconds = _run_expiry_job(services.temp / "celery.log")
        count, duplicates = _count(markers)
    finally:
        worker.terminate()
        worker.wait(60)
        _restore(chosen, markers)
    return {
        "name": _name(len(chosen)),
        "seconds": seconds,
        "count": count,
        "duplicates": duplicates,
        "contracts": len(chosen),
        "worker_concurrency": int(WORKER_CONCURRENCY),
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }


def _contracts_to_warn(wanted: int) -> list[tuple[int, date]]:
    """``wanted`` contracts in support, moved to end in 100 days; their real end dates.

    100 days to the end: the notice deadline (30 days before) is 70 days off, within the
    90-day threshold only, so each contract is warned exactly once.
    """
    today = timezone.localdate()
    chosen = list(
        Contract.objects.filter(
            stage=Stage.SUPPORT, end_date__gt=today + timedelta(days=125), notice_period_days=30
        )
        .order_by("pk")
        .values_list("pk", "end_date")[:wanted]
    )
    ids = [pk for pk, _end in chosen]
    Contract.objects.filter(pk__in=ids).update(end_date=today + timedelta(days=100))
    return [(pk, end) for pk, end in chosen if end is not None]


def _markers() -> Markers:
    """The last id of each table the job writes to: what it wrote is what lies above."""
    return {
        "warning": ExpiryWarning.objects.aggregate(m=Max("pk"))["m"] or 0,
        "notification": Notification.objects.aggregate(m=Max("pk"))["m"] or 0,
        "handoff": Handoff.objects.aggregate(m=Max("pk"))["m"] or 0,
        "event": HandoffEvent.objects.aggregate(m=Max("pk"))["m"] or 0,
        "history": _handoff_history()._default_manager.aggregate(m=Max("pk"))["m"] or 0,
    }


def _run_expiry_job(log_path: Path) -> float:
    """Enqueue the daily job twice once the worker is ready; seconds until every batch of
    both runs is done."""
    _wait_for(log_path, r"ready\.", 1, timeout=120)
    from contracts.tasks import send_expiry_warnings

    started = time.monotonic()
    send_expiry_warnings.delay()
    send_expiry_warnings.delay()  # a duplicate beat: each warning must still be sent once
    fanned_out = _wait_for(
        log_path,
        rf"Task {re.escape(TASK)}\[[^\]]+\] (?:succeeded|raised)[^\n]*",
        2,
        timeout=3600,
    )
    # Until every batch of both runs is done, not just the two fan-outs.
    batches = sum(int(n) for n in re.findall(r"in (\d+) batches", "\n".join(fanned_out)))
    _wait_for(
        log_path,
        rf"Task {re.escape(BATCH_TASK)}\[[^\]]+\] (?:succeeded|raised)",
        batches,
        timeout=3600,
    )
    return round(time.monotonic() - started, 1)


def _wait_for(path: Path, pattern: str, times: int, *, timeout: float) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text(errors="replace") if path.exists() else ""
        found = re.findall(pattern, text)
        if len(found) >= times:
            return found
        time.sleep(0.5)
    raise SystemExit(f"The worker did not log {pattern!r} {times}× in {timeout} s; see {path}")


def _count(markers: Markers) -> tuple[int, int]:
    new_warnings = ExpiryWarning.objects.filter(pk__gt=markers["warning"])
    count = new_warnings.count()
    duplicate_rows = (
        new_warnings.values("contract", "deadline", "threshold_days")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    doubled_handoffs = (
        Handoff.objects.filter(pk__gt=markers["handoff"], kind=Kind.RELEASE_OF_WORKERS)
        .values("contract")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    urls = (
        Notification.objects.filter(pk__gt=markers["notification"], url__startswith="/contracts/")
        .values("url", "recipient")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return count, duplicate_rows + doubled_handoffs + urls


def _restore(chosen: list[tuple[int, date]], markers: Markers) -> None:
    """Delete what the job wrote and give the contracts their end dates back."""
    history = _handoff_history()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {HandoffEvent._meta.db_table} WHERE handoff_id > %s", [markers["handoff"]]
        )
        cursor.execute(f"DELETE FROM {history} WHERE history_id > %s", [markers["history"]])
        cursor.execute(
            f"DELETE FROM {Notification._meta.db_table} WHERE id > %s", [markers["notification"]]
        )
        cursor.execute(f"DELETE FROM {Handoff._meta.db_table} WHERE id > %s", [markers["handoff"]])
        cursor.execute(
            f"DELETE FROM {ExpiryWarning._meta.db_table} WHERE id > %s", [markers["warning"]]
        )
        cursor.executemany(
            f"UPDATE {Contract._meta.db_table} SET end_date = %s WHERE id = %s",
            [(end, pk) for pk, end in chosen],
        )
