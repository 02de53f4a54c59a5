"""Celery beat's schedule, run in this process: the embedded default's periodic work.

`make run` starts it beside runserver when there is no broker, so a newcomer sees
expiry warnings and escalations happen without Redis, a worker or beat. With a
broker, run `celery -A config beat` instead (exactly one of the two, never both).
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from celery import current_app
from celery.schedules import schedule as every
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Run the periodic tasks of CELERY_BEAT_SCHEDULE in this process (no broker needed)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every task once, then stop.")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        current_app.loader.import_default_modules()  # autodiscovery is lazy otherwise
        entries = settings.CELERY_BEAT_SCHEDULE
        # As beat does: a job first runs when its schedule next comes round (`--once`
        # runs every job now).
        started = timezone.now()
        last_run = {} if once else dict.fromkeys(entries, started)
        self.stdout.write(f"Scheduler: {len(entries)} periodic tasks, in-process.")
        while True:
            wait = 60.0
            for name, entry in entries.items():
                schedule = entry["schedule"]
                if not hasattr(schedule, "is_due"):  # a number of seconds
                    schedule = every(schedule)
                due, next_in = (
                    (True, 0.0) if name not in last_run else schedule.is_due(last_run[name])
                )
                if due:
                    last_run[name] = timezone.now()
                    self.run(name, entry)
                    next_in = schedule.is_due(last_run[name])[1]
                wait = min(wait, max(next_in, 1.0))
            if once:
                return
            time.sleep(wait)

    def run(self, name: str, entry: dict[str, Any]) -> None:
        task = current_app.tasks[entry["task"]]
        try:
            result = task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
            self.stdout.write(f"{timezone.localtime():%H:%M:%S} {name}: {result.result}")
        except Exception as error:  # one failing job must not stop the others
            self.stderr.write(f"{timezone.localtime():%H:%M:%S} {name} failed: {error!r}")
