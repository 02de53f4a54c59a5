"""Seed a throwaway database with a company's worth of related data for `make bench`.

    DATABASE_URL=postgres://…/casedesk_bench python manage.py seed_scale --scale 100k

Refuses any database whose name does not contain "bench", and a database that
already holds clients (seed a fresh one).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import seeding
from bench.scale import DEMO_USERS, PASSWORD, SCALES, volumes
from clients.models import Client


def ensure_bench_database(name: object) -> None:
    if "bench" not in str(name or ""):
        raise CommandError(
            f"Refusing to seed the database {name!r}: its name must contain 'bench' "
            "(a throwaway database, never a real company's)."
        )


class Command(BaseCommand):
    help = "Seed realistic, related data at a benchmark scale (a *bench* database only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="100k")
        parser.add_argument("--seed", type=int, default=12, help="random seed")

    def handle(self, *args: Any, scale: str, seed: int, **options: Any) -> None:
        ensure_bench_database(connection.settings_dict["NAME"])
        if Client.objects.exists():
            raise CommandError(
                "The database already holds clients: seed a freshly migrated database."
            )
        target = volumes(scale)
        self.stdout.write(
            f"Seeding scale {scale}: {target.claims:,} claims, {target.handoffs:,} hand-offs, "
            f"{target.contracts:,} contracts, {target.clients:,} clients"
        )
        counts = seeding.seed(target, seed=seed, log=self.stdout.write)
        for table, rows in sorted(counts.items()):
            if table != "seconds":
                self.stdout.write(f"  {table:<40} {rows:>10,}")
        self.stdout.write(f"Seeded scale {scale} in {counts['seconds']:.0f} s.")
        self.stdout.write(
            f"Sign-ins (password {PASSWORD}): "
            + ", ".join(f"{role} {username}" for role, username in DEMO_USERS.items())
        )
