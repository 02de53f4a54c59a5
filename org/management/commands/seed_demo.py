from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import autodiscover_modules


class Command(BaseCommand):
    help = "Create or refresh demo users and data; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though DEBUG is off (never on a real company's database).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: refusing to write demo data without --allow-production."
            )
        # Each app may have a `demo` module with a `seed()` function returning lines
        # to print; apps seed in INSTALLED_APPS order, so what an app builds on exists.
        autodiscover_modules("demo")
        seeders = [
            app_config.module.demo.seed
            for app_config in apps.get_app_configs()
            if hasattr(getattr(app_config.module, "demo", None), "seed")
        ]
        translation.activate(settings.LANGUAGE_CODE)
        with transaction.atomic():
            lines = [line for seed in seeders for line in seed()]
        for line in lines:
            self.stdout.write(line)
