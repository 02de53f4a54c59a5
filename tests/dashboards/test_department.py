import statistics
from datetime import timedelta

import pytest

from dashboards import selectors
from handoffs.models import Kind, Status
from org.models import Department, DepartmentCode
from org.roles import Role
from tests.dashboards.conftest import NOW
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


@pytest.fixture
def staff(make_user, department_head):
    return {
        "head": department_head,
        "anna": make_user(
            Role.DEPARTMENT_STAFF, department="production", first_name="Анна", last_name="А"
        ),
        "borys": make_user(
            Role.DEPARTMENT_STAFF, department="production", first_name="Борис", last_name="Б"
        ),
    }


# (assignee key or None, kind, status, due in hours from now)
OPEN = [
    ("anna", Kind.SITE_SURVEY, Status.OPEN, 24),
    ("anna", Kind.CLAIM_FIX, Status.IN_PROGRESS, -3),
    ("borys", Kind.CLAIM_FIX, Status.IN_PROGRESS, -30),
    (None, Kind.SITE_SURVEY, Status.OPEN, 5),
    (None, Kind.TECHNICAL_PARAMETERS, Status.OPEN, -1),
    (None, Kind.CLAIM_FIX, Status.OPEN, 48),
]


@pytest.fixture
def seeded(frozen, staff):
    for who, kind, status, due in OPEN:
        HandoffFactory(
            assignee=staff[who] if who else None, kind=kind, status=status, due_at=NOW + due * H
        )
    HandoffFactory(assignee=staff["anna"], status=Status.DONE, due_at=NOW - H, completed_at=NOW)
    HandoffFactory(
        department=Department.objects.get(code=DepartmentCode.HR),
        kind=Kind.STAFFING_REQUEST,
        due_at=NOW - H,
    )
    return staff


def test_open_and_overdue_handoffs_by_assignee_and_unassigned(seeded):
    expected = {seeded["head"].pk: {"open": 0, "overdue": 0}}
    for who, _kind, _status, due in OPEN:
        entry = expected.setdefault(seeded[who].pk if who else None, {"open": 0, "overdue": 0})
        entry["open"] += 1
        entry["overdue"] += due < 0

    load = selectors.open_handoffs_load(seeded["head"], now=NOW)

    got = {e["id"]: {"open": e["open"], "overdue": e["overdue"]} for e in load["by_assignee"]}
    assert got == expected
    assert load["by_assignee"][-1]["id"] is None
    assert (load["open"], load["overdue"]) == (6, 3)


def test_open_and_overdue_handoffs_by_kind(seeded):
    expected = {}
    for _who, kind, _status, due in OPEN:
        entry = expected.setdefault(kind, {"open": 0, "overdue": 0})
        entry["open"] += 1
        entry["overdue"] += due < 0

    load = selectors.open_handoffs_load(seeded["head"], now=NOW)

    assert {
        e["kind"]: {"open": e["open"], "overdue": e["overdue"]} for e in load["by_kind"]
    } == expected


def test_median_time_to_complete_per_assignee_over_30_days(frozen, staff):
    durations = {"anna": [2, 4, 10], "borys": [5, 7]}
    for who, hours in durations.items():
        for index, h in enumerate(hours):
            completed = NOW - (index + 1) * 24 * H
            HandoffFactory(
                assignee=staff[who],
                status=Status.DONE,
                created_at=completed - h * H,
                completed_at=completed,
                due_at=completed,
            )
    HandoffFactory(
        assignee=staff["anna"],
        status=Status.DONE,
        created_at=NOW - 41 * 24 * H,
        completed_at=NOW - 40 * 24 * H,
        due_at=NOW,
    )
    HandoffFactory(
        assignee=staff["borys"],
        status=Status.DECLINED,
        created_at=NOW - 3 * H,
        completed_at=NOW - H,
        due_at=NOW,
    )

    figure = selectors.completion_times(staff["head"], now=NOW)

    assert {e["name"]: (e["median_hours"], e["completed"]) for e in figure["per_assignee"]} == {
        str(staff[who]): (statistics.median(hours), len(hours)) for who, hours in durations.items()
    }
    assert figure["median_hours"] == statistics.median([2, 4, 10, 5, 7])


def test_assignee_overdue_segment_links_to_exactly_its_handoffs(seeded, signed_in):
    client = signed_in(seeded["head"])
    chart = client.get("/dashboards/department/").context["by_assignee_chart"]
    anna = next(row for row in chart["rows"] if row["label"] == str(seeded["anna"]))
    overdue = next(s for s in anna["segments"] if s["css"] == "fig-late")
    assert overdue["value"] == 1

    listed = client.get(overdue["url"])

    assert [(h.assignee_id, h.kind) for h in listed.context["rows"]] == [
        (seeded["anna"].pk, Kind.CLAIM_FIX)
    ]


def test_unassigned_bar_links_to_the_unassigned_open_handoffs(seeded, signed_in):
    client = signed_in(seeded["head"])
    chart = client.get("/dashboards/department/").context["by_assignee_chart"]
    listed = client.get(chart["rows"][-1]["url"])
    assert len(listed.context["rows"]) == 3
    assert all(h.assignee_id is None for h in listed.context["rows"])


def test_kind_segments_link_to_the_department_inbox_filtered_by_kind(seeded, signed_in):
    client = signed_in(seeded["head"])
    chart = client.get("/dashboards/department/").context["by_kind_chart"]
    claim_fix = next(row for row in chart["rows"] if "kind=claim_fix" in row["url"])
    assert claim_fix["url"] == "/handoffs/?tab=department&kind=claim_fix"

    inbox = client.get(claim_fix["url"])

    assert inbox.status_code == 200
    assert len(inbox.context["rows"]) == 3


def test_done_figure_lists_the_newest_finished_first(frozen, staff, signed_in):
    finished = [
        HandoffFactory(
            department=staff["head"].department,
            assignee=staff["anna"],
            status=Status.DONE,
            due_at=NOW - hours * H,
            completed_at=NOW - hours * H,
        )
        for hours in (1, 2, 3)
    ]

    page = signed_in(staff["head"]).get("/dashboards/handoffs/", {"state": "done"})

    assert [row.pk for row in page.context["page"].rows] == [row.pk for row in finished]
