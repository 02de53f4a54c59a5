import logging

from celery import shared_task
from django.db import IntegrityError
from django.utils import timezone

from contracts.models import Contract, Stage
from contracts.services import contract_warn_expiry, expiry_deadline, expiry_thresholds

logger = logging.getLogger(__name__)


def warn_expiring_contracts(*, today=None) -> dict[str, list[int]]:
    """Warn about every contract in support whose deadline is within a threshold.

    Each contract in its own transaction, so one failure does not hold up the rest.
    Returns {contract: thresholds warned now}.
    """
    today = today or timezone.localdate()
    widest = max(expiry_thresholds(), default=0)
    warned = {}
    candidates = Contract.objects.filter(stage=Stage.SUPPORT, end_date__isnull=False).only(
        "pk", "end_date", "notice_period_days", "number"
    )
    for contract in candidates.iterator(chunk_size=500):
        if (expiry_deadline(contract) - today).days > widest:
            continue
        try:
            thresholds = contract_warn_expiry(contract=contract, today=today)
        except IntegrityError:
            # Another run (a duplicate beat, a retried task) warned it at this moment.
            logger.info("Expiry warning for contract %s written by another run", contract.pk)
            continue
        if thresholds:
            warned[str(contract)] = thresholds
    return warned


@shared_task
def send_expiry_warnings():
    """Daily: warn managers before their contracts' notice deadlines (each threshold once)."""
    warned = warn_expiring_contracts()
    return f"{len(warned)} contracts warned"
