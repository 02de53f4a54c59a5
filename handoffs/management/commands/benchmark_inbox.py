"""Seed hand-offs at scale and time the department inbox: medians and p95 per tab.

    DATABASE_URL=postgres://…/casedesk_bench python manage.py benchmark_inbox --rows 1000000

Writes rows into the database it runs on, so it refuses one whose name does not
contain "bench" (a throwaway database) unless --allow-any-database is given.
"""

import random
import statistics
import time
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse
from django.utils import timezone

from handoffs.models import KIND_DEPARTMENTS, Handoff, Kind, Status
from handoffs.selectors import inbox_queryset, inbox_tabs
from org.models import Department, User
from org.roles import Role

BATCH = 5000
STAFF_PER_DEPARTMENT = 20


class Command(BaseCommand):
    help = "Seed hand-offs at scale and report inbox response times (median, p95) per tab."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows", type=int, default=200_000, help="hand-offs to have in the table"
        )
        parser.add_argument("--requests", type=int, default=30, help="timed requests per tab")
        parser.add_argument("--pages", type=int, default=5, help="pages walked per request series")
        parser.add_argument("--allow-any-database", action="store_true")

    def handle(self, *args, rows, requests, pages, allow_any_database, **options):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name and not allow_any_database:
            raise CommandError(
                f"Refusing to seed {rows} rows into {name!r}: use a *bench* database."
            )
        staff, head = self.ensure_people()
        self.seed(rows, staff)
        self.stdout.write(f"{connection.vendor}: {Handoff.objects.count()} hand-offs in the table")
        member = staff[Department.objects.get(code="production").pk][0]
        # The test client's instrumentation: responses carry their context (the cursor).
        setup_test_environment()
        try:
            for user, who in ((member, "staff"), (head, "head")):
                for tab in inbox_tabs(user):
                    self.time_tab(user, who, tab.key, requests, pages)
        finally:
            teardown_test_environment()
        if connection.vendor == "postgresql":
            self.explain(head)

    def ensure_people(self):
        groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
        staff = {}
        head = None
        for department in Department.objects.all():
            members = []
            for n in range(STAFF_PER_DEPARTMENT):
                user, created = User.objects.get_or_create(
                    username=f"bench-{department.code}-{n}",
                    defaults={"department": department, "first_name": "Bench", "last_name": str(n)},
                )
                if created:
                    user.groups.add(groups[Role.DEPARTMENT_STAFF])
                members.append(user)
            staff[department.pk] = members
            if department.code == "production":
                head, created = User.objects.get_or_create(
                    username="bench-production-head", defaults={"department": department}
                )
                head.groups.add(groups[Role.DEPARTMENT_HEAD])
        requester, created = User.objects.get_or_create(username="bench-manager")
        requester.groups.add(groups[Role.SUPPORT_MANAGER])
        self.requester = requester
        return staff, head

    def seed(self, rows, staff):
        missing = rows - Handoff.objects.count()
        if missing <= 0:
            return
        rng = random.Random(42)  # nosec B311 # repeatable benchmark rows, not a secret
        now = timezone.now()
        kinds_by_department = {
            department.pk: [
                kind
                for kind in Kind.values
                if KIND_DEPARTMENTS.get(kind) is None or department.code in KIND_DEPARTMENTS[kind]
            ]
            for department in Department.objects.all()
        }
        departments = list(staff)
        started = time.monotonic()
        for offset in range(0, missing, BATCH):
            batch = []
            for n in range(min(BATCH, missing - offset)):
                department_id = rng.choice(departments)
                roll = rng.random()
                status = (
                    Status.DONE
                    if roll < 0.6
                    else Status.OPEN
                    if roll < 0.85
                    else Status.IN_PROGRESS
                    if roll < 0.95
                    else Status.DECLINED
                )
                created = now - timedelta(minutes=rng.randrange(0, 60 * 24 * 730))
                assignee = (
                    None
                    if status == Status.OPEN and rng.random() < 0.5
                    else rng.choice(staff[department_id])
                )
                closed = status in (Status.DONE, Status.DECLINED)
                batch.append(
                    Handoff(
                        department_id=department_id,
                        kind=rng.choice(kinds_by_department[department_id]),
                        title=f"Benchmark hand-off {offset + n}",
                        requested_by=self.requester,
                        assignee=assignee,
                        status=status,
                        created_at=created,
                        due_at=created + timedelta(days=rng.randrange(1, 30)),
                        completed_at=created + timedelta(hours=rng.randrange(1, 400))
                        if closed
                        else None,
                    )
                )
            # Benchmark rows only: bulk_create writes no history, which is what we want here.
            Handoff.objects.bulk_create(batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE handoffs_handoff")
        self.stdout.write(f"seeded {missing} hand-offs in {time.monotonic() - started:.0f} s")

    def time_tab(self, user, who, tab, requests, pages):
        client = Client()
        client.force_login(user)
        url = reverse("handoffs:inbox")
        timings, queries = [], 0
        for _ in range(requests):
            cursor = None
            for _page in range(pages):
                params = {"tab": tab, **({"cursor": cursor} if cursor else {})}
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url, params)
                    timings.append((time.perf_counter() - started) * 1000)
                queries = max(queries, len(captured))
                if response.status_code != 200:
                    raise CommandError(f"{url} {params} answered {response.status_code}")
                cursor = (
                    response.context["page"].next_cursor if response.context.get("page") else None
                )
                if not cursor:
                    break
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        self.stdout.write(
            f"inbox {who:<5} {tab:<11} n={len(timings):<4} median {statistics.median(timings):7.1f} ms"
            f"  p95 {p95:7.1f} ms  max queries {queries}"
        )

    def explain(self, head):
        rows = inbox_queryset(head, "unassigned").order_by("due_at", "id")[:51]
        plan = rows.explain()
        self.stdout.write("EXPLAIN unassigned tab, first page:\n" + plan)
