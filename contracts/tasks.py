"""Expiry warnings in the background, built to survive a worker killed mid-job.

The daily job only decides what is due and fans it out as small batch tasks; each
batch is idempotent (contracts_warn_expiry locks its rows in id order and writes the
batch in bulk in one transaction, and the unique constraint on ExpiryWarning refuses a
second warning; a batch that meets one is redone contract by contract). A worker killed
with SIGKILL cannot return the messages it held: Redis redelivers them only after the
broker's visibility timeout (an hour). So a frequent catch-up run (every
EXPIRY_CATCH_UP_SECONDS during the warning hours) warns whatever is due and not yet
warned, and the work a dead worker held is done at the next tick after a worker is
back. The redelivered messages later find nothing left to do.
"""

import logging
import time

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from contracts.models import Contract, ExpiryWarning, Stage
from contracts.services import (
    contract_warn_expiry,
    contracts_warn_expiry,
    expiry_deadline,
    expiry_thresholds,
)

logger = logging.getLogger(__name__)

# Small enough that a killed worker strands little work, large enough that 10,000
# contracts are a few hundred messages.
EXPIRY_BATCH_SIZE = 50
# The catch-up stops starting new contracts after this long, safely inside the task's
# soft time limit; the next tick carries on where it stopped.
CATCH_UP_BUDGET_SECONDS = 180.0


def contracts_due_for_warning(*, today) -> list[int]:
    """Ids of contracts in support that crossed a threshold they were not warned at.

    Two queries, whatever the number of contracts, so that a catch-up run that finds
    nothing to do costs next to nothing.
    """
    thresholds = expiry_thresholds()
    widest = max(thresholds, default=0)
    in_support = Contract.objects.filter(stage=Stage.SUPPORT, end_date__isnull=False)
    warned = set(
        ExpiryWarning.objects.filter(
            contract__stage=Stage.SUPPORT, contract__end_date__isnull=False
        ).values_list("contract_id", "deadline", "threshold_days")
    )
    due = []
    for contract in in_support.only("pk", "end_date", "notice_period_days").order_by("pk"):
        deadline = expiry_deadline(contract)
        days_left = (deadline - today).days
        if days_left > widest:
            continue
        crossed = (days for days in thresholds if days_left <= days)
        if any((contract.pk, deadline, days) not in warned for days in crossed):
            due.append(contract.pk)
    return due


def warn_contracts(contract_ids, *, today=None, budget_seconds=None) -> dict[str, list[int]]:
    """Warn each of ``contract_ids`` that is still due; returns {contract: thresholds}.

    EXPIRY_BATCH_SIZE contracts a transaction, written in bulk (contracts_warn_expiry);
    a batch that another run warned at the same moment (the unique constraint) is
    done again one contract a transaction, so one conflict does not hold up the rest.
    """
    today = today or timezone.localdate()
    stop_at = None if budget_seconds is None else time.monotonic() + budget_seconds
    warned: dict[str, list[int]] = {}
    ids = sorted(set(contract_ids))
    for start in range(0, len(ids), EXPIRY_BATCH_SIZE):
        if stop_at is not None and time.monotonic() > stop_at:
            logger.info("Expiry warnings: time budget spent, the next run carries on")
            break
        batch = ids[start : start + EXPIRY_BATCH_SIZE]
        try:
            done = contracts_warn_expiry(contract_ids=batch, today=today)
        except IntegrityError:
            logger.info("Expiry warnings: a batch met another run, warning it one by one")
            done = _warn_one_by_one(batch, today=today)
        warned.update((str(contract), thresholds) for contract, thresholds in done.items())
    return warned


def _warn_one_by_one(contract_ids, *, today) -> dict[Contract, list[int]]:
    warned: dict[Contract, list[int]] = {}
    for contract in Contract.objects.filter(pk__in=contract_ids).order_by("pk"):
        try:
            thresholds = contract_warn_expiry(contract=contract, today=today)
        except IntegrityError:
            # Another run (the catch-up, a redelivered batch) warned it at this moment.
            logger.info("Expiry warning for contract %s written by another run", contract.pk)
            continue
        if thresholds:
            warned[contract] = thresholds
    return warned


def warn_expiring_contracts(*, today=None, budget_seconds=None) -> dict[str, list[int]]:
    """Warn about every contract in support whose deadline is within a threshold, now,
    in this process. Returns {contract: thresholds warned now}."""
    today = today or timezone.localdate()
    due = contracts_due_for_warning(today=today)
    return warn_contracts(due, today=today, budget_seconds=budget_seconds)


def in_warning_hours(moment=None) -> bool:
    start, end = settings.EXPIRY_WARNING_HOURS
    return start <= timezone.localtime(moment).hour < end


@shared_task
def send_expiry_warnings():
    """Daily: warn managers before their contracts' notice deadlines (each threshold once).

    Fans the work out in small batches, so that any number of workers share it and a
    dead worker strands one batch, which the catch-up run then does.
    """
    due = contracts_due_for_warning(today=timezone.localdate())
    for start in range(0, len(due), EXPIRY_BATCH_SIZE):
        warn_contract_batch.delay(due[start : start + EXPIRY_BATCH_SIZE])
    batches = -(-len(due) // EXPIRY_BATCH_SIZE)
    return f"{len(due)} contracts due, in {batches} batches"


@shared_task
def warn_contract_batch(contract_ids):
    """One batch of the daily job; safe to run twice, or after the catch-up did it."""
    warned = warn_contracts(contract_ids)
    return f"{len(warned)} of {len(contract_ids)} contracts warned"


@shared_task
def catch_up_expiry_warnings():
    """Frequent, during the warning hours: warn whatever is due and not yet warned
    (work a killed worker held, a batch that never reached the broker)."""
    if not in_warning_hours():
        return "outside the warning hours"
    warned = warn_expiring_contracts(budget_seconds=CATCH_UP_BUDGET_SECONDS)
    return f"{len(warned)} contracts warned"
