"""Reminding managers of claims that wait for the client too long.

A claim waiting longer than ``CLAIM_WAITING_REMINDER_DAYS`` working days (a day's work on
its contract's calendar, `calendars.selectors.working_day_length`) tells its manager once
per wait: the flag ``pause_reminded`` is set by a conditional update before the word goes
out, so two runs of the job (or two beat schedulers) send it once; a new wait clears it.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from calendars.selectors import working_day_length
from claims.models import Claim, ClaimStatus
from claims.sla import current_pause
from contracts.selectors import calendar_for_contract
from org.services import notify

logger = logging.getLogger(__name__)

CLAIM_WAITING_TOO_LONG = gettext_noop(
    "Claim #%(number)s «%(title)s» (%(client)s) has waited for the client for %(days)s "
    "working days: ask again or resume it."
)


def _waited_too_long(claim: Claim, now: datetime.datetime, days: int) -> bool:
    schedule = calendar_for_contract(claim.contract)
    return current_pause(claim, schedule, now) >= days * working_day_length(schedule)


def remind_waiting_claims(*, now: datetime.datetime | None = None) -> int:
    """Remind the managers of claims waiting too long; how many were reminded."""
    now = now or timezone.now()
    days = settings.CLAIM_WAITING_REMINDER_DAYS
    # Working time never exceeds wall time: only waits begun that many days ago qualify.
    candidates = Claim.objects.filter(
        status=ClaimStatus.WAITING,
        pause_reminded=False,
        paused_at__lte=now - datetime.timedelta(days=days),
    ).select_related("contract__manager", "contract__client")
    reminded = 0
    for claim in candidates.iterator(chunk_size=500):
        if not _waited_too_long(claim, now, days):
            continue
        with transaction.atomic():
            # Only if no other run reminded of this wait first.
            claimed = Claim.objects.filter(
                pk=claim.pk,
                status=ClaimStatus.WAITING,
                paused_at=claim.paused_at,
                pause_reminded=False,
            ).update(pause_reminded=True)
            if not claimed:
                continue
            notify(
                recipient=claim.contract.manager,
                message=CLAIM_WAITING_TOO_LONG,
                params={
                    "number": claim.pk,
                    "title": claim.subject,
                    "client": str(claim.contract.client),
                    "days": days,
                },
                url=claim.get_absolute_url(),
            )
        reminded += 1
    logger.info("Waiting claims reminded: %s", reminded)
    return reminded
