"""The "portfolio-transfer" job: one manager's portfolio of thousands of objects moved to
another in one transaction (`staffing.services.portfolio_transfer`), timed, its queries
counted.

    DATABASE_URL=postgres://…/casedesk_transfer_bench python manage.py bench_transfer

The portfolio is seeded as the app relates it, with bulk writes: clients with their
contracts in support (an end date ahead, so each has expiry warnings to come), an open
claim on each contract, open hand-offs to production and HR on the contracts and claims,
requests to the directors in draft, and beside them work of another manager that must
stay put. The bar: well under a minute for 5,000 objects.
"""

from __future__ import annotations

import datetime
import time
from decimal import Decimal
from typing import TypedDict

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals.models import ApprovalRequest
from approvals.models import Kind as RequestKind
from claims.models import Category, Claim
from clients.models import Client, ClientStatus
from contracts.models import Contract, Stage
from handoffs.models import Handoff, Kind
from org.models import Department, DepartmentCode, User
from org.roles import Role
from staffing.services import portfolio_transfer

LIMIT_SECONDS = 60.0


class TransferFigures(TypedDict):
    name: str
    seconds: float
    queries: int
    objects: int
    moved: dict[str, int]


def _manager(username: str, role: Role = Role.SUPPORT_MANAGER) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"first_name": username, "last_name": "Bench"}
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def _seed_contracts(manager: User, clients: int, per_client: int, tag: str) -> list[Contract]:
    rows = Client.objects.bulk_create(
        [
            Client(
                legal_name=f"ТОВ «Bench {tag} {index}»",
                short_name=f"Bench {tag} {index}",
                edrpou=f"{(90_000_000 if tag == 'a' else 80_000_000) + index:08d}",
                legal_address="м. Київ",
                account_manager=manager,
                status=ClientStatus.ACTIVE,
            )
            for index in range(clients)
        ],
        batch_size=1000,
    )
    today = timezone.localdate()
    return Contract.objects.bulk_create(
        [
            Contract(
                client=client,
                number=f"Б-{tag}-{client.pk}-{number}",
                title="Прибирання",
                stage=Stage.SUPPORT,
                manager=manager,
                start_date=today - datetime.timedelta(days=100),
                end_date=today + datetime.timedelta(days=300),
                monthly_value=Decimal("50000.00"),
            )
            for client in rows
            for number in range(per_client)
        ],
        batch_size=1000,
    )


def _seed_work(manager: User, contracts: list[Contract], drafts: int) -> None:
    now = timezone.now()
    claims = Claim.objects.bulk_create(
        [
            Claim(
                contract=contract,
                category=Category.SERVICE_QUALITY,
                subject="Не прибрано",
                description="Хол",
                registered_by=manager,
                response_due_at=now + datetime.timedelta(hours=4),
                resolution_due_at=now + datetime.timedelta(days=1),
            )
            for contract in contracts
        ],
        batch_size=1000,
    )
    departments = [
        Department.objects.get(code=DepartmentCode.PRODUCTION),
        Department.objects.get(code=DepartmentCode.HR),
    ]
    Handoff.objects.bulk_create(
        [
            Handoff(
                department=departments[index % 2],
                kind=Kind.INFORMATION_REQUEST,
                title=f"Доручення {index}",
                client_id=claim.contract.client_id,
                contract=claim.contract,
                claim=claim,
                requested_by=manager,
                due_at=now + datetime.timedelta(days=3),
            )
            for index, claim in enumerate(claims)
        ],
        batch_size=1000,
    )
    ApprovalRequest.objects.bulk_create(
        [
            ApprovalRequest(kind=RequestKind.PROPOSAL, title=f"Пропозиція {index}", author=manager)
            for index in range(drafts)
        ],
        batch_size=1000,
    )


def seed_portfolio(
    *, clients: int = 1000, per_client: int = 2, drafts: int = 500
) -> tuple[User, User, User]:
    """(leaving manager, successor, general director) with the leaving manager's portfolio
    seeded, and an unrelated portfolio of another manager beside it."""
    old, new = _manager("bench_old"), _manager("bench_new")
    other = _manager("bench_other")
    director = _manager("bench_general", Role.GENERAL_DIRECTOR)
    _seed_work(old, _seed_contracts(old, clients, per_client, "a"), drafts)
    _seed_work(other, _seed_contracts(other, clients // 10, 1, "b"), 0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return old, new, director


def measure_transfer(old: User, new: User, director: User) -> TransferFigures:
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        transfer = portfolio_transfer(
            actor=director, from_manager=old, to_manager=new, reason="Bench"
        )
        seconds = time.perf_counter() - began
    moved = dict(transfer.counts)
    return {
        "name": "portfolio-transfer",
        "seconds": round(seconds, 3),
        "queries": len(queries),
        # The rows that changed hands (the expiry warnings to come are the same contracts').
        "objects": sum(count for kind, count in moved.items() if kind != "expiry_warnings"),
        "moved": moved,
    }
