"""Admin lists of the big tables never count the whole table exactly."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org import admin_paging
from tests.claims.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def counts_of_claims(queries):
    return [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"] and "claims_claim" in q["sql"]
    ]


def test_the_claim_admin_counts_once_and_shows_no_full_total(client, executive_director):
    ClaimFactory.create_batch(3)
    client.force_login(executive_director)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/claims/claim/")

    assert response.status_code == 200
    assert len(counts_of_claims(queries)) == 1


@pytest.mark.postgres
def test_an_unfiltered_claim_admin_reads_the_planners_estimate(
    client, executive_director, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's pg_class estimates: set DATABASE_URL")
    ClaimFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    monkeypatch.setattr(admin_paging, "ESTIMATE_FROM", 0)
    client.force_login(executive_director)

    with CaptureQueriesContext(connection) as queries:
        unfiltered = client.get("/admin/claims/claim/")
        filtered = client.get("/admin/claims/claim/", {"status__exact": "new"})

    assert unfiltered.status_code == filtered.status_code == 200
    # The filtered list still counts its rows exactly; the whole table is estimated.
    assert len(counts_of_claims(queries)) == 1


def test_the_claim_admin_lists_no_years_over_every_claim(client, executive_director):
    ClaimFactory.create_batch(2)
    client.force_login(executive_director)

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/claims/claim/").status_code == 200

    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"]]
