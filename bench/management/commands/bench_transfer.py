"""Time a portfolio transfer of thousands of objects (bench/transfer.py) on a *bench*
database:

    DATABASE_URL=postgres://…/casedesk_transfer_bench python manage.py bench_transfer
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.management.commands.seed_scale import ensure_bench_database
from bench.transfer import LIMIT_SECONDS, measure_transfer, seed_portfolio
from org.models import User


class Command(BaseCommand):
    help = "Seed one manager's large portfolio and time its transfer (a *bench* database only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--clients", type=int, default=1000)
        parser.add_argument("--per-client", type=int, default=2, help="contracts per client")
        parser.add_argument("--drafts", type=int, default=500)

    def handle(
        self, *args: Any, clients: int, per_client: int, drafts: int, **options: Any
    ) -> None:
        ensure_bench_database(connection.settings_dict["NAME"])
        if User.objects.filter(username="bench_old").exists():
            raise CommandError("This database was benchmarked already: use a fresh one.")
        old, new, director = seed_portfolio(clients=clients, per_client=per_client, drafts=drafts)
        figures = measure_transfer(old, new, director)
        self.stdout.write(json.dumps(figures, ensure_ascii=False))
        verdict = "within" if figures["seconds"] < LIMIT_SECONDS else "OVER"
        self.stdout.write(
            f"{figures['objects']:,} objects moved in {figures['seconds']:.2f} s, "
            f"{figures['queries']} queries ({verdict} the {LIMIT_SECONDS:.0f} s bar) on "
            f"{connection.vendor}"
        )
