from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from celery import current_app
from django.apps import apps  # noqa: TID251 (the app list for the demo seeders, no model lookups)
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import autodiscover_modules

from org.models import EmailStatus, Notification

DEMO_PERIODIC_JOBS = ("send-expiry-warnings", "escalate-overdue", "escalate-overdue-claims")


class Command(BaseCommand):
    help = "Create or refresh demo users and data; safe to run again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though DEBUG is off (never on a real company's database).",
        )

    def handle(self, *args: Any, allow_production: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: refusing to write demo data without --allow-production."
            )
        # Each app may have a `demo` module with a `seed()` function returning lines
        # to print; apps seed in INSTALLED_APPS order, so what an app builds on exists.
        autodiscover_modules("demo")
        seeders = []
        for app_config in apps.get_app_configs():
            seed = getattr(getattr(app_config.module, "demo", None), "seed", None)
            if seed is not None:
                seeders.append((app_config.label, seed))
        translation.activate(settings.LANGUAGE_CODE)
        with transaction.atomic():
            reports = {label: seed() for label, seed in seeders}
            # As if the system had been running: the demo shows its warnings and
            # escalations at once instead of at the next scheduled run.
            current_app.loader.import_default_modules()
            for name in DEMO_PERIODIC_JOBS:
                task = current_app.tasks[settings.CELERY_BEAT_SCHEDULE[name]["task"]]
                reports[name] = [f"{name}: {task.apply().result}"]
            # The demo's history would otherwise mail every demo user at once.
            Notification.objects.filter(email_status=EmailStatus.PENDING).update(
                email_status=EmailStatus.NOT_WANTED
            )
        # The sign-ins last, where whoever ran `make run` will look for them.
        sign_ins = reports.pop("org", [])
        for line in [*(line for lines in reports.values() for line in lines), *sign_ins]:
            self.stdout.write(line)
