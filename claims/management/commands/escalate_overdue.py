from typing import Any

from django.core.management.base import BaseCommand

from claims.escalation import escalate_overdue_claims
from handoffs.escalation import escalate_overdue


class Command(BaseCommand):
    # Here, not in hand-offs: the one command for both halves sits above both of them.
    help = "Escalate overdue hand-offs and claims now (the hourly jobs), and say what was done."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Escalation: {escalate_overdue()}; {escalate_overdue_claims()}.")
