"""Clients with their contacts and sites, and their contracts at every stage, with the
service lines, staffing, obligations and stage events the contract services write."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from bench.seeding.base import Row, SeededClient, SeededContract, SeederBase, at
from bench.seeding.tables import Tables
from bench.seeding.vocabulary import (
    CITIES,
    COMPANY_WORDS,
    FIRST_NAMES,
    LAST_NAMES,
    POSTS,
    SERVICES,
    STAGE_SHARES,
    STREETS,
    edrpou,
)
from bench.writer import next_id, reset_sequences
from clients.models import Client, ClientStatus, Contact, Site
from contracts.models import (
    Contract,
    Obligation,
    Schedule,
    ServiceLine,
    StaffingRequirement,
    Stage,
    StageEvent,
)

CLIENT_COLUMNS = [
    "id",
    "legal_name",
    "short_name",
    "edrpou",
    "legal_address",
    "account_manager_id",
    "status",
    "created_at",
    "updated_at",
]
CONTACT_COLUMNS = ["id", "client_id", "name", "position", "phone", "is_primary"]
SITE_COLUMNS = ["id", "client_id", "name", "address", "area_m2"]
CONTRACT_COLUMNS = [
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
LINE_COLUMNS = ["id", "contract_id", "service", "frequency", "price"]
STAFFING_COLUMNS = ["id", "contract_id", "site_id", "post", "headcount", "schedule"]
OBLIGATION_COLUMNS = ["id", "contract_id", "description", "department_id", "fulfilled_by_id"]
STAGE_EVENT_COLUMNS = ["contract_id", "from_stage", "to_stage", "actor_id", "created_at"]
# What a contract in termination (or closed) still owes.
OBLIGATIONS = ("Повернення форменного одягу", "Підписання акту звірки")

# A contract's dates: start, end, signed on and created at (None: from the signing).
ContractDates = tuple[date | None, date | None, date | None, datetime | None]


class _Writers:
    """The writers of the client and contract tables, in the order they are flushed."""

    def __init__(self, t: Tables) -> None:
        self.clients = t.add(Client, CLIENT_COLUMNS)
        self.client_history = t.add(Client, CLIENT_COLUMNS, history=True)
        self.contacts = t.add(Contact, CONTACT_COLUMNS)
        self.contact_history = t.add(Contact, CONTACT_COLUMNS, history=True)
        self.sites = t.add(Site, SITE_COLUMNS)
        self.site_history = t.add(Site, SITE_COLUMNS, history=True)
        self.contracts = t.add(Contract, CONTRACT_COLUMNS)
        self.contract_history = t.add(Contract, CONTRACT_COLUMNS, history=True)
        self.contract_sites = t.add(Contract.sites.through, ["contract_id", "site_id"])
        self.lines = t.add(ServiceLine, LINE_COLUMNS)
        self.line_history = t.add(ServiceLine, LINE_COLUMNS, history=True)
        self.staffing = t.add(StaffingRequirement, STAFFING_COLUMNS)
        self.staffing_history = t.add(StaffingRequirement, STAFFING_COLUMNS, history=True)
        self.obligations = t.add(Obligation, OBLIGATION_COLUMNS)
        self.stage_events = t.add(StageEvent, STAGE_EVENT_COLUMNS)
        self.next_client = next_id(Client)
        self.next_contact = next_id(Contact)
        self.next_site = next_id(Site)
        self.next_contract = next_id(Contract)
        self.next_line = next_id(ServiceLine)
        self.next_staffing = next_id(StaffingRequirement)
        self.next_obligation = next_id(Obligation)


class ContractSeeding(SeederBase):
    def seed_clients_and_contracts(self) -> None:
        w = _Writers(self.tables)
        self.clients = [self._seed_client(w, n) for n in range(self.v.clients)]
        numbers: dict[int, int] = {}
        self.contracts = []
        for owner, stage in zip(self._contract_owners(), self._contract_stages(), strict=True):
            numbers[owner.id] = numbers.get(owner.id, 0) + 1
            self.contracts.append(self._seed_contract(w, owner, stage, numbers[owner.id]))
        self.tables.flush()
        reset_sequences([Client, Contact, Site, Contract, ServiceLine, StaffingRequirement])
        reset_sequences([Obligation, StageEvent, Contract.sites.through])

    # --- clients ---------------------------------------------------------------------

    def _address(self) -> str:
        rng = self.rng
        return f"м. {rng.choice(CITIES)}, вул. {rng.choice(STREETS)}, {rng.randint(1, 150)}"

    def _seed_client(self, w: _Writers, n: int) -> SeededClient:
        rng = self.rng
        client_id = w.next_client
        w.next_client += 1
        manager = self.managers[n % len(self.managers)]
        short = f"{rng.choice(COMPANY_WORDS)}-{n + 1:05d}"
        created = self.ago(400, 1600)
        status = rng.choices(
            [ClientStatus.ACTIVE, ClientStatus.FORMER, ClientStatus.PROSPECT], [85, 10, 5]
        )[0]
        row = (
            client_id,
            f"ТОВ «{short}»",
            short,
            edrpou(2_000_000 + client_id),
            self._address(),
            manager,
            status,
            created,
            created,
        )
        w.clients.add(row)
        self._history(w.client_history, row, created, manager)
        contacts = [
            self._seed_contact(w, client_id, k, created, manager) for k in range(rng.randint(1, 3))
        ]
        sites = [
            self._seed_site(w, client_id, short, k, created, manager)
            for k in range(rng.randint(2, 5))
        ]
        return SeededClient(client_id, manager, contacts, sites)

    def _seed_contact(
        self, w: _Writers, client_id: int, k: int, created: datetime, manager: int
    ) -> int:
        contact_id = w.next_contact
        w.next_contact += 1
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        row = (
            contact_id,
            client_id,
            name,
            "Адміністратор" if k else "Директор",
            f"+38067{contact_id % 10_000_000:07d}",
            k == 0,
        )
        w.contacts.add(row)
        self._history(w.contact_history, row, created, manager)
        return contact_id

    def _seed_site(
        self, w: _Writers, client_id: int, short: str, k: int, created: datetime, manager: int
    ) -> int:
        site_id = w.next_site
        w.next_site += 1
        address = self._address()
        row: Row = (site_id, client_id, f"{short}: об'єкт {k + 1}", address)
        row += (Decimal(self.rng.randint(100, 20_000)),)
        w.sites.add(row)
        self._history(w.site_history, row, created, manager)
        return site_id

    # --- contracts -------------------------------------------------------------------

    def _contract_owners(self) -> list[SeededClient]:
        """20 % of the clients hold 60 % of the contracts."""
        rng, total = self.rng, self.v.contracts
        shuffled = self.clients[:]
        rng.shuffle(shuffled)
        big = shuffled[: max(1, len(shuffled) // 5)]
        small = shuffled[len(big) :] or big
        owners = [big[i % len(big)] for i in range(round(total * 0.6))]
        owners += [small[i % len(small)] for i in range(total - len(owners))]
        rng.shuffle(owners)
        return owners

    def _contract_stages(self) -> list[str]:
        total = self.v.contracts
        stages: list[str] = []
        for stage, share in STAGE_SHARES:
            stages += [stage] * round(share * total)
        stages = (stages + [Stage.SUPPORT] * total)[:total]
        self.rng.shuffle(stages)
        return stages

    def _contract_dates(self, stage: str) -> ContractDates:
        rng, today = self.rng, self.today
        if stage == Stage.PREPARATION:
            return today + timedelta(days=rng.randint(10, 60)), None, None, self.ago(5, 60)
        if stage == Stage.CANCELLED:
            return None, None, None, self.ago(60, 900)
        if stage == Stage.CLOSED:
            start = today - timedelta(days=rng.randint(500, 1500))
            end = min(start + timedelta(days=rng.randint(365, 730)), today - timedelta(days=5))
            end = max(end, start)
        elif stage == Stage.TERMINATION:
            start = today - timedelta(days=rng.randint(300, 1300))
            end = today + timedelta(days=rng.randint(0, 45))
        else:
            start = today - timedelta(days=rng.randint(30, 1100))
            end = today + timedelta(days=rng.randint(1, 730))
        return start, end, start - timedelta(days=7), None

    def _seed_contract(
        self, w: _Writers, owner: SeededClient, stage: str, nth: int
    ) -> SeededContract:
        rng = self.rng
        contract_id = w.next_contract
        w.next_contract += 1
        number = f"{owner.id:05d}/{nth}"
        start, end, signed, created = self._contract_dates(stage)
        if created is None:
            assert signed is not None
            created = at(signed - timedelta(days=rng.randint(10, 40)), 10)
        k = min(len(owner.sites), rng.randint(1, 2))
        chosen_sites = rng.sample(owner.sites, k=k)
        row: Row = (contract_id, owner.id, number, f"Договір про надання послуг № {number}", stage)
        row += (owner.manager, start, end, signed, Decimal(rng.randint(20, 900) * 1000), 30)
        row += (rng.random() < 0.3, created, created)
        w.contracts.add(row)
        self._history(w.contract_history, row, created, owner.manager)
        for site in chosen_sites:
            w.contract_sites.add((contract_id, site))
        self._seed_contract_terms(w, contract_id, chosen_sites, created, owner.manager)
        contract = SeededContract(
            contract_id, owner, owner.manager, stage, start, end, chosen_sites
        )
        self._seed_stage_events(w, contract, signed, created)
        return contract

    def _seed_contract_terms(
        self, w: _Writers, contract_id: int, sites: list[int], created: datetime, manager: int
    ) -> None:
        """The contract's service lines and staffing requirements."""
        rng = self.rng
        for _k in range(rng.randint(2, 4)):
            service = rng.choice(SERVICES)
            row: Row = (
                w.next_line,
                contract_id,
                service,
                "щодня",
                Decimal(rng.randint(5, 200) * 1000),
            )
            w.lines.add(row)
            self._history(w.line_history, row, created, manager)
            w.next_line += 1
        for _k in range(rng.randint(1, 3)):
            site, post = rng.choice(sites), rng.choice(POSTS)
            headcount, schedule = rng.randint(1, 12), rng.choice(list(Schedule.values))
            row = (w.next_staffing, contract_id, site, post, headcount, schedule)
            w.staffing.add(row)
            self._history(w.staffing_history, row, created, manager)
            w.next_staffing += 1

    def _seed_stage_events(
        self, w: _Writers, contract: SeededContract, signed: date | None, created: datetime
    ) -> None:
        """Created, then each transition the contract went through."""
        pk, manager, stage, end = contract.id, contract.manager, contract.stage, contract.end
        events = w.stage_events
        events.add((pk, "", Stage.PREPARATION, manager, created))
        if stage == Stage.CANCELLED:
            events.add(
                (pk, Stage.PREPARATION, Stage.CANCELLED, manager, created + timedelta(days=20))
            )
        if signed:
            events.add((pk, Stage.PREPARATION, Stage.SUPPORT, manager, at(signed, 11)))
        if stage not in (Stage.TERMINATION, Stage.CLOSED):
            return
        assert end is not None
        began = min(at(end - timedelta(days=40), 12), self.now - timedelta(days=1))
        events.add((pk, Stage.SUPPORT, Stage.TERMINATION, manager, began))
        for text in OBLIGATIONS:
            fulfilled = manager if stage == Stage.CLOSED else None
            production = self.departments["production"]
            w.obligations.add((w.next_obligation, pk, text, production, fulfilled))
            w.next_obligation += 1
        if stage == Stage.CLOSED:
            events.add((pk, Stage.TERMINATION, Stage.CLOSED, manager, at(end, 17)))
