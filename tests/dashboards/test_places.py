"""The manager's dashboard: claims by site and by post, received, open and overdue, each
number a link to the claims it counts."""

from datetime import timedelta

import pytest

from claims.models import ClaimStatus
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import SiteFactory
from tests.contracts.factories import StaffingRequirementFactory
from tests.dashboards.conftest import NOW

pytestmark = pytest.mark.django_db

D = timedelta(days=1)
# Due in the future: neither answer nor fix is late.
NOT_DUE = {"response_due_at": NOW + D, "resolution_due_at": NOW + 2 * D}


@pytest.fixture
def mine(manager):
    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    site = SiteFactory(client=contract.client, name="Склад")
    post = StaffingRequirementFactory(contract=contract, site=site, post="Охоронець")
    return contract, site, post


def test_the_breakdown_counts_claims_open_and_overdue_by_site_and_post(
    frozen, manager, signed_in, mine
):
    contract, site, post = mine
    overdue = {"resolution_due_at": NOW - D, "response_due_at": NOW - 2 * D}
    ClaimFactory(contract=contract, site=site, post=post, received_at=NOW - 3 * D, **overdue)
    ClaimFactory(contract=contract, site=site, received_at=NOW - 2 * D, **NOT_DUE)
    ClaimFactory(contract=contract, site=site, status=ClaimStatus.CLOSED, received_at=NOW - D)
    ClaimFactory(contract=contract, site=site, received_at=NOW - 100 * D)  # before the window
    ClaimFactory(site=SiteFactory(), received_at=NOW - D)  # another manager's

    page = signed_in(manager).get("/dashboards/manager/")

    (by_site,) = page.context["places"]["by_site"]
    assert (by_site["label"], by_site["total"], by_site["open"], by_site["overdue"]) == (
        "Склад",
        3,
        2,
        1,
    )
    (by_post,) = page.context["places"]["by_post"]
    assert (by_post["label"], by_post["total"], by_post["open"], by_post["overdue"]) == (
        "Охоронець",
        1,
        1,
        1,
    )


def test_each_number_opens_the_claims_it_counts(frozen, manager, signed_in, mine):
    contract, site, post = mine
    late = ClaimFactory(
        contract=contract,
        site=site,
        post=post,
        received_at=NOW - 3 * D,
        resolution_due_at=NOW - D,
    )
    on_time = ClaimFactory(contract=contract, site=site, received_at=NOW - 2 * D, **NOT_DUE)
    http = signed_in(manager)
    places = http.get("/dashboards/manager/").context["places"]
    (by_site,) = places["by_site"]
    (by_post,) = places["by_post"]

    def listed(url):
        return {claim.pk for claim in http.get(url).context["claims"]}

    assert listed(by_site["total_url"]) == {late.pk, on_time.pk}
    assert listed(by_site["overdue_url"]) == {late.pk}
    assert listed(by_post["open_url"]) == {late.pk}
    assert "Охоронець" in " ".join(
        str(label) for label in http.get(by_post["total_url"]).context["filters"]
    )
