"""Hand-offs through the API: the inbox's rows, and take, complete, decline as the
services allow them."""

import pytest

from handoffs.models import HandoffComment, Status
from org.roles import Role
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handoff(contract, manager):
    return HandoffFactory(contract=contract, client=contract.client, requested_by=manager)


def test_staff_take_complete_and_the_requester_sees_the_result(
    api_as, department_staff, manager, handoff
):
    http = api_as(department_staff)
    base = f"/api/v1/handoffs/{handoff.pk}"

    taken = http.post(f"{base}/take/")
    assert taken.status_code == 200
    assert taken.json()["assignee"]["id"] == department_staff.pk
    again = http.post(f"{base}/take/")
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"

    assert http.post(f"{base}/complete/", {"result": ""}).status_code == 400
    done = http.post(f"{base}/complete/", {"result": "Обстежили об'єкт"})
    assert done.status_code == 200
    assert done.json()["status"] == Status.DONE
    seen = api_as(manager).get(f"{base}/").json()
    assert seen["result"] == "Обстежили об'єкт"


def test_decline_needs_a_reason_and_is_recorded(api_as, department_staff, handoff):
    http = api_as(department_staff)
    base = f"/api/v1/handoffs/{handoff.pk}"

    assert http.post(f"{base}/decline/", {}).status_code == 400
    declined = http.post(f"{base}/decline/", {"reason": "Не наш відділ"})

    assert declined.status_code == 200
    handoff.refresh_from_db()
    assert handoff.status == Status.DECLINED and handoff.decline_reason == "Не наш відділ"


def test_the_requesting_manager_may_not_take_it_and_another_department_gets_404(
    api_as, manager, make_user, handoff
):
    refused = api_as(manager).post(f"/api/v1/handoffs/{handoff.pk}/take/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"

    outsider = make_user(Role.DEPARTMENT_STAFF, department="hr")
    http = api_as(outsider)
    assert http.get(f"/api/v1/handoffs/{handoff.pk}/").status_code == 404
    assert http.post(f"/api/v1/handoffs/{handoff.pk}/take/").status_code == 404
    assert http.post(f"/api/v1/handoffs/{handoff.pk}/comments/", {"text": "x"}).status_code == 404
    handoff.refresh_from_db()
    assert handoff.assignee is None and not HandoffComment.objects.exists()


def test_inbox_tabs_and_filters(api_as, department_staff, contract, manager):
    mine = HandoffFactory(contract=contract, assignee=department_staff, requested_by=manager)
    unassigned = HandoffFactory(contract=contract, requested_by=manager, title="Обстеження")
    http = api_as(department_staff)

    def ids(**params):
        response = http.get("/api/v1/handoffs/", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(tab="mine") == [mine.pk]
    assert ids(tab="unassigned") == [unassigned.pk]
    assert ids() == [unassigned.pk, mine.pk]
    assert ids(q="Обстеження") == [unassigned.pk]
    assert ids(status="done") == []
    assert http.get("/api/v1/handoffs/", {"tab": "everything"}).status_code == 400
    # A manager has no inbox: the tab is refused, their visible hand-offs are listed.
    assert api_as(manager).get("/api/v1/handoffs/", {"tab": "mine"}).status_code == 400


def test_comments_go_through_the_service(api_as, department_staff, manager, handoff):
    url = f"/api/v1/handoffs/{handoff.pk}/comments/"

    added = api_as(department_staff).post(url, {"text": "Виїжджаємо завтра"})

    assert added.status_code == 201
    listed = api_as(manager).get(url).json()
    assert [(c["text"], c["author"]["id"]) for c in listed] == [
        ("Виїжджаємо завтра", department_staff.pk)
    ]
