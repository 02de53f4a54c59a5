from django.core.management.base import BaseCommand

from contracts.tasks import warn_expiring_contracts


class Command(BaseCommand):
    help = "Warn about contracts nearing their notice deadline now (the daily job), and say which."

    def handle(self, *args, **options):
        warned = warn_expiring_contracts()
        for contract, thresholds in warned.items():
            days = ", ".join(str(t) for t in thresholds)
            self.stdout.write(f"{contract}: warned at {days} days")
        self.stdout.write(f"Expiry warnings: {len(warned)} contracts warned.")
