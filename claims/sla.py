"""A claim's clocks in working time on its contract's calendar (`calendars.working_time`).

The SLA hours (`Contract.sla_hours`, `CLAIM_SLA_DEFAULTS`) are working hours: on the
company's Mon–Fri 09:00–18:00 calendar a 4-hour response to a claim received on Friday at
17:30 is due on Monday at 12:30; on a 24/7 contract working hours are wall hours.
The promptness figures (time to respond, time to fix) are working time too, less the
working time the claim waited for the client.
"""

from __future__ import annotations

import datetime
from datetime import timedelta

from calendars.working_time import Schedule, add_working_time, working_time_between
from claims.models import Claim
from contracts.models import Contract
from contracts.selectors import calendar_for_contract


def due_times(
    schedule: Schedule, contract: Contract, *, priority: str, received_at: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    """(response due, fix due) of a claim of ``priority`` on ``contract`` received then."""
    response_hours, fix_hours = contract.sla_hours(priority)
    return (
        add_working_time(schedule, received_at, timedelta(hours=response_hours)),
        add_working_time(schedule, received_at, timedelta(hours=fix_hours)),
    )


def paused_time(claim: Claim, schedule: Schedule, now: datetime.datetime) -> timedelta:
    """The working time the claim has waited for the client, the current wait included."""
    total = timedelta(seconds=claim.paused_working_seconds)
    if claim.paused_at is not None:
        total += current_pause(claim, schedule, now)
    return total


def current_pause(claim: Claim, schedule: Schedule, now: datetime.datetime) -> timedelta:
    """The working time of the wait in progress (none: zero)."""
    if claim.paused_at is None:
        return timedelta(0)
    return max(working_time_between(schedule, claim.paused_at, now), timedelta(0))


def time_to_respond(claim: Claim, schedule: Schedule, now: datetime.datetime) -> timedelta:
    return max(working_time_between(schedule, claim.received_at, now), timedelta(0))


def time_to_fix(claim: Claim, schedule: Schedule, now: datetime.datetime) -> timedelta:
    """Working time from receipt to ``now``, less the working time waited for the client."""
    worked = working_time_between(schedule, claim.received_at, now)
    return max(worked - paused_time(claim, schedule, now), timedelta(0))


def pause_figures(claim: Claim, now: datetime.datetime) -> dict[str, timedelta]:
    """For the claim page: the working time waited in all (``total``) and in this wait."""
    schedule = calendar_for_contract(claim.contract)
    return {
        "total": paused_time(claim, schedule, now),
        "current": current_pause(claim, schedule, now),
    }
