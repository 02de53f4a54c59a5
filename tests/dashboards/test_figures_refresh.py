"""The directors' dashboard reads figures the periodic refresh keeps, not the claims table."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import selectors
from dashboards.models import FigureSnapshot
from dashboards.tasks import refresh_dashboard_figures
from handoffs.models import Status
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.dashboards.conftest import NOW
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

D = timedelta(days=1)
H = timedelta(hours=1)


def client_counts(page):
    return {row["id"]: row["count"] for row in page.context["per_client"]}


def test_the_dashboard_reads_the_kept_figures_without_touching_claims(
    frozen, executive_director, signed_in
):
    contract = SupportContractFactory()
    ClaimFactory.create_batch(2, contract=contract, received_at=NOW - D)
    refresh_dashboard_figures()
    ClaimFactory(contract=contract, received_at=NOW - D)  # after the refresh
    http = signed_in(executive_director)

    with CaptureQueriesContext(connection) as queries:
        page = http.get("/dashboards/directors/")

    assert client_counts(page) == {contract.client_id: 2}
    assert not [q for q in queries.captured_queries if '"claims_claim"' in q["sql"]]
    assert page.context["computed_at"] == NOW


def test_the_refresh_keeps_what_the_live_figures_say(frozen):
    contract = SupportContractFactory()
    ClaimFactory.create_batch(3, contract=contract, received_at=NOW - 5 * D)
    ClaimFactory(received_at=NOW - 100 * D)

    refresh_dashboard_figures()

    data = FigureSnapshot.objects.get(name=selectors.DIRECTORS_FIGURES).data
    assert data["per_client"] == selectors.claims_per_client(now=NOW)
    assert data["per_site"] == selectors.claims_per_site(now=NOW)
    live = selectors.on_time_by_department(now=NOW)
    assert [row["cells"] for row in data["on_time"]["rows"]] == [
        row["cells"] for row in live["rows"]
    ]


def test_figures_older_than_the_refresh_allows_are_recomputed_by_the_page(
    executive_director, signed_in
):
    contract = SupportContractFactory()
    with time_machine.travel(NOW - timedelta(hours=2), tick=False):
        refresh_dashboard_figures()
    with time_machine.travel(NOW, tick=False):
        ClaimFactory(contract=contract, received_at=NOW - D)
        page = signed_in(executive_director).get("/dashboards/directors/")

    assert client_counts(page) == {contract.client_id: 1}
    assert FigureSnapshot.objects.get(name=selectors.DIRECTORS_FIGURES).computed_at == NOW


def test_the_refresh_is_a_periodic_job_for_beat_and_the_in_process_scheduler():
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]

    assert "dashboards.tasks.refresh_dashboard_figures" in entries


def test_the_department_page_reads_kept_completion_times_without_reading_finished_work(
    frozen, department_head, signed_in
):
    def finished(hours_taken):
        HandoffFactory(
            department=department_head.department,
            assignee=department_head,
            status=Status.DONE,
            created_at=NOW - (hours_taken + 1) * H,
            completed_at=NOW - H,
        )

    finished(4)
    refresh_dashboard_figures()
    finished(2)  # after the refresh: counted at the next one
    http = signed_in(department_head)

    with CaptureQueriesContext(connection) as queries:
        completion = http.get("/dashboards/department/").context["completion"]

    assert (completion["completed"], completion["median_hours"]) == (1, 4.0)
    assert not [q for q in queries.captured_queries if '"completed_at" >=' in q["sql"]]
    with time_machine.travel(NOW + selectors.FIGURES_MAX_AGE + H, tick=False):
        stale = signed_in(department_head).get("/dashboards/department/")
    assert (
        stale.context["completion"]["completed"],
        stale.context["completion"]["median_hours"],
    ) == (2, 3.0)
