"""Claims through the API: the same visibility, rights and refusals as the claim screens."""

import pytest

from claims.models import Claim, ClaimEvent, ClaimStatus
from contracts.models import Stage
from handoffs.models import Status
from org.roles import Role
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import SiteFactory

pytestmark = pytest.mark.django_db


def registration(contract, **extra):
    return {
        "contract": contract.pk,
        "subject": "Не прибрано в холі",
        "description": "Клієнт телефонував о 9:00",
        "category": "service_quality",
        "priority": "high",
        "channel": "phone",
        **extra,
    }


def test_another_managers_claim_is_404_to_read_move_and_comment(api_as, other_manager, claim):
    http = api_as(other_manager)

    assert http.get(f"/api/v1/claims/{claim.pk}/").status_code == 404
    assert http.get(f"/api/v1/claims/{claim.pk}/comments/").status_code == 404
    for move, data in (("respond", {"note": "x"}), ("comments", {"text": "x"})):
        response = http.post(f"/api/v1/claims/{claim.pk}/{move}/", data, format="json")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert http.get("/api/v1/claims/").json()["results"] == []
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW and not claim.comments.exists()


def test_department_staff_read_a_routed_claim_but_may_not_move_it(api_as, department_staff, claim):
    http = api_as(department_staff)

    assert http.get(f"/api/v1/claims/{claim.pk}/").status_code == 200
    response = http.post(f"/api/v1/claims/{claim.pk}/respond/", {"note": "x"}, format="json")
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW


def test_register_runs_the_service_routing_and_due_times(api_as, manager, contract):
    site = SiteFactory(client=contract.client)

    response = api_as(manager).post(
        "/api/v1/claims/", registration(contract, site=site.pk), format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    claim = Claim.objects.get(pk=body["id"])
    assert claim.registered_by == manager and claim.site == site
    assert body["status"] == "new" and body["contract"]["id"] == contract.pk
    assert claim.response_due_at < claim.resolution_due_at
    # Routed as the screen's registration routes it: a fix hand-off per department.
    assert claim.handoffs.exists()


def test_register_refuses_what_the_screen_refuses_with_field_errors(
    api_as, manager, contract, other_manager
):
    http = api_as(manager)
    foreign_contract = SupportContractFactory(manager=other_manager)
    in_preparation = SupportContractFactory(
        client=contract.client, manager=manager, stage=Stage.PREPARATION
    )
    other_site = SiteFactory()
    cases = {
        "subject": registration(contract, subject=""),
        "contract": registration(foreign_contract),
        "category": registration(contract, category="weather"),
        "site": registration(contract, site=other_site.pk),
        "formal_number": registration(contract, is_formal=True, formal_number=""),
    }
    cases["contract_stage"] = registration(in_preparation)
    for field, data in cases.items():
        response = http.post("/api/v1/claims/", data, format="json")
        assert response.status_code == 400, (field, response.content)
        body = response.json()
        assert body["code"] == "invalid"
        assert field.split("_stage")[0] in body["errors"], (field, body)
    assert not Claim.objects.exists()


def test_department_staff_may_not_register(api_as, department_staff, contract):
    response = api_as(department_staff).post("/api/v1/claims/", registration(contract))

    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_respond_resolve_close_through_the_services(api_as, manager, claim):
    http = api_as(manager)
    base = f"/api/v1/claims/{claim.pk}"

    responded = http.post(f"{base}/respond/", {"note": "Передзвонили"}, format="json")
    assert responded.status_code == 200
    assert responded.json()["status"] == ClaimStatus.IN_PROGRESS
    assert responded.json()["responded_at"] is not None

    blocked = http.post(f"{base}/resolve/", {"resolution": "Прибрали"}, format="json")
    assert blocked.status_code == 409
    body = blocked.json()
    assert body["code"] == "refused"
    assert [b["code"] for b in body["blockers"]] == ["claim_open_handoff"]
    assert "<a" not in body["detail"]

    claim.handoffs.update(status=Status.DONE)
    assert http.post(f"{base}/resolve/", {"resolution": "Прибрали"}).status_code == 200
    closed = http.post(
        f"{base}/close/", {"client_confirmation": "Підтвердила телефоном", "satisfaction": 5}
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == ClaimStatus.CLOSED
    assert closed.json()["satisfaction"] == 5
    moves = ClaimEvent.objects.filter(claim=claim).values_list("to_status", flat=True)
    assert list(moves.order_by("pk")) == ["in_progress", "resolved", "closed"]


def test_a_move_the_workflow_does_not_allow_is_409_and_bad_fields_400(api_as, manager, claim):
    http = api_as(manager)
    base = f"/api/v1/claims/{claim.pk}"

    not_now = http.post(f"{base}/close/", {"client_confirmation": "Так", "satisfaction": 4})
    assert not_now.status_code == 409
    assert not_now.json()["code"]

    bad = http.post(f"{base}/close/", {"client_confirmation": "", "satisfaction": 9})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"client_confirmation", "satisfaction"}
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW


def test_comments_are_read_and_added_through_the_service(api_as, manager, claim):
    http = api_as(manager)
    url = f"/api/v1/claims/{claim.pk}/comments/"

    added = http.post(url, {"text": "  Зателефонувала клієнту  "}, format="json")
    empty = http.post(url, {"text": ""}, format="json")

    assert added.status_code == 201
    assert added.json()["text"] == "Зателефонувала клієнту"
    assert added.json()["author"]["id"] == manager.pk
    assert empty.status_code == 400
    assert [c["text"] for c in http.get(url).json()] == ["Зателефонувала клієнту"]


def test_the_list_filters_as_the_screen_does(api_as, manager, contract, claim):
    other = ClaimFactory(contract=contract, status=ClaimStatus.IN_PROGRESS, subject="Охорона")
    http = api_as(manager)

    def ids(**params):
        response = http.get("/api/v1/claims/", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [other.pk, claim.pk]
    assert ids(status="in_progress") == [other.pk]
    assert ids(q="Охорона") == [other.pk]
    assert ids(contract=contract.pk) == [other.pk, claim.pk]
    bad = http.get("/api/v1/claims/", {"status": "lost", "department": "x"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"status", "department"}


def test_pages_follow_the_keyset_without_gaps_or_repeats(api_as, manager, contract):
    made = [ClaimFactory(contract=contract).pk for _ in range(5)]
    http = api_as(manager)

    seen, url = [], "/api/v1/claims/?page_size=2"
    while url:
        page = http.get(url).json()
        assert len(page["results"]) <= 2
        seen += [row["id"] for row in page["results"]]
        url = page["next"]

    assert seen == sorted(made, reverse=True)
    assert http.get("/api/v1/claims/", {"cursor": "not-a-cursor"}).status_code == 404


def test_a_cover_acts_on_the_absent_managers_claim(api_as, manager, make_user, claim):
    from django.utils import timezone

    from org.models import AbsenceCover

    cover = make_user(Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    AbsenceCover.objects.create(
        absent=manager, cover=cover, starts_on=today, ends_on=today, created_by=manager
    )

    response = api_as(cover).post(f"/api/v1/claims/{claim.pk}/respond/", {"note": "За колегу"})

    assert response.status_code == 200
    assert ClaimEvent.objects.get(claim=claim).on_behalf_of == manager
