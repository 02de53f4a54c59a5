"""The directors, the support managers and each department's head and staff."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from bench.scale import DEMO_USERS, PASSWORD
from bench.seeding.base import SeederBase
from bench.seeding.tables import Tables
from bench.seeding.vocabulary import FIRST_NAMES, LAST_NAMES
from bench.writer import TableWriter, next_id, reset_sequences
from org.models import AbsenceCover, Department, User
from org.roles import Role

USER_COLUMNS = [
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
]


class _People:
    """Writes users, their history and their role's group, numbering them."""

    def __init__(self, seeder: SeederBase, tables: Tables) -> None:
        self.seeder = seeder
        self.users: TableWriter = tables.add(User, ["id", "password", *USER_COLUMNS[1:]])
        self.history: TableWriter = tables.add(User, USER_COLUMNS, history=True)
        self.memberships: TableWriter = tables.add(User.groups.through, ["user_id", "group_id"])
        self.groups = {g.name: g.pk for g in Group.objects.filter(name__in=Role.values)}
        self.password = make_password(PASSWORD)
        self.joined: datetime = seeder.now - timedelta(days=1500)
        self.next_user = next_id(User)

    def person(
        self,
        username: str,
        role: str,
        department_id: int | None = None,
        position: str = "",
        staff: bool = False,
    ) -> int:
        pk = self.next_user
        self.next_user += 1
        rng = self.seeder.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        # No e-mail address: a benchmark's notifications must not try to send mail.
        base = (username, first, last, "", staff, True, self.joined, department_id, position)
        self.users.add((pk, self.password, False, *base))
        self.seeder._history(self.history, (pk, False, *base), self.joined, None)
        self.memberships.add((pk, self.groups[role]))
        return pk


class PeopleSeeding(SeederBase):
    def seed_people(self) -> dict[str, int]:
        t = Tables()
        people = _People(self, t)
        person = people.person
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
        self._seed_departments(people)
        t.flush()
        for department_id, head in self.heads.items():
            Department.objects.filter(pk=department_id).update(head_id=head)
        self._seed_absence()
        self.all_users = [self.executive, self.general, *self.managers]
        for staff in self.members.values():
            self.all_users.extend(staff)
        reset_sequences([User, User.groups.through])
        return t.counts()

    def _seed_departments(self, people: _People) -> None:
        person = people.person
        self.departments = {d.code: d.pk for d in Department.objects.all()}
        self.members = {}
        self.heads = {}
        for code, department_id in self.departments.items():
            head = person(f"bench-{code}-head", Role.DEPARTMENT_HEAD, department_id, "Керівник")
            staff = [
                person(f"bench-{code}-{n:02d}", Role.DEPARTMENT_STAFF, department_id, "Фахівець")
                for n in range(1, self.v.members_per_department)
            ]
            self.heads[department_id] = head
            self.members[department_id] = [head, *staff]

    def _seed_absence(self) -> None:
        if len(self.managers) < 3:
            return
        # One manager away this week, covered by another: the cover rule is exercised.
        AbsenceCover.objects.create(
            absent_id=self.managers[2],
            cover_id=self.managers[1],
            starts_on=self.today - timedelta(days=2),
            ends_on=self.today + timedelta(days=5),
            reason="Відпустка",
            created_by_id=self.executive,
        )
