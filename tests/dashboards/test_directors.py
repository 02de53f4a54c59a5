import datetime
from datetime import timedelta
from decimal import Decimal

import pytest

from claims.models import ClaimStatus
from contracts.models import Stage
from dashboards import selectors
from handoffs.models import Kind, Status
from org.models import Department, DepartmentCode
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import SiteFactory
from tests.contracts.factories import ContractFactory
from tests.dashboards.conftest import KYIV, NOW
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

D = timedelta(days=1)


def test_claims_per_client_and_site_top_10_of_the_last_90_days(frozen):
    expected_clients, expected_sites = {}, {}
    for index in range(12):
        contract = SupportContractFactory()
        site = SiteFactory(client=contract.client)
        for _ in range(index + 1):
            ClaimFactory(contract=contract, site=site, received_at=NOW - 89 * D)
        expected_clients[contract.client_id] = index + 1
        expected_sites[site.pk] = index + 1
        ClaimFactory(contract=contract, site=site, received_at=NOW - 91 * D)
    # A claim without a site counts for its client only.
    ClaimFactory(contract=contract, received_at=NOW - D)
    expected_clients[contract.client_id] += 1

    def top(counts):
        return sorted(counts.items(), key=lambda item: -item[1])[:10]

    assert [(r["id"], r["count"]) for r in selectors.claims_per_client(now=NOW)] == top(
        expected_clients
    )
    assert [(r["id"], r["count"]) for r in selectors.claims_per_site(now=NOW)] == top(
        expected_sites
    )


def kyiv(*args):
    return datetime.datetime(*args, tzinfo=KYIV)


def test_on_time_rate_per_department_by_kyiv_month(frozen):
    production = Department.objects.get(code=DepartmentCode.PRODUCTION)
    hr = Department.objects.get(code=DepartmentCode.HR)
    # (resolved at, fixed on time, departments with a claim-fix hand-off)
    claims = [
        (kyiv(2026, 5, 1, 0, 30), True, [production]),
        (kyiv(2026, 5, 10), False, [production, hr]),
        (kyiv(2026, 4, 30, 23, 30), True, [production, production]),
        (kyiv(2026, 4, 2), True, [hr]),
        (kyiv(2025, 12, 1, 0, 5), False, [production]),
        (kyiv(2025, 11, 30, 23, 0), True, [production]),  # before the six months
    ]
    for resolved_at, on_time, departments in claims:
        claim = ClaimFactory(
            resolved_at=resolved_at, fixed_on_time=on_time, status=ClaimStatus.RESOLVED
        )
        for department in departments:
            HandoffFactory(
                department=department, kind=Kind.CLAIM_FIX, claim=claim, status=Status.DONE
            )
    other = ClaimFactory(
        resolved_at=kyiv(2026, 5, 2), fixed_on_time=False, status=ClaimStatus.RESOLVED
    )
    HandoffFactory(department=production, kind=Kind.CLAIM_REVIEW, claim=other)

    months = ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    expected = {}
    for resolved_at, on_time, departments in claims:
        key = resolved_at.strftime("%Y-%m")
        if key not in months:
            continue
        for department in set(departments):
            resolved, fixed = expected.get((department.pk, key), (0, 0))
            expected[(department.pk, key)] = (resolved + 1, fixed + on_time)

    figure = selectors.on_time_by_department(now=NOW)

    assert [m["key"] for m in figure["months"]] == months
    got = {
        (row["department"].pk, cell["month"]): (cell["resolved"], cell["on_time"])
        for row in figure["rows"]
        for cell in row["cells"]
        if cell["resolved"]
    }
    assert got == expected
    may = next(
        c
        for r in figure["rows"]
        if r["department"] == production
        for c in r["cells"]
        if c["month"] == "2026-05"
    )
    assert may["pct"] == 50.0


def test_contracts_by_stage_count_and_monthly_value(frozen):
    values = {
        Stage.PREPARATION: ["1000.50", "2000.00"],
        Stage.SUPPORT: ["85000.00", "15000.25", "100.00"],
        Stage.CLOSED: ["500.00"],
    }
    for stage, amounts in values.items():
        for amount in amounts:
            ContractFactory(stage=stage, monthly_value=Decimal(amount))

    figure = {row["stage"]: (row["count"], row["value"]) for row in selectors.contracts_by_stage()}

    for stage, _label in Stage.choices:
        amounts = [Decimal(a) for a in values.get(stage, [])]
        assert figure[stage] == (len(amounts), sum(amounts, Decimal(0)))


def test_client_bar_links_to_its_counted_claims(frozen, executive_director, signed_in):
    contract = SupportContractFactory()
    counted = {ClaimFactory(contract=contract, received_at=NOW - d * D).pk for d in (1, 30, 80)}
    ClaimFactory(contract=contract, received_at=NOW - 100 * D)
    ClaimFactory(received_at=NOW - D)
    client = signed_in(executive_director)
    chart = client.get("/dashboards/directors/").context["client_chart"]
    row = next(r for r in chart["rows"] if f"client={contract.client_id}" in r["url"])
    assert row["total"] == 3

    listed = client.get(row["url"])

    assert {c.pk for c in listed.context["claims"]} == counted


def test_department_month_cell_links_to_its_resolved_claims(frozen, general_director, signed_in):
    production = Department.objects.get(code=DepartmentCode.PRODUCTION)
    late = ClaimFactory(
        resolved_at=kyiv(2026, 5, 3), fixed_on_time=False, status=ClaimStatus.RESOLVED
    )
    on_time = ClaimFactory(
        resolved_at=kyiv(2026, 5, 4), fixed_on_time=True, status=ClaimStatus.RESOLVED
    )
    for claim in (late, on_time):
        HandoffFactory(department=production, kind=Kind.CLAIM_FIX, claim=claim)
    client = signed_in(general_director)
    rows = client.get("/dashboards/directors/").context["on_time"]["rows"]
    cell = next(r for r in rows if r["department"] == production)["cells"][-1]

    assert {c.pk for c in client.get(cell["url"]).context["claims"]} == {late.pk, on_time.pk}
    assert [c.pk for c in client.get(cell["late_url"]).context["claims"]] == [late.pk]


def test_stage_bar_links_to_the_contract_list_of_that_stage(frozen, executive_director, signed_in):
    ContractFactory(stage=Stage.SUPPORT)
    client = signed_in(executive_director)
    chart = client.get("/dashboards/directors/").context["stage_chart"]
    support = next(r for r in chart["rows"] if r["url"].endswith("stage=support"))
    assert client.get(support["url"]).status_code == 200
