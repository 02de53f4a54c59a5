"""When a contract's claim clocks run."""

from __future__ import annotations

from calendars.selectors import schedule_for_id
from calendars.working_time import Schedule
from contracts.models import Contract


def calendar_for_contract(contract: Contract) -> Schedule:
    """The contract's calendar as a `Schedule`, the company default when it names none.

    Cached per process (`calendars.selectors.schedule_for_id`): a loop over claims reads
    each calendar once, not twice a claim."""
    return schedule_for_id(contract.calendar_id)
