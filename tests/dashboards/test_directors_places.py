"""The directors' dashboard: claims by site and by post, kept by the periodic refresh,
each number a link to the claims it counts."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimStatus
from dashboards import selectors
from dashboards.models import FigureSnapshot
from dashboards.tasks import refresh_dashboard_figures
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import SiteFactory
from tests.contracts.factories import StaffingRequirementFactory
from tests.dashboards.conftest import NOW

pytestmark = pytest.mark.django_db

D = timedelta(days=1)
NOT_DUE = {"response_due_at": NOW + D, "resolution_due_at": NOW + 2 * D}
LATE_FIX = {"response_due_at": NOW + D, "resolution_due_at": NOW - D}
LATE_ANSWER = {"response_due_at": NOW - D, "resolution_due_at": NOW + D}


def place(index):
    contract = SupportContractFactory()
    site = SiteFactory(client=contract.client, name=f"Об'єкт {index:02}")
    post = StaffingRequirementFactory(contract=contract, site=site, post=f"Пост {index:02}")
    return contract, site, post


def seed_places(count):
    """``count`` sites, each with a post, and claims of every kind: the n-th site has n
    claims in the window, so the ranking is known."""
    for index in range(1, count + 1):
        contract, site, post = place(index)
        ClaimFactory.create_batch(
            index, contract=contract, site=site, received_at=NOW - 3 * D, **NOT_DUE
        )
        ClaimFactory(contract=contract, site=site, post=post, received_at=NOW - D, **LATE_FIX)
        ClaimFactory(contract=contract, site=site, post=post, received_at=NOW - D, **LATE_ANSWER)
        ClaimFactory(
            contract=contract,
            site=site,
            post=post,
            received_at=NOW - 2 * D,
            status=ClaimStatus.WAITING,
            **LATE_FIX,  # waiting for the client: the fix clock stands still
        )
        ClaimFactory(contract=contract, site=site, post=post, status=ClaimStatus.CLOSED, **LATE_FIX)
        ClaimFactory(contract=contract, site=site, post=post, received_at=NOW - 91 * D)


def expected(field):
    """Per site (or post) id: (received in 90 days, open, overdue), counted in Python."""
    totals, open_, overdue = Counter(), Counter(), Counter()
    for claim in Claim.objects.filter(received_at__gte=NOW - 90 * D, **{f"{field}__isnull": False}):
        key = getattr(claim, f"{field}_id")
        totals[key] += 1
        if claim.status in ("new", "in_progress", "waiting"):
            open_[key] += 1
            fix_late = claim.status != "waiting" and claim.resolution_due_at < NOW
            answer_late = claim.responded_at is None and claim.response_due_at < NOW
            overdue[key] += fix_late or answer_late
    return {key: (totals[key], open_[key], overdue[key]) for key in totals}


def kept(rows):
    return {row["id"]: (row["total"], row["open"], row["overdue"]) for row in rows}


def test_the_refresh_keeps_claims_received_open_and_overdue_per_site_and_post(frozen):
    seed_places(3)
    ClaimFactory(site=None, received_at=NOW - D)  # names no site: in neither breakdown

    refresh_dashboard_figures()

    places = FigureSnapshot.objects.get(name=selectors.DIRECTORS_FIGURES).data["places"]
    assert kept(places["by_site"]) == expected("site")
    assert kept(places["by_post"]) == expected("post")
    assert [row["label"] for row in places["by_site"]] == ["Об'єкт 03", "Об'єкт 02", "Об'єкт 01"]
    assert places["by_site"][0]["total"] == 3 + 4
    assert places["by_post"][0]["overdue"] == 2  # the late fix and the late answer


def test_the_refresh_keeps_the_top_twenty_of_each(frozen):
    seed_places(22)

    refresh_dashboard_figures()

    places = FigureSnapshot.objects.get(name=selectors.DIRECTORS_FIGURES).data["places"]
    assert len(places["by_site"]) == len(places["by_post"]) == 20
    assert places["by_site"][-1]["label"] == "Об'єкт 03"  # the two smallest are left out


def test_the_page_shows_the_kept_breakdown_and_each_number_opens_its_claims(
    frozen, executive_director, signed_in
):
    seed_places(2)
    refresh_dashboard_figures()
    http = signed_in(executive_director)

    page = http.get("/dashboards/directors/")

    by_site = page.context["places"]["by_site"]
    by_post = page.context["places"]["by_post"]
    assert kept(by_site) == expected("site")
    assert "Об&#x27;єкт 02" in page.content.decode()

    def listed(url):
        return {claim.pk for claim in http.get(url).context["claims"]}

    site = by_site[0]
    site_claims = Claim.objects.filter(site_id=site["id"], received_at__gte=NOW - 90 * D)
    assert listed(site["total_url"]) == set(site_claims.values_list("pk", flat=True))
    assert len(listed(site["open_url"])) == site["open"]
    post = by_post[0]
    assert listed(post["overdue_url"]) == set(
        Claim.objects.overdue(NOW)
        .filter(post_id=post["id"], received_at__gte=NOW - 90 * D)
        .values_list("pk", flat=True)
    )
    assert len(listed(post["overdue_url"])) == post["overdue"]


def test_the_page_reads_the_breakdown_with_the_same_queries_for_1_place_and_20(
    frozen, executive_director, signed_in
):
    def page_queries():
        refresh_dashboard_figures()
        http = signed_in(executive_director)
        with CaptureQueriesContext(connection) as queries:
            page = http.get("/dashboards/directors/")
        assert page.status_code == 200
        assert not [q for q in queries.captured_queries if '"claims_claim"' in q["sql"]]
        return len(queries.captured_queries), len(page.context["places"]["by_site"])

    seed_places(1)
    one = page_queries()
    seed_places(20)  # more sites than the page shows
    many = page_queries()

    assert (one[1], many[1]) == (1, 20)
    assert one[0] == many[0]


def test_a_snapshot_kept_before_the_breakdown_is_computed_again(
    frozen, executive_director, signed_in
):
    seed_places(1)
    refresh_dashboard_figures()
    snapshot = FigureSnapshot.objects.get(name=selectors.DIRECTORS_FIGURES)
    del snapshot.data["places"]
    snapshot.save()

    page = signed_in(executive_director).get("/dashboards/directors/")

    assert kept(page.context["places"]["by_site"]) == expected("site")
