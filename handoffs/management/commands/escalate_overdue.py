from django.core.management.base import BaseCommand

from handoffs.escalation import escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue hand-offs and claims now (the hourly job), and say what was done."

    def handle(self, *args, **options):
        self.stdout.write(f"Escalation: {escalate_overdue()}.")
