import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from handoffs.models import Handoff, Kind, Status
from org.models import Department
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def inbox(http, params=None, **more):
    response = http.get(reverse("handoffs:inbox"), {**(params or {}), **more})
    assert response.status_code == 200
    return response


def shown(response):
    return {row.pk for row in response.context["rows"]}


@pytest.fixture
def world(staff, colleague, head):
    now = timezone.now()
    hr = Department.objects.get(code="hr")
    rows = {
        "mine_open": HandoffFactory(assignee=staff, due_at=now + 2 * DAY),
        "mine_late": HandoffFactory(
            assignee=staff, status=Status.IN_PROGRESS, due_at=now - 3 * DAY
        ),
        "free_open": HandoffFactory(due_at=now + DAY),
        "free_late": HandoffFactory(due_at=now - DAY),
        "theirs_late": HandoffFactory(assignee=colleague, due_at=now - 2 * DAY),
        "theirs_open": HandoffFactory(assignee=colleague, due_at=now + 3 * DAY),
        "mine_done": HandoffFactory(
            assignee=staff, status=Status.DONE, completed_at=now - 5 * DAY, due_at=now - 6 * DAY
        ),
        "mine_done_long_ago": HandoffFactory(
            assignee=staff, status=Status.DONE, completed_at=now - 40 * DAY, due_at=now - 41 * DAY
        ),
        "theirs_declined": HandoffFactory(
            assignee=colleague,
            status=Status.DECLINED,
            completed_at=now - 2 * DAY,
            due_at=now - DAY,
        ),
        "hr_free": HandoffFactory(department=hr, due_at=now - DAY),
    }
    return {name: row.pk for name, row in rows.items()}


@pytest.mark.parametrize(
    ("tab", "expected"),
    [
        ("mine", {"mine_open", "mine_late"}),
        ("unassigned", {"free_open", "free_late"}),
        ("overdue", {"mine_late", "free_late"}),
        ("done", {"mine_done"}),
    ],
)
def test_each_tab_shows_exactly_the_right_rows_for_staff(client, staff, world, tab, expected):
    client.force_login(staff)

    assert shown(inbox(client, tab=tab)) == {world[name] for name in expected}


@pytest.mark.parametrize(
    ("tab", "expected"),
    [
        ("mine", set()),
        ("unassigned", {"free_open", "free_late"}),
        (
            "department",
            {"mine_open", "mine_late", "free_open", "free_late", "theirs_late", "theirs_open"},
        ),
        ("overdue", {"mine_late", "free_late", "theirs_late"}),
        ("done", {"mine_done", "theirs_declined"}),
    ],
)
def test_head_sees_the_whole_department(client, head, world, tab, expected):
    client.force_login(head)

    assert shown(inbox(client, tab=tab)) == {world[name] for name in expected}


def test_tab_badges_count_their_rows(client, staff, world):
    client.force_login(staff)

    counts = inbox(client).context["counts"]

    assert counts == {"mine": "2", "unassigned": "2", "overdue": "2", "done": "1"}


def test_badge_caps_at_99_plus(client, staff):
    Handoff.objects.bulk_create(
        [
            Handoff(
                department=staff.department,
                kind=Kind.INFORMATION_REQUEST,
                title=f"№{i}",
                requested_by=staff,
                due_at=timezone.now() + DAY,
            )
            for i in range(101)
        ]
    )
    client.force_login(staff)

    assert inbox(client).context["counts"]["unassigned"] == "99+"


def test_overdue_rows_are_red_with_how_long(client, staff, world):
    client.force_login(staff)

    html = inbox(client, tab="overdue").content.decode()

    assert 'class="row-overdue"' in html
    assert "3 дні" in html or "3 days" in html


def test_other_roles_do_not_get_an_inbox(client, manager, executive_director):
    client.force_login(manager)
    assert client.get(reverse("handoffs:inbox")).url == reverse("handoffs:mine")
    client.force_login(executive_director)
    assert client.get(reverse("handoffs:inbox")).status_code == 403


@pytest.mark.parametrize("sort", ["due", "-due"])
def test_keyset_paging_returns_every_row_once_in_order(client, staff, sort):
    base = timezone.now() + DAY
    # Ties on the due date on purpose: the id breaks them.
    rows = [HandoffFactory(due_at=base + datetime.timedelta(hours=i // 4)) for i in range(111)]
    expected = sorted(rows, key=lambda h: (h.due_at, h.pk), reverse=sort == "-due")
    client.force_login(staff)

    seen, cursor, pages = [], None, 0
    while True:
        params = {"tab": "unassigned", "sort": sort}
        if cursor:
            params["cursor"] = cursor
        page = inbox(client, **params).context["page"]
        seen.extend(row.pk for row in page.rows)
        pages += 1
        cursor = page.next_cursor
        if not cursor:
            break

    assert seen == [h.pk for h in expected]
    assert pages == 3


def test_inbox_uses_no_offset_and_no_full_count(
    client, staff, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        inbox(client, tab="unassigned")

    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert " OFFSET " not in sql
    for query in queries.captured_queries:
        if "COUNT(" in query["sql"].upper() and "handoffs_handoff" in query["sql"]:
            assert "LIMIT" in query["sql"].upper()


@pytest.fixture
def filterable(staff):
    now = timezone.now()
    contract = ContractFactory(number="КД-777", client__short_name="Сонячний")
    return {
        # Titles without digits: the factory's numbered ones ("Доручення 1777") would
        # match a search for the contract number once the session has made enough.
        "by_contract": HandoffFactory(
            title="Акт",
            contract=contract,
            client=contract.client,
            due_at=now + DAY,
            kind=Kind.CLAIM_FIX,
        ),
        "by_title": HandoffFactory(title="Звіт про прибирання", due_at=now + 2 * DAY),
        "by_details": HandoffFactory(
            title="Довідка", details="потрібна статистика", due_at=now + 10 * DAY
        ),
        "plain": HandoffFactory(title="Інше", due_at=now + 20 * DAY),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": Kind.CLAIM_FIX}, {"by_contract"}),
        ({"q": "777"}, {"by_contract"}),
        ({"q": "Сонячн"}, {"by_contract"}),  # SQLite folds only ASCII case
        ({"q": "прибирання"}, {"by_title"}),
        ({"q": "статистика"}, {"by_details"}),
    ],
)
def test_filters_narrow_the_rows(client, staff, filterable, params, expected):
    client.force_login(staff)

    rows = shown(inbox(client, tab="unassigned", **params))

    assert rows == {filterable[name].pk for name in expected}


def test_filter_by_contract_client_and_due_range(client, staff, filterable):
    client.force_login(staff)
    contract = filterable["by_contract"].contract
    today = timezone.localdate()

    by_contract = shown(inbox(client, tab="unassigned", contract=contract.pk))
    by_client = shown(inbox(client, {"tab": "unassigned", "client": contract.client_id}))
    by_due = shown(
        inbox(
            client,
            tab="unassigned",
            due_after=(today + datetime.timedelta(days=2)).isoformat(),
            due_before=(today + datetime.timedelta(days=11)).isoformat(),
        )
    )

    assert by_contract == by_client == {filterable["by_contract"].pk}
    assert by_due == {filterable["by_title"].pk, filterable["by_details"].pk}


def export(client, **params):
    response = client.get(reverse("handoffs:inbox_export"), params)
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


def test_csv_export_has_the_same_rows_as_the_screen_and_a_bom(client, staff, world):
    client.force_login(staff)

    for tab in ("mine", "unassigned", "overdue", "done"):
        raw = export(client, tab=tab)
        assert raw.startswith(b"\xef\xbb\xbf")
        lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        exported = [int(line[0]) for line in lines[1:]]
        screen = [row.pk for row in inbox(client, tab=tab).context["rows"]]
        assert exported == screen, tab
    assert world["hr_free"] not in exported


def test_csv_export_applies_the_filters_and_keeps_cyrillic(client, staff, filterable):
    client.force_login(staff)

    raw = export(client, tab="unassigned", q="прибирання")

    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(lines) == 2
    assert lines[1][1] == "Звіт про прибирання"


def test_csv_export_neutralises_formulas(client, staff):
    HandoffFactory(title="=HYPERLINK(1)")
    client.force_login(staff)

    raw = export(client, tab="unassigned").decode("utf-8-sig")

    assert "'=HYPERLINK(1)" in raw


def test_a_head_starts_on_the_whole_department_a_member_on_their_own(
    client, department_head, department_staff
):
    from django.urls import reverse

    client.force_login(department_head)
    assert client.get(reverse("handoffs:inbox")).context["tab"] == "department"
    client.force_login(department_staff)
    assert client.get(reverse("handoffs:inbox")).context["tab"] == "mine"


def test_done_tab_lists_the_newest_finished_first_and_pages_on(client, staff):
    now = timezone.now()
    finished = [
        HandoffFactory(
            assignee=staff,
            status=Status.DONE,
            due_at=now - hours * datetime.timedelta(hours=1),
            completed_at=now - hours * datetime.timedelta(hours=1),
        )
        for hours in range(1, 56)
    ]
    client.force_login(staff)

    first = inbox(client, tab="done", sort="due")
    rows = first.context["rows"]
    assert [row.pk for row in rows] == [row.pk for row in finished[:50]]
    assert b'name="sort"' not in first.content
    older = inbox(client, tab="done", cursor=first.context["page"].next_cursor)
    assert [row.pk for row in older.context["rows"]] == [row.pk for row in finished[50:]]
