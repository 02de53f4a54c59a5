"""The "due-times-10k" job: computing the due times of 10,000 claims, as registration does.

Registration computes a claim's two due times on its contract's calendar
(`claims.sla.due_times`); this measures that arithmetic for many claims received at
spread-out moments (nights, weekends, holidays) on the company calendar and a 24/7 one,
to show it stays far below a request's budget (the bar: under 1 s for all of them). The
calendars are read once each, not once a claim.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TypedDict

from django.utils import timezone

from calendars.models import WorkingCalendar
from claims.sla import due_times
from contracts.models import Contract, Priority
from contracts.selectors import calendar_for_contract

COUNT = 10_000
LIMIT_SECONDS = 1.0


class DueTimesFigures(TypedDict):
    name: str
    seconds: float
    count: int
    duplicates: int


def measure_due_times(count: int = COUNT) -> DueTimesFigures:
    around_the_clock = WorkingCalendar.objects.filter(always_open=True).first()
    contracts = [Contract(), Contract(calendar=around_the_clock)]
    priorities = list(Priority)
    start = timezone.now()
    began = time.perf_counter()
    for index in range(count):
        contract = contracts[index % 2]
        received = start + timedelta(minutes=37 * index)
        due_times(
            calendar_for_contract(contract),
            contract,
            priority=priorities[index % len(priorities)],
            received_at=received,
        )
    seconds = time.perf_counter() - began
    return {
        "name": f"due-times-{count // 1000}k",
        "seconds": round(seconds, 3),
        "count": count,
        "duplicates": 0,
    }
