"""Seed a company's worth of data, related as the services relate it, for the benchmark.

Rows are numbered here and written in bulk (COPY on PostgreSQL), parents before
children. Each row carries what the service that would have written it sets: a
claim fix has the claim's contract and client and the claim's fix-due time, a claim
its promptness figures, a finished hand-off its assignee, start and finish times, and
every transition an event. History rows: one "created" row per object and, for
claims and hand-offs that moved on, one "changed" row with the final state (the
services write one per save; the intermediate states live in the events).
Deterministic for a given scale and seed, relative to the hour it runs in.
"""

import random
import time
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from approvals.models import ApprovalEvent, ApprovalRequest, ApprovalStep, PeriodType
from approvals.models import Kind as ApprovalKind
from approvals.models import Status as ApprovalStatus
from approvals.rules import approver_roles
from bench.scale import DEMO_USERS, PASSWORD, Volumes
from bench.writer import TableWriter, create_indexes, drop_indexes, next_id, reset_sequences
from claims.models import (
    Category,
    Channel,
    Claim,
    ClaimComment,
    ClaimEvent,
    ClaimStatus,
    RoutingRule,
)
from clients.models import Client, ClientStatus, Contact, Site
from contracts.models import (
    Contract,
    ExpiryWarning,
    Obligation,
    Priority,
    Schedule,
    ServiceLine,
    StaffingRequirement,
    Stage,
    StageEvent,
)
from handoffs.models import Handoff, HandoffComment, HandoffEvent, Kind, Status
from org.models import AbsenceCover, Department, DepartmentCode, Notification, User
from org.roles import Role

CHUNK = 20_000  # claims generated before their rows are written

CITIES = ["Київ", "Львів", "Харків", "Одеса", "Дніпро", "Вінниця", "Полтава", "Житомир"]
STREETS = ["Хрещатик", "Шевченка", "Франка", "Грушевського", "Лесі Українки", "Сагайдачного"]
COMPANY_WORDS = ["Агро", "Буд", "Метал", "Торг", "Інвест", "Логістик", "Фарм", "Енерго", "Маркет"]
FIRST_NAMES = ["Олена", "Андрій", "Ірина", "Сергій", "Наталія", "Олег", "Тетяна", "Максим"]
LAST_NAMES = ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравчук", "Мельник", "Поліщук"]
POSTS = ["Прибиральник", "Охоронець", "Технік", "Двірник", "Оператор", "Адміністратор"]
SERVICES = ["Прибирання приміщень", "Охорона об'єкта", "Технічне обслуговування", "Клінінг фасаду"]
SUBJECTS = {
    Category.SERVICE_QUALITY: "Неякісне прибирання",
    Category.STAFF_ABSENCE: "Відсутній працівник на посту",
    Category.STAFF_CONDUCT: "Скарга на поведінку працівника",
    Category.SAFETY: "Порушення правил безпеки",
    Category.EQUIPMENT: "Несправне обладнання",
    Category.BILLING: "Питання щодо рахунку",
    Category.OTHER: "Інше звернення",
}
CATEGORY_WEIGHTS = {
    Category.SERVICE_QUALITY: 35,
    Category.STAFF_ABSENCE: 15,
    Category.STAFF_CONDUCT: 10,
    Category.SAFETY: 5,
    Category.EQUIPMENT: 15,
    Category.BILLING: 10,
    Category.OTHER: 10,
}
PRIORITY_WEIGHTS = {Priority.CRITICAL: 5, Priority.HIGH: 20, Priority.NORMAL: 60, Priority.LOW: 15}
STAGE_SHARES = [
    (Stage.PREPARATION, 0.07),
    (Stage.SUPPORT, 0.65),
    (Stage.TERMINATION, 0.07),
    (Stage.CLOSED, 0.16),
    (Stage.CANCELLED, 0.05),
]
# Hand-offs that are not claim fixes, beyond those the contract stages open.
FILLER_KINDS = [
    (Kind.INFORMATION_REQUEST, None, 30),
    (Kind.PAYMENT_QUERY, DepartmentCode.ACCOUNTING, 15),
    (Kind.BILLING_DATA, DepartmentCode.ACCOUNTING, 15),
    (Kind.STAFF_REPLACEMENT, DepartmentCode.HR, 15),
    (Kind.AGREEMENT_CONFIRMATION, DepartmentCode.PRODUCTION, 8),
    (Kind.LEGAL_QUESTION, DepartmentCode.LEGAL, 7),
    (Kind.QUALITY_IMPROVEMENT, DepartmentCode.QUALITY, 5),
    (Kind.CLAIM_REVIEW, DepartmentCode.QUALITY, 5),
]
HISTORY_COLUMNS = ["history_date", "history_change_reason", "history_type", "history_user_id"]


def edrpou(base: int) -> str:
    """An 8-digit EDRPOU code with its check digit (see DOMAIN.md)."""
    digits = [int(c) for c in f"{base:07d}"]
    weights = [7, 1, 2, 3, 4, 5, 6] if 3000000 <= base < 6000000 else [1, 2, 3, 4, 5, 6, 7]
    check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if check == 10:
        check = sum(d * (w + 2) for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return f"{base:07d}{check}"


# The big tables: their indexes are dropped for the load and rebuilt after it.
INDEX_REBUILT = [
    Claim,
    Claim.history.model,
    ClaimEvent,
    ClaimComment,
    Handoff,
    Handoff.history.model,
    HandoffEvent,
    HandoffComment,
    Notification,
    Contract.history.model,
    StageEvent,
    ServiceLine.history.model,
    StaffingRequirement.history.model,
]


class Tables:
    """One writer per table, flushed in dependency order."""

    def __init__(self):
        self.order: list[TableWriter] = []

    def add(self, model, columns, *, history=False) -> TableWriter:
        target = model.history.model if history else model
        writer = TableWriter(target, columns + (HISTORY_COLUMNS if history else []))
        self.order.append(writer)
        return writer

    def flush(self):
        for writer in self.order:
            writer.flush()

    def counts(self) -> dict[str, int]:
        return {w.table: w.written for w in self.order}


class Seeder:
    def __init__(self, volumes: Volumes, *, seed: int = 12, log=print):
        self.v = volumes
        self.rng = random.Random(f"{volumes.scale}-{seed}")
        self.log = log
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.today = timezone.localdate(self.now)
        self.tables = Tables()

    # --- helpers ---------------------------------------------------------------------

    def ago(self, days_low, days_high):
        return self.now - timedelta(seconds=self.rng.uniform(days_low, days_high) * 86400)

    def _history(self, writer, row, when, user_id, kind="+"):
        writer.add((*row, when, None, kind, user_id))

    # --- people ----------------------------------------------------------------------

    def seed_people(self):
        t = Tables()
        users = t.add(
            User,
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "department_id",
                "position",
            ],
        )
        user_history = t.add(
            User,
            [
                "id",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "department_id",
                "position",
            ],
            history=True,
        )
        memberships = t.add(User.groups.through, ["user_id", "group_id"])
        groups = {g.name: g.pk for g in Group.objects.filter(name__in=Role.values)}
        password = make_password(PASSWORD)
        joined = self.now - timedelta(days=1500)
        next_user = next_id(User)
        rng = self.rng

        def person(username, role, department_id=None, position="", staff=False):
            nonlocal next_user
            pk = next_user
            next_user += 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            # No e-mail address: a benchmark's notifications must not try to send mail.
            base = (username, first, last, "", staff, True, joined, department_id, position)
            users.add((pk, password, False, *base))
            self._history(user_history, (pk, False, *base), joined, None)
            memberships.add((pk, groups[role]))
            return pk

        self.executive = person(
            DEMO_USERS["director"],
            Role.EXECUTIVE_DIRECTOR,
            position="Виконавчий директор",
            staff=True,
        )
        self.general = person(
            DEMO_USERS["general"],
            Role.GENERAL_DIRECTOR,
            position="Генеральний директор",
            staff=True,
        )
        self.managers = [
            person(f"bench-manager-{n:02d}", Role.SUPPORT_MANAGER, position="Менеджер")
            for n in range(1, self.v.managers + 1)
        ]
        self.departments = {d.code: d.pk for d in Department.objects.all()}
        self.members: dict[int, list[int]] = {}
        self.heads: dict[int, int] = {}
        for code, department_id in self.departments.items():
            head = person(f"bench-{code}-head", Role.DEPARTMENT_HEAD, department_id, "Керівник")
            staff = [
                person(f"bench-{code}-{n:02d}", Role.DEPARTMENT_STAFF, department_id, "Фахівець")
                for n in range(1, self.v.members_per_department)
            ]
            self.heads[department_id] = head
            self.members[department_id] = [head, *staff]
        t.flush()
        for department_id, head in self.heads.items():
            Department.objects.filter(pk=department_id).update(head_id=head)
        if len(self.managers) >= 3:
            # One manager away this week, covered by another: the cover rule is exercised.
            AbsenceCover.objects.create(
                absent_id=self.managers[2],
                cover_id=self.managers[1],
                starts_on=self.today - timedelta(days=2),
                ends_on=self.today + timedelta(days=5),
                reason="Відпустка",
                created_by_id=self.executive,
            )
        self.all_users = [self.executive, self.general, *self.managers]
        for staff in self.members.values():
            self.all_users.extend(staff)
        reset_sequences([User, User.groups.through])
        return t.counts()

    # --- clients and contracts -------------------------------------------------------

    def seed_clients_and_contracts(self):
        rng, v = self.rng, self.v
        t = self.tables
        clients = t.add(
            Client,
            [
                "id",
                "legal_name",
                "short_name",
                "edrpou",
                "legal_address",
                "account_manager_id",
                "status",
                "created_at",
                "updated_at",
            ],
        )
        client_history = t.add(
            Client,
            [
                "id",
                "legal_name",
                "short_name",
                "edrpou",
                "legal_address",
                "account_manager_id",
                "status",
                "created_at",
                "updated_at",
            ],
            history=True,
        )
        contacts = t.add(Contact, ["id", "client_id", "name", "position", "phone", "is_primary"])
        contact_history = t.add(
            Contact, ["id", "client_id", "name", "position", "phone", "is_primary"], history=True
        )
        sites = t.add(Site, ["id", "client_id", "name", "address", "area_m2"])
        site_history = t.add(Site, ["id", "client_id", "name", "address", "area_m2"], history=True)
        contract_columns = [
            "id",
            "client_id",
            "number",
            "title",
            "stage",
            "manager_id",
            "start_date",
            "end_date",
            "signed_on",
            "monthly_value",
            "notice_period_days",
            "auto_renewal",
            "created_at",
            "updated_at",
        ]
        contracts = t.add(Contract, contract_columns)
        contract_history = t.add(Contract, contract_columns, history=True)
        contract_sites = t.add(Contract.sites.through, ["contract_id", "site_id"])
        lines = t.add(ServiceLine, ["id", "contract_id", "service", "frequency", "price"])
        line_history = t.add(
            ServiceLine, ["id", "contract_id", "service", "frequency", "price"], history=True
        )
        staffing_columns = ["id", "contract_id", "site_id", "post", "headcount", "schedule"]
        staffing = t.add(StaffingRequirement, staffing_columns)
        staffing_history = t.add(StaffingRequirement, staffing_columns, history=True)
        obligations = t.add(
            Obligation, ["id", "contract_id", "description", "department_id", "fulfilled_by_id"]
        )
        stage_events = t.add(
            StageEvent, ["contract_id", "from_stage", "to_stage", "actor_id", "created_at"]
        )

        client_id, contact_id, site_id = next_id(Client), next_id(Contact), next_id(Site)
        self.clients = []  # (id, manager, [contact ids], [site ids])
        for n in range(v.clients):
            manager = self.managers[n % len(self.managers)]
            word = rng.choice(COMPANY_WORDS)
            short = f"{word}-{n + 1:05d}"
            created = self.ago(400, 1600)
            status = rng.choices(
                [ClientStatus.ACTIVE, ClientStatus.FORMER, ClientStatus.PROSPECT], [85, 10, 5]
            )[0]
            address = f"м. {rng.choice(CITIES)}, вул. {rng.choice(STREETS)}, {rng.randint(1, 150)}"
            row = (
                client_id,
                f"ТОВ «{short}»",
                short,
                edrpou(2_000_000 + client_id),
                address,
                manager,
                status,
                created,
                created,
            )
            clients.add(row)
            self._history(client_history, row, created, manager)
            client_contacts, client_sites = [], []
            for k in range(rng.randint(1, 3)):
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                row = (
                    contact_id,
                    client_id,
                    name,
                    "Адміністратор" if k else "Директор",
                    f"+38067{contact_id % 10_000_000:07d}",
                    k == 0,
                )
                contacts.add(row)
                self._history(contact_history, row, created, manager)
                client_contacts.append(contact_id)
                contact_id += 1
            for k in range(rng.randint(2, 5)):
                row = (
                    site_id,
                    client_id,
                    f"{short}: об'єкт {k + 1}",
                    f"м. {rng.choice(CITIES)}, вул. {rng.choice(STREETS)}, {rng.randint(1, 150)}",
                    Decimal(rng.randint(100, 20_000)),
                )
                sites.add(row)
                self._history(site_history, row, created, manager)
                client_sites.append(site_id)
                site_id += 1
            self.clients.append((client_id, manager, client_contacts, client_sites))
            client_id += 1

        # 20 % of the clients hold 60 % of the contracts.
        shuffled = self.clients[:]
        rng.shuffle(shuffled)
        big = shuffled[: max(1, len(shuffled) // 5)]
        small = shuffled[len(big) :] or big
        owners = [big[i % len(big)] for i in range(round(v.contracts * 0.6))]
        owners += [small[i % len(small)] for i in range(v.contracts - len(owners))]
        rng.shuffle(owners)
        stages = []
        for stage, share in STAGE_SHARES:
            stages += [stage] * round(share * v.contracts)
        stages = (stages + [Stage.SUPPORT] * v.contracts)[: v.contracts]
        rng.shuffle(stages)

        contract_id, line_id, staffing_id = (
            next_id(Contract),
            next_id(ServiceLine),
            next_id(StaffingRequirement),
        )
        obligation_id = next_id(Obligation)
        numbers: dict[int, int] = {}
        self.contracts = []  # (id, client tuple, manager, stage, start, end, sites)
        today = self.today
        for owner, stage in zip(owners, stages, strict=True):
            client, manager, _contacts, client_sites = owner
            numbers[client] = numbers.get(client, 0) + 1
            number = f"{client:05d}/{numbers[client]}"
            if stage == Stage.PREPARATION:
                start, end, signed = today + timedelta(days=rng.randint(10, 60)), None, None
                created = self.ago(5, 60)
            elif stage == Stage.CANCELLED:
                start, end, signed = None, None, None
                created = self.ago(60, 900)
            elif stage == Stage.CLOSED:
                start = today - timedelta(days=rng.randint(500, 1500))
                end = min(start + timedelta(days=rng.randint(365, 730)), today - timedelta(days=5))
                end = max(end, start)
                signed, created = start - timedelta(days=7), None
            elif stage == Stage.TERMINATION:
                start = today - timedelta(days=rng.randint(300, 1300))
                end = today + timedelta(days=rng.randint(0, 45))
                signed, created = start - timedelta(days=7), None
            else:
                start = today - timedelta(days=rng.randint(30, 1100))
                end = today + timedelta(days=rng.randint(1, 730))
                signed, created = start - timedelta(days=7), None
            if created is None:
                created = timezone.make_aware(
                    datetime.combine(
                        signed - timedelta(days=rng.randint(10, 40)), datetime.min.time()
                    )
                ) + timedelta(hours=10)
            chosen_sites = rng.sample(client_sites, k=min(len(client_sites), rng.randint(1, 2)))
            row = (
                contract_id,
                client,
                number,
                f"Договір про надання послуг № {number}",
                stage,
                manager,
                start,
                end,
                signed,
                Decimal(rng.randint(20, 900) * 1000),
                30,
                rng.random() < 0.3,
                created,
                created,
            )
            contracts.add(row)
            self._history(contract_history, row, created, manager)
            for site in chosen_sites:
                contract_sites.add((contract_id, site))
            for _k in range(rng.randint(2, 4)):
                row = (
                    line_id,
                    contract_id,
                    rng.choice(SERVICES),
                    "щодня",
                    Decimal(rng.randint(5, 200) * 1000),
                )
                lines.add(row)
                self._history(line_history, row, created, manager)
                line_id += 1
            for _k in range(rng.randint(1, 3)):
                row = (
                    staffing_id,
                    contract_id,
                    rng.choice(chosen_sites),
                    rng.choice(POSTS),
                    rng.randint(1, 12),
                    rng.choice(list(Schedule.values)),
                )
                staffing.add(row)
                self._history(staffing_history, row, created, manager)
                staffing_id += 1
            # Stage events: created, then each transition the contract went through.
            stage_events.add((contract_id, "", Stage.PREPARATION, manager, created))
            concluded = (
                timezone.make_aware(datetime.combine(signed, datetime.min.time()))
                + timedelta(hours=11)
                if signed
                else None
            )
            if stage == Stage.CANCELLED:
                stage_events.add(
                    (
                        contract_id,
                        Stage.PREPARATION,
                        Stage.CANCELLED,
                        manager,
                        created + timedelta(days=20),
                    )
                )
            if concluded:
                stage_events.add(
                    (contract_id, Stage.PREPARATION, Stage.SUPPORT, manager, concluded)
                )
            if stage in (Stage.TERMINATION, Stage.CLOSED):
                began = timezone.make_aware(
                    datetime.combine(end - timedelta(days=40), datetime.min.time())
                ) + timedelta(hours=12)
                began = min(began, self.now - timedelta(days=1))
                stage_events.add((contract_id, Stage.SUPPORT, Stage.TERMINATION, manager, began))
                for text in ("Повернення форменного одягу", "Підписання акту звірки"):
                    fulfilled = manager if stage == Stage.CLOSED else None
                    obligations.add(
                        (
                            obligation_id,
                            contract_id,
                            text,
                            self.departments["production"],
                            fulfilled,
                        )
                    )
                    obligation_id += 1
                if stage == Stage.CLOSED:
                    closed_at = timezone.make_aware(
                        datetime.combine(end, datetime.min.time())
                    ) + timedelta(hours=17)
                    stage_events.add(
                        (contract_id, Stage.TERMINATION, Stage.CLOSED, manager, closed_at)
                    )
            self.contracts.append((contract_id, owner, manager, stage, start, end, chosen_sites))
            contract_id += 1
        t.flush()
        reset_sequences([Client, Contact, Site, Contract, ServiceLine, StaffingRequirement])
        reset_sequences([Obligation, StageEvent, Contract.sites.through])

    # --- claims and hand-offs -------------------------------------------------------

    def _handoff_tables(self):
        columns = [
            "id",
            "department_id",
            "kind",
            "title",
            "details",
            "client_id",
            "contract_id",
            "claim_id",
            "requested_by_id",
            "assignee_id",
            "status",
            "due_at",
            "result",
            "decline_reason",
            "created_at",
            "started_at",
            "completed_at",
        ]
        self.handoffs = self.tables.add(Handoff, columns)
        self.handoff_history = self.tables.add(Handoff, columns, history=True)
        self.handoff_events = self.tables.add(
            HandoffEvent,
            [
                "handoff_id",
                "from_status",
                "to_status",
                "actor_id",
                "assignee_id",
                "note",
                "created_at",
            ],
        )
        self.handoff_comments = self.tables.add(
            HandoffComment, ["handoff_id", "author_id", "text", "created_at"]
        )
        self.notifications = self.tables.add(
            Notification,
            ["recipient_id", "message", "params", "url", "created_at", "read_at", "email_status"],
        )
        self.next_handoff = next_id(Handoff)
        self.handoff_count = 0
        self.notification_count = 0
        # A notification for about one in ten hand-offs, up to the scale's total.
        self.notify_every = max(1, round(self.v.handoffs / self.v.notifications))

    def handoff(
        self,
        *,
        kind,
        department,
        title,
        requested_by,
        created,
        due,
        status,
        client=None,
        contract=None,
        claim=None,
        details="",
        assignee=None,
        finish=None,
    ):
        """One hand-off with its events, history and (sometimes) a notification."""
        rng = self.rng
        pk = self.next_handoff
        self.next_handoff += 1
        self.handoff_count += 1
        started = completed = None
        result = decline = ""
        if assignee is None and (status != Status.OPEN or rng.random() < 0.45):
            assignee = rng.choice(self.members[department]) if department else requested_by
        if status in (Status.DONE, Status.DECLINED):
            completed = finish or min(created + timedelta(hours=rng.uniform(2, 90)), self.now)
            started = created + (completed - created) * rng.uniform(0.1, 0.7)
            if status == Status.DONE:
                result = "Виконано, деталі в коментарі."
            else:
                decline = "Не наша компетенція."
        elif status == Status.IN_PROGRESS:
            started = min(created + timedelta(hours=rng.uniform(0.5, 24)), self.now)
        row = (
            pk,
            department,
            kind,
            title[:255],
            details,
            client,
            contract,
            claim,
            requested_by,
            assignee,
            status,
            due,
            result,
            decline,
            created,
            started,
            completed,
        )
        self.handoffs.add(row)
        initial = (
            *row[:9],
            assignee if department is None else None,
            Status.OPEN,
            *row[11:12],
            "",
            "",
            created,
            None,
            None,
        )
        self._history(self.handoff_history, initial, created, requested_by)
        events = self.handoff_events
        events.add((pk, "", Status.OPEN, requested_by, initial[9], "", created))
        worker = assignee or requested_by
        if started is not None:
            events.add((pk, Status.OPEN, Status.IN_PROGRESS, worker, assignee, "", started))
        if completed is not None:
            events.add(
                (pk, Status.IN_PROGRESS, status, worker, assignee, result or decline, completed)
            )
        if status != Status.OPEN or assignee != initial[9]:
            self._history(self.handoff_history, row, completed or started or created, worker, "~")
        if rng.random() < 0.1:
            self.handoff_comments.add(
                (pk, worker, "Уточнили деталі з клієнтом.", created + timedelta(hours=1))
            )
        if self.handoff_count % self.notify_every == 0:
            self._notify_about(
                pk, title, department, requested_by, assignee, status, created, completed
            )
        return pk

    def _notify_about(
        self, pk, title, department, requested_by, assignee, status, created, completed
    ):
        url = f"/handoffs/{pk}/"
        params = {"title": title[:80]}
        if status == Status.DONE:
            recipient, message, when = (
                requested_by,
                "Hand-off «%(title)s» is done: %(result)s",
                completed,
            )
            params["result"] = "Виконано"
        elif department is not None:
            recipient, message, when = (
                self.heads[department],
                "New hand-off for your department: «%(title)s».",
                created,
            )
        else:
            recipient, message, when = assignee, "Hand-off «%(title)s» is assigned to you.", created
        # Older ones are read; the last days' are not yet.
        read = when + timedelta(hours=2) if when < self.now - timedelta(days=3) else None
        self.notifications.add((recipient, message, params, url, when, read, "not_wanted"))
        self.notification_count += 1

    def seed_contract_handoffs(self):
        """What the stage transitions and the expiry warnings open, in the state they reached."""
        rng = self.rng
        warnings = self.tables.add(
            ExpiryWarning, ["contract_id", "threshold_days", "deadline", "created_at"]
        )
        thresholds = sorted({int(d) for d in settings.CONTRACT_EXPIRY_WARNING_DAYS}, reverse=True)
        dep = self.departments
        self.expiry_work = 0
        for contract, owner, manager, stage, start, end, _sites in self.contracts:
            client = owner[0]
            names = {"number": f"{contract}", "client": f"{client}"}
            if stage == Stage.PREPARATION:
                created = self.ago(1, 20)
                for kind, code in (
                    (Kind.SITE_SURVEY, "production"),
                    (Kind.CONTRACT_REVIEW, "legal"),
                ):
                    self.handoff(
                        kind=kind,
                        department=dep[code],
                        title=f"{Kind(kind).label}: {names['number']}",
                        requested_by=manager,
                        created=created,
                        due=created + timedelta(days=3),
                        status=rng.choice([Status.OPEN, Status.IN_PROGRESS, Status.DONE]),
                        client=client,
                        contract=contract,
                    )
                continue
            if start is None:
                continue
            concluded = timezone.make_aware(datetime.combine(start, datetime.min.time()))
            concluded -= timedelta(days=7)
            for kind, code in (
                (Kind.SITE_SURVEY, "production"),
                (Kind.STAFFING_REQUEST, "hr"),
                (Kind.BILLING_DATA, "accounting"),
                (Kind.DEAL_HANDOVER, "sales"),
            ):
                self.handoff(
                    kind=kind,
                    department=dep[code],
                    title=f"{Kind(kind).label}: {names['number']}",
                    requested_by=manager,
                    created=concluded - timedelta(days=10 if kind == Kind.SITE_SURVEY else 0),
                    due=concluded + timedelta(days=3),
                    status=Status.DONE,
                    client=client,
                    contract=contract,
                )
            deadline = end - timedelta(days=30) if end else None
            warned_at = []
            if stage == Stage.SUPPORT and deadline is not None:
                days_left = (deadline - self.today).days
                warned_at = [d for d in thresholds if days_left <= d]
            if stage in (Stage.TERMINATION, Stage.CLOSED) or warned_at:
                done = stage == Stage.CLOSED
                for days in warned_at:
                    warnings.add(
                        (
                            contract,
                            days,
                            deadline,
                            self.now - timedelta(days=max(1, days - days_left)),
                        )
                    )
                opened = min(
                    self.now - timedelta(days=1),
                    timezone.make_aware(
                        datetime.combine(end - timedelta(days=45), datetime.min.time())
                    ),
                )
                due = timezone.make_aware(
                    datetime.combine(deadline, datetime.min.time())
                ) + timedelta(hours=18)
                wanted = [
                    (Kind.RELEASE_OF_WORKERS, dep["hr"]),
                    (Kind.EXTENSION_OPPORTUNITY, None),
                ]
                if stage != Stage.SUPPORT:
                    wanted += [
                        (Kind.OBLIGATIONS_CHECK, dep["production"]),
                        (Kind.FINAL_SETTLEMENT, dep["accounting"]),
                    ]
                for kind, department in wanted:
                    self.expiry_work += 1
                    self.handoff(
                        kind=kind,
                        department=department,
                        title=f"{Kind(kind).label}: договір № {names['number']}",
                        requested_by=manager,
                        created=opened,
                        due=due,
                        status=Status.DONE
                        if done
                        else rng.choice([Status.OPEN, Status.IN_PROGRESS]),
                        client=client,
                        contract=contract,
                        assignee=manager if department is None else None,
                    )
        self.tables.flush()

    def seed_claims(self):
        rng, v = self.rng, self.v
        t = self.tables
        claim_columns = [
            "id",
            "contract_id",
            "site_id",
            "reported_by_id",
            "channel",
            "category",
            "priority",
            "subject",
            "description",
            "is_formal",
            "formal_number",
            "formal_amount",
            "status",
            "registered_by_id",
            "received_at",
            "response_due_at",
            "resolution_due_at",
            "answer_due_on",
            "responded_at",
            "resolved_at",
            "closed_at",
            "resolution",
            "client_confirmation",
            "satisfaction",
            "time_to_respond",
            "time_to_fix",
            "responded_on_time",
            "fixed_on_time",
        ]
        claims = t.add(Claim, claim_columns)
        claim_history = t.add(Claim, claim_columns, history=True)
        events = t.add(
            ClaimEvent,
            ["claim_id", "kind", "from_status", "to_status", "actor_id", "note", "created_at"],
        )
        comments = t.add(ClaimComment, ["claim_id", "author_id", "text", "created_at"])
        # Parents before children: claims, then the hand-offs that point to them.
        handoff_tables = [
            self.handoffs,
            self.handoff_history,
            self.handoff_events,
            self.handoff_comments,
            self.notifications,
        ]
        t.order = [w for w in t.order if w not in handoff_tables] + handoff_tables

        routes = {}
        for category in Category.values:
            for formal in (False, True):
                rules = RoutingRule.objects.filter(
                    is_active=True, category=category, formal_only=False
                )
                found = list(
                    rules.order_by("department__code").values_list("department_id", flat=True)
                )
                if formal:
                    found += list(
                        RoutingRule.objects.filter(is_active=True, formal_only=True)
                        .order_by("department__code")
                        .values_list("department_id", flat=True)
                    )
                routes[category, formal] = list(dict.fromkeys(found)) or [
                    self.departments["quality"]
                ]
        categories, category_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
        priorities, priority_weights = list(PRIORITY_WEIGHTS), list(PRIORITY_WEIGHTS.values())
        sla = {
            p: tuple(timedelta(hours=h) for h in settings.CLAIM_SLA_DEFAULTS[p]) for p in priorities
        }
        serving = [c for c in self.contracts if c[3] in (Stage.SUPPORT, Stage.TERMINATION)]
        past = serving + [c for c in self.contracts if c[3] == Stage.CLOSED]
        channels = list(Channel.values)
        fix_title = "Claim #%(number)s: %(subject)s"
        translated_title = _(fix_title)
        now = self.now
        claim_id = next_id(Claim)
        open_share = 0.035
        fixes_wanted = v.claims * 1.33
        # Filler hand-offs spread among the claims so that the total reaches the scale's.
        filler_total = max(0, v.handoffs - round(fixes_wanted) - self.handoff_count)
        filler_every = v.claims / filler_total if filler_total else None
        filler_kinds = [(k, d) for k, d, _w in FILLER_KINDS]
        filler_weights = [w for _k, _d, w in FILLER_KINDS]
        filler_due = filler_every or 0.0
        all_departments = list(self.departments.values())
        for n in range(v.claims):
            is_open = rng.random() < open_share
            contract = rng.choice(serving if is_open else past)
            contract_id, owner, manager, stage, start, end, sites = contract
            client, _m, contacts, client_sites = owner
            category = rng.choices(categories, category_weights)[0]
            priority = rng.choices(priorities, priority_weights)[0]
            response_sla, fix_sla = sla[priority]
            if is_open:
                if rng.random() < 0.7:
                    received = now - fix_sla * rng.random()
                else:
                    received = now - fix_sla - timedelta(days=rng.uniform(0, 10))
            else:
                first = timezone.make_aware(datetime.combine(start, datetime.min.time()))
                last = (
                    timezone.make_aware(datetime.combine(end, datetime.min.time()))
                    if stage == Stage.CLOSED
                    else now - fix_sla * 2
                )
                first = max(first, now - timedelta(days=3 * 365))
                if last <= first:
                    last = first + timedelta(days=1)
                received = first + (last - first) * rng.random()
            is_formal = rng.random() < 0.03
            if is_open:
                # Most claims are answered within their response time; a few wait past it.
                answered = rng.random() < (0.2 if now - received < response_sla else 0.9)
                status = ClaimStatus.IN_PROGRESS if answered else ClaimStatus.NEW
            else:
                status = ClaimStatus.RESOLVED if rng.random() < 0.015 else ClaimStatus.CLOSED
            response_due = received + response_sla
            resolution_due = received + fix_sla
            responded = resolved = closed = None
            time_to_respond = time_to_fix = None
            responded_on_time = fixed_on_time = None
            if status != ClaimStatus.NEW:
                responded = min(received + response_sla * rng.uniform(0.1, 1.4), now)
                time_to_respond = responded - received
                responded_on_time = responded <= response_due
            if status in (ClaimStatus.RESOLVED, ClaimStatus.CLOSED):
                resolved = received + fix_sla * rng.uniform(0.2, 1.3)
                resolved = max(resolved, responded + timedelta(minutes=5))
                time_to_fix = resolved - received
                fixed_on_time = resolved <= resolution_due
            if status == ClaimStatus.CLOSED:
                closed = max(min(resolved + timedelta(hours=rng.uniform(1, 72)), now), resolved)
            subject = SUBJECTS[category]
            description = f"{subject}. Об'єкт потребує уваги, клієнт просить усунути якнайшвидше."
            site = rng.choice(sites) if rng.random() < 0.9 else rng.choice(client_sites)
            row = (
                claim_id,
                contract_id,
                site,
                rng.choice(contacts) if rng.random() < 0.85 else None,
                rng.choice(channels),
                category,
                priority,
                subject,
                description,
                is_formal,
                f"П-{claim_id}" if is_formal else "",
                Decimal(rng.randint(1, 500) * 100) if is_formal else None,
                status,
                manager,
                received,
                response_due,
                resolution_due,
                (timezone.localdate(received) + timedelta(days=30)) if is_formal else None,
                responded,
                resolved,
                closed,
                "Усунуто на місці." if resolved else "",
                "Клієнт підтвердив телефоном." if closed else "",
                rng.choices([5, 4, 3, 2, 1], [45, 30, 13, 7, 5])[0] if closed else None,
                time_to_respond,
                time_to_fix,
                responded_on_time,
                fixed_on_time,
            )
            claims.add(row)
            initial = (
                *row[:12],
                ClaimStatus.NEW,
                *row[13:18],
                None,
                None,
                None,
                "",
                "",
                None,
                None,
                None,
                None,
                None,
            )
            self._history(claim_history, initial, received, manager)
            if status != ClaimStatus.NEW:
                self._history(claim_history, row, closed or resolved or responded, manager, "~")
            events.add((claim_id, "transition", "", ClaimStatus.NEW, manager, "", received))
            if responded:
                events.add(
                    (
                        claim_id,
                        "transition",
                        ClaimStatus.NEW,
                        ClaimStatus.IN_PROGRESS,
                        manager,
                        "Відповіли клієнту.",
                        responded,
                    )
                )
            if resolved:
                events.add(
                    (
                        claim_id,
                        "transition",
                        ClaimStatus.IN_PROGRESS,
                        ClaimStatus.RESOLVED,
                        manager,
                        row[21],
                        resolved,
                    )
                )
            if closed:
                events.add(
                    (
                        claim_id,
                        "transition",
                        ClaimStatus.RESOLVED,
                        ClaimStatus.CLOSED,
                        manager,
                        row[22],
                        closed,
                    )
                )
            if rng.random() < 0.3:
                comments.add(
                    (claim_id, manager, "Зателефонували на об'єкт.", received + timedelta(hours=1))
                )
            # The claim fixes claim_register opens, one per routed department.
            title = translated_title % {"number": claim_id, "subject": subject}
            for department in routes[category, is_formal]:
                if status == ClaimStatus.NEW:
                    fix_status = Status.OPEN
                elif status == ClaimStatus.IN_PROGRESS:
                    fix_status = rng.choice(
                        [Status.OPEN, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.DONE]
                    )
                else:
                    fix_status = Status.DECLINED if rng.random() < 0.02 else Status.DONE
                self.handoff(
                    kind=Kind.CLAIM_FIX,
                    department=department,
                    title=title,
                    details=description,
                    requested_by=manager,
                    created=received,
                    due=resolution_due,
                    status=fix_status,
                    client=client,
                    contract=contract_id,
                    claim=claim_id,
                    finish=(resolved - (resolved - received) * rng.uniform(0.05, 0.4))
                    if resolved
                    else None,
                )
            if filler_every is not None:
                filler_due -= 1
                while filler_due <= 0:
                    filler_due += filler_every
                    self._filler(contract, claim_id, filler_kinds, filler_weights, all_departments)
            claim_id += 1
            if (n + 1) % CHUNK == 0:
                t.flush()
                self.log(f"  {n + 1:>9,} claims, {self.handoff_count:>9,} hand-offs")
        t.flush()

    def _filler(self, contract, claim_id, kinds, weights, all_departments):
        rng = self.rng
        contract_id, owner, manager, stage, _start, _end, _sites = contract
        kind, code = rng.choices(kinds, weights)[0]
        department = self.departments[code] if code else rng.choice(all_departments)
        created = self.ago(0, 3 * 365)
        recent = created > self.now - timedelta(days=20)
        if recent and stage in (Stage.SUPPORT, Stage.TERMINATION):
            status = rng.choices(
                [Status.OPEN, Status.IN_PROGRESS, Status.DONE, Status.DECLINED], [35, 20, 40, 5]
            )[0]
        else:
            status = Status.DECLINED if rng.random() < 0.03 else Status.DONE
        about_claim = kind == Kind.CLAIM_REVIEW
        # An information request is sometimes about the client as a whole.
        about_contract = kind != Kind.INFORMATION_REQUEST or rng.random() < 0.6
        self.handoff(
            kind=kind,
            department=department,
            title=f"{Kind(kind).label}: № {contract_id}",
            details="Прошу надати інформацію до кінця тижня.",
            requested_by=manager,
            created=created,
            due=created + timedelta(days=3),
            status=status,
            client=owner[0],
            contract=contract_id if about_contract or about_claim else None,
            claim=claim_id if about_claim else None,
        )

    # --- approvals -------------------------------------------------------------------

    def seed_approvals(self):
        rng = self.rng
        t = Tables()
        columns = [
            "id",
            "kind",
            "title",
            "content",
            "period_type",
            "period_start",
            "period_end",
            "amount",
            "purpose",
            "status",
            "author_id",
            "current_approver_role",
            "round",
            "submitted_at",
            "decided_at",
            "created_at",
            "updated_at",
        ]
        requests = t.add(ApprovalRequest, columns)
        history = t.add(ApprovalRequest, columns, history=True)
        steps = t.add(
            ApprovalStep,
            [
                "request_id",
                "round",
                "order",
                "approver_role",
                "decision",
                "comment",
                "decided_by_id",
                "decided_at",
            ],
        )
        events = t.add(
            ApprovalEvent,
            [
                "request_id",
                "action",
                "from_status",
                "to_status",
                "actor_id",
                "comment",
                "created_at",
            ],
        )
        decider = {Role.EXECUTIVE_DIRECTOR: self.executive, Role.GENERAL_DIRECTOR: self.general}
        request_id = next_id(ApprovalRequest)
        kinds = list(ApprovalKind.values)
        for _n in range(self.v.approvals):
            kind = rng.choice(kinds)
            author = rng.choice(self.managers)
            created = self.ago(1, 900)
            status = rng.choices(
                [
                    ApprovalStatus.APPROVED,
                    ApprovalStatus.REJECTED,
                    ApprovalStatus.RETURNED,
                    ApprovalStatus.SUBMITTED,
                    ApprovalStatus.DRAFT,
                ],
                [60, 8, 7, 15, 10],
            )[0]
            if kind == ApprovalKind.SHORTCOMINGS_NOTICE and status in (
                ApprovalStatus.APPROVED,
                ApprovalStatus.REJECTED,
                ApprovalStatus.RETURNED,
            ):
                status = ApprovalStatus.ACKNOWLEDGED
            period_type = ""
            period_start = period_end = amount = None
            if kind in (ApprovalKind.WORK_PLAN, ApprovalKind.REPORT):
                period_type = rng.choice([PeriodType.MONTH, PeriodType.MONTH, PeriodType.QUARTER])
                day = timezone.localdate(created).replace(day=1)
                period_start, period_end = day, day + timedelta(days=27)
            if kind == ApprovalKind.EXTRA_FUNDS:
                amount = Decimal(rng.randint(1, 400) * 1000)
            roles = approver_roles(kind, amount=amount, period_type=period_type)
            submitted = (
                created + timedelta(hours=rng.uniform(1, 48))
                if status != ApprovalStatus.DRAFT
                else None
            )
            decided = (
                submitted + timedelta(hours=rng.uniform(2, 96))
                if status not in (ApprovalStatus.DRAFT, ApprovalStatus.SUBMITTED)
                else None
            )
            waits = roles[0] if status == ApprovalStatus.SUBMITTED else ""
            row = (
                request_id,
                kind,
                f"{ApprovalKind(kind).label} № {request_id}",
                "Обґрунтування додається.",
                period_type,
                period_start,
                period_end,
                amount,
                "Закупівля інвентарю" if amount else "",
                status,
                author,
                waits,
                1 if submitted else 0,
                submitted,
                decided,
                created,
                decided or submitted or created,
            )
            requests.add(row)
            self._history(history, row, decided or submitted or created, author, "+")
            events.add((request_id, "", "", ApprovalStatus.DRAFT, author, "", created))
            if submitted:
                events.add(
                    (
                        request_id,
                        "submit",
                        ApprovalStatus.DRAFT,
                        ApprovalStatus.SUBMITTED,
                        author,
                        "",
                        submitted,
                    )
                )
                action = {
                    ApprovalStatus.APPROVED: "approve",
                    ApprovalStatus.REJECTED: "reject",
                    ApprovalStatus.RETURNED: "return",
                    ApprovalStatus.ACKNOWLEDGED: "acknowledge",
                }.get(status, "")
                for order, role in enumerate(roles, start=1):
                    last = order == len(roles)
                    if decided:
                        # The chain went through: earlier directors approved, the last decided.
                        decision = action if last else "approve"
                        steps.add(
                            (request_id, 1, order, role, decision, "", decider[role], decided)
                        )
                    else:
                        steps.add((request_id, 1, order, role, "", "", None, None))
                if decided:
                    events.add(
                        (
                            request_id,
                            action,
                            ApprovalStatus.SUBMITTED,
                            status,
                            decider[roles[-1]],
                            "",
                            decided,
                        )
                    )
            request_id += 1
        t.flush()
        reset_sequences([ApprovalRequest, ApprovalStep, ApprovalEvent])
        return t.counts()

    # --- all of it -------------------------------------------------------------------

    def run(self) -> dict:
        started = time.monotonic()
        translation.activate(settings.LANGUAGE_CODE)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Foreign keys are not checked row by row during the load: the seeder
                # writes parents first, and the smoke test checks the relations.
                cursor.execute("SET session_replication_role = replica")
        dropped = drop_indexes(model._meta.db_table for model in INDEX_REBUILT)
        try:
            counts = self.seed_people()
            self.log(f"people: {len(self.all_users)} users ({time.monotonic() - started:.0f} s)")
            self.seed_clients_and_contracts()
            self.log(f"clients and contracts ({time.monotonic() - started:.0f} s)")
            self._handoff_tables()
            self.seed_contract_handoffs()
            self.log(
                f"contract hand-offs: {self.handoff_count:,} ({time.monotonic() - started:.0f} s)"
            )
            self.seed_claims()
            counts.update(self.seed_approvals())
            counts.update(self.tables.counts())
        finally:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET session_replication_role = DEFAULT")
            self.log(f"rebuilding {len(dropped)} indexes ({time.monotonic() - started:.0f} s)")
            create_indexes(dropped)
        reset_sequences(
            [
                Handoff,
                Handoff.history.model,
                HandoffEvent,
                HandoffComment,
                Claim,
                Claim.history.model,
                ClaimEvent,
                ClaimComment,
                Notification,
                ExpiryWarning,
            ]
        )
        self.log(f"rows written ({time.monotonic() - started:.0f} s); analysing")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        counts["seconds"] = round(time.monotonic() - started, 1)
        return counts


def seed(volumes: Volumes, *, seed: int = 12, log=print) -> dict:
    return Seeder(volumes, seed=seed, log=log).run()


def seeded_scale() -> str | None:
    """The scale the database holds, if it was seeded by `seed_scale` (else None)."""
    from bench.scale import SCALES, volumes

    if not User.objects.filter(username=DEMO_USERS["manager"]).exists():
        return None
    claims = Claim.objects.count()
    for scale in SCALES:
        if claims == volumes(scale).claims:
            return scale
    return None
